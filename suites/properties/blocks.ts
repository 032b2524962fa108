import type { VmType } from "../../core/index.ts";

/** Runs per block: the unit exploration is split into for workers and shards. */
export const BLOCK_RUNS = 25;

/** One block of an exploration: runs `firstRun` to `firstRun + runs - 1` of one VM type's stream. */
export interface Block {
  readonly vmType: VmType;
  /** The block's number within its VM type (0, 1, ...). */
  readonly index: number;
  readonly firstRun: number;
  readonly runs: number;
}

/** Shard `index` (1-based) of `total`. */
export interface ExploreShard {
  readonly index: number;
  readonly total: number;
}

/**
 * How an exploration is split, the rule that makes workers and shards give the same findings:
 *
 * - Each VM type has one fast-check stream, seeded with `--seed` (the stream `explore` has always
 *   used): run k of type t is the k-th case of that stream, whoever runs it. fast-check derives
 *   every case from the seed and its index alone (`path`), so run k can start anywhere.
 * - The runs of a type are cut into blocks of {@link BLOCK_RUNS}: block b is runs 25b to 25b+24.
 *   A block stops at its first failing run and shrinks it; its finding and the coverage of its runs
 *   depend on (seed, type, b) alone.
 * - Blocks are dealt in the order b0 of every type, b1 of every type, ... (so a time budget cuts
 *   every type alike); shard i of n takes the blocks at positions i-1, i-1+n, ... of that order.
 *   Workers take a shard's blocks in order; results are put back in that order.
 *
 * So the findings and coverage of shards 1/n to n/n together are those of the unsharded run with
 * the same seed and runs, with any number of workers. `runsPerType` may be Infinity (a budget only).
 */
export function* planBlocks(types: readonly VmType[], runsPerType: number, shard?: ExploreShard): Generator<Block> {
  let position = 0;
  for (let index = 0; index * BLOCK_RUNS < runsPerType; index++) {
    for (const vmType of types) {
      const mine = shard === undefined || position % shard.total === shard.index - 1;
      position++;
      if (!mine) continue;
      const firstRun = index * BLOCK_RUNS;
      yield { vmType, index, firstRun, runs: Math.min(BLOCK_RUNS, runsPerType - firstRun) };
    }
  }
}
