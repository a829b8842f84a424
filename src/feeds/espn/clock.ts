/** Game clocks: ESPN's period and clock to seconds left, with one convention for every sport. */
import type { PeriodClock } from './leagues.js';

/**
 * Seconds on a clock display: "11:50" -> 710, "0:35" -> 35, "43.1" -> 43.1 (basketball shows
 * tenths in the last minute), ":48" -> 48. null when it is not a clock.
 */
export function parseClockText(text: string): number | null {
  const t = text.trim();
  const mmss = /^(\d{0,3}):(\d{2})(\.\d+)?$/.exec(t);
  if (mmss) {
    const seconds = Number(mmss[2]);
    if (seconds >= 60) return null;
    return Number(mmss[1] || '0') * 60 + seconds + Number(mmss[3] ?? 0);
  }
  if (/^\d{1,2}(\.\d+)?$/.test(t)) return Number(t);
  return null;
}

/** Length of period `period` (1-based): regulation, or one overtime period. */
export function periodLength(clock: PeriodClock, period: number, postseason: boolean): number {
  if (period <= clock.regulationPeriods) return clock.periodSeconds;
  return postseason ? clock.overtimeSeconds.postseason : clock.overtimeSeconds.regular;
}

/**
 * Seconds left in regulation; in overtime, minus the seconds played in overtime so far (the
 * convention of NflGameState and the NFL bundle). `clockSeconds` is what is left in `period`.
 */
export function secondsRemaining(opts: {
  clock: PeriodClock;
  period: number;
  clockSeconds: number;
  postseason: boolean;
}): number {
  const { clock, period, clockSeconds } = opts;
  if (period <= clock.regulationPeriods) {
    return (clock.regulationPeriods - period) * clock.periodSeconds + clockSeconds;
  }
  const overtime = opts.postseason ? clock.overtimeSeconds.postseason : clock.overtimeSeconds.regular;
  const earlierOvertimes = period - clock.regulationPeriods - 1;
  // Rounded so float clocks (basketball tenths) do not leave 0.30000000000000004.
  const played = Math.round((earlierOvertimes * overtime + (overtime - clockSeconds)) * 1000) / 1000;
  return played === 0 ? 0 : -played;
}
