/**
 * The simulator's L2-authenticated CLOB routes (venues.md §3.3): orders, cancels, reads,
 * balances and heartbeats. The server has checked the HMAC before these run; the order body's
 * own EIP-712 signature is checked here, through verify-order.
 */
import { POLYMARKET_EXCHANGES } from '../../venues/polymarket/sign-order.js';
import type { PolySimExchange } from './exchange.js';
import { decimalText, mulCeil, mulFloor } from './market.js';
import type { PlaceResult, SimPolyOrder } from './records.js';
import { err, ok, type RouteReply } from './routes-public.js';
import { type SimWallet, verifyPostOrder } from './verify-order.js';
import { END_CURSOR, orderJson, tradeJson } from './wire.js';

export interface TradingAuth {
  readonly apiKey: string;
  /** The key's wallet, lower case. */
  readonly address: string;
}

export interface Heartbeats {
  /** API key → when its last heartbeat arrived (epoch ms) and the id handed back. */
  readonly byKey: Map<string, { lastMs: number; id: string }>;
  seq: number;
}

export interface TradingContext {
  readonly exchange: PolySimExchange;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly nowMs: number;
  readonly auth: TradingAuth;
  readonly chainId: 137 | 80002;
  readonly wallets: ReadonlyMap<string, SimWallet>;
  readonly heartbeats: Heartbeats;
  /** Real time, epoch ms, that heartbeats are timed on (the server's `authNow`); `nowMs` when absent. */
  readonly heartbeatNowMs?: number;
  readonly depositWalletsOnly: boolean;
}

export const TRADING_PATHS = [
  '/order',
  '/orders',
  '/cancel-all',
  '/cancel-market-orders',
  '/data/',
  '/balance-allowance',
  '/v1/heartbeats',
  '/auth/api-keys',
] as const;

