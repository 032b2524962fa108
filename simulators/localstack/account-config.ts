import type { AccountContext } from "./account-context.ts";
import { TAG } from "./tags.ts";

/**
 * Configuration an account world can show: the `cattleprod:config` tag on the instance (the version the instance
 * runs; a drift writes another version there, re-applying writes the desired one back). A tool reads it with
 * DescribeInstances or DescribeTags. The desired version stays in the model.
 */
export class AccountConfig {
  constructor(private readonly ctx: AccountContext) {}

  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean {
    const instance = this.ctx.table.live(instanceId);
    if (!instance || instance.actualConfig === version || this.ctx.faulted("SendCommand", actor)) return false;
    const from = instance.actualConfig;
    instance.actualConfig = version;
    this.tagConfig(instanceId, version, "config.drifted", actor, cause, from);
    return true;
  }

  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.ctx.table.live(instanceId);
    if (!instance || instance.actualConfig === instance.desiredConfig || this.ctx.faulted("SendCommand", actor)) return false;
    const from = instance.actualConfig;
    instance.actualConfig = instance.desiredConfig;
    this.tagConfig(instanceId, instance.desiredConfig, "config.applied", actor, cause, from);
    return true;
  }

  private tagConfig(
    instanceId: string,
    version: string,
    serves: "config.drifted" | "config.applied",
    actor: string,
    cause: number | undefined,
    from: string,
  ): void {
    this.ctx.write(
      {
        operation: "CreateTags",
        resource: instanceId,
        serves,
        observable: "config",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "config", modelId: instanceId, value: version },
        detail: { from },
      },
      {
        touches: { instances: [instanceId] },
        run: async () => {
          const ec2Id = this.ctx.ec2ByModel.get(instanceId);
          if (ec2Id) await this.ctx.api.tag([ec2Id], { [TAG.config]: version });
        },
      },
    );
  }
}
