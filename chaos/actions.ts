import type { ChaosActionName, ChaosStep, ImageDraft, Instance, LoginProtocol, Rng } from "../core/index.ts";
import { presentedGrant, type GrantChoice } from "./grants.ts";
import { CHAOS_ACTOR, type ChaosWorld } from "./world.ts";

/** Everything an action needs for one step. */
export interface ActionContext {
  readonly world: ChaosWorld;
  readonly step: ChaosStep;
  readonly targets: readonly Instance[];
  readonly rng: Rng;
  /** Seq of the step's `chaos.injected` event: the cause of every effect. */
  readonly cause: number;
}

/** What an action did: the ids it affected (empty means it took no effect) and a note. */
export interface ActionResult {
  readonly affected: readonly string[];
  readonly note: string;
}

type Action = (ctx: ActionContext) => ActionResult;

const str = (ctx: ActionContext, key: string, fallback = ""): string => String(ctx.step.with[key] ?? fallback);
const num = (ctx: ActionContext, key: string, fallback = 0): number => Number(ctx.step.with[key] ?? fallback);

function each(ctx: ActionContext, verb: string, effect: (instance: Instance) => boolean): ActionResult {
  const affected = ctx.targets.filter(effect).map((i) => i.id);
  return { affected, note: affected.length > 0 ? `${verb} ${affected.join(", ")}` : `no matching instance to ${verb}` };
}

/** The latest grant issued to `user` on `instanceId`, read from the history. */
function latestGrant(world: ChaosWorld, user: string, instanceId: string): string | undefined {
  return presentedGrant(world.history, "latest", user, instanceId);
}

function openSession(
  world: ChaosWorld,
  instanceId: string,
  user: string,
  protocol: LoginProtocol,
  grantId: string | undefined,
  actor: string,
  cause: number,
  sessionMs: number,
  then?: (sessionId: string) => void,
): boolean {
  const result = world.attemptLogin({ instanceId, user, protocol, ...(grantId ? { grantId } : {}) }, actor, cause);
  if (result.sessionId) {
    const sessionId = result.sessionId;
    then?.(sessionId);
    world.after(sessionMs, () => world.endSession(sessionId, actor, cause));
  }
  return true;
}

function imageFor(world: ChaosWorld, group: string, overrides: Partial<ImageDraft>): ImageDraft {
  const spec = world.group(group);
  const lockdown = spec?.vmType === "immutable";
  return {
    name: `${spec?.image ?? group}-${overrides.name ?? "build"}`,
    group,
    stage: lockdown ? 3 : 2,
    builtBy: "pipeline",
    patchLevel: world.releasedPatchLevel(),
    vulnerable: false,
    manifest: lockdown ? { accounts: [], remoteShell: false } : { accounts: ["ops"], remoteShell: true },
    ...overrides,
  };
}

function groupOf(ctx: ActionContext): string {
  return ctx.step.target.group ?? (ctx.world.spec.groups[0]?.name as string);
}

