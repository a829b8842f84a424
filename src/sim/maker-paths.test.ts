import { describe, expect, it } from 'vitest';
import { loadNbaBundle } from '../feeds/replay/nba-bundle.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { simulatedMakerPath } from './maker-paths.js';

describe("the simulated makers' minute path", () => {
  const game = loadNbaBundle('data/nba')[0]!;
  const models = createWinProbabilityModels();

  it('is the same for the same seed, and moves with the game', async () => {
    const a = await simulatedMakerPath(game, { seed: 42, models });
    const b = await simulatedMakerPath(game, { seed: 42, models });
    expect(Array.from(a.price)).toEqual(Array.from(b.price));
    const c = await simulatedMakerPath(game, { seed: 7, models });
    expect(Array.from(c.price)).not.toEqual(Array.from(a.price));
    // Orlando (home) won: the path ends on its side, its mid in cents between 1 and 99.
    expect(a.outcome).toBe(1);
    const prices = Array.from(a.price).filter((p) => !Number.isNaN(p));
    expect(prices.at(-1)).toBeGreaterThan(90);
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(1);
    expect(new Set(prices).size).toBeGreaterThan(20);
    // Spreads are whole ticks.
    for (const s of a.spreadCents) if (!Number.isNaN(s)) expect(Number.isInteger(s)).toBe(true);
  });
});
