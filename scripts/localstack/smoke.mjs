// Dependency-free Node (>=18) check that a running LocalStack answers plain HTTP calls the way an
// AWS SDK would send them: EC2/Auto Scaling/STS use the Query protocol (form body, XML reply),
// SSM uses JSON 1.1 with an X-Amz-Target header. LocalStack does not verify SigV4 signatures;
// the Authorization header only tells it the service, region and (from a 12-digit key id) the account.
//   node scripts/localstack/smoke.mjs [endpoint]
/* global fetch, URLSearchParams */
const ep = process.argv[2] ?? process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566";
const run = Math.random().toString(16).slice(2, 10);
const auth = (svc) => `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${svc}/aws4_request, SignedHeaders=host, Signature=0`;

async function query(svc, version, action, params = {}) {
  const body = new URLSearchParams({ Action: action, Version: version, ...params });
  const r = await fetch(`${ep}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", authorization: auth(svc) },
    body,
  });
  return { status: r.status, text: await r.text() };
}
async function json(svc, target, payload) {
  const r = await fetch(`${ep}/`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target, authorization: auth(svc) },
    body: JSON.stringify(payload),
  });
  return { status: r.status, body: await r.json().catch(() => null) };
}
const all = (text, tag) => [...text.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1]);

let passed = 0,
  failed = 0;
async function check(name, fn) {
  let ok = false,
    detail;
  try {
    [ok, detail] = await fn();
  } catch (e) {
    detail = String(e);
  }
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${String(detail).slice(0, 120)}`);
}

const ec2 = (a, p) => query("ec2", "2016-11-15", a, p);
let ids = [];
await check("health", async () => {
  const h = await (await fetch(`${ep}/_localstack/health`)).json();
  return [["ec2", "autoscaling", "ssm", "sts"].every((s) => ["available", "running"].includes(h.services[s])), h.version];
});
await check("sts GetCallerIdentity", async () => {
  const r = await query("sts", "2011-06-15", "GetCallerIdentity");
  return [r.status === 200 && all(r.text, "Account")[0] === "000000000000", all(r.text, "Arn")[0]];
});
await check("ec2 RunInstances x2 with TagSpecification", async () => {
  const r = await ec2("RunInstances", {
    ImageId: "ami-df5de72bdb3b",
    MinCount: "2",
    MaxCount: "2",
    InstanceType: "t3.micro",
    "TagSpecification.1.ResourceType": "instance",
    "TagSpecification.1.Tag.1.Key": "cattleprod-smoke",
    "TagSpecification.1.Tag.1.Value": run,
  });
  ids = all(r.text, "instanceId");
  return [r.status === 200 && ids.length === 2, ids.join(",")];
});
await check("ec2 DescribeInstances Filter tag:", async () => {
  const r = await ec2("DescribeInstances", { "Filter.1.Name": "tag:cattleprod-smoke", "Filter.1.Value.1": run, MaxResults: "5" });
  const got = all(r.text, "instanceId");
  return [r.status === 200 && got.length === 2 && ids.every((i) => got.includes(i)), got.join(",")];
});
await check("ec2 TerminateInstances", async () => {
  const r = await ec2("TerminateInstances", { "InstanceId.1": ids[0] });
  return [r.status === 200 && r.text.includes("shutting-down"), all(r.text, "name").join(",")];
});
await check("ec2 DescribeInstances unknown id -> 400 InvalidInstanceID.NotFound", async () => {
  const r = await ec2("DescribeInstances", { "InstanceId.1": "i-0123456789abcdef0" });
  return [r.status === 400 && all(r.text, "Code")[0] === "InvalidInstanceID.NotFound", all(r.text, "Code")[0]];
});
await check("autoscaling DescribeAutoScalingGroups", async () => {
  const r = await query("autoscaling", "2011-01-01", "DescribeAutoScalingGroups");
  return [r.status === 200 && r.text.includes("DescribeAutoScalingGroupsResult"), r.status];
});
await check("ssm PutParameter + GetParameter", async () => {
  const name = `/smoke/${run}/p`;
  await json("ssm", "AmazonSSM.PutParameter", { Name: name, Value: "v", Type: "String" });
  const r = await json("ssm", "AmazonSSM.GetParameter", { Name: name });
  return [r.status === 200 && r.body?.Parameter?.Value === "v", JSON.stringify(r.body?.Parameter?.ARN)];
});
console.log(`smoke.mjs: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
