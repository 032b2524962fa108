import type { AccountContext, Touches } from "./account-context.ts";
import type { ObservedImage, ObservedInstance } from "./aws-api.ts";
import { TAG } from "./tags.ts";

/** What one round of reads saw. Sets say what was read, so an absence there means absent in the account. */
export interface Snapshot {
  readonly full: boolean;
  readonly instances: Map<string, ObservedInstance>;
  /** EC2 ids described by id: not in `instances` means the account no longer has them. */
  readonly described: Set<string>;
  /** World-open ports per EC2 id, for instances whose security groups were read. */
  readonly ports: Map<string, readonly number[]>;
  readonly images: Map<string, ObservedImage>;
  readonly parameters: Map<string, string>;
  readonly parametersRead: Set<string>;
  /** The API calls made, for the facts' `observed.call`. */
  readonly calls: Set<string>;
}

/**
 * Reads from the account what a round of writes touched (targeted reads: cost grows with writes, not with the
 * fleet), or everything of the scenario run (a full poll, which sees what anyone else changed). A read that
 * fails after the SDK's retries is recorded as `api.fault` and leaves that kind of resource unread this round.
 */
export async function readAccount(ctx: AccountContext, touches: Touches, full: boolean, onFault: (call: string, error: Error) => void) {
  const snap: Snapshot = {
    full,
    instances: new Map(),
    described: new Set(),
    ports: new Map(),
    images: new Map(),
    parameters: new Map(),
    parametersRead: new Set(),
    calls: new Set(),
  };
  const attempt = async (call: string, read: () => Promise<void>): Promise<void> => {
    try {
      await read();
      snap.calls.add(call);
    } catch (error) {
      onFault(call, error as Error);
    }
  };

  await attempt("DescribeInstances", async () => {
    if (full) {
      const scope = ctx.external ? ([TAG.runId, ctx.runId] as const) : ([TAG.scenarioRun, ctx.scenarioRunId] as const);
      for (const instance of (await ctx.api.describeTagged(scope[0], scope[1])).instances) snap.instances.set(instance.ec2Id, instance);
      // Live instances the tag read did not return (a tag removed, an instance gone): described by id.
      const missing = [...ctx.known.values()].filter((k) => k.state !== "terminated" && !snap.instances.has(k.ec2Id)).map((k) => k.ec2Id);
      await describeById(ctx, missing, snap);
    } else {
      const ids = (touches.instances ?? []).flatMap((id) => ctx.ec2ByModel.get(id) ?? []);
      await describeById(ctx, [...new Set(ids)], snap);
    }
  });

  const portsFor = full
    ? [...snap.instances.values()].filter((i) => i.state !== "terminated").map((i) => i.ec2Id)
    : (touches.ingress ?? []).flatMap((id) => ctx.ec2ByModel.get(id) ?? []).filter((id) => snap.instances.has(id));
  if (portsFor.length > 0)
    await attempt("DescribeSecurityGroups", async () => {
      const groups = [...new Set(portsFor.flatMap((id) => snap.instances.get(id)?.securityGroups ?? []))];
      const open = groups.length > 0 ? await ctx.api.describeOpenPorts(groups) : new Map<string, readonly number[]>();
      for (const [group, ports] of open) ctx.groupPorts.set(group, ports);
      for (const id of portsFor) {
        const ports = new Set((snap.instances.get(id)?.securityGroups ?? []).flatMap((group) => open.get(group) ?? []));
        snap.ports.set(
          id,
          [...ports].sort((a, b) => a - b),
        );
      }
    });

  const amis = full ? undefined : (touches.images ?? []).flatMap((id) => ctx.amiByImage.get(id) ?? []);
  if (full || (amis && amis.length > 0))
    await attempt("DescribeImages", async () => {
      const images = full
        ? await ctx.api.describeImages({ tagKey: TAG.scenarioRun, tagValue: ctx.scenarioRunId })
        : await ctx.api.describeImages({ ids: [...new Set(amis)] });
      for (const image of images) snap.images.set(image.amiId, image);
    });

  const names = full ? undefined : [...new Set(touches.parameters ?? [])];
  if (full || (names && names.length > 0))
    await attempt(full ? "GetParametersByPath" : "GetParameters", async () => {
      const values = full ? await ctx.api.getParametersByPath(ctx.parameterPrefix) : await ctx.api.getParameters(names ?? []);
      for (const [name, value] of values) snap.parameters.set(name, value);
      for (const name of names ?? ctx.spec.groups.map((g) => ctx.parameterOf(g.name))) snap.parametersRead.add(name);
    });
  return snap;
}

async function describeById(ctx: AccountContext, ec2Ids: readonly string[], snap: Snapshot): Promise<void> {
  if (ec2Ids.length === 0) return;
  for (const instance of await ctx.api.describeInstances(ec2Ids)) snap.instances.set(instance.ec2Id, instance);
  for (const id of ec2Ids) snap.described.add(id);
}
