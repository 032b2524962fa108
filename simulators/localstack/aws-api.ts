import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  EC2Client,
  ImportKeyPairCommand,
  RegisterImageCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Instance as Ec2Instance,
  type Tag,
} from "@aws-sdk/client-ec2";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { InitializeMiddleware } from "@smithy/types";

/** Where and as whom to call the AWS API. */
export interface AwsTarget {
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per call (throttling and 5xx are retried with backoff). Default 10. */
  readonly maxAttempts?: number;
}

/** Tag keys cattleprod puts on everything it creates. */
export const TAG = {
  runId: "cattleprod:run-id",
  scenarioRun: "cattleprod:scenario-run",
  id: "cattleprod:id",
  vmType: "cattleprod:vm-type",
  group: "cattleprod:group",
  createdAt: "cattleprod:created-at",
  config: "cattleprod:config",
  patchLevel: "cattleprod:patch-level",
  tainted: "cattleprod:tainted",
  haRole: "cattleprod:ha-role",
  health: "cattleprod:health",
  image: "cattleprod:image",
  stage: "cattleprod:stage",
  builtBy: "cattleprod:built-by",
  imageStatus: "cattleprod:image-status",
} as const;

/** One instance as DescribeInstances reports it, reduced to what cattleprod reads. */
export interface ObservedInstance {
  readonly ec2Id: string;
  readonly modelId: string | undefined;
  readonly state: string;
  /** The AMI the instance was launched from. */
  readonly imageId: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The AWS calls cattleprod makes, through @aws-sdk v3 clients, counted per operation. Describe
 * calls paginate; terminations and tags batch, so calls grow with pages, not with instances.
 */
export class AwsApi {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly sts: STSClient;
  readonly calls = new Map<string, number>();

  constructor(readonly target: AwsTarget) {
    const config = {
      region: target.region,
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      ...(target.credentials ? { credentials: target.credentials } : {}),
      maxAttempts: target.maxAttempts ?? 10,
      retryMode: "standard" as const,
    };
    this.ec2 = new EC2Client(config);
    this.ssm = new SSMClient(config);
    this.sts = new STSClient(config);
    for (const client of [this.ec2, this.ssm, this.sts]) this.count(client);
  }

  /** Counts every call a client makes (each SDK attempt of a call counts once) by operation name. */
  private count(client: EC2Client | SSMClient | STSClient): void {
    const stack = client.middlewareStack as unknown as {
      add(middleware: InitializeMiddleware<object, object>, options: { step: "initialize"; name: string }): void;
    };
    stack.add(
      (next, context) => async (args) => {
        const name = (context.commandName ?? "Unknown").replace(/Command$/, "");
        this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: "initialize", name: "cattleprodCallCounter" },
    );
  }

  /** Total calls so far. */
  totalCalls(): number {
    let total = 0;
    for (const count of this.calls.values()) total += count;
    return total;
  }

  async callerAccount(): Promise<string> {
    const identity = await this.sts.send(new GetCallerIdentityCommand({}));
    return identity.Account ?? "";
  }

  async runInstance(imageId: string, tags: Record<string, string>, securityGroupIds: string[] = []): Promise<string> {
    const out = await this.ec2.send(
      new RunInstancesCommand({
        ImageId: imageId,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: "t3.micro",
        ...(securityGroupIds.length > 0 ? { SecurityGroupIds: securityGroupIds } : {}),
        TagSpecifications: [{ ResourceType: "instance", Tags: toTags(tags) }],
      }),
    );
    const id = out.Instances?.[0]?.InstanceId;
    if (!id) throw new Error("RunInstances returned no instance");
    return id;
  }

  async terminate(ec2Ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ec2Ids.length; i += 500)
      await this.ec2.send(new TerminateInstancesCommand({ InstanceIds: ec2Ids.slice(i, i + 500) }));
  }

  async stop(ec2Ids: readonly string[]): Promise<void> {
    await this.ec2.send(new StopInstancesCommand({ InstanceIds: [...ec2Ids] }));
  }

  async start(ec2Ids: readonly string[]): Promise<void> {
    await this.ec2.send(new StartInstancesCommand({ InstanceIds: [...ec2Ids] }));
  }

  /** Tags many resources with the same tags in one call per 500. */
  async tag(resourceIds: readonly string[], tags: Record<string, string>): Promise<void> {
    for (let i = 0; i < resourceIds.length; i += 500)
      await this.ec2.send(new CreateTagsCommand({ Resources: resourceIds.slice(i, i + 500), Tags: toTags(tags) }));
  }

  async registerImage(name: string, tags: Record<string, string>): Promise<string> {
    const out = await this.ec2.send(
      new RegisterImageCommand({
        Name: name,
        RootDeviceName: "/dev/xvda",
        Architecture: "x86_64",
        VirtualizationType: "hvm",
        TagSpecifications: [{ ResourceType: "image", Tags: toTags(tags) }],
      }),
    );
    if (!out.ImageId) throw new Error("RegisterImage returned no image id");
    // LocalStack ignores TagSpecifications on RegisterImage: tag explicitly so sweep finds it.
    await this.tag([out.ImageId], tags);
    return out.ImageId;
  }

  async securityGroup(name: string, tags: Record<string, string>): Promise<string> {
    const out = await this.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: name,
        Description: "cattleprod test fleet",
        TagSpecifications: [{ ResourceType: "security-group", Tags: toTags(tags) }],
      }),
    );
    return out.GroupId as string;
  }

  async openWorld(groupId: string, port: number): Promise<void> {
    await this.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [worldRule(port)] }));
  }

  async closeWorld(groupId: string, port: number): Promise<void> {
    await this.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [worldRule(port)] }));
  }

  async importKey(name: string, tags: Record<string, string>): Promise<void> {
    const publicKey = new TextEncoder().encode(
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmWmQ1Ik2T3rfdnXpYt1e6Pl1kYzv1bQ3i6tdcYmXk3 cattleprod-injected",
    );
    const out = await this.ec2.send(
      new ImportKeyPairCommand({
        KeyName: name,
        PublicKeyMaterial: publicKey,
        TagSpecifications: [{ ResourceType: "key-pair", Tags: toTags(tags) }],
      }),
    );
    if (out.KeyPairId) await this.tag([out.KeyPairId], tags);
  }

  async putParameter(name: string, value: string): Promise<void> {
    await this.ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }));
  }

  /** Every instance carrying `tagKey` (= `tagValue` when given), page by page. */
  async describeTagged(tagKey: string, tagValue?: string, pageSize = 100): Promise<{ instances: ObservedInstance[]; pages: number }> {
    const instances: ObservedInstance[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await this.ec2.send(
        new DescribeInstancesCommand({
          Filters: [tagValue === undefined ? { Name: "tag-key", Values: [tagKey] } : { Name: `tag:${tagKey}`, Values: [tagValue] }],
          MaxResults: pageSize,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      pages++;
      for (const reservation of out.Reservations ?? [])
        for (const instance of reservation.Instances ?? []) instances.push(observe(instance));
      token = out.NextToken;
    } while (token);
    return { instances, pages };
  }
}

function toTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function worldRule(port: number) {
  return { IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "opened by chaos" }] };
}

function observe(instance: Ec2Instance): ObservedInstance {
  const tags: Record<string, string> = {};
  for (const tag of instance.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? "";
  return {
    ec2Id: instance.InstanceId ?? "",
    modelId: tags[TAG.id],
    state: instance.State?.Name ?? "unknown",
    imageId: instance.ImageId ?? "",
    tags,
  };
}
