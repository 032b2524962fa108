import type { z } from "zod";
import { DURATION_HINT, isDurationSchema } from "../chaos/index.ts";
import { describeValue, knownList, quote } from "./problem.ts";
import type { Problem } from "./problem.ts";
import { objectKeys, schemaAt } from "./schema-at.ts";
import { valueAt } from "./yaml-source.ts";
import type { DocPath } from "./yaml-source.ts";

type Issue = z.core.$ZodIssue;

const EXPECTED: Readonly<Record<string, string>> = {
  int: "an integer",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

const EXAMPLES: Readonly<Record<string, string>> = {
  groups: "{ name: web, vmType: cattle, capacity: 6, image: web-1 }",
  steps: "{ at: 1h, chaos: kill, target: { group: web } }",
  expect: "CAT-HEAL-001 or { control: CAT-HEAL-001, within: 5m }",
};

/** Turns zod issues into problems worded for people, given the data and the schema they came from. */
export class IssueReader {
  constructor(
    private readonly root: z.core.$ZodType,
    private readonly data: unknown,
  ) {}

  /** One problem per issue (a union issue becomes the problems of its best-fitting branch). */
  read(issue: Issue, prefix: DocPath = []): Problem[] {
    const path = [...prefix, ...issue.path];
    const { found, value } = valueAt(this.data, path);
    switch (issue.code) {
      case "invalid_union": {
        const discriminated = issue as { note?: string; options?: readonly unknown[] };
        if (discriminated.note === "No matching discriminator") return [this.unknownValue(path, found, value, discriminated.options ?? [])];
        return this.bestBranch(issue.errors).flatMap((branch) => this.read(branch, path));
      }
      case "invalid_type":
        if (!found) return [this.missing(path)];
        return [
          { path, reason: `expected ${this.expected(path, issue.expected)} but got ${describeValue(value)}`, hint: this.typeHint(path) },
        ];
      case "invalid_value":
        if (issue.values.length === 1 && typeof issue.values[0] === "boolean") {
          return [{ path, reason: `expected ${String(issue.values[0])} but got ${describeValue(value)}`, hint: "Leave it out instead." }];
        }
        return [this.unknownValue(path, found, value, issue.values)];
      case "invalid_format":
        return [this.badFormat(path, value, issue.message)];
      case "too_small":
      case "too_big":
        return [this.outOfRange(issue, path, value)];
      case "unrecognized_keys":
        return issue.keys.map((key) => this.unknownKey(path, key));
      default:
        return [{ path, reason: issue.message }];
    }
  }

  private noun(path: DocPath): string {
    const last = path[path.length - 1];
    if (typeof last === "string") return last;
    return path[path.length - 2] === "expect" ? "control" : "value";
  }

  private expected(path: DocPath, expected: string): string {
    const schema = schemaAt(this.root, path, this.data) as { format?: unknown } | undefined;
    if (isDurationSchema(schema)) return "a duration";
    if (expected === "number" && (schema?.format === "safeint" || schema?.format === "int32")) return EXPECTED.int as string;
    return EXPECTED[expected] ?? expected;
  }

  private missing(path: DocPath): Problem {
    const parent = path.slice(0, -1);
    const key = String(path[path.length - 1]);
    const required = objectKeys(schemaAt(this.root, parent, this.data)).required;
    const chaos = valueAt(this.data, [...parent, "chaos"]).value;
    let hint = required.length > 0 ? `${this.owner(parent)} needs ${required.join(", ")}.` : undefined;
    if (parent[0] === "steps" && parent.length === 2 && (key === "with" || key === "target")) {
      const inner = objectKeys(schemaAt(this.root, [...parent, key], this.data)).required;
      hint = `A step with chaos: ${String(chaos)} needs ${key}: { ${inner.map((k) => `${k}: ...`).join(", ")} }.`;
    }
    return { path: parent, reason: `missing "${key}"`, hint };
  }

  /** "A scenario", "A group", "A kill step's target". */
  private owner(path: DocPath): string {
    const last = path[path.length - 1];
    const name = typeof last === "number" ? path[path.length - 2] : last;
    const chaos = path[0] === "steps" ? valueAt(this.data, path.slice(0, 2).concat("chaos")).value : undefined;
    switch (name) {
      case undefined:
        return "A scenario";
      case "fleet":
        return "A fleet";
      case "groups":
        return "A group";
      case "steps":
        return "A step";
      case "expect":
        return "An expectation";
      case "target":
        return `The target of ${String(chaos)}`;
      case "with":
        return `The with of ${String(chaos)}`;
      default:
        return `"${String(name)}"`;
    }
  }

  private typeHint(path: DocPath): string | undefined {
    if (path.length === 0) return `${this.owner(path)} needs ${objectKeys(this.root).required.join(", ")}.`;
    const container = typeof path[path.length - 1] === "number" ? path[path.length - 2] : undefined;
    const example = typeof container === "string" ? EXAMPLES[container] : undefined;
    if (example) return `${this.owner(path)} looks like ${example}.`;
    return isDurationSchema(schemaAt(this.root, path, this.data)) ? DURATION_HINT : undefined;
  }

  private unknownValue(path: DocPath, found: boolean, value: unknown, values: readonly unknown[]): Problem {
    if (!found) return { ...this.missing(path), hint: knownList("Known", values) };
    const numeric = values.every((v) => typeof v === "number");
    const reason = `${numeric ? "invalid" : "unknown"} ${this.noun(path)} ${describeValue(value)}`;
    return { path, reason, hint: knownList(numeric ? "Allowed" : "Known", values) };
  }

  private badFormat(path: DocPath, value: unknown, message: string): Problem {
    if (message === DURATION_HINT) {
      const negative = typeof value === "string" && value.trim().startsWith("-");
      return { path, reason: `${negative ? "negative" : "malformed"} duration ${describeValue(value)}`, hint: DURATION_HINT };
    }
    return { path, reason: `invalid ${this.noun(path)} ${describeValue(value)}`, hint: message };
  }

  private outOfRange(issue: Issue & { code: "too_small" | "too_big" }, path: DocPath, value: unknown): Problem {
    const noun = this.noun(path);
    const small = issue.code === "too_small";
    const limit = String(small ? issue.minimum : issue.maximum);
    if (issue.origin === "array")
      return { path, reason: `${noun} needs ${small ? "at least" : "at most"} ${limit} ${limit === "1" ? "entry" : "entries"}` };
    if (issue.origin === "string") return { path, reason: `${noun} is empty`, hint: "Give it a value or leave it out." };
    const bound = issue.inclusive ? (small ? "at least" : "at most") : small ? "greater than" : "less than";
    return { path, reason: `${noun} must be ${bound} ${limit} but is ${describeValue(value)}` };
  }

  private unknownKey(path: DocPath, key: string): Problem {
    const allowed = objectKeys(schemaAt(this.root, path, this.data)).all;
    const at = [...path, key];
    if (path[0] === "steps" && path.length === 2 && key === "target") {
      const chaos = String(valueAt(this.data, [...path, "chaos"]).value);
      return { path: at, atKey: true, reason: `chaos "${chaos}" takes no target`, hint: "It acts on the whole fleet; remove target." };
    }
    const chaos = path[0] === "steps" ? String(valueAt(this.data, [...path.slice(0, 2), "chaos"]).value) : "";
    const hint = allowed.length > 0 ? knownList("Allowed", allowed) : `"${chaos}" takes no parameters; remove it.`;
    return { path: at, atKey: true, reason: `unknown key ${quote(key)}`, hint };
  }

  /** Of a union's branches, the one that got furthest: issues below the root beat a wrong type at the root. */
  private bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
    const score = (issues: readonly Issue[]): number => {
      if (issues.some((i) => i.path.length === 0 && i.code === "invalid_type")) return 0;
      if (issues.some((i) => i.path.length === 0 && i.code !== "unrecognized_keys")) return 1;
      return 2;
    };
    let best: readonly Issue[] = branches[0] ?? [];
    for (const branch of branches) if (score(branch) > score(best)) best = branch;
    return best;
  }
}
