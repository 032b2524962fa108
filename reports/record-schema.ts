import { z } from "zod";
import { CONTROL_STATUSES, RUN_RECORD_VERSION, SEVERITIES, VM_TYPES, type RunRecord } from "../core/index.ts";

const status = z.enum(CONTROL_STATUSES as [string, ...string[]]) as z.ZodType<RunRecord["controls"][number]["status"]>;
const severity = z.enum(SEVERITIES as [string, ...string[]]) as z.ZodType<RunRecord["failOn"]>;
const scope = z.enum(["fleet", ...VM_TYPES]);
const controlId = z.string().regex(/^[A-Z]+-[A-Z]+-\d{3}$/, "a control id such as CAT-HEAL-001");
const counts = z.object(
  Object.fromEntries(CONTROL_STATUSES.map((s) => [s, z.int().nonnegative()])) as Record<RunRecord["controls"][number]["status"], z.ZodInt>,
);
const isoTime = z.iso.datetime();

const waiver = z.object({
  index: z.int().nonnegative(),
  control: controlId,
  scope: z.string().min(1),
  justification: z.string().min(1),
  approver: z.string().min(1),
  ticket: z.string().optional(),
  expires: z.string().min(1),
});

const waiverOutcome = waiver.extend({
  state: z.enum(["applied", "unused", "expired"]),
  waived: z.array(z.string()),
});

const evidence = z.object({
  eventIds: z.array(z.int()),
  expected: z.string().optional(),
  observed: z.string().optional(),
  instances: z.array(z.string()).optional(),
  timeToDetectMs: z.number().optional(),
  timeToHealMs: z.number().optional(),
  boundMs: z.number().optional(),
  method: z.string().optional(),
  cases: z.number().optional(),
  source: z.enum(["account", "model"]).optional().meta({
    description: "Where the deciding evidence came from: observed through the account's API, or the model. Older records lack it.",
  }),
  calls: z.array(z.string()).optional().meta({ description: "For account evidence: the API calls that read it." }),
  unavailable: z.string().optional().meta({ description: "Why the account could not show the evidence, when a pass was withheld." }),
});

const controlOutcome = z
  .object({
    id: controlId,
    title: z.string(),
    requirement: z.string().optional(),
    references: z.array(z.string()).optional(),
    scope,
    severity,
    status,
    headline: z.string(),
    required: z.boolean(),
    scenarios: z.partialRecord(z.enum(CONTROL_STATUSES as [string, ...string[]]), z.array(z.string())),
    waivers: z.array(waiver).optional(),
  })
  .meta({ description: "One control across every scenario of the run." });

const scenarioControl = z.object({
  id: controlId,
  status,
  headline: z.string(),
  evidence,
  hint: z.string().optional(),
  waiver: waiver.optional(),
});

const timeline = z
  .object({
    capacity: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
    lifetimes: z.array(z.tuple([z.string(), z.string(), z.string(), z.number(), z.number()])),
    chaos: z.array(z.object({ atMs: z.number(), spec: z.string(), tookEffect: z.boolean() })),
    runMs: z.number(),
  })
  .meta({
    description:
      "Healthy capacity per group over time, instance lifetimes [id, group, vmType, createdAtMs, endMs] and chaos marks, in virtual ms.",
  });

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "a hex sha256");
const historyRef = z
  .object({ file: z.string().regex(/^[\w.-]+$/, "a file name beside run.json"), events: z.int().nonnegative(), sha256: sha256Hex })
  .meta({ description: "History lines kept beside run.json: the file, how many events, and the sha256 of those lines." });

const environment = z
  .object({
    harness: z.string(),
    gitCommit: z.string().optional(),
    gitDirty: z.boolean().optional(),
    platforms: z.record(z.string(), sha256Hex),
    node: z.string(),
    os: z.string(),
    backends: z.record(z.string(), z.string()).optional(),
  })
  .meta({ description: "Where and with what the run was made; no host name, user or environment variables." });

