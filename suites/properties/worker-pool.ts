import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker module: the built package's JavaScript as it is; a checkout's TypeScript through tsx (as
 * `bin/cattleprod.js` does), with the `cattleprod-source` condition so platform modules resolve to the sources.
 */
const BOOT = `
const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsx) {
    (await import(workerData.tsx)).register();
    (await import("node:module")).register("data:text/javascript," + encodeURIComponent(workerData.condition));
  }
  await import(workerData.entry);
})().catch((error) => { console.error(error); process.exit(70); });
`;

const SOURCE_CONDITION = `export function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, "cattleprod-source"] });
}`;

/** tsx's ESM register API (the `import` side of `tsx/esm/api`, beside the `require` side Node resolves here). */
function tsxApi(): string {
  const required = createRequire(import.meta.url).resolve("tsx/esm/api");
  const imported = required.replace(/\.cjs$/, ".mjs");
  return pathToFileURL(existsSync(imported) ? imported : required).href;
}

interface Reply<R> {
  readonly id: number;
  readonly result?: R;
  readonly error?: string;
}

/**
 * A fixed set of worker threads running one module that answers `{ id, task }` messages with
 * `{ id, result }` or `{ id, error }`. `drain` hands out tasks until `next` returns none.
 */
export class WorkerPool<T, R> {
  private readonly workers: Worker[] = [];

  constructor(entry: URL, size: number) {
    const tsx = entry.pathname.endsWith(".ts") ? tsxApi() : undefined;
    for (let i = 0; i < size; i++)
      this.workers.push(new Worker(BOOT, { eval: true, workerData: { entry: entry.href, tsx, condition: SOURCE_CONDITION } }));
  }

  /** Runs tasks from `next` on every worker until it returns undefined; `done` gets each task's tag and result. */
  async drain<Tag>(next: () => { position: Tag; task: T } | undefined, done: (tag: Tag, result: R) => void): Promise<void> {
    let id = 0;
    await Promise.all(
      this.workers.map(async (worker) => {
        for (let item = next(); item !== undefined; item = next()) {
          const reply = await this.ask(worker, ++id, item.task);
          done(item.position, reply);
        }
      }),
    );
  }

  private ask(worker: Worker, id: number, task: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const onMessage = (reply: Reply<R>): void => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.error !== undefined) reject(new Error(`Failed to explore in a worker: ${reply.error}`));
        else resolve(reply.result as R);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new Error(`Failed to explore in a worker: it exited with code ${code}.`));
      };
      const cleanup = (): void => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ id, task });
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
