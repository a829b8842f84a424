/** The matching engine and exchange, in process: priority, order types, mirrors, money, resolution. */
import { describe, expect, it } from 'vitest';
import type { Micros } from '../../core/money.js';
import { BinaryMatchingBook } from './engine.js';
import { PolySimExchange } from './exchange.js';
import { takerFee } from './market.js';
import type { NewPolyOrder } from './records.js';
import { SIM_MARKET } from './testing.js';

const [T0, T1] = SIM_MARKET.tokenIds;
const NOW = 1_800_000_000_000;
const S = 1_000_000; // one share in micro-shares
const usd = (d: number) => Math.round(d * 1e6) as Micros;

function setup() {
  const ex = new PolySimExchange();
  ex.addMarket(SIM_MARKET, NOW);
  for (const a of ['alice', 'bob', 'carol']) ex.deposit(a, usd(1000));
  let n = 0;
  const place = (o: Partial<NewPolyOrder> & Pick<NewPolyOrder, 'accountId' | 'side' | 'price' | 'size'>) => {
    n += 1;
    return ex.place(
      {
        orderId: `0x${n.toString(16).padStart(64, '0')}`,
        makerAddress: o.accountId,
        owner: `key-${o.accountId}`,
        tokenId: T0,
        orderType: 'GTC',
        postOnly: false,
        expirationSeconds: 0,
        ...o,
      },
      NOW,
    );
  };
  /** Σ pUSD + fees + dust + $1 per outstanding pair must equal what was deposited. */
  const conserved = () => {
    let cash = 0;
    let fees = 0;
    let pairs = 0;
    let pairs1 = 0;
    for (const a of ex.accounts.values()) {
      cash += a.collateral;
      fees += a.feesPaid;
      pairs += a.shares.get(T0) ?? 0;
      pairs1 += a.shares.get(T1) ?? 0;
    }
    expect(pairs).toBe(pairs1);
    const pico = BigInt(cash + fees + pairs) * 1_000_000n + ex.dustPico;
    expect(pico).toBe(BigInt(usd(3000)) * 1_000_000n);
  };
  return { ex, place, conserved };
}

describe('BinaryMatchingBook', () => {
  it('matches by price then time, printing at the resting price', () => {
    const book = new BinaryMatchingBook();
    const base = { timeInForce: 'GTC' as const, postOnly: false };
    book.submit({ ...base, orderId: 'a1', accountId: 'a', side: 'ask', price: 460_000 as Micros, size: 5 });
    book.submit({ ...base, orderId: 'a2', accountId: 'b', side: 'ask', price: 450_000 as Micros, size: 5 });
    book.submit({ ...base, orderId: 'a3', accountId: 'c', side: 'ask', price: 450_000 as Micros, size: 5 });
    const r = book.submit({
      ...base,
      orderId: 't',
      accountId: 'd',
      side: 'bid',
      price: 460_000 as Micros,
      size: 12,
    });
    expect(r.kind === 'accepted' && r.matches.map((m) => [m.makerOrderId, m.price, m.size])).toEqual([
      ['a2', 450_000, 5],
      ['a3', 450_000, 5],
      ['a1', 460_000, 2],
    ]);
    expect(book.levels().asks).toEqual([[460_000, 3]]);
  });
});

