import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node as YamlNode } from "yaml";

/** A path inside a document: keys and list indexes, as zod reports them. */
export type DocPath = readonly PropertyKey[];

/** A position in a file, 1-based, plus the offset used to order problems. */
export interface SourcePos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A parsed YAML file with what it takes to point at any part of it. */
export interface YamlSource {
  readonly doc: Document;
  readonly lines: LineCounter;
  /** The document as plain data. */
  readonly data: unknown;
}

/** The first YAML syntax error of a text, with its position. */
export interface YamlSyntaxError {
  readonly reason: string;
  readonly pos: SourcePos;
}

/** Parses YAML text; returns the first syntax error instead when there is one. */
export function readYaml(text: string): YamlSource | YamlSyntaxError {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const reason = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").trim();
    return { reason, pos: posAt(lines, error.pos[0]) };
  }
  return { doc, lines, data: doc.toJS({ maxAliasCount: 100 }) };
}

function posAt(lines: LineCounter, offset: number): SourcePos {
  const { line, col } = lines.linePos(offset);
  return { offset, line, column: col };
}

function resolveAlias(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/**
 * Where `path` is in the file: the value's node, or with `key` the key that introduces it.
 * When the path does not exist (a missing key), the deepest existing node is used: the
 * key of the containing mapping, or the list item.
 */
export function locate(source: YamlSource, path: DocPath, options: { key?: boolean } = {}): SourcePos {
  const { doc, lines } = source;
  let node: unknown = doc.contents;
  let anchor: YamlNode | null | undefined = (doc.contents as YamlNode | null) ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    node = resolveAlias(doc, node);
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const key = pair.key as YamlNode;
      if ((last && options.key) || pair.value === null) {
        anchor = key;
        break;
      }
      node = pair.value;
      anchor = key;
      if (last) anchor = pair.value as YamlNode;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      node = node.items[segment];
      anchor = node as YamlNode;
    } else {
      break;
    }
  }
  const offset = anchor?.range?.[0] ?? 0;
  return posAt(lines, offset);
}

/** The plain-data value at `path`, and whether it is there at all. */
export function valueAt(data: unknown, path: DocPath): { found: boolean; value: unknown } {
  let value = data;
  for (const segment of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, segment)) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value };
}

/** `steps[2].chaos`: a path as people read it. */
export function formatPath(path: DocPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(segment))) out += `${out === "" ? "" : "."}${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
