// Property-based fuzzing of everything a user feeds cattleprod: scenario files and waivers (valid ones mutated
// structurally and as text, and random bytes) and command lines over them. Every case must end in exit 0, 1, 2 or 3
// within 10 s, with no stack trace and no unexpected internal error, and leave --out either without a report or
// with a complete one (run.json agreeing with the exit code), never a half-written folder or a staging copy.
// Most cases run in-process through main(argv, io) (fast); a smaller sample runs the real CLI as a child process,
// to see real exit codes and that no out-of-memory happens. CATTLEPROD_SEED and CATTLEPROD_RUNS change the seed and
// the number of cases (at least 500 in-process).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/main.ts";
import { runOwnedFiles } from "../../cli/report-folder.ts";
import { cliAsync } from "../reports/run-cli.ts";
import { ROOT, tempDir } from "../support/cli.ts";
import { build, fileRecipeArb, mutate, type FileRecipe } from "./mutate.ts";

const SEED = Number(process.env["CATTLEPROD_SEED"] ?? 20261212);
const RUNS = Math.max(500, Number(process.env["CATTLEPROD_RUNS"] ?? 0));
const CHILD_RUNS = Math.max(16, Math.round(RUNS / 30));
const CASE_LIMIT_MS = 10_000;
const STACK = /^\s+at .+\d+:\d+\)?$/m;
const DEAD_LOCALSTACK = "http://127.0.0.1:9";

const SCENARIO_BASES = [
  "test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml",
  "scenarios/library/immutable-aging-28-days.yaml",
  "scenarios/library/pet-ha-failover.yaml",
  "scenarios/library/cattle-zone-outage.yaml",
].map((file) => parse(readFileSync(join(ROOT, file), "utf8")) as unknown);
const WAIVER_BASES = [parse(readFileSync(join(ROOT, "test/fixtures/waivers/valid.yaml"), "utf8")) as unknown];

/** A value on the command line: literal text, or a file of the case. */
type Token = string | { readonly ref: "scenario" | "waivers" | "record" | "bundle" | "dir" | "out" | "private" | "public" | "missing" };

const ref = (name: Exclude<Token, string>["ref"]): Token => ({ ref: name });
const outArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(ref("out")) },
  fc.constantFrom<Token>("", ".", "/proc/x", "/dev/null", ref("scenario"), ref("dir")),
);
/** Some of the given option groups, each at most once, in a random order. */
function someOf(...groups: fc.Arbitrary<Token[]>[]): fc.Arbitrary<Token[]> {
  return fc
    .tuple(...groups.map((g) => fc.option(g, { nil: undefined })))
    .chain((picked) =>
      fc.shuffledSubarray(
        picked.filter((g): g is Token[] => g !== undefined),
        { minLength: 0 },
      ),
    )
    .map((chosen) => chosen.flat());
}
const gateFlags = someOf(
  fc.constantFrom<Token[]>(["--fail-on", "critical"], ["--fail-on", "low"], ["--fail-on", "severe"]),
  fc.constant<Token[]>(["--waivers", ref("waivers")]),
  fc.constant<Token[]>(["--annotations"]),
);
const runFlags = fc.tuple(
  gateFlags,
  someOf(
    fc.constantFrom<Token[]>(["--seed", "7"], ["--seed", "-1"], ["--seed", "4294967296"], ["--seed", "abc"], ["--seed"]),
    fc.constantFrom<Token[]>(["--shard", "1/2"], ["--shard", "2/2"], ["--shard", "0/0"], ["--shard", "3/2"], ["--shard", "x"]),
    fc.constantFrom<Token[]>(["--platform", "reference"], ["--platform", "./nope.ts"], ["--platform", "external"], ["--platform", ""]),
    fc.constantFrom<Token[]>(["--backend", "sim"], ["--backend", "gcp"], ["--backend", "localstack"], ["--backend", ""]),
    fc.constantFrom<Token[]>(["--bogus"], ["-x"], ["--out"]),
  ),
);

