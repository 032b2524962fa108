/** Time as the system under test sees it. The simulator's clock moves only when its queue advances. */
export interface Clock {
  /** Milliseconds since the start of the run (virtual time in the simulator). */
  nowMs(): number;
}
