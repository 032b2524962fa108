// `npm run bench`, import section: generates N CloudTrail records (a fleet, its platform's calls, people's calls, and
// mostly read-only noise), writes them as a trail's delivery (gzip files of 1,000 records) and as one JSON-lines file,
// and times `cattleprod import cloudtrail` on each as a child process (wall time, Node start-up included).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Figures of one import. */
export interface ImportFigures {
  readonly shape: string;
  readonly events: number;
  readonly files: number;
  readonly inputMb: number;
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
  readonly steps: number;
  readonly yamlMb: number;
}

const ACCOUNT = "111122223333";
const START_MS = Date.parse("2026-10-07T00:00:00Z");
const GROUPS = 10;
const PER_GROUP = 100;
const PLATFORM = `arn:aws:iam::${ACCOUNT}:role/platform-controller`;
/** The window starts after the fleet's launches: they are evidence of the fleet at its start. */
const FROM = new Date(START_MS).toISOString();

/** A small seeded generator (the same records every run). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const instanceId = (g: number, k: number) => `i-0${hex(g, 3)}${hex(k, 13)}`;
const user = (name: string) => ({
  type: "IAMUser",
  principalId: `AIDA${name.toUpperCase().padEnd(16, "X")}`,
  arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
  accountId: ACCOUNT,
  userName: name,
});
const platform = {
  type: "AssumedRole",
  principalId: "AROAPLATFORMCONTROLLER:reconcile",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-controller/reconcile`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: "Role", arn: PLATFORM, userName: "platform-controller" } },
};

function record(
  i: number,
  timeMs: number,
  who: object,
  source: string,
  name: string,
  req: object | null,
  res: object | null,
  readOnly: boolean,
) {
  return {
    eventVersion: "1.09",
    userIdentity: who,
    eventTime: new Date(timeMs).toISOString().replace(".000Z", "Z"),
    eventSource: source,
    eventName: name,
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.24",
    userAgent: "aws-cli/2.17.0 Python/3.11.9 Linux/6.1 botocore/2.17.0",
    requestParameters: req,
    responseElements: res,
    requestID: `00000000-0000-4000-8000-${hex(i, 12)}`,
    eventID: `11111111-0000-4000-8000-${hex(i, 12)}`,
    readOnly,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
  };
}

/** N records over 24 hours: 1,000 instances in 10 groups; about 1% of calls by people map to chaos. */
export function generateRecords(count: number): object[] {
  const random = lcg(20_261_007);
  const records: object[] = [];
  const people = ["alice", "bob", "carol", "dave"].map(user);
  for (let g = 0; g < GROUPS; g++) {
    const items = Array.from({ length: PER_GROUP }, (_, k) => ({
      instanceId: instanceId(g, k),
      imageId: `ami-0${hex(g, 16)}`,
      placement: { availabilityZone: `us-east-1${"abc"[k % 3]}` },
      tagSet: {
        items: [
          { key: "cattleprod:group", value: `group-${g}` },
          { key: "cattleprod:vm-type", value: g % 2 ? "cattle" : "immutable" },
        ],
      },
      groupSet: { items: [{ groupId: `sg-0${hex(g, 16)}` }] },
    }));
    const req = { instancesSet: { items: [{ imageId: `ami-0${hex(g, 16)}`, minCount: PER_GROUP, maxCount: PER_GROUP }] } };
    records.push(
      record(
        records.length,
        START_MS - 3_600_000 + g,
        platform,
        "ec2.amazonaws.com",
        "RunInstances",
        req,
        { instancesSet: { items } },
        false,
      ),
    );
  }
  const spanMs = 24 * 3_600_000;
  while (records.length < count) {
    const i = records.length;
    const timeMs = START_MS + Math.floor((i / count) * spanMs);
    const g = Math.floor(random() * GROUPS);
    const id = instanceId(g, Math.floor(random() * PER_GROUP));
    const person = people[Math.floor(random() * people.length)] as object;
    const roll = random();
    const ec2 = "ec2.amazonaws.com";
    const one = { instancesSet: { items: [{ instanceId: id }] } };
    if (roll < 0.9)
      records.push(record(i, timeMs, random() < 0.5 ? platform : person, ec2, "DescribeInstances", { filterSet: {} }, null, true));
    else if (roll < 0.94)
      records.push(record(i, timeMs, platform, ec2, "CreateTags", tags(id, "cattleprod:config", "desired"), { _return: true }, false));
    else if (roll < 0.98) records.push(record(i, timeMs, person, ec2, "CreateSnapshot", { volumeId: `vol-0${hex(i, 16)}` }, {}, false));
    else if (roll < 0.984) records.push(record(i, timeMs, person, ec2, "TerminateInstances", one, one, false));
    else if (roll < 0.988)
      records.push(record(i, timeMs, person, ec2, "CreateTags", tags(id, "cattleprod:config", "by-hand"), { _return: true }, false));
    else if (roll < 0.992)
      records.push(record(i, timeMs, person, "ssm.amazonaws.com", "StartSession", { target: id }, { sessionId: `s-${i}` }, false));
    else if (roll < 0.996) {
      const eic = { instanceId: id, instanceOSUser: "ec2-user", sSHPublicKey: "ssh-ed25519 AAAA" };
      records.push(record(i, timeMs, person, "ec2-instance-connect.amazonaws.com", "SendSSHPublicKey", eic, { success: true }, false));
    } else {
      const open = { fromPort: 22, toPort: 22, ipProtocol: "tcp", ipRanges: { items: [{ cidrIp: "0.0.0.0/0" }] } };
      const sg = { groupId: `sg-0${hex(g, 16)}`, ipPermissions: { items: [open] } };
      records.push(record(i, timeMs, person, ec2, "AuthorizeSecurityGroupIngress", sg, { _return: true }, false));
    }
  }
  return records;
}