const commandRecord = z
  .object({
    manifest: z.string(),
    command: z.string(),
    everyMs: z.number(),
    calls: z.array(
      z.object({
        atMs: z.number(),
        trigger: z.enum(["schedule", "chaos"]),
        status: z.enum(["ok", "failed", "timeout", "missing"]),
        exitCode: z.int().nullable(),
        durationMs: z.number(),
        lastLines: z.array(z.string()),
      }),
    ),
  })
  .meta({
    description:
      "A command platform's calls: virtual time, trigger (schedule or chaos), outcome, exit code, wall time and the last lines of output.",
  });

const scenarioRecord = z.object({
  name: z.string().min(1),
  file: z.string().nullable(),
  seed: z.int().nonnegative(),
  backend: z.string(),
  platform: z.string(),
  status: z.enum(["pass", "fail", "inconclusive", "error"]),
  replay: z.string(),
  expectations: z.array(z.object({ control: controlId, expected: z.string(), actual: z.string(), met: z.boolean() })),
  controls: z.array(scenarioControl),
  stats: z.record(z.string(), z.number()),
  timeline: timeline.optional(),
  error: z.string().optional(),
  history: historyRef.optional(),
  commands: commandRecord.optional(),
});

/**
 * The zod schema of a run record (`run.json`). The published JSON Schema is generated from
 * it ({@link runRecordJsonSchema}); `merge` and `verify` validate their inputs with it.
 */
export const runRecordSchema = z
  .object({
    kind: z.literal("cattleprod.run"),
    version: z.literal(RUN_RECORD_VERSION),
    harness: z.object({ name: z.string(), version: z.string() }),
    backend: z.string(),
    platform: z.string(),
    seed: z.int().nonnegative().nullable(),
    failOn: severity,
    exitCode: z.int().min(0).max(3),
    summary: z.object({
      controls: counts,
      byScope: z.record(z.string(), counts),
      scenarios: z.record(z.string(), z.int().nonnegative()),
    }),
    controls: z.array(controlOutcome),
    scenarios: z.array(scenarioRecord),
    shard: z.object({ index: z.int().positive(), total: z.int().positive() }).optional(),
    differences: z
      .array(z.object({ control: controlId, outcomes: z.record(z.string(), status) }))
      .optional()
      .meta({ description: "Differential runs: controls whose outcome differs by backend." }),
    waivers: z.object({ file: z.string(), entries: z.array(waiverOutcome) }).optional(),
    history: historyRef.optional(),
    environment: environment.optional(),
    timing: z
      .object({
        startedAt: isoTime,
        finishedAt: isoTime,
        wallMs: z.number(),
        scenarioWallMs: z.record(z.string(), z.number()),
        waiversEvaluatedAt: isoTime.optional(),
        shards: z.array(z.object({ file: z.string(), shard: z.string().nullable(), startedAt: isoTime, wallMs: z.number() })).optional(),
        backends: z.record(z.string(), z.unknown()).optional(),
      })
      .meta({ description: "Every wall-clock value of the run; drop it and two runs with the same inputs are identical." }),
  })
  .meta({
    title: "cattleprod run record",
    description: "The canonical result of a cattleprod run: every report (JUnit, Markdown, HTML, attestation) renders from it.",
  }) satisfies z.ZodType<RunRecord>;

/**
 * The JSON Schema (draft 2020-12) of the run record, as `cattleprod schema run` prints it.
 *
 * @example JSON.stringify(runRecordJsonSchema(), null, 2)
 */
export function runRecordJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://cattleprod.dev/schemas/run-record-v${RUN_RECORD_VERSION}.json`,
    ...z.toJSONSchema(runRecordSchema, { target: "draft-2020-12" }),
  };
}

/** Where a run record breaks the schema, as a path people read (`scenarios[3].controls[0].status`) and a reason. */
export interface RecordProblem {
  readonly path: string;
  readonly reason: string;
}

/** Checks a parsed JSON value against the run record schema; returns the record or the first problem. */
export function checkRunRecord(value: unknown): { ok: true; record: RunRecord } | { ok: false; problem: RecordProblem } {
  const parsed = runRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: value as RunRecord };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
  return { ok: false, problem: { path: path || "(top level)", reason: issue?.message ?? "invalid" } };
}
