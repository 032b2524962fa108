import type { Rng } from "../../core/index.ts";
import { groupOf, type SimContext } from "./sim-context.ts";

interface ApiFaults {
  readonly fraction: number;
  readonly untilMs: number;
  readonly fault: string;
}

/**
 * Faults only chaos causes: crashes, infections, age, patch releases, controller outages and failing platform
 * writes. `faulted` is the switch every platform write passes through while API faults are on.
 */
export class FaultDesk {
  private readonly faultRng: Rng;
  private apiFaults: ApiFaults | undefined;
  private patchLevel = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly rng: Rng,
    /** Called when an instance crashes: the copies it held are lost. */
    private readonly onCrash: (instanceId: string, cause?: number) => void,
  ) {
    this.faultRng = rng.fork("api-faults");
  }

  /** Platform writes may fail while API faults are injected. Returns true when this call fails. */
  faulted(operation: string, actor: string): boolean {
    const faults = this.apiFaults;
    if (!faults || !actor.startsWith("platform/") || this.ctx.nowMs() >= faults.untilMs) return false;
    if (this.faultRng.next() >= faults.fraction) return false;
    this.ctx.emit("api.fault", "world", { operation, fault: faults.fault });
    return true;
  }

  releasedPatchLevel(): number {
    return this.patchLevel;
  }

  crash(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.ctx.live(instanceId);
    if (!instance || instance.impaired || instance.state !== "running") return false;
    instance.impaired = true;
    this.ctx.emit("instance.crashed", actor, { instanceId, ...groupOf(instance) }, cause);
    this.onCrash(instanceId, cause);
    return true;
  }

  infect(instanceId: string, sample: string, actor: string, cause?: number): boolean {
    const instance = this.ctx.live(instanceId);
    if (!instance || instance.infected) return false;
    instance.infected = true;
    const infected = this.ctx.emit("instance.infected", actor, { instanceId, sample }, cause);
    this.ctx.after(60_000 + this.rng.int(120_000), () => {
      if (this.ctx.live(instanceId)) this.ctx.emit("malware.detected", "world/edr", { instanceId, sample }, infected.seq);
    });
    return true;
  }

  backdate(instanceId: string, byMs: number, actor: string, cause?: number): boolean {
    const instance = this.ctx.live(instanceId);
    if (!instance || byMs <= 0) return false;
    instance.createdAtMs -= byMs;
    this.ctx.emit("instance.backdated", actor, { instanceId, byMs, createdAtMs: instance.createdAtMs }, cause);
    return true;
  }

  releasePatch(level: number, advisory: string, actor: string, cause?: number): void {
    this.patchLevel = Math.max(this.patchLevel, level);
    this.ctx.emit("patch.released", actor, { level, advisory }, cause);
  }

  pauseController(controller: string, forMs: number, actor: string, cause?: number): boolean {
    const paused = this.ctx.emit("controller.paused", actor, { controller, forMs }, cause);
    this.ctx.after(forMs, () => this.ctx.emit("controller.resumed", actor, { controller }, paused.seq));
    return true;
  }

  injectApiFaults(fraction: number, forMs: number, fault: string): void {
    this.apiFaults = { fraction, untilMs: this.ctx.nowMs() + forMs, fault };
  }
}
