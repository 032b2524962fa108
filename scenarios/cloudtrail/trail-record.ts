// The parts of CloudTrail's record structure the importer reads, and small accessors for its `{ items: [...] }` lists.

/** A JSON value as a CloudTrail record carries it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** `userIdentity` of a CloudTrail record (the fields the importer reads). */
export interface UserIdentity {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  readonly sessionContext?: { readonly sessionIssuer?: { readonly arn?: string; readonly userName?: string } };
}

/** One CloudTrail record (eventVersion 1.0x): the management event of one API call. */
export interface TrailRecord {
  readonly eventVersion?: string;
  readonly userIdentity?: UserIdentity;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly requestParameters?: { readonly [key: string]: Json } | null;
  readonly responseElements?: { readonly [key: string]: Json } | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly requestID?: string;
  readonly eventID?: string;
  readonly readOnly?: boolean;
  readonly eventType?: string;
}

/** A record read from an input file, with where it came from and its time in milliseconds. */
export interface TrailEvent {
  /** The file as given on the command line (or found in a given folder). */
  readonly file: string;
  /** Where in the file: `Records[3]`, `Events[0].CloudTrailEvent`, `line 7`. */
  readonly where: string;
  /** Position among all records read, for a stable order of events with the same time. */
  readonly order: number;
  readonly timeMs: number;
  readonly record: TrailRecord;
}

/** One instance as `aws ec2 describe-instances` lists it (the fields the importer reads). */
export interface InventoryInstance {
  readonly file: string;
  readonly where: string;
  readonly instanceId: string;
  readonly imageId?: string;
  readonly zone?: string;
  readonly launchMs?: number;
  readonly state?: string;
  readonly tags: ReadonlyMap<string, string>;
  readonly securityGroups: readonly string[];
}

type Obj = { readonly [key: string]: Json };

/** `value` when it is a JSON object, else undefined. */
export function obj(value: Json | undefined): Obj | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

/** `value` when it is a string, else undefined. */
export function str(value: Json | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The elements of CloudTrail's `{ "items": [...] }` lists (a plain array is accepted too). */
export function items(value: Json | undefined): Obj[] {
  const list = Array.isArray(value) ? value : obj(value)?.["items"];
  return Array.isArray(list) ? list.flatMap((item) => (obj(item) ? [obj(item) as Obj] : [])) : [];
}

/** The key/value pairs of a CloudTrail tag list (`[{ key, value }]`, or `{ items: [...] }`). */
export function tagPairs(value: Json | undefined): [string, string][] {
  return items(value).flatMap((tag) => {
    const key = str(tag["key"] ?? tag["Key"]);
    return key === undefined ? [] : [[key, str(tag["value"] ?? tag["Value"]) ?? ""] as [string, string]];
  });
}

/** The request parameters of a record (an empty object when CloudTrail logged none). */
export function request(record: TrailRecord): Obj {
  return record.requestParameters ?? {};
}

/** The response elements of a record (an empty object when CloudTrail logged none). */
export function response(record: TrailRecord): Obj {
  return record.responseElements ?? {};
}
