import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RegisterImageCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Filter,
  type Image as Ec2Image,
  type Instance as Ec2Instance,
} from "@aws-sdk/client-ec2";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { InitializeMiddleware } from "@smithy/types";
import { TAG, tagList, tagRecord } from "./tags.ts";

export { TAG } from "./tags.ts";

/** Where and as whom to call the AWS API. */
export interface AwsTarget {
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** SDK attempts per call (throttling and 5xx are retried with backoff). Default 10. */
  readonly maxAttempts?: number;
}

/** One instance as DescribeInstances reports it, reduced to what cattleprod reads. */
export interface ObservedInstance {
  readonly ec2Id: string;
  readonly modelId: string | undefined;
  readonly state: string;
  /** The AMI the instance was launched from. */
  readonly imageId: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Availability zone, e.g. `us-east-1b`. */
  readonly zone: string;
  /** Security groups attached to the instance. */
  readonly securityGroups: readonly string[];
  /** `LaunchTime` (epoch ms): AWS moves it when a stopped instance starts. */
  readonly launchTimeMs: number;
  /** The root volume's `AttachTime` (epoch ms), which survives stop/start; undefined when none is reported. */
  readonly attachTimeMs: number | undefined;
}

/** One AMI as DescribeImages reports it. */
export interface ObservedImage {
  readonly amiId: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** World-open (0.0.0.0/0 or ::/0) TCP ports of one security group. */
export type OpenPorts = ReadonlyMap<string, readonly number[]>;

/**
 * The AWS calls cattleprod makes, through @aws-sdk v3 clients, counted per operation. Reads batch by id (touched
 * resources) or paginate by tag (full polls); terminations and tags batch, so calls grow with pages and writes,
 * not with instances.
 */
export class AwsApi {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly sts: STSClient;
  readonly autoscaling: AutoScalingClient;
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
    this.autoscaling = new AutoScalingClient(config);
    for (const client of [this.ec2, this.ssm, this.sts, this.autoscaling]) this.count(client);
  }