/** Every chaos action, by name. */
export const ACTIONS: Readonly<Record<ChaosActionName, Action>> = {
  kill: (ctx) => each(ctx, "kill", (i) => ctx.world.terminate(i.id, CHAOS_ACTOR, "chaos:kill", ctx.cause)),
  crash: (ctx) => each(ctx, "crash", (i) => ctx.world.crash(i.id, CHAOS_ACTOR, ctx.cause)),
  "zone-outage": (ctx) => each(ctx, "crash", (i) => ctx.world.crash(i.id, CHAOS_ACTOR, ctx.cause)),
  drift: (ctx) =>
    each(ctx, "drift", (i) =>
      ctx.world.writeConfig(i.id, `${str(ctx, "setting", "config")}@drift-${ctx.step.index}`, str(ctx, "actor", CHAOS_ACTOR), ctx.cause),
    ),
  age: (ctx) =>
    ctx.world.ageAll?.(num(ctx, "byMs"), CHAOS_ACTOR, ctx.cause) ??
    each(ctx, "backdate", (i) => ctx.world.backdate(i.id, num(ctx, "byMs"), CHAOS_ACTOR, ctx.cause)),
  "stop-start": (ctx) =>
    each(ctx, "stop", (i) => {
      if (!ctx.world.stop(i.id, CHAOS_ACTOR, ctx.cause)) return false;
      ctx.world.after(num(ctx, "downForMs", 300_000), () => ctx.world.start(i.id, CHAOS_ACTOR, ctx.cause));
      return true;
    }),
  login: (ctx) =>
    each(ctx, "attempt a login on", (i) => {
      const user = str(ctx, "user", "root");
      const choice = str(ctx, "grant", "none") as GrantChoice;
      const grantId = presentedGrant(ctx.world.history, choice, user, i.id);
      // Presenting another instance's or another user's grant needs one to exist: without it there is no attempt.
      if (grantId === undefined && (choice === "other-instance" || choice === "other-user")) return false;
      return openSession(
        ctx.world,
        i.id,
        user,
        str(ctx, "protocol", "ssh") as LoginProtocol,
        grantId,
        CHAOS_ACTOR,
        ctx.cause,
        num(ctx, "sessionForMs", 300_000),
      );
    }),
  "break-glass": (ctx) => each(ctx, "break the glass on", (i) => breakGlass(ctx, i)),
  "key-injection": (ctx) =>
    each(ctx, "inject a key into", (i) => {
      ctx.world.injectKey(i.id, str(ctx, "key", "attacker-key"), CHAOS_ACTOR, ctx.cause);
      return true;
    }),
  egress: (ctx) =>
    each(ctx, "attempt egress from", (i) => {
      ctx.world.attemptEgress(i.id, str(ctx, "destination"), CHAOS_ACTOR, ctx.cause);
      return true;
    }),
  "open-ingress": (ctx) => each(ctx, "open ingress on", (i) => ctx.world.openIngress(i.id, num(ctx, "port", 22), CHAOS_ACTOR, ctx.cause)),
  "rogue-image": (ctx) => {
    const group = groupOf(ctx);
    const stage = num(ctx, "stage", 1) as 1 | 2 | 3;
    const image = ctx.world.registerImage(
      imageFor(ctx.world, group, {
        name: `rogue-${ctx.step.index}`,
        stage,
        builtBy: str(ctx, "builtBy", "manual") as "manual" | "pipeline",
        manifest: stage === 3 ? { accounts: [], remoteShell: false } : { accounts: ["root"], remoteShell: true },
      }),
      CHAOS_ACTOR,
      ctx.cause,
    );
    if (ctx.step.with["scanned"] === true) ctx.world.scanImage(image.id, CHAOS_ACTOR, ctx.cause);
    const result = ctx.world.launch({ group, imageId: image.id }, CHAOS_ACTOR, ctx.cause);
    return result.ok
      ? { affected: [result.instance.id], note: `launched ${result.instance.id} from unapproved ${image.id}` }
      : { affected: [image.id], note: `launch from ${image.id} refused: ${result.reason}` };
  },
  "manual-launch": (ctx) => {
    const group = groupOf(ctx);
    const result = ctx.world.launch(
      { group, imageId: ctx.world.currentImage(group).id },
      `operator:${str(ctx, "user", "mallory")}`,
      ctx.cause,
    );
    return result.ok
      ? { affected: [result.instance.id], note: `manual launch of ${result.instance.id}` }
      : { affected: [], note: `manual launch refused: ${result.reason}` };
  },
  "untagged-launch": (ctx) => {
    const group = groupOf(ctx);
    const result = ctx.world.launch({ group, imageId: ctx.world.currentImage(group).id, untagged: true }, CHAOS_ACTOR, ctx.cause);
    return result.ok
      ? { affected: [result.instance.id], note: `untagged launch of ${result.instance.id}` }
      : { affected: [], note: `untagged launch refused: ${result.reason}` };
  },
  "vulnerable-image": (ctx) => {
    const group = groupOf(ctx);
    const batch = `scan:step-${ctx.step.index}`;
    const count = num(ctx, "count", 1);
    const clean = num(ctx, "clean", 0);
    const ids: string[] = [];
    for (let k = 0; k < count + clean; k++) {
      // Vulnerable images go last so a gate that only looks at the first of a batch misses them.
      const vulnerable = k >= clean;
      const image = ctx.world.registerImage(
        imageFor(ctx.world, group, { name: `${vulnerable ? "vuln" : "clean"}-${ctx.step.index}-${k}`, vulnerable }),
        CHAOS_ACTOR,
        ctx.cause,
      );
      ids.push(image.id);
    }
    for (const id of ids) ctx.world.submitImage(id, CHAOS_ACTOR, ctx.cause, batch);
    return { affected: ids, note: `pushed ${count} vulnerable and ${clean} clean image(s) for ${group}` };
  },
  "image-release": (ctx) => {
    const group = groupOf(ctx);
    const image = ctx.world.registerImage(imageFor(ctx.world, group, { name: `release-${ctx.step.index}` }), "pipeline", ctx.cause);
    ctx.world.submitImage(image.id, "pipeline", ctx.cause, `release:step-${ctx.step.index}`);
    return { affected: [image.id], note: `released ${image.id} for ${group}` };
  },
  "patch-release": (ctx) => {
    const level = ctx.step.with["level"] === undefined ? ctx.world.releasedPatchLevel() + 1 : num(ctx, "level");
    ctx.world.releasePatch(level, `ADV-${level}`, CHAOS_ACTOR, ctx.cause);
    return { affected: [`patch-${level}`], note: `released patch level ${level}` };
  },
  malware: (ctx) => each(ctx, "infect", (i) => ctx.world.infect(i.id, str(ctx, "sample", "cryptominer"), CHAOS_ACTOR, ctx.cause)),
  "controller-outage": (ctx) => {
    const controller = str(ctx, "controller");
    const started = ctx.world.history.ofKind("platform.started").flatMap((event) => event.controllers);
    if (!started.includes(controller)) return { affected: [], note: `no controller ${controller} runs (known: ${started.join(", ")})` };
    ctx.world.pauseController(controller, num(ctx, "forMs"), CHAOS_ACTOR, ctx.cause);
    return { affected: [controller], note: `paused ${controller}` };
  },
  "api-faults": (ctx) => {
    ctx.world.injectApiFaults(num(ctx, "fraction"), num(ctx, "forMs"), str(ctx, "fault", "throttle"), CHAOS_ACTOR, ctx.cause);
    return { affected: ["api"], note: `failing ${num(ctx, "fraction") * 100}% of platform calls` };
  },
};

/**
 * Break-glass as an operator would do it: request a grant, log in with it a minute later, run
 * admin commands, close the session; then, once the requested time is over, try the same grant
 * again (it must be refused).
 */
function breakGlass(ctx: ActionContext, instance: Instance): boolean {
  const { world, cause } = ctx;
  const user = str(ctx, "user", "oncall");
  const actor = `operator:${user}`;
  const durationMs = num(ctx, "durationMs", 1_800_000);
  world.record(
    "grant.requested",
    { user, instanceId: instance.id, ...(instance.vmType ? { vmType: instance.vmType } : {}), durationMs },
    actor,
    cause,
  );
  world.after(60_000, () => {
    const grantId = latestGrant(world, user, instance.id);
    openSession(world, instance.id, user, "ssh", grantId, actor, cause, num(ctx, "sessionMs", 600_000), (sessionId) => {
      for (let k = 0; k < num(ctx, "adminActions", 2); k++) world.adminAction(sessionId, `admin-command-${k + 1}`, actor, cause);
    });
    world.after(durationMs, () => {
      if (world.instance(instance.id)?.state === "running") openSession(world, instance.id, user, "ssh", grantId, actor, cause, 60_000);
    });
  });
  return true;
}
