/**
 * The clock port. Pure code asks a Clock for the time; the live clock and the simulated clock
 * are the two implementations, so backtests and live runs share every line of logic.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Wall-clock time. The only place in the core that reads the system clock. */
export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/** Time that moves only when told to, and never backwards. */
export class SimulatedClock implements Clock {
  private t: number;
  constructor(startMs = 0) {
    this.t = startMs;
  }
  now(): number {
    return this.t;
  }
  /** Moves to `ms`; a time earlier than now is ignored, so the clock stays monotonic. */
  set(ms: number): void {
    if (ms > this.t) this.t = ms;
  }
  advance(ms: number): void {
    if (ms > 0) this.t += ms;
  }
}

/**
 * Replay time running at `speed` times the wall clock from `startMs` (the standalone simulators
 * use it). The wall clock is injected, so this stays pure.
 */
export class ScaledClock implements Clock {
  private readonly wallStart: number;
  constructor(
    private readonly opts: {
      readonly startMs: number;
      readonly speed: number;
      readonly wallNow: () => number;
    },
  ) {
    this.wallStart = opts.wallNow();
  }
  now(): number {
    return this.opts.startMs + Math.floor((this.opts.wallNow() - this.wallStart) * this.opts.speed);
  }
}

/** A clock that can say how much wall time passes until it reads `ts` (a timer needs it). */
export interface PacedClock extends Clock {
  /** Wall-clock milliseconds until this clock reads `ts`; 0 if it already has. */
  wallMsUntil(ts: number): number;
}

/**
 * The wall clock sped up, agreed on by separate processes through two numbers alone: at wall
 * time `anchorMs` it reads `anchorMs`, and it runs `speed` times as fast (`arbees sim world`
 * and the runs pointed at it). Speed 1 is the wall clock itself.
 */
export class AnchoredScaledClock implements PacedClock {
  constructor(
    private readonly opts: {
      readonly anchorMs: number;
      readonly speed: number;
      /** Epoch milliseconds of the wall clock (Date.now), injected so this stays pure. */
      readonly wallNow: () => number;
    },
  ) {}
  now(): number {
    const { anchorMs, speed, wallNow } = this.opts;
    return anchorMs + Math.floor((wallNow() - anchorMs) * speed);
  }
  wallMsUntil(ts: number): number {
    return Math.max(0, (ts - this.now()) / this.opts.speed);
  }
  get speed(): number {
    return this.opts.speed;
  }
}

/**
 * The time of the event in hand, for a service of the distributed shape replayed in lock-step:
 * the replay driver moves time, every event carries it, and a service handling an event sees the
 * time it was published at, as every service of the one-process run sees the timeline's clock.
 * Before the first event it reads `before` (the wall clock, for start-up work).
 */
export class EventClock implements Clock {
  private t: number | null = null;
  constructor(private readonly before: Clock) {}
  now(): number {
    return this.t ?? this.before.now();
  }
  /** The time of the event about to be handled; it may be earlier than the last one. */
  set(ms: number): void {
    this.t = ms;
  }
}