function tags(id: string, key: string, value: string) {
  return { resourcesSet: { items: [{ resourceId: id }] }, tagSet: { items: [{ key, value }] } };
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function timeImport(shape: string, inputs: string[], events: number, files: number, work: string): ImportFigures {
  const out = join(work, `${shape}.yaml`);
  const inputMb = inputs.reduce((sum, p) => sum + (statSync(p).isDirectory() ? 0 : statSync(p).size), 0) / 2 ** 20;
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    [join(root, "bin", "cattleprod.js"), "import", "cloudtrail", ...inputs, "--from", FROM, "--platform-principal", PLATFORM, "--out", out],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  const wallSeconds = (performance.now() - t0) / 1000;
  if (child.status !== 0) throw new Error(`Failed to import the ${shape} benchmark input: ${child.stderr.trim()}`);
  const steps = Number(/\((\d+) steps;/.exec(child.stderr)?.[1] ?? 0);
  const yamlMb = readFileSync(out).length / 2 ** 20;
  return { shape, events, files, inputMb, wallSeconds, eventsPerSecond: events / wallSeconds, steps, yamlMb };
}

/** Generates `count` records, writes both shapes and times an import of each. */
export function measureImport(count: number): ImportFigures[] {
  const work = mkdtempSync(join(tmpdir(), "cattleprod-bench-import-"));
  try {
    const records = generateRecords(count);
    const trail = join(work, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1");
    mkdirSync(trail, { recursive: true });
    let files = 0;
    let trailBytes = 0;
    for (let i = 0; i < records.length; i += 1_000) {
      const body = gzipSync(JSON.stringify({ Records: records.slice(i, i + 1_000) }));
      trailBytes += body.length;
      writeFileSync(join(trail, `${ACCOUNT}_CloudTrail_us-east-1_${hex(files++, 6)}.json.gz`), body);
    }
    const lines = join(work, "events.jsonl");
    writeFileSync(lines, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const delivered = timeImport("trail folder, gzip", [trail], records.length, files, work);
    return [{ ...delivered, inputMb: trailBytes / 2 ** 20 }, timeImport("JSON lines", [lines], records.length, 1, work)];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
