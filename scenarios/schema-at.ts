import type { z } from "zod";
import type { DocPath } from "./yaml-source.ts";

type AnySchema = z.core.$ZodType;

interface Def {
  readonly type: string;
  readonly innerType?: AnySchema;
  readonly shape?: Readonly<Record<string, AnySchema>>;
  readonly element?: AnySchema;
  readonly options?: readonly AnySchema[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
}

const defOf = (schema: AnySchema): Def => schema._zod.def as unknown as Def;

/** Strips optional / default / prefault / nullable wrappers. */
export function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (!def.innerType || !["optional", "default", "prefault", "nullable", "readonly"].includes(def.type)) return current;
    current = def.innerType;
  }
}

/** For a union, the option that fits `value` best (by discriminator, else by object-ness). */
function pickOption(schema: AnySchema, value: unknown): AnySchema {
  const def = defOf(schema);
  if (def.type !== "union" || !def.options) return schema;
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (def.discriminator && isObject) {
    const tag = (value as Record<string, unknown>)[def.discriminator];
    const match = def.options.find((option) => {
      const field = defOf(option).shape?.[def.discriminator as string];
      return field !== undefined && (defOf(field).values ?? []).includes(tag);
    });
    return match ?? schema;
  }
  return def.options.find((option) => (defOf(unwrap(option)).type === "object") === isObject) ?? schema;
}

/** The schema that validates the value at `path` of `data`, if the path leads anywhere. */
export function schemaAt(root: AnySchema, path: DocPath, data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = root;
  let value = data;
  for (const segment of path) {
    schema = unwrap(pickOption(unwrap(schema), value));
    const def = defOf(schema);
    if (def.type === "object") schema = def.shape?.[String(segment)];
    else if (def.type === "array") schema = def.element;
    else return undefined;
    if (!schema) return undefined;
    value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return unwrap(pickOption(unwrap(schema), value));
}

/** Keys of an object schema, and those a value must have. */
export function objectKeys(schema: AnySchema | undefined): { all: string[]; required: string[] } {
  const shape = schema ? defOf(schema).shape : undefined;
  if (!shape) return { all: [], required: [] };
  const all = Object.keys(shape);
  const required = all.filter((key) => {
    const type = defOf(shape[key] as AnySchema).type;
    return !["optional", "default", "prefault"].includes(type);
  });
  return { all, required };
}
