/**
 * Arbitrage through both venue simulators on a real replayed game (Minnesota at New Orleans,
 * 25 Dec 2020). A Kalshi book that has just re-priced raises an edge entry and an arbitrage
 * from the same snapshot, both wanting the same NO levels; the entry is approved first and
 * takes them. The arbitrage must not then send a fill-or-kill leg the venue can no longer fill
 * (which left its Polymarket leg unhedged, shard-1-S2 and -S68 in the default run): it is sized
 * on what is left, or denied as LIQUIDITY_TAKEN.
 */
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../src/core/events.js';
import { replayInMemory } from './support/replay-run.js';

describe('arbitrage in a replay through both simulators', () => {
  it('never sends a leg an order approved before it from the same book has taken', async () => {
    const { result, events, lines } = await replayInMemory({
      runId: 'arb-legs',
      gameIds: ['2020_16_MIN_NO'],
      mode: 'replay',
      env: { ARBEES_FEED: 'direct' },
      keep: (e) => e.type === 'OrderIntent' || e.type === 'RiskDecision' || e.type === 'OrderFilled',
      run: { kalshiVenue: 'simulator', polymarketVenue: 'simulator' },
    });
    expect(result.completed).toBe(true);
    const intents = events.filter((e): e is OrderIntent => e.type === 'OrderIntent');
    const arbLegs = intents.filter((i) => i.purpose === 'arbitrage');
    expect(arbLegs.length).toBeGreaterThan(0);
    // Every arbitrage leg sent filled whole, so no pair needed a hedge or an unwind.
    const filled = new Set(events.flatMap((e) => (e.type === 'OrderFilled' ? [e.clientOrderId] : [])));
    expect(arbLegs.filter((i) => !filled.has(i.clientOrderId)).map((i) => i.clientOrderId)).toEqual([]);
    expect(intents.filter((i) => i.purpose === 'hedge' || i.purpose === 'unwind')).toEqual([]);
    expect(lines.filter((l) => /unhedged/.test(l))).toEqual([]);
    // The case arose: an arbitrage found its levels already taken, and was sized or denied so.
    const taken = events.filter((e) => e.type === 'RiskDecision' && Number(e.inputs.takenFirst ?? 0) > 0);
    expect(taken.length).toBeGreaterThan(0);
    expect(result.report.ledger.imbalanceMicros).toBe(0);
  }, 180_000);
});
