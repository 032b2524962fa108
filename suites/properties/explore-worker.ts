// A worker thread of `cattleprod explore --workers N`: explores the blocks it is sent, one at a time.
import { parentPort } from "node:worker_threads";
import type { Platform } from "../../core/index.ts";
import { loadPlatform } from "../../scenarios/index.ts";
import { exploreBlock, type BlockTask } from "./explore-blocks.ts";

const platforms = new Map<string, Promise<Platform>>();

parentPort?.on("message", (message: { id: number; task: BlockTask }) => {
  const { id, task } = message;
  let platform = platforms.get(task.platformRef);
  if (!platform) platforms.set(task.platformRef, (platform = loadPlatform(task.platformRef)));
  platform
    .then((loaded) => exploreBlock(task.block, loaded, task.seed, task.maxCommands))
    .then(
      (result) => parentPort?.postMessage({ id, result }),
      (error: unknown) => parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
});
