import { decideOn, typeOf, type SimContext } from "./sim-context.ts";

/** The network: world-open ingress rules per instance (ports open to 0.0.0.0/0) and egress attempts. */
export class Network {
  private readonly ingress = new Map<string, Set<number>>();

  constructor(private readonly ctx: SimContext) {}

  publicIngress(instanceId: string): readonly number[] {
    return [...(this.ingress.get(instanceId) ?? [])];
  }

  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    if (!this.ctx.live(instanceId)) return false;
    let ports = this.ingress.get(instanceId);
    if (!ports) this.ingress.set(instanceId, (ports = new Set()));
    if (ports.has(port)) return false;
    ports.add(port);
    this.ctx.emit("ingress.opened", actor, { instanceId, port, cidr: "0.0.0.0/0" }, cause);
    return true;
  }

  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    const ports = this.ingress.get(instanceId);
    if (!ports?.has(port) || this.ctx.faulted("RevokeSecurityGroupIngress", actor)) return false;
    ports.delete(port);
    this.ctx.emit("ingress.revoked", actor, { instanceId, port, cidr: "0.0.0.0/0" }, cause);
    return true;
  }

  /** Forgets the rules of a terminated instance. */
  forget(instanceId: string): void {
    this.ingress.delete(instanceId);
  }

  attemptEgress(instanceId: string, destination: string, actor: string, cause?: number): boolean {
    return decideOn(
      this.ctx,
      instanceId,
      (instance) => this.ctx.policies().egress?.(instance, destination),
      (instance, decision) =>
        this.ctx.emit(
          "egress.attempted",
          actor,
          { instanceId, ...typeOf(instance), destination, outcome: decision.allow ? "allowed" : "denied", reason: decision.reason },
          cause,
        ),
    );
  }
}
