// The refusal times of bad inputs (issue 12): each hostile input through the real CLI, timed as a user sees it
// (Node and TypeScript start-up included), beside the time to start the CLI at all (`--version`).
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One refused input: its exit code, the CLI's wall time and the first line it printed. */
export interface RefusalFigure {
  readonly input: string;
  readonly exitCode: number;
  readonly wallSeconds: number;
  readonly line: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const GOOD = "test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml";

function time(args: readonly string[]): { exitCode: number; wallSeconds: number; line: string } {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [join(root, "bin", "cattleprod.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  const line = `${child.stderr}${child.stdout}`.split("\n")[0] ?? "";
  return { exitCode: child.status ?? -1, wallSeconds, line };
}

/**
 * Times the CLI refusing each hostile input of issue 12 (and `--version`, the start-up every command pays).
 * Every refusal happens before any work: the scenario is not run, the 50 MB file is not read.
 */
export function measureRefusals(): { startupSeconds: number; refusals: RefusalFigure[] } {
  const work = mkdtempSync(join(tmpdir(), "cattleprod-refusals-"));
  try {
    const file = (name: string, content: string | Buffer) => {
      const path = join(work, name);
      writeFileSync(path, content);
      return path;
    };
    const good = readFileSync(join(root, GOOD), "utf8");
    const big = file("fifty-mb.yaml", `apiVersion: cattleprod/v1\ndescription: "${"x".repeat(50_000_000)}"\n`);
    const garbage = Buffer.alloc(20_000);
    for (let i = 0, x = 12; i < garbage.length; i++) garbage[i] = (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 24;
    const values = file("many-values.yaml", `a: [${"1,".repeat(8_000_000)}1]\n`);
    const waivers = file("waivers.yaml", "- { control: IMM-AGE-001, justification: j, approver: a, expires: 2026-13-45 }\n");
    const key = file("private.pem", generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const notAFolder = file("out.txt", "");
    const shard = join(work, "shard");
    mkdirSync(shard);
    spawnSync(process.execPath, [join(root, "bin", "cattleprod.js"), "run", GOOD, "--shard", "1/2", "--out", shard], { cwd: root });
    const cases: Array<[string, string[]]> = [
      ["capacity 1,000,000,000,000", ["run", "test/fixtures/scenarios/bad/huge-capacity.yaml", "--out", join(work, "o1")]],
      ["run: 99999999999d", ["run", "test/fixtures/scenarios/bad/endless-run.yaml", "--out", join(work, "o2")]],
      ["YAML alias bomb", ["run", "test/fixtures/scenarios/bad/alias-bomb.yaml", "--out", join(work, "o3")]],
      ["50 MB scenario file", ["validate", big]],
      ["16 MB of YAML values", ["validate", values]],
      ["binary garbage", ["validate", file("garbage.yaml", garbage)]],
      ["two YAML documents", ["validate", "test/fixtures/scenarios/bad/two-documents.yaml"]],
      ["nesting 100,000 deep", ["validate", file("deep.yaml", `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`)]],
      ["every problem at once", ["validate", "test/fixtures/scenarios/bad/many-problems.yaml"]],
      ["--out a file", ["run", GOOD, "--out", notAFolder]],
      ["--out /proc/x", ["run", GOOD, "--out", "/proc/x"]],
      ["--out ''", ["run", GOOD, "--out", ""]],
      ["waiver expires 2026-13-45", ["run", GOOD, "--waivers", waivers, "--out", join(work, "o4")]],
      ["private key as --pubkey", ["verify", work, "--pubkey", key]],
      ["same shard twice", ["merge", join(shard, "run.json"), join(shard, "run.json"), "--out", join(work, "o5")]],
      ["scenario 2-step (not refused)", ["validate", file("good.yaml", good)]],
    ];
    const startupSeconds = time(["--version"]).wallSeconds;
    const refusals = cases.map(([input, args]) => ({ input, ...time(args) }));
    return { startupSeconds, refusals };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
