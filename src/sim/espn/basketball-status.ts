/**
 * The `status` of a simulated NBA game as ESPN's basketball payloads give it: the period, the
 * clock in seconds (tenths in the last minute) and as shown ("11:42", or "45.2" in the last
 * minute), and the status type (scheduled, in progress, halftime, end of period, final). Pure.
 */
import type { SimGame, SimPhase } from './replay-schedule.js';

type Json = Record<string, unknown>;

const QUARTERS = ['', '1st Quarter', '2nd Quarter', '3rd Quarter', '4th Quarter'];

function periodName(period: number): string {
  return period <= 4 ? (QUARTERS[period] as string) : period === 5 ? 'OT' : `${period - 4}OT`;
}

/** ESPN shows "M:SS" above a minute and seconds with tenths below it. */
export function basketballDisplayClock(seconds: number): string {
  if (seconds < 60) return seconds.toFixed(1);
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function type(name: string, state: 'pre' | 'in' | 'post', description: string, detail: string): Json {
  const ids: Record<string, string> = {
    STATUS_SCHEDULED: '1',
    STATUS_IN_PROGRESS: '2',
    STATUS_FINAL: '3',
    STATUS_END_PERIOD: '22',
    STATUS_HALFTIME: '23',
  };
  return {
    id: ids[name],
    name,
    state,
    completed: state === 'post',
    description,
    detail,
    shortDetail: detail,
  };
}

export function basketballStatus(g: SimGame, phase: Exclude<SimPhase, { status: 'canceled' }>): Json {
  if (phase.status === 'pre') {
    return {
      clock: 0,
      displayClock: '0.0',
      period: 0,
      type: type('STATUS_SCHEDULED', 'pre', 'Scheduled', g.kickoffText),
    };
  }
  if (phase.status === 'post') {
    const last = g.game.states.at(-1);
    const period = last && 'period' in last ? last.period : 4;
    const detail = period > 4 ? 'Final/OT' : 'Final';
    return { clock: 0, displayClock: '0.0', period, type: type('STATUS_FINAL', 'post', 'Final', detail) };
  }
  const s = phase.state;
  if (s.sport !== 'nba' && s.sport !== 'ncaamb')
    throw new Error(`basketball status asked for a ${s.sport} state`);
  const clock = basketballDisplayClock(s.clockSeconds);
  if (s.clockSeconds > 0) {
    return {
      clock: s.clockSeconds,
      displayClock: clock,
      period: s.period,
      type: type('STATUS_IN_PROGRESS', 'in', 'In Progress', `${clock} - ${periodName(s.period)}`),
    };
  }
  const half = s.period === 2;
  return {
    clock: 0,
    displayClock: '0.0',
    period: s.period,
    type: half
      ? type('STATUS_HALFTIME', 'in', 'Halftime', 'Halftime')
      : type('STATUS_END_PERIOD', 'in', 'End of Period', `End of ${periodName(s.period)}`),
  };
}
