import { InvalidArgumentError } from "commander";
import type { Shard } from "./shard.ts";

export type { Shard } from "./shard.ts";

/** Parses --seed: a whole number from 0 to 2^32-1 (commander argument parser). */
export function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new InvalidArgumentError("Use a whole number from 0 to 4294967295.");
  return Number(value);
}

/** Parses `--shard i/n` (commander argument parser). */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total || total > 1000)
    throw new InvalidArgumentError("Use i/n with 1 <= i <= n <= 1000, e.g. 2/4.");
  return { index, total };
}