describe('PolySimExchange', () => {
  it('mints a pair when a buyer of each token meet, and charges the taker fee', () => {
    const { ex, place, conserved } = setup();
    expect(place({ accountId: 'alice', side: 'BUY', price: usd(0.4), size: 10 * S }).ok).toBe(true);
    // Bob buys the other token at 0.60: the mirror of selling token 0 at 0.40.
    const r = place({ accountId: 'bob', tokenId: T1, side: 'BUY', price: usd(0.6), size: 10 * S });
    expect(r.ok && r.trades.map((t) => [t.tokenId, t.price, t.size])).toEqual([[T1, 600_000, 10 * S]]);
    const fee = takerFee(SIM_MARKET.fee, usd(0.6), 10 * S);
    expect(fee).toBe(72_000); // 10 × 0.03 × 0.6 × 0.4
    expect(ex.account('alice').collateral).toBe(usd(996));
    expect(ex.account('alice').shares.get(T0)).toBe(10 * S);
    expect(ex.account('bob').collateral).toBe(usd(994) - fee);
    expect(ex.account('bob').shares.get(T1)).toBe(10 * S);
    conserved();
  });

  it('partially fills, rests the rest, and frees the reserve on cancel', () => {
    const { ex, place, conserved } = setup();
    ex.split('carol', SIM_MARKET.conditionId, 10 * S);
    expect(place({ accountId: 'carol', side: 'SELL', price: usd(0.45), size: 4 * S }).ok).toBe(false); // below 5 shares
    expect(place({ accountId: 'carol', side: 'SELL', price: usd(0.45), size: 5 * S }).ok).toBe(true);
    const r = place({ accountId: 'bob', side: 'BUY', price: usd(0.45), size: 10 * S });
    expect(r.ok && r.order.sizeMatched).toBe(5 * S);
    expect(r.ok && r.order.status).toBe('LIVE');
    const held = ex.account('bob').collateral - ex.available(ex.account('bob'));
    expect(held).toBeGreaterThanOrEqual(5 * 450_000);
    if (r.ok) ex.cancel(r.order.orderId, 'bob', NOW);
    expect(ex.available(ex.account('bob'))).toBe(ex.account('bob').collateral);
    conserved();
  });

  it('kills FOK it cannot fill, fills FAK partly, refuses FAK with nothing to hit', () => {
    const { ex, place } = setup();
    ex.split('carol', SIM_MARKET.conditionId, 10 * S);
    place({ accountId: 'carol', side: 'SELL', price: usd(0.45), size: 5 * S });
    const fok = place({ accountId: 'bob', side: 'BUY', price: usd(0.45), size: 6 * S, orderType: 'FOK' });
    expect(!fok.ok && fok.refusal.error).toMatch(/FOK orders are fully filled or killed/);
    const fak = place({ accountId: 'bob', side: 'BUY', price: usd(0.45), size: 6 * S, orderType: 'FAK' });
    expect(fak.ok && [fak.order.sizeMatched, fak.order.status]).toEqual([5 * S, 'MATCHED']);
    const none = place({ accountId: 'bob', side: 'BUY', price: usd(0.45), size: 6 * S, orderType: 'FAK' });
    expect(!none.ok && none.refusal.error).toMatch(/FAK/);
  });

  it('cancels the resting order of the same account instead of trading with itself', () => {
    const { ex, place } = setup();
    ex.split('alice', SIM_MARKET.conditionId, 10 * S);
    const resting = place({ accountId: 'alice', side: 'SELL', price: usd(0.45), size: 5 * S });
    const r = place({ accountId: 'alice', side: 'BUY', price: usd(0.45), size: 5 * S });
    expect(r.ok && r.trades).toEqual([]);
    expect(resting.ok && ex.orders.get(resting.order.orderId)?.status).toBe('CANCELED');
    expect(r.ok && r.order.status).toBe('LIVE');
  });

  it('merges when two sellers meet, expires GTD orders, and pays $1 per winning share on resolution', () => {
    const { ex, place, conserved } = setup();
    ex.split('alice', SIM_MARKET.conditionId, 10 * S);
    ex.split('bob', SIM_MARKET.conditionId, 10 * S);
    place({ accountId: 'alice', side: 'SELL', price: usd(0.55), size: 10 * S });
    const merge = place({ accountId: 'bob', tokenId: T1, side: 'SELL', price: usd(0.45), size: 10 * S });
    expect(merge.ok && merge.trades.length).toBe(1);
    expect(ex.account('alice').shares.get(T0)).toBe(0);
    conserved();
    const gtd = place({
      accountId: 'carol',
      side: 'BUY',
      price: usd(0.3),
      size: 10 * S,
      orderType: 'GTD',
      expirationSeconds: NOW / 1000 + 120,
    });
    expect(gtd.ok).toBe(true);
    ex.tick(NOW + 121_000, 1_000);
    expect(gtd.ok && gtd.order.status).toBe('CANCELED');
    const before = ex.account('bob').collateral;
    ex.resolve(SIM_MARKET.conditionId, 1, NOW);
    expect(ex.account('bob').collateral).toBe(before); // bob sold his token-1 shares in the merge
    // alice: 1000 − 10 (split) + 5.50 (merge) + 10 (her token-1 shares win)
    expect(ex.account('alice').collateral).toBe(usd(1005.5));
    conserved();
    expect(place({ accountId: 'carol', side: 'BUY', price: usd(0.3), size: 10 * S }).ok).toBe(false);
  });

  it('pays $0.50 a share of either token on a 50-50 resolution, keeping the odd half micro-dollar as dust', () => {
    const { ex, place, conserved } = setup();
    ex.split('carol', SIM_MARKET.conditionId, 10 * S);
    place({ accountId: 'carol', side: 'SELL', price: usd(0.4), size: 10 * S });
    // An odd number of micro-shares: 5.000001 shares.
    const bought = place({
      accountId: 'alice',
      side: 'BUY',
      price: usd(0.4),
      size: 5 * S + 1,
      orderType: 'FOK',
    });
    expect(bought.ok && bought.order.status).toBe('MATCHED');
    const alice = ex.account('alice').collateral;
    const carol = ex.account('carol').collateral;
    ex.resolve(SIM_MARKET.conditionId, { kind: 'split' }, NOW);
    expect(ex.account('alice').collateral - alice).toBe(2_500_000); // 5.000001 × $0.50, floored
    expect(ex.account('carol').collateral - carol).toBe(7_499_999); // (4.999999 + 10) × $0.50, floored
    expect(ex.markets.get(SIM_MARKET.conditionId)).toMatchObject({ status: 'resolved', winner: null });
    conserved();
    // Once resolved it stays so: the same resolution again changes nothing, another is refused.
    ex.resolve(SIM_MARKET.conditionId, { kind: 'split' }, NOW);
    expect(() => ex.resolve(SIM_MARKET.conditionId, 0, NOW)).toThrow(/already resolved/);
  });
});