export function isTradingPath(path: string): boolean {
  return TRADING_PATHS.some((p) =>
    p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`),
  );
}

/** Which account an API key acts for with a signature type: its own wallet, or the wallet registered to it. */
function fundingAccount(ctx: TradingContext, signatureType: number): string {
  if (signatureType === 0) return ctx.auth.address;
  for (const [address, w] of ctx.wallets)
    if (w.owner === ctx.auth.address && w.signatureType === signatureType) return address;
  return ctx.auth.address;
}

async function postOne(ctx: TradingContext, body: unknown): Promise<RouteReply> {
  const verified = await verifyPostOrder({
    body,
    apiKey: ctx.auth.apiKey,
    keyAddress: ctx.auth.address,
    depositWalletsOnly: ctx.depositWalletsOnly,
    chainId: ctx.chainId,
    market: (t) => ctx.exchange.tokenInfo(t)?.market ?? null,
    wallet: (a) => ctx.wallets.get(a.toLowerCase()) ?? null,
  });
  if (!verified.ok) return err(verified.status, verified.error);
  const v = verified.order;
  const placed = ctx.exchange.place(
    {
      orderId: v.orderId,
      accountId: v.makerAddress.toLowerCase(),
      makerAddress: v.makerAddress,
      owner: ctx.auth.apiKey,
      tokenId: v.tokenId,
      side: v.side,
      price: v.price,
      size: v.size,
      orderType: v.orderType,
      postOnly: v.postOnly,
      expirationSeconds: v.expirationSeconds,
    },
    ctx.nowMs,
  );
  return postReply(placed);
}

function postReply(placed: PlaceResult): RouteReply {
  if (!placed.ok) return err(placed.refusal.status, placed.refusal.error);
  const { order, trades } = placed;
  let shares = 0;
  let cash = 0;
  for (const t of trades) {
    shares += t.size;
    cash += order.side === 'BUY' ? mulCeil(t.size, t.price) : mulFloor(t.size, t.price);
  }
  // BUY makes cash and takes shares; SELL the other way round.
  const [making, taking] = order.side === 'BUY' ? [cash, shares] : [shares, cash];
  return ok({
    success: true,
    errorMsg: '',
    orderID: order.orderId,
    transactionsHashes: trades.map((t) => t.transactionHash),
    tradeIDs: trades.map((t) => t.id),
    status:
      order.status === 'LIVE'
        ? 'live'
        : order.status === 'DELAYED'
          ? 'delayed'
          : order.sizeMatched > 0
            ? 'matched'
            : 'unmatched',
    takingAmount: decimalText(taking),
    makingAmount: decimalText(making),
  });
}

function cancelReply(canceled: string[], notCanceled: Record<string, string>): RouteReply {
  return ok({ canceled, not_canceled: notCanceled });
}

function cancelIds(ctx: TradingContext, ids: readonly unknown[]): RouteReply {
  const canceled: string[] = [];
  const notCanceled: Record<string, string> = {};
  for (const id of ids) {
    if (typeof id !== 'string') return err(400, 'Invalid order payload: order ids must be strings');
    const order = ctx.exchange.orders.get(id);
    if (!order || !ownedBy(ctx, order)) notCanceled[id] = "the order doesn't exist or isn't yours";
    else if (!isOpen(order)) notCanceled[id] = 'order can not be canceled: it is already matched or canceled';
    else {
      ctx.exchange.cancel(id, order.accountId, ctx.nowMs);
      canceled.push(id);
    }
  }
  return cancelReply(canceled, notCanceled);
}

const isOpen = (o: SimPolyOrder) => o.status === 'LIVE' || o.status === 'DELAYED';

/** Orders belong to the API key that posted them. */
const ownedBy = (ctx: TradingContext, o: SimPolyOrder) => o.owner === ctx.auth.apiKey;

function pageOf(data: unknown[]): RouteReply {
  return ok({ limit: 500, count: data.length, next_cursor: END_CURSOR, data });
}

export async function handleTrading(ctx: TradingContext): Promise<RouteReply> {
  const { method, path, query, exchange, body } = ctx;
  if (method === 'POST' && path === '/order') return postOne(ctx, body);
  if (method === 'POST' && path === '/orders') {
    if (!Array.isArray(body)) return err(400, 'Invalid order payload: expected an array of orders');
    if (body.length > 15) return err(400, 'Too many orders in payload: the maximum is 15');
    const out: unknown[] = [];
    for (const item of body) {
      const r = await postOne(ctx, item);
      out.push(
        r.status === 200
          ? r.body
          : {
              success: false,
              errorMsg: (r.body as { error: string }).error,
              orderID: '',
              status: '',
              takingAmount: '',
              makingAmount: '',
            },
      );
    }
    return ok(out);
  }
  if (method === 'DELETE' && path === '/order') {
    const id =
      typeof body === 'object' && body !== null ? (body as { orderID?: unknown }).orderID : undefined;
    if (typeof id !== 'string') return err(400, 'Invalid order payload: orderID is missing');
    return cancelIds(ctx, [id]);
  }
  if (method === 'DELETE' && path === '/orders') {
    if (!Array.isArray(body)) return err(400, 'Invalid order payload: expected an array of order ids');
    return cancelIds(ctx, body);
  }
  if (method === 'DELETE' && path === '/cancel-all') {
    return cancelIds(
      ctx,
      [...exchange.orders.values()].filter((o) => isOpen(o) && ownedBy(ctx, o)).map((o) => o.orderId),
    );
  }
  if (method === 'DELETE' && path === '/cancel-market-orders') {
    const b = (typeof body === 'object' && body !== null ? body : {}) as {
      market?: unknown;
      asset_id?: unknown;
    };
    return cancelIds(
      ctx,
      [...exchange.orders.values()]
        .filter(
          (o) =>
            isOpen(o) &&
            ownedBy(ctx, o) &&
            (b.market === undefined || b.market === '' || b.market === o.conditionId) &&
            (b.asset_id === undefined || b.asset_id === '' || b.asset_id === o.tokenId),
        )
        .map((o) => o.orderId),
    );
  }
  if (method === 'GET' && path.startsWith('/data/order/')) {
    const order = exchange.orders.get(path.slice('/data/order/'.length));
    const market = order ? exchange.markets.get(order.conditionId) : undefined;
    if (!order || !market || !ownedBy(ctx, order)) return err(404, 'order not found');
    return ok(orderJson(order, market));
  }
  if (method === 'GET' && path === '/data/orders') {
    const id = query.get('id');
    const market = query.get('market');
    const asset = query.get('asset_id');
    const data = [...exchange.orders.values()]
      .filter(
        (o) =>
          isOpen(o) &&
          ownedBy(ctx, o) &&
          (!id || o.orderId === id) &&
          (!market || o.conditionId === market) &&
          (!asset || o.tokenId === asset),
      )
      .map((o) =>
        orderJson(
          o,
          exchange.markets.get(o.conditionId) as NonNullable<ReturnType<typeof exchange.markets.get>>,
        ),
      );
    return pageOf(data);
  }
  if (method === 'GET' && path === '/data/trades') {
    const accounts = new Set([
      ctx.auth.address,
      ...[...ctx.wallets].filter(([, w]) => w.owner === ctx.auth.address).map(([a]) => a),
    ]);
    const id = query.get('id');
    const market = query.get('market');
    const asset = query.get('asset_id');
    const maker = query.get('maker_address')?.toLowerCase();
    const before = query.get('before');
    const after = query.get('after');
    const data = exchange
      .tradesOf(accounts)
      .filter((t) => {
        const viewer = accounts.has(t.takerAccountId)
          ? t.takerAccountId
          : accounts.has(t.maker.accountId)
            ? t.maker.accountId
            : null;
        return (
          viewer !== null &&
          (!id || t.id === id) &&
          (!market || t.conditionId === market) &&
          (!asset || t.tokenId === asset || t.maker.tokenId === asset) &&
          (!maker || t.takerAccountId === maker || t.maker.accountId === maker) &&
          (!before || t.matchMs / 1000 < Number(before)) &&
          (!after || t.matchMs / 1000 > Number(after))
        );
      })
      .map((t) => tradeJson(t, accounts.has(t.takerAccountId) ? t.takerAccountId : t.maker.accountId));
    return pageOf(data);
  }
  if (method === 'GET' && (path === '/balance-allowance' || path === '/balance-allowance/update')) {
    const type = query.get('asset_type');
    const signatureType = Number(query.get('signature_type') ?? 0);
    const account = exchange.account(fundingAccount(ctx, signatureType));
    if (type === 'COLLATERAL') return balanceReply(ctx, account.accountId, String(account.collateral));
    if (type === 'CONDITIONAL') {
      const tokenId = query.get('token_id');
      if (!tokenId || !exchange.tokenInfo(tokenId)) return err(400, 'Invalid token id');
      return balanceReply(ctx, account.accountId, String(account.shares.get(tokenId) ?? 0));
    }
    return err(400, 'Invalid asset type: expected COLLATERAL or CONDITIONAL');
  }
  if (method === 'POST' && path === '/v1/heartbeats') {
    ctx.heartbeats.seq += 1;
    const id = `hb-${ctx.heartbeats.seq}`;
    ctx.heartbeats.byKey.set(ctx.auth.apiKey, { lastMs: ctx.heartbeatNowMs ?? ctx.nowMs, id });
    return ok({ heartbeat_id: id });
  }
  if (method === 'GET' && path === '/auth/api-keys') return ok({ apiKeys: [ctx.auth.apiKey] });
  return err(404, 'no such path');
}

function balanceReply(ctx: TradingContext, account: string, balance: string): RouteReply {
  // Every exchange contract is approved without limit, unless /sim/allowance withdrew it.
  const max = '115792089237316195423570985008687907853269984665640564039457584007913129639935';
  const allowance = ctx.exchange.withoutAllowance.has(account) ? '0' : max;
  const allowances = Object.fromEntries(
    Object.values(POLYMARKET_EXCHANGES[ctx.chainId]).map((a) => [a, allowance]),
  );
  return ok({ balance, allowances });
}
