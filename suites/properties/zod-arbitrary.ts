import fc from "fast-check";
import type { z } from "zod";
import { isDurationSchema } from "../../chaos/index.ts";
import { DOMAINS, patternText, type DomainContext } from "./domains.ts";
import { durationArbitrary, durationClass, type RelativeDuration } from "./durations.ts";

/** A parameter value as drawn: a scalar, or a duration relative to a fleet bound (resolved per fleet). */
export type DrawnValue = string | number | boolean | RelativeDuration;

/** A drawn parameter: its value (`undefined`: left to the schema's default) and the class coverage counts it under. */
export interface Drawn {
  readonly value: DrawnValue | undefined;
  readonly cls: string;
}

/** How far above its minimum an integer without a (practical) maximum is drawn: counts of things to create. */
export const OPEN_INT_SPAN = 16;

/** A range wider than this counts as open: its values are counts, and a huge count only slows a run down. */
const OPEN_RANGE = 10_000;

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, string>>;
  readonly format?: string;
  readonly checks?: ReadonlyArray<{ readonly _zod: { readonly def: { readonly check: string; readonly pattern?: RegExp } } }>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The class of an integer relative to its range: `min`, `min+1`, `max`, `above-min`. */
function intClass(value: number, min: number, max: number): string {
  return value === min ? "min" : value === max ? "max" : value === min + 1 ? "min+1" : "above-min";
}

function integers(min: number, max: number): fc.Arbitrary<Drawn> {
  const top = max - min > OPEN_RANGE ? min + OPEN_INT_SPAN : max;
  return fc.integer({ min, max: top }).map((value) => ({ value, cls: intClass(value, min, max) }));
}

/** Reals over (min, max]: the maximum, the smallest step above the minimum, and anything between. */
function reals(schema: z.ZodType): fc.Arbitrary<Drawn> {
  const bounded = schema as unknown as { minValue: number | null; maxValue: number | null };
  const min = bounded.minValue ?? 0;
  const max = bounded.maxValue ?? min + 1;
  const tiny = min + (max - min) / 1_000;
  return fc.oneof(
    fc.constant<Drawn>({ value: max, cls: "max" }),
    fc.constant<Drawn>({ value: tiny, cls: "tiny" }),
    fc
      .double({ min: tiny, max, noNaN: true })
      .map((value): Drawn => ({ value: Math.round(value * 1_000) / 1_000 || tiny, cls: "between" })),
  );
}

/**
 * An arbitrary for one chaos parameter, derived from its zod schema: enums and literals over every
 * value, integers from their minimum (biased toward it and the maximum), reals including their
 * edges, durations over their whole range and around every fleet bound, and strings with meaning
 * from the domain generator of their name (else from their own pattern). A default or optional
 * parameter is sometimes left out. Throws on a schema kind it cannot walk, so a new kind of
 * parameter is noticed by the generator tests rather than explored badly.
 */
export function paramArbitrary(name: string, schema: z.ZodType, context: DomainContext): fc.Arbitrary<Drawn> {
  const def = defOf(schema);
  if ((def.type === "default" || def.type === "prefault" || def.type === "optional") && def.innerType) {
    return fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant<Drawn>({ value: undefined, cls: "default" }), weight: 1 },
      { arbitrary: paramArbitrary(name, def.innerType, context), weight: 4 },
    );
  }
  if (isDurationSchema(schema)) return durationArbitrary().map((value): Drawn => ({ value, cls: durationClass(value) }));
  switch (def.type) {
    case "enum":
      return fc.constantFrom(...Object.values(def.entries ?? {})).map((value): Drawn => ({ value, cls: value }));
    case "literal":
      return fc
        .constantFrom(...((def.values ?? []) as Array<string | number | boolean>))
        .map((value): Drawn => ({ value, cls: String(value) }));
    case "boolean":
      return fc.boolean().map((value): Drawn => ({ value, cls: String(value) }));
    case "number": {
      const bounded = schema as unknown as { minValue: number | null; maxValue: number | null; isInt?: boolean };
      if (def.format === "safeint" || def.format === "int32" || bounded.isInt === true)
        return integers(bounded.minValue ?? 0, bounded.maxValue ?? Number.MAX_SAFE_INTEGER);
      return reals(schema);
    }
    case "string": {
      const domain = DOMAINS[name];
      if (domain) return domain(context);
      const pattern = def.checks?.find((check) => check._zod.def.pattern !== undefined)?._zod.def.pattern;
      return patternText(pattern);
    }
    default:
      throw new Error(`Failed to derive a generator for chaos parameter "${name}": zod type "${def.type}" is not walked yet.`);
  }
}