  /** Counts every call a client makes (each SDK attempt of a call counts once) by operation name. */
  private count(client: EC2Client | SSMClient | STSClient | AutoScalingClient): void {
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

  /** Calls since `before` (a copy of `calls` taken earlier), per operation and in total. */
  callsSince(before: ReadonlyMap<string, number>): { calls: Record<string, number>; totalCalls: number } {
    const calls: Record<string, number> = {};
    let totalCalls = 0;
    for (const [operation, count] of this.calls) {
      const own = count - (before.get(operation) ?? 0);
      if (own > 0) calls[operation] = own;
      totalCalls += own;
    }
    return { calls, totalCalls };
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

  // ---- writes ---------------------------------------------------------------------------------

  async runInstance(options: { imageId: string; tags: Record<string, string>; zone?: string }): Promise<string> {
    const out = await this.ec2.send(
      new RunInstancesCommand({
        ImageId: options.imageId,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: "t3.micro",
        ...(options.zone ? { Placement: { AvailabilityZone: options.zone } } : {}),
        TagSpecifications: [{ ResourceType: "instance", Tags: tagList(options.tags) }],
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
      await this.ec2.send(new CreateTagsCommand({ Resources: resourceIds.slice(i, i + 500), Tags: tagList(tags) }));
  }

  async untag(resourceIds: readonly string[], keys: readonly string[]): Promise<void> {
    await this.ec2.send(new DeleteTagsCommand({ Resources: [...resourceIds], Tags: keys.map((Key) => ({ Key })) }));
  }

  async registerImage(name: string, tags: Record<string, string>): Promise<string> {
    const out = await this.ec2.send(
      new RegisterImageCommand({
        Name: name,
        RootDeviceName: "/dev/sda1",
        Architecture: "x86_64",
        VirtualizationType: "hvm",
        TagSpecifications: [{ ResourceType: "image", Tags: tagList(tags) }],
      }),
    );
    if (!out.ImageId) throw new Error("RegisterImage returned no image id");
    // LocalStack ignores TagSpecifications on RegisterImage: tag explicitly so the observer and sweep find it.
    await this.tag([out.ImageId], tags);
    return out.ImageId;
  }

  async createSecurityGroup(name: string, tags: Record<string, string>): Promise<string> {
    const out = await this.ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: name,
        Description: "cattleprod: ingress rules of one instance",
        TagSpecifications: [{ ResourceType: "security-group", Tags: tagList(tags) }],
      }),
    );
    return out.GroupId as string;
  }

  /** Sets the security groups attached to an instance (ModifyInstanceAttribute Groups). */
  async attachGroups(ec2Id: string, groupIds: readonly string[]): Promise<void> {
    await this.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ec2Id, Groups: [...groupIds] }));
  }

  async openWorld(groupId: string, port: number): Promise<void> {
    await this.ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [worldRule(port)] }));
  }

  async closeWorld(groupId: string, port: number): Promise<void> {
    await this.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [worldRule(port)] }));
  }

  async putParameter(name: string, value: string): Promise<void> {
    await this.ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }));
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** The instances with these ids (one call per 100 ids); ids the account no longer knows are left out. */
  async describeInstances(ec2Ids: readonly string[]): Promise<ObservedInstance[]> {
    const out: ObservedInstance[] = [];
    for (let i = 0; i < ec2Ids.length; i += 100) {
      const ids = ec2Ids.slice(i, i + 100);
      const page = await this.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-id", Values: ids }] }));
      for (const reservation of page.Reservations ?? []) for (const instance of reservation.Instances ?? []) out.push(observe(instance));
    }
    return out;
  }

  /** Every instance carrying `tagKey` (= `tagValue` when given), page by page. */
  async describeTagged(tagKey: string, tagValue?: string, pageSize = 100): Promise<{ instances: ObservedInstance[]; pages: number }> {
    const instances: ObservedInstance[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await this.ec2.send(
        new DescribeInstancesCommand({
          Filters: [tagFilter(tagKey, tagValue)],
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

  /** The world-open TCP ports of each of these security groups (one call per 200 groups). */
  async describeOpenPorts(groupIds: readonly string[]): Promise<OpenPorts> {
    const out = new Map<string, number[]>();
    for (let i = 0; i < groupIds.length; i += 200) {
      const page = await this.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds.slice(i, i + 200) }));
      for (const group of page.SecurityGroups ?? []) {
        const ports: number[] = [];
        for (const permission of group.IpPermissions ?? []) {
          const world =
            (permission.IpRanges ?? []).some((r) => r.CidrIp === "0.0.0.0/0") ||
            (permission.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === "::/0");
          if (!world || (permission.IpProtocol !== "tcp" && permission.IpProtocol !== "-1")) continue;
          const from = permission.FromPort ?? 0;
          const to = permission.ToPort ?? 65_535;
          for (const port of [22, 3389]) if (port >= from && port <= to) ports.push(port);
        }
        out.set(
          group.GroupId ?? "",
          [...new Set(ports)].sort((a, b) => a - b),
        );
      }
    }
    return out;
  }

  /** AMIs by id (one call per 100), or every AMI of this account carrying `tagKey = tagValue`. */
  async describeImages(query: { ids: readonly string[] } | { tagKey: string; tagValue: string }): Promise<ObservedImage[]> {
    const out: ObservedImage[] = [];
    if ("ids" in query) {
      for (let i = 0; i < query.ids.length; i += 100) {
        const page = await this.ec2.send(new DescribeImagesCommand({ ImageIds: query.ids.slice(i, i + 100) }));
        out.push(...(page.Images ?? []).map(observeImage));
      }
      return out;
    }
    const page = await this.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: [tagFilter(query.tagKey, query.tagValue)] }));
    return (page.Images ?? []).map(observeImage);
  }

  /** Values of these SSM parameters (one call per 10); missing ones are left out. */
  async getParameters(names: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < names.length; i += 10) {
      const page = await this.ssm.send(new GetParametersCommand({ Names: names.slice(i, i + 10) }));
      for (const parameter of page.Parameters ?? []) if (parameter.Name) out.set(parameter.Name, parameter.Value ?? "");
    }
    return out;
  }

  /** Every parameter under `path`, page by page. */
  async getParametersByPath(path: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await this.ssm.send(
        new GetParametersByPathCommand({ Path: path, Recursive: true, ...(token ? { NextToken: token } : {}) }),
      );
      for (const parameter of page.Parameters ?? []) if (parameter.Name) out.set(parameter.Name, parameter.Value ?? "");
      token = page.NextToken;
    } while (token);
    return out;
  }
}

function tagFilter(key: string, value?: string): Filter {
  return value === undefined ? { Name: "tag-key", Values: [key] } : { Name: `tag:${key}`, Values: [value] };
}

function worldRule(port: number) {
  return { IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "world-open" }] };
}

function observe(instance: Ec2Instance): ObservedInstance {
  const tags = tagRecord(instance.Tags);
  const mappings = instance.BlockDeviceMappings ?? [];
  const root = mappings.find((m) => m.DeviceName === instance.RootDeviceName) ?? mappings[0];
  const attach = root?.Ebs?.AttachTime;
  return {
    ec2Id: instance.InstanceId ?? "",
    modelId: tags[TAG.id],
    state: instance.State?.Name ?? "unknown",
    imageId: instance.ImageId ?? "",
    tags,
    zone: instance.Placement?.AvailabilityZone ?? "",
    securityGroups: (instance.SecurityGroups ?? []).map((g) => g.GroupId ?? "").filter((id) => id !== ""),
    launchTimeMs: instance.LaunchTime?.getTime() ?? 0,
    attachTimeMs: attach?.getTime(),
  };
}

function observeImage(image: Ec2Image): ObservedImage {
  return { amiId: image.ImageId ?? "", name: image.Name ?? "", tags: tagRecord(image.Tags) };
}
