/**
 * Tag keys cattleprod puts on what it creates, and reads back. `runId` scopes a run (adopted instances of
 * `--platform external` carry it too); `creator` marks what cattleprod itself created, the only thing `sweep`
 * deletes; `scenarioRun` scopes one scenario of a run; `id` maps an EC2 instance to its model id.
 */
export const TAG = {
  runId: "cattleprod:run-id",
  creator: "cattleprod:creator",
  scenarioRun: "cattleprod:scenario-run",
  id: "cattleprod:id",
  vmType: "cattleprod:vm-type",
  group: "cattleprod:group",
  zone: "cattleprod:zone",
  config: "cattleprod:config",
  image: "cattleprod:image",
  stage: "cattleprod:stage",
  builtBy: "cattleprod:built-by",
  patchLevel: "cattleprod:patch-level",
  vulnerable: "cattleprod:vulnerable",
  accounts: "cattleprod:accounts",
  remoteShell: "cattleprod:remote-shell",
  imageStatus: "cattleprod:image-status",
  scan: "cattleprod:scan",
  batch: "cattleprod:batch",
  asgName: "aws:autoscaling:groupName",
} as const;

/** Tags as a plain record, from the SDK's `{ Key, Value }` list. */
export function tagRecord(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key) out[tag.Key] = tag.Value ?? "";
  return out;
}

/** The SDK's `{ Key, Value }` list from a record. */
export function tagList(tags: Readonly<Record<string, string>>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
