/**
 * Builds throwaway objects of long-lived shapes with their time fields unset, before any real object of those shapes
 * exists (call it once per shape, at module load).
 *
 * Why: V8 keeps a number field that has only held small integers (up to 2^31) in a small-integer layout. A time in
 * milliseconds outgrows it 24.8 days into a run, and that first larger value changes the layout of the shape: every
 * object already built with it then moves to the new layout, one at a time, the next time it is read. In a 30-day run
 * of 100,000 instances that is 485,000 history events and 150,000 instances, read again by every checker (about a
 * third of a second). A field whose first value was not a number holds any value from the start, so nothing moves.
 *
 * An object literal's shape is shared by the literals with the same number of fields and the same field names in the
 * same order: prime each literal as it is written, with its real field names.
 *
 * @example primeTimeFields((unset) => new History().append(unset, "instance.stopped", "prime", { instanceId: "i-prime" }));
 */
export function primeTimeFields(build: (unset: number) => void): void {
  build(undefined as unknown as number);
}
