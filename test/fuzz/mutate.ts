// fast-check arbitraries for the input fuzz test: structural mutations of valid scenario and waiver files (on the
// parsed tree, then as text), random bytes, and command lines for every command over those files.
import fc from "fast-check";
import { stringify } from "yaml";
import { LIMITS } from "../../core/index.ts";

type Tree = unknown;
type Path = ReadonlyArray<string | number>;

/** Values that break assumptions: wrong types, limits and one past them, hostile text. */
export const INTERESTING: readonly unknown[] = [
  0,
  -1,
  1,
  1.5,
  6,
  1000,
  2 ** 31,
  2 ** 53,
  1e12,
  LIMITS.instances + 1,
  LIMITS.steps + 1,
  "",
  " ",
  "x",
  "0s",
  "-5m",
  "1h",
  "3650d",
  "3651d",
  "99999999999d",
  `${"9".repeat(400)}d`,
  "1e9d",
  null,
  true,
  [],
  {},
  "a".repeat(5_000),
  "\u0000\u0001",
  "*",
  "../../etc/passwd",
  "CAT-HEAL-001",
  "kill",
  "web",
  "2026-13-45",
  "2026-02-30",
  "2026-12-31T25:00:00Z",
  "2999-12-31",
  "2000-01-01",
];

/** Every path to a value in a tree (the root included). */
function paths(tree: Tree, at: Path = [], found: Path[] = []): Path[] {
  found.push(at);
  if (found.length > 5_000) return found;
  if (Array.isArray(tree)) tree.forEach((item, i) => paths(item, [...at, i], found));
  else if (tree !== null && typeof tree === "object") for (const [key, value] of Object.entries(tree)) paths(value, [...at, key], found);
  return found;
}

/** The tree with the value at `path` replaced by `change(old)` (`undefined` deletes it). */
function setAt(tree: Tree, path: Path, change: (old: Tree) => Tree | undefined): Tree {
  if (path.length === 0) return change(tree) ?? null;
  const [key, ...rest] = path as [string | number, ...Array<string | number>];
  const copy = (Array.isArray(tree) ? [...tree] : { ...(tree as object) }) as Record<string | number, Tree>;
  const next = rest.length === 0 ? change(copy[key]) : setAt(copy[key], rest, change);
  if (next === undefined) {
    if (Array.isArray(copy)) copy.splice(key as number, 1);
    else delete copy[key];
  } else copy[key] = next;
  return copy;
}

/** One structural change to a tree, at a path picked by index. */
export interface Mutation {
  readonly at: number;
  readonly op: "delete" | "replace" | "random" | "unknown-key" | "repeat" | "wrap" | "nest";
  readonly value: unknown;
  readonly times: number;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom("delete", "replace", "replace", "random", "unknown-key", "repeat", "wrap", "nest"),
  value: fc.oneof(fc.constantFrom(...INTERESTING), fc.jsonValue({ maxDepth: 3 })),
  times: fc.constantFrom(2, 3, 50, 500, LIMITS.steps + 1),
});

/** Applies mutations one after the other. */
export function mutate(tree: Tree, mutations: readonly Mutation[]): Tree {
  let current = tree;
  for (const m of mutations) {
    const all = paths(current);
    const path = all[m.at % all.length] as Path;
    current = setAt(current, path, (old) => {
      switch (m.op) {
        case "delete":
          return path.length === 0 ? null : undefined;
        case "replace":
        case "random":
          return m.value;
        case "unknown-key":
          return old !== null && typeof old === "object" && !Array.isArray(old)
            ? { ...old, [`x-${String(m.value).slice(0, 20)}`]: m.value }
            : old;
        case "repeat":
          return Array.isArray(old) && old.length > 0 ? Array.from({ length: m.times }, (_, i) => old[i % old.length]) : old;
        case "wrap":
          return [old];
        case "nest": {
          let nested: Tree = old;
          for (let i = 0; i < Math.min(m.times, 200); i++) nested = { n: nested };
          return nested;
        }
      }
    });
  }
  return current;
}

/** A change to the text itself, after the tree is written back. */
export type TextChange =
  | { readonly kind: "none" }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "bytes"; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: "second-document" }
  | { readonly kind: "alias-bomb" }
  | { readonly kind: "deep-flow"; readonly depth: number }
  | { readonly kind: "bom" };

export const textChangeArb: fc.Arbitrary<TextChange> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "none" } as const) },
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x) }),
  fc.record({
    kind: fc.constant("bytes" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ maxLength: 64 }),
  }),
  fc.constant({ kind: "second-document" } as const),
  fc.constant({ kind: "alias-bomb" } as const),
  fc.record({ kind: fc.constant("deep-flow" as const), depth: fc.constantFrom(10, 70, 1_000, 100_000) }),
  fc.constant({ kind: "bom" } as const),
) as fc.Arbitrary<TextChange>;

const BOMB = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ...["b", "c", "d", "e", "f", "g"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdef"[i]}`).join(", ")}]`),
];

/** The mutated tree as file bytes, with the text change applied. */
export function render(tree: Tree, change: TextChange): Buffer {
  let text: string;
  try {
    text = stringify(tree, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    text = JSON.stringify(tree) ?? "null";
  }
  const cut = (at: number) => Math.floor(at * text.length);
  switch (change.kind) {
    case "none":
      return Buffer.from(text);
    case "truncate":
      return Buffer.from(text.slice(0, cut(change.at)));
    case "bytes":
      return Buffer.concat([Buffer.from(text.slice(0, cut(change.at))), change.bytes, Buffer.from(text.slice(cut(change.at)))]);
    case "second-document":
      return Buffer.from(`${text}---\n${text}`);
    case "alias-bomb":
      return Buffer.from(`${text}\n${BOMB.join("\n")}\n`);
    case "deep-flow":
      return Buffer.from(`${text}\nextra: ${"[".repeat(change.depth)}${"]".repeat(change.depth)}\n`);
    case "bom":
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  }
}

/** A whole input file: a mutated valid one, or random bytes. */
export type FileRecipe =
  | { readonly kind: "mutated"; readonly base: number; readonly mutations: readonly Mutation[]; readonly change: TextChange }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array };

export const fileRecipeArb: fc.Arbitrary<FileRecipe> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("mutated" as const),
      base: fc.nat(),
      // Often none or one change, so that many cases stay close to a valid file and run.
      mutations: fc.oneof(fc.constant([]), fc.array(mutationArb, { minLength: 1, maxLength: 1 }), fc.array(mutationArb, { maxLength: 4 })),
      change: textChangeArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bytes" as const), bytes: fc.uint8Array({ maxLength: 4_096 }) }) },
) as fc.Arbitrary<FileRecipe>;

/** The bytes of a recipe over the given valid files (parsed trees). */
export function build(recipe: FileRecipe, bases: readonly Tree[]): Buffer {
  if (recipe.kind === "bytes") return Buffer.from(recipe.bytes);
  return render(mutate(bases[recipe.base % bases.length], recipe.mutations), recipe.change);
}
