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
import { TAG, type AwsApi } from "./aws-api.ts";

/** What a sweep removed. */
export interface SweepResult {
  readonly instances: number;
  readonly securityGroups: number;
  readonly keyPairs: number;
  readonly images: number;
  readonly parameters: number;
}

/**
 * Deletes everything cattleprod created: resources tagged `cattleprod:run-id` (equal to
 * `runId` when given) and SSM parameters under `/cattleprod/<runId>/`. Touches nothing else.
 * Works after a run that was killed midway: it needs only the tags.
 */
export async function sweep(api: AwsApi, runId?: string): Promise<SweepResult> {
  const filter: Filter = runId === undefined ? { Name: "tag-key", Values: [TAG.runId] } : { Name: `tag:${TAG.runId}`, Values: [runId] };
  const { instances } = await api.describeTagged(TAG.runId, runId);
  const live = instances.filter((i) => i.state !== "terminated" && i.tags[TAG.runId] !== undefined).map((i) => i.ec2Id);
  if (live.length > 0) await api.terminate(live);

  const groups = await api.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [filter] }));
  let securityGroups = 0;
  for (const group of groups.SecurityGroups ?? []) {
    if (!group.GroupId) continue;
    await api.ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId }));
    securityGroups++;
  }
  const keys = await api.ec2.send(new DescribeKeyPairsCommand({ Filters: [filter] }));
  let keyPairs = 0;
  for (const key of keys.KeyPairs ?? []) {
    if (!key.KeyName) continue;
    await api.ec2.send(new DeleteKeyPairCommand({ KeyName: key.KeyName }));
    keyPairs++;
  }
  const images = await api.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [filter] }));
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
  return { instances: live.length, securityGroups, keyPairs, images: imageCount, parameters };
}
