import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import { formatCount, LIMITS } from "../core/index.ts";
import { quote } from "./problem.ts";
import { checkYamlShape } from "./yaml-shape.ts";
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

/** The first YAML syntax error of a text (or the first limit it crosses), with its position and what is allowed. */
export interface YamlSyntaxError {
  readonly reason: string;
  readonly pos: SourcePos;
  /** What is allowed, when the text crossed a limit rather than broke the syntax. */
  readonly hint?: string;
}

/** A parser message as one short line: its source excerpt and position dropped, at most 200 characters. */
function oneLine(message: string): string {
  const line = message
    .replace(/ at line \d+, column \d+:[\s\S]*$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Parses YAML text; returns the first syntax error instead when there is one. A text that
 * crosses a limit of {@link LIMITS} (binary content, several documents, nesting, size, alias
 * expansion) is refused with the limit in the reason, before the parser spends memory on it.
 */
export function readYaml(text: string): YamlSource | YamlSyntaxError {
  const lines = new LineCounter();
  const shape = checkYamlShape(text);
  if (shape) {
    lines.addNewLine(0);
    for (let i = text.indexOf("\n"); i !== -1 && i < shape.offset; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
    return { reason: shape.reason, pos: posAt(lines, shape.offset), hint: shape.hint };
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const error = doc.errors[0];
  if (error) return { reason: oneLine(error.message), pos: posAt(lines, error.pos[0]) };
  try {
    return { doc, lines, data: doc.toJS({ maxAliasCount: LIMITS.yamlAliasExpansion }) };
  } catch (error) {
    // The yaml package throws a ReferenceError for an alias bomb (and for an alias before its anchor).
    const message = error instanceof Error ? error.message : String(error);
    const bomb = /Excessive alias count/.test(message);
    return {
      reason: bomb
        ? `its aliases expand beyond ${formatCount(LIMITS.yamlAliasExpansion)} nodes (limit ${formatCount(LIMITS.yamlAliasExpansion)})`
        : oneLine(message),
      pos: posAt(lines, firstAliasOffset(doc)),
      hint: bomb ? "Write the values out, or use each anchor a few times only." : "Define each anchor (&name) before its aliases (*name).",
    };
  }
}

/** Where the first alias of a document is (0 when it has none). */
function firstAliasOffset(doc: Document): number {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset ?? 0;
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
    else out += `[${quote(String(segment))}]`;
  }
  return out;
}
