/**
 * Seeded fuzzing of the parsers on the real `/book` payload and reference WebSocket messages:
 * whatever is changed, a parser returns a typed result and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { realBook } from './fixtures/load.js';
import {
  parseClobMarket,
  parseGammaMarket,
  parsePolymarketBook,
  parsePolymarketTrade,
  parsePolymarketWsText,
  parsePostOrderResponse,
} from './parse.js';

const SEED = 20261122;
const weird = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant('1e400'),
  fc.constant('-0.5'),
  fc.constant('.'),
  fc.constant('0.1234567'),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

/** Replaces the value at one random path of a JSON tree. */
function mutate(tree: unknown, pick: number, value: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i], [...path, i]);
    } else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(tree, []);
  const path = paths[pick % paths.length] ?? [];
  if (path.length === 0) return value;
  const copy = structuredClone(tree) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

function expectTyped(r: { ok: boolean; error?: { kind: string; field: string } }) {
  if (!r.ok) {
    expect(r.error?.kind).toBe('polymarket_parse_error');
    expect(typeof r.error?.field).toBe('string');
  }
}

const wsMessages = [
  {
    event_type: 'book',
    asset_id: '6581',
    market: '0xbd31',
    bids: [{ price: '.48', size: '30' }],
    asks: [{ price: '.52', size: '25' }],
    timestamp: '123456789000',
    hash: '0xabc',
  },
  {
    event_type: 'price_change',
    market: '0x5f65',
    timestamp: '1757908892351',
    price_changes: [
      {
        asset_id: '7132',
        price: '0.5',
        size: '200',
        side: 'BUY',
        hash: '5662',
        best_bid: '0.5',
        best_ask: '1',
      },
    ],
  },
  {
    event_type: 'last_trade_price',
    asset_id: '7132',
    market: '0x6a67',
    price: '0.456',
    side: 'BUY',
    size: '219.217767',
    fee_rate_bps: '0',
    timestamp: '1750428146322',
  },
];

describe('parsers under seeded fuzzing', () => {
  it('never throw on a mutated real /book payload', () => {
    const book = realBook();
    fc.assert(
      fc.property(fc.nat(), weird, (pick, value) => {
        expectTyped(parsePolymarketBook(mutate(book, pick, value)));
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('never throw on mutated WebSocket frames, nor on random text', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), weird, (which, pick, value) => {
        const msg = wsMessages[which % wsMessages.length];
        const text = JSON.stringify(mutate(msg, pick, value)) ?? 'undefined';
        expectTyped(parsePolymarketWsText(text));
        expectTyped(parsePolymarketWsText(`[${text}]`));
      }),
      { seed: SEED, numRuns: 600 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => expectTyped(parsePolymarketWsText(text))),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never throw on mutated REST objects', () => {
    const samples: [unknown, (x: unknown) => { ok: boolean }][] = [
      [{ mts: 0.01, nr: false, fd: { r: 0.03, e: 1 } }, parseClobMarket],
      [
        {
          id: '1',
          conditionId: '0x1',
          outcomes: '["Yes","No"]',
          clobTokenIds: '["1","2"]',
          outcomePrices: '["0.5","0.5"]',
        },
        parseGammaMarket,
      ],
      [{ success: true, orderID: '0x1', status: 'live' }, parsePostOrderResponse],
      [
        { id: '1', asset_id: '1', market: 'm', side: 'BUY', size: '1', price: '0.5', status: 'MATCHED' },
        parsePolymarketTrade,
      ],
    ];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), weird, (which, pick, value) => {
        const [sample, parse] = samples[which % samples.length] as (typeof samples)[number];
        expectTyped(parse(mutate(sample, pick, value)) as { ok: boolean });
      }),
      { seed: SEED, numRuns: 800 },
    );
  });
});
