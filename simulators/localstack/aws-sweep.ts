import {
  DeleteKeyPairCommand,
  DeleteSecurityGroupCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type Filter,
} from "@aws-sdk/client-ec2";
import { DeleteParametersCommand, GetParametersByPathCommand } from "@aws-sdk/client-ssm";
import type { AwsApi } from "./aws-api.ts";
import { sweepGroupAsgs } from "./auto-scaling.ts";
import { TAG } from "./tags.ts";

/** What a sweep removed. */
export interface SweepResult {
  readonly autoScalingGroups: number;
  readonly instances: number;
  readonly securityGroups: number;
  readonly keyPairs: number;
  readonly images: number;
  readonly parameters: number;
}

/** True when a sweep removed nothing (a second sweep after a complete one). */
export function sweptNothing(result: SweepResult): boolean {
  return Object.values(result).every((count) => count === 0);
}

/**
 * Deletes what cattleprod created, of one run (`runId`) or of every run: first the Auto Scaling groups it created
 * (scaled to zero and deleted, so none launches replacements), then the instances carrying its creator tag
 * (`cattleprod:creator`; adopted instances of `--platform external` carry the run id but not that tag and are
 * never touched), then its security groups, key pairs, images and the parameters under `/cattleprod/<run>/`.
 * Works after a run that was killed midway: it needs only the tags. A second sweep finds nothing.
 */
export async function sweep(api: AwsApi, runId?: string): Promise<SweepResult> {
  const byCreator: Filter =
    runId === undefined ? { Name: "tag-key", Values: [TAG.creator] } : { Name: `tag:${TAG.creator}`, Values: [runId] };
  const byRun: Filter = runId === undefined ? { Name: "tag-key", Values: [TAG.runId] } : { Name: `tag:${TAG.runId}`, Values: [runId] };
  const autoScalingGroups = (await sweepGroupAsgs(api, runId)).length;
  const { instances } = await api.describeTagged(TAG.creator, runId);
  const live = instances.filter((i) => i.state !== "terminated" && i.state !== "shutting-down").map((i) => i.ec2Id);
  if (live.length > 0) await api.terminate(live);

  const groups = await api.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [byRun] }));
  let securityGroups = 0;
  for (const group of groups.SecurityGroups ?? []) {
    if (!group.GroupId) continue;
    await api.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
    securityGroups++;
  }
  const keys = await api.ec2.send(new DescribeKeyPairsCommand({ Filters: [byRun] }));
  let keyPairs = 0;
  for (const key of keys.KeyPairs ?? []) {
    if (!key.KeyName) continue;
    await api.ec2.send(new DeleteKeyPairCommand({ KeyName: key.KeyName }));
    keyPairs++;
  }
  const images = await api.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [byCreator] }));
  let imageCount = 0;
  for (const image of images.Images ?? []) {
    if (!image.ImageId) continue;
    await api.ec2.send(new DeregisterImageCommand({ ImageId: image.ImageId }));
    imageCount++;
  }
  // Delete page by page from the start: paging on while deleting would skip entries.
  let parameters = 0;
  for (;;) {
    const page = await api.ssm.send(
      new GetParametersByPathCommand({
        Path: runId === undefined ? "/cattleprod/" : `/cattleprod/${runId}/`,
        Recursive: true,
        MaxResults: 10,
      }),
    );
    const names = (page.Parameters ?? []).map((p) => p.Name).filter((n): n is string => n !== undefined);
    if (names.length === 0) break;
    await api.ssm.send(new DeleteParametersCommand({ Names: names }));
    parameters += names.length;
  }
  return { autoScalingGroups, instances: live.length, securityGroups, keyPairs, images: imageCount, parameters };
}