/** Command lines over the case's files, for every command. */
const argvArb: fc.Arbitrary<Token[]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(outArb, runFlags).map(([out, [g, r]]) => ["run", ref("scenario"), "--out", out, ...g, ...r]),
  },
  { weight: 5, arbitrary: fc.constantFrom<Token[]>(["validate", ref("scenario")], ["validate", ref("dir")], ["validate", ref("missing")]) },
  fc.constantFrom<Token[]>(["list", "scenarios", ref("scenario"), "--json"], ["list", "controls"], ["list", "things"]),
  fc.constantFrom<Token[]>(["schema", "run"], ["schema", "bogus"], ["--help"], ["--version"], ["bogus"], []),
  fc.tuple(outArb, gateFlags).map(([out, g]) => ["merge", ref("record"), "--out", out, ...g]),
  fc.tuple(outArb, gateFlags).map(([out, g]) => ["merge", ref("record"), ref("record"), "--out", out, ...g]),
  fc.tuple(outArb, gateFlags).map(([out, g]) => ["merge", ref("record"), ref("scenario"), "--out", out, ...g]),
  fc.constantFrom<Token[]>(["verify", ref("bundle"), "--pubkey", ref("private")], ["verify", ref("bundle"), "--pubkey", ref("scenario")]),
  fc.constantFrom<Token[]>(["verify", ref("bundle"), "--pubkey", ref("public")], ["verify", ref("dir"), "--pubkey", ref("public")]),
  fc.constantFrom<Token[]>(["verify", ref("dir"), "--pubkey", ref("public")], ["verify", ref("missing"), "--pubkey", ref("public")]),
  fc.tuple(outArb).map(([out]) => ["keygen", "--out", out]),
  fc
    .tuple(outArb, fc.constantFrom(ref("private"), ref("public"), ref("scenario")))
    .map(([out, key]) => ["certify", ref("scenario"), "--key", key, "--out", out]),
  fc.constantFrom<Token[]>(["sweep", "--backend", "localstack"], ["sweep", "--backend", "aws"], ["sweep"]),
  fc.constantFrom<Token[]>(["import", "cloudtrail", ref("scenario")], ["import", "cloudtrail", ref("record"), "--out", ref("out")]),
);

