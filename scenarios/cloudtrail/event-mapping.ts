import type { ChaosActionName } from "../../core/index.ts";
import { authorizeIngress, sendSshPublicKey, startSession } from "./access-mappers.ts";
import { changeTags, modifyInstanceAttribute, startInstances, stopInstances, terminateInstances } from "./instance-mappers.ts";
import { registerImage, runInstances } from "./launch-mappers.ts";
import type { Mapper } from "./map-context.ts";

/** One row of the event-to-step table: the API call, the chaos it becomes, and how. */
export interface EventMappingRow {
  readonly source: string;
  readonly name: string;
  /** The chaos actions it may become (RunInstances becomes one of three). */
  readonly actions: readonly ChaosActionName[];
  readonly map: Mapper;
}

const EC2 = "ec2.amazonaws.com";

/**
 * The event-to-step table: every CloudTrail event the importer turns into chaos when a person (not the platform)
 * made the call. Every other event in the window becomes a comment with its name and time.
 */
export const EVENT_MAPPINGS: readonly EventMappingRow[] = [
  { source: EC2, name: "TerminateInstances", actions: ["kill"], map: terminateInstances },
  { source: EC2, name: "StopInstances", actions: ["stop-start"], map: stopInstances },
  { source: EC2, name: "StartInstances", actions: ["stop-start"], map: startInstances },
  { source: EC2, name: "AuthorizeSecurityGroupIngress", actions: ["open-ingress"], map: authorizeIngress },
  { source: EC2, name: "RunInstances", actions: ["untagged-launch", "rogue-image", "manual-launch"], map: runInstances },
  { source: "ec2-instance-connect.amazonaws.com", name: "SendSSHPublicKey", actions: ["key-injection"], map: sendSshPublicKey },
  { source: "ssm.amazonaws.com", name: "StartSession", actions: ["login"], map: startSession },
  { source: EC2, name: "CreateTags", actions: ["drift"], map: changeTags },
  { source: EC2, name: "DeleteTags", actions: ["drift"], map: changeTags },
  { source: EC2, name: "ModifyInstanceAttribute", actions: ["drift"], map: modifyInstanceAttribute },
  { source: EC2, name: "RegisterImage", actions: ["image-release"], map: registerImage },
  { source: EC2, name: "CreateImage", actions: ["image-release"], map: registerImage },
];

const BY_KEY = new Map(EVENT_MAPPINGS.map((row) => [`${row.source} ${row.name}`, row]));

/** The table row for an event source and name, if the importer maps it. */
export function mappingFor(source: string, name: string): EventMappingRow | undefined {
  return BY_KEY.get(`${source} ${name}`);
}
