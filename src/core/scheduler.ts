/**
 * The scheduler port: run a task at a given time on the run's clock. In a replay the timeline
 * owns time and runs tasks in (time, order of scheduling) order; live, a timer does.
 */
export type ScheduledTask = () => void | Promise<void>;

export interface Scheduler {
  /** Runs `task` when the clock reaches `ts` (epoch ms); a time already past runs next. */
  at(ts: number, task: ScheduledTask): void;
}
