import type { AccountContext } from "./account-context.ts";

/**
 * World-open ingress in an account world: each instance gets a security group of its own on its first open
 * rule, attached to it beside the groups it already has; rules open and close there. The observer reads the
 * rules of every group attached to the instance, so a rule revoked or a group detached by anyone is seen.
 */
export class AccountIngress {
  constructor(private readonly ctx: AccountContext) {}

  publicIngress(instanceId: string): readonly number[] {
    return [...(this.ctx.ports.get(instanceId) ?? [])];
  }

  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    if (!this.ctx.table.live(instanceId)) return false;
    let ports = this.ctx.ports.get(instanceId);
    if (!ports) this.ctx.ports.set(instanceId, (ports = new Set()));
    if (ports.has(port)) return false;
    ports.add(port);
    this.ctx.write(
      {
        operation: "AuthorizeSecurityGroupIngress",
        resource: `${instanceId}:${port}`,
        serves: "ingress.opened",
        observable: "ingress",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "port", modelId: instanceId, port, open: true },
      },
      {
        touches: { instances: [instanceId], ingress: [instanceId] },
        run: async () => {
          const ec2Id = this.ctx.ec2ByModel.get(instanceId);
          if (!ec2Id) return;
          await this.ctx.api.openWorld(await this.ownGroup(instanceId, ec2Id), port);
        },
      },
    );
    return true;
  }

  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    const ports = this.ctx.ports.get(instanceId);
    if (!ports?.has(port) || this.ctx.faulted("RevokeSecurityGroupIngress", actor)) return false;
    ports.delete(port);
    this.ctx.write(
      {
        operation: "RevokeSecurityGroupIngress",
        resource: `${instanceId}:${port}`,
        serves: "ingress.revoked",
        observable: "ingress",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "port", modelId: instanceId, port, open: false },
      },
      {
        touches: { instances: [instanceId], ingress: [instanceId] },
        run: async () => {
          const ec2Id = this.ctx.ec2ByModel.get(instanceId);
          const attached = (ec2Id && this.ctx.known.get(ec2Id)?.securityGroups) || [];
          // Close the port wherever it is open on the instance: its own group or any other attached one.
          const holding = attached.filter((group) => this.ctx.groupPorts.get(group)?.includes(port));
          const own = this.ctx.ownGroup.get(instanceId);
          for (const group of holding.length > 0 ? holding : own ? [own] : []) await this.ctx.api.closeWorld(group, port);
        },
      },
    );
    return true;
  }

  /** The instance's own security group, created and attached (beside its other groups) on first use. */
  private async ownGroup(instanceId: string, ec2Id: string): Promise<string> {
    const existing = this.ctx.ownGroup.get(instanceId);
    if (existing) return existing;
    const groupId = await this.ctx.api.createSecurityGroup(`cp-${this.ctx.scenarioRunId}-${instanceId}`, this.ctx.scopeTags());
    this.ctx.ownGroup.set(instanceId, groupId);
    const attached = this.ctx.known.get(ec2Id)?.securityGroups ?? [];
    await this.ctx.api.attachGroups(ec2Id, [...new Set([...attached, groupId])]);
    return groupId;
  }
}
