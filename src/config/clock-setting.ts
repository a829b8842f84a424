/**
 * ARBEES_CLOCK: where a process takes its business time from.
 * - `wall`: the wall clock (live and paper runs, services);
 * - `event`: the time of the event in hand (a service in a lock-step replay);
 * - `scaled:<speed>@<anchorMs>`: the wall clock sped up, shared by processes that only agree on
 *   the setting: at wall time `anchorMs` it reads `anchorMs`, then runs `speed` times as fast.
 *   `arbees sim world --speed N` prints it, so a run pointed at the world sees the world's time.
 */
export type ClockSetting =
  | { readonly kind: 'wall' }
  | { readonly kind: 'event' }
  | { readonly kind: 'scaled'; readonly speed: number; readonly anchorMs: number };

/** The setting, or a sentence saying what is wrong with the text. */
export function parseClockSetting(text: string): ClockSetting | string {
  const s = text.trim();
  if (s === 'wall' || s === 'event') return { kind: s };
  const m = /^scaled:([0-9]+(?:\.[0-9]+)?)@([0-9]{1,16})$/.exec(s);
  if (!m) return `must be wall, event or scaled:<speed>@<anchor epoch ms>, got "${text}"`;
  const speed = Number(m[1]);
  const anchorMs = Number(m[2]);
  if (!(speed > 0) || speed > 100_000) return `speed must be above 0 and at most 100000, got "${m[1]}"`;
  return { kind: 'scaled', speed, anchorMs };
}

export function formatClockSetting(setting: ClockSetting): string {
  return setting.kind === 'scaled' ? `scaled:${setting.speed}@${setting.anchorMs}` : setting.kind;
}