/** One fuzz case: the files it writes and the command line it runs. */
interface Case {
  readonly scenario: FileRecipe;
  readonly waivers: FileRecipe;
  readonly record: FileRecipe;
  readonly argv: Token[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({ scenario: fileRecipeArb, waivers: fileRecipeArb, record: fileRecipeArb, argv: argvArb });

let keys: string;
/** What the in-process cases ended in, by command and exit code: printed, so a reader sees what the fuzz reached. */
const tally = new Map<string, number>();
let recordBase: unknown;
/** The folder of the run that wrote `recordBase`, with the history (events.ndjson) a record references. */
let recordDir: string;
/** A certification bundle signed with `keys`, copied into each case (its run.json replaced by the case's record unless that is intact). */
let bundleBase: string;

/** Writes the case's files into a fresh folder and resolves its command line. */
function prepare(c: Case): { argv: string[]; dir: string; out: string; parent: string } {
  const parent = tempDir("cattleprod-fuzz-");
  const dir = join(parent, "inputs");
  mkdirSync(dir);
  const scenario = join(dir, "scenario.yaml");
  writeFileSync(scenario, build(c.scenario, SCENARIO_BASES));
  writeFileSync(join(dir, "waivers.yaml"), build(c.waivers, WAIVER_BASES));
  const record = join(dir, "run.json");
  // The history beside the record, as a run leaves it (merge checks it against the record's digests).
  for (const name of readdirSync(recordDir)) if (name.endsWith(".ndjson")) cpSync(join(recordDir, name), join(dir, name));
  writeFileSync(record, c.record.kind === "bytes" ? build(c.record, []) : JSON.stringify(mutate(recordBase, c.record.mutations)));
  const bundle = join(dir, "bundle");
  cpSync(bundleBase, bundle, { recursive: true });
  const intact = c.record.kind === "mutated" && c.record.mutations.length === 0;
  if (!intact) writeFileSync(join(bundle, "run.json"), readFileSync(record));
  const out = join(parent, "out");
  const files: Record<Exclude<Token, string>["ref"], string> = {
    scenario,
    waivers: join(dir, "waivers.yaml"),
    record,
    bundle,
    dir,
    out,
    private: join(keys, "private.pem"),
    public: join(keys, "public.pem"),
    missing: join(dir, "no-such.yaml"),
  };
  return { argv: c.argv.map((t) => (typeof t === "string" ? t : files[t.ref])), dir, out, parent };
}

/** What every case must leave: --out without a report or with a whole one that agrees with the exit code, and no staging copy. */
async function checkOutput(code: number, out: string, parent: string, argv: readonly string[]): Promise<void> {
  expect(
    readdirSync(parent).filter((name) => name.includes("cattleprod-")),
    "a staging folder was left",
  ).toEqual([]);
  let entries: string[];
  try {
    entries = readdirSync(out).filter((name) => !name.startsWith(".cattleprod-"));
    expect(
      readdirSync(out).filter((name) => name.startsWith(".cattleprod-")),
      "a staging folder was left",
    ).toEqual([]);
  } catch {
    return; // no folder: nothing was written
  }
  if (entries.length === 0) return;
  if (argv[0] === "keygen") return void expect(entries.sort()).toEqual(["private.pem", "public.pem"]);
  if (argv[0] === "import") return;
  const owned = await runOwnedFiles();
  for (const name of entries) expect(owned.has(name), `${name} in --out`).toBe(true);
  const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as { exitCode: number };
  expect(record.exitCode).toBe(code);
  for (const file of ["junit.xml", "summary.md", "report.html"]) expect(entries).toContain(file);
}

function withinLimit<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${CASE_LIMIT_MS} ms`)), CASE_LIMIT_MS);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Runs main() in this process, capturing what it and the commands write to stdout and stderr. */
async function inProcess(argv: string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const capture = (chunk: string | Uint8Array): boolean => {
    output += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  };
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    const code = await withinLimit(
      main(argv, { out: (t) => void capture(t), err: (t) => void capture(t) }),
      `cattleprod ${argv.join(" ")}`,
    );
    return { code, output };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

function checkEnding(code: number, output: string, argv: readonly string[]): void {
  const shown = `cattleprod ${argv.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(" ")}\n${output.slice(0, 2_000)}`;
  expect([0, 1, 2, 3], shown).toContain(code);
  expect(output, shown).not.toMatch(STACK);
  expect(output, shown).not.toContain("Failed to run cattleprod:");
  expect(output, shown).not.toContain("out of memory");
}

describe("fuzzing scenario files, waivers and command lines", () => {
  const saved = process.env["LOCALSTACK_ENDPOINT"];

  beforeAll(async () => {
    process.env["LOCALSTACK_ENDPOINT"] = DEAD_LOCALSTACK; // a backend that cannot be reached fails fast, never installs one
    keys = join(tempDir("cattleprod-fuzz-keys-"), "keys");
    expect((await cliAsync("keygen", "--out", keys)).code).toBe(0);
    const shard = join(tempDir("cattleprod-fuzz-record-"), "out");
    expect(
      (await cliAsync("run", "test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml", "--shard", "1/1", "--out", shard)).code,
    ).toBe(0);
    recordBase = JSON.parse(readFileSync(join(shard, "run.json"), "utf8"));
    recordDir = shard;
    bundleBase = join(tempDir("cattleprod-fuzz-bundle-"), "bundle");
    const certified = await cliAsync(
      "certify",
      "test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml",
      "--key",
      join(keys, "private.pem"),
      "--out",
      bundleBase,
    );
    expect(certified.code).toBe(0);
    console.log(
      `input fuzz: seed ${SEED}, ${RUNS} cases in-process, ${CHILD_RUNS} through the CLI (CATTLEPROD_SEED / CATTLEPROD_RUNS to change)`,
    );
  }, 120_000);

  afterAll(() => {
    if (saved === undefined) delete process.env["LOCALSTACK_ENDPOINT"];
    else process.env["LOCALSTACK_ENDPOINT"] = saved;
  });

  it(`${RUNS} cases in-process through main(argv, io)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { argv, out, parent } = prepare(c);
        const { code, output } = await inProcess(argv);
        const key = `${argv[0] ?? "(none)"} ${code}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        checkEnding(code, output, argv);
        await checkOutput(code, out, parent, argv);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const counts = [...tally.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => `${key}: ${n}`);
    console.log(`input fuzz, command and exit code of the in-process cases: ${counts.join(", ")}`);
  }, 900_000);

  it(`${CHILD_RUNS} cases through the real CLI, as a child process`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { argv, out, parent } = prepare(c);
        const child = spawn(process.execPath, [join(ROOT, "bin", "cattleprod.js"), ...argv], {
          cwd: ROOT,
          env: { ...process.env, LOCALSTACK_ENDPOINT: DEAD_LOCALSTACK, NO_COLOR: "1" },
        });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
          child.on("close", (code, signal) => resolve({ code, signal })),
        );
        const { code, signal } = await withinLimit(ended, `cattleprod ${argv.join(" ")}`).catch((error: Error) => {
          child.kill("SIGKILL");
          throw error;
        });
        expect(signal, output).toBeNull();
        checkEnding(code ?? -1, output, argv);
        await checkOutput(code ?? -1, out, parent, argv);
      }),
      { seed: SEED + 1, numRuns: CHILD_RUNS, endOnFailure: true },
    );
  }, 900_000);
});
