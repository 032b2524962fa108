import {
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { CreateLaunchTemplateCommand, DeleteLaunchTemplateCommand, DescribeLaunchTemplatesCommand } from "@aws-sdk/client-ec2";
import type { GroupSpec, Image } from "../../core/index.ts";
import type { AccountContext } from "./account-context.ts";
import type { AwsApi } from "./aws-api.ts";
import { TAG, tagList } from "./tags.ts";

/** What an Auto Scaling group backing a scenario's group is made of. */
export interface GroupAsg {
  readonly name: string;
  readonly amiId: string;
  /** Availability zones, e.g. `us-east-1a`. */
  readonly zones: readonly string[];
  readonly capacity: number;
  /** Tags on the group, launch template and (propagated) every instance it launches. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Backs a group with an Auto Scaling group: a launch template of the group's image, tagged like cattleprod's own
 * launches, and a group of that capacity that keeps it (on LocalStack through cattleprod's Auto Scaling plugin).
 * The instances it launches are the account's: they reach the history as launches by `external/<name>`.
 */
export async function createGroupAsg(api: AwsApi, asg: GroupAsg): Promise<void> {
  await api.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: asg.name,
      LaunchTemplateData: {
        ImageId: asg.amiId,
        InstanceType: "t3.micro",
        TagSpecifications: [{ ResourceType: "instance", Tags: tagList(asg.tags) }],
      },
      TagSpecifications: [{ ResourceType: "launch-template", Tags: tagList(asg.tags) }],
    }),
  );
  await api.autoscaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: asg.name,
      LaunchTemplate: { LaunchTemplateName: asg.name, Version: "$Latest" },
      MinSize: asg.capacity,
      MaxSize: asg.capacity * 2,
      DesiredCapacity: asg.capacity,
      AvailabilityZones: [...asg.zones],
      Tags: Object.entries(asg.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
    }),
  );
}

/**
 * Queues the Auto Scaling group of a group declared `autoScaling: true` (named `<scenario run>-<group>`), created with
 * the account's clock set back by the group's initial age. Its instances reach the history as the account's launches.
 */
export function queueGroupAsg(ctx: AccountContext, group: GroupSpec, image: Image): void {
  const name = `${ctx.scenarioRunId}-${group.name}`.replace(/[^A-Za-z0-9_.-]/g, "-");
  const zones = group.zones.flatMap((zone) => ctx.availabilityZone(zone) ?? []);
  ctx.queue({
    operation: "CreateAutoScalingGroup",
    intents: [],
    stampMs: -group.initialAgeMs,
    touches: {},
    run: () =>
      createGroupAsg(ctx.api, {
        name,
        amiId: ctx.amiByImage.get(image.id) ?? image.id,
        zones: zones.length > 0 ? zones : [`${ctx.api.target.region}a`],
        capacity: group.capacity,
        tags: ctx.scopeTags({ [TAG.group]: group.name, [TAG.vmType]: group.vmType, [TAG.config]: "v1" }),
      }),
  });
}

/**
 * Removes the Auto Scaling groups (and launch templates) cattleprod created, of one run or of all: scaled to zero
 * and deleted first, so no group launches replacements for the instances a sweep terminates next. Returns their names.
 */
export async function sweepGroupAsgs(api: AwsApi, runId?: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await api.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({
        Filters: [runId === undefined ? { Name: "tag-key", Values: [TAG.creator] } : { Name: `tag:${TAG.creator}`, Values: [runId] }],
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const group of page.AutoScalingGroups ?? []) if (group.AutoScalingGroupName) names.push(group.AutoScalingGroupName);
    token = page.NextToken;
  } while (token);
  for (const name of names) {
    await api.autoscaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, MinSize: 0, MaxSize: 0, DesiredCapacity: 0 }),
    );
    await api.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }));
  }
  const templates = await api.ec2.send(
    new DescribeLaunchTemplatesCommand({
      Filters: [runId === undefined ? { Name: "tag-key", Values: [TAG.creator] } : { Name: `tag:${TAG.creator}`, Values: [runId] }],
    }),
  );
  for (const template of templates.LaunchTemplates ?? [])
    if (template.LaunchTemplateId) await api.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: template.LaunchTemplateId }));
  return names;
}

/**
 * Waits (wall clock, at most `maxWallMs`) until every Auto Scaling group of a scenario run has as many pending or
 * running instances as its desired capacity: the account's own automation catching up while the virtual clock waits.
 * Returns whether it did.
 */
export async function awaitGroupCapacity(api: AwsApi, scenarioRunId: string, maxWallMs: number): Promise<boolean> {
  const deadline = Date.now() + maxWallMs;
  for (;;) {
    const page = await api.autoscaling.send(
      new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: `tag:${TAG.scenarioRun}`, Values: [scenarioRunId] }] }),
    );
    const groups = page.AutoScalingGroups ?? [];
    if (groups.length === 0) return true;
    const live = (await api.describeTagged(TAG.scenarioRun, scenarioRunId)).instances.filter(
      (i) => i.state === "pending" || i.state === "running",
    );
    const short = groups.some((g) => live.filter((i) => i.tags[TAG.asgName] === g.AutoScalingGroupName).length < (g.DesiredCapacity ?? 0));
    if (!short) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
