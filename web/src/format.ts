/** Units of the API (micro-dollars, centi-contracts, parts per million, epoch ms) as people read them. */

export const dollars = (micros: number): string =>
  `${micros < 0 ? '-' : ''}$${(Math.abs(micros) / 1e6).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;

/** A price in micro-dollars as cents: 0.42 → "42.0¢". */
export const cents = (micros: number | null): string =>
  micros === null ? '–' : `${(micros / 1e4).toFixed(1)}¢`;

export const contracts = (centis: number): string => (centis / 100).toLocaleString('en-US');

export const percent = (ppm: number): string => `${(ppm / 1e4).toFixed(1)}%`;

export const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export const clock = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