describe('live-sports rules', () => {
  it('delays a crossing order by the taker delay, then matches it against the book as it is then', () => {
    const ex = new PolySimExchange();
    ex.addMarket({ ...SIM_MARKET, takerDelaySeconds: 3 }, NOW);
    for (const a of ['maker', 'taker']) ex.deposit(a, usd(1000));
    ex.split('maker', SIM_MARKET.conditionId, 20 * S);
    const base = {
      makerAddress: '',
      tokenId: T0,
      orderType: 'GTC' as const,
      postOnly: false,
      expirationSeconds: 0,
    };
    const ask = ex.place(
      { ...base, orderId: 'a', accountId: 'maker', owner: 'm', side: 'SELL', price: usd(0.45), size: 10 * S },
      NOW,
    );
    expect(ask.ok && ask.order.status).toBe('LIVE'); // resting orders are not delayed
    const take = ex.place(
      {
        ...base,
        orderId: 't',
        accountId: 'taker',
        owner: 't',
        side: 'BUY',
        price: usd(0.45),
        size: 10 * S,
        orderType: 'FOK',
      },
      NOW,
    );
    expect(take.ok && [take.order.status, take.trades.length]).toEqual(['DELAYED', 0]);
    // The maker moves its ask away during the delay: the FOK finds nothing and is cancelled.
    ex.cancel('a', 'maker', NOW + 1_000);
    ex.place(
      { ...base, orderId: 'a2', accountId: 'maker', owner: 'm', side: 'SELL', price: usd(0.5), size: 10 * S },
      NOW + 1_000,
    );
    ex.tick(NOW + 2_999, 1_000);
    expect(ex.orders.get('t')?.status).toBe('DELAYED');
    ex.tick(NOW + 3_000, 1_000);
    expect(ex.orders.get('t')?.status).toBe('CANCELED');
    expect(ex.available(ex.account('taker'))).toBe(usd(1000));
    const again = ex.place(
      {
        ...base,
        orderId: 't2',
        accountId: 'taker',
        owner: 't',
        side: 'BUY',
        price: usd(0.5),
        size: 10 * S,
        orderType: 'FOK',
      },
      NOW + 4_000,
    );
    expect(again.ok && again.order.status).toBe('DELAYED');
    ex.tick(NOW + 7_000, 1_000);
    expect(ex.orders.get('t2')?.status).toBe('MATCHED');
    expect(ex.account('taker').shares.get(T0)).toBe(10 * S);
  });

  it('clears resting orders at game start when the market says so', () => {
    const ex = new PolySimExchange();
    const start = NOW + 60_000;
    ex.addMarket({ ...SIM_MARKET, gameStartTimeMs: start, clearBookOnStart: true }, NOW);
    ex.deposit('a', usd(100));
    const r = ex.place(
      {
        orderId: 'o',
        accountId: 'a',
        makerAddress: '',
        owner: 'k',
        tokenId: T0,
        side: 'BUY',
        price: usd(0.3),
        size: 10 * S,
        orderType: 'GTC',
        postOnly: false,
        expirationSeconds: 0,
      },
      NOW,
    );
    expect(r.ok).toBe(true);
    ex.tick(start - 1, 1_000);
    expect(ex.orders.get('o')?.status).toBe('LIVE');
    ex.tick(start, 1_000);
    expect(ex.orders.get('o')?.status).toBe('CANCELED');
  });
});

describe('tick size', () => {
  it('moves a 0.01 market to 0.001 when its book passes 0.96, if the market asks for it', () => {
    const ex = new PolySimExchange();
    ex.addMarket({ ...SIM_MARKET, autoTickSize: true }, NOW);
    ex.deposit('a', usd(1000));
    const changes: string[] = [];
    ex.onEvent((e) => {
      if (e.kind === 'tick_size') changes.push(`${e.oldTick}->${e.newTick}`);
    });
    const base = {
      makerAddress: '',
      owner: 'k',
      accountId: 'a',
      tokenId: T0,
      orderType: 'GTC' as const,
      postOnly: false,
      expirationSeconds: 0,
    };
    ex.place({ ...base, orderId: 'o1', side: 'BUY', price: usd(0.95), size: 10 * S }, NOW);
    expect(changes).toEqual([]);
    ex.place({ ...base, orderId: 'o2', side: 'BUY', price: usd(0.97), size: 10 * S }, NOW);
    expect(changes).toEqual(['0.01->0.001']);
    expect(ex.markets.get(SIM_MARKET.conditionId)?.tickSize).toBe('0.001');
  });
});

describe('orders placed on the exchange directly', () => {
  it('get ids that never repeat, whatever the count (0xb and 0xfb once collided)', () => {
    const ex = new PolySimExchange();
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(ex.nextLocalOrderId());
    expect(seen.size).toBe(5_000);
    for (const id of seen) expect(id).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
