/**
 * What the API reads and writes beyond the trading records: signals with their decisions, the
 * bankroll curve, trading-state history, API tokens (hashes only) and the audit trail of control
 * actions.
 */
import type {
  BankrollSnapshot,
  EventId,
  RiskDecision,
  RunId,
  SignalId,
  TradingStateChanged,
} from '../core/index.js';
import type { Centis, Micros } from '../core/money.js';
import { epochMs, isoTs } from './batch.js';
import type {
  ApiRole,
  ApiTokenRecord,
  ControlActionRecord,
  SignalDecisionFilter,
  StoredSignal,
} from './port.js';
import type { SqlExecutor } from './sql.js';
import { type TradingStateRow, tradingStateOf } from './sql-games.js';
import { BANKROLL_COLUMNS, type BankrollRow, bankrollOf } from './sql-reads.js';

const DECISION_WHERE: Record<SignalDecisionFilter, string> = {
  all: '',
  approved: 'AND d.approved IS TRUE',
  denied: 'AND d.approved IS FALSE',
  undecided: 'AND d.approved IS NULL',
};

interface SignalRow {
  signal_id: string;
  ts_ms: number;
  kind: string;
  game_id: string;
  instrument_id: string;
  venue: string;
  side: string;
  action: string;
  model_prob_ppm: number;
  price: number;
  fee_per_contract: number;
  edge_ppm: number;
  available_qty: number;
  book_age_ms: number;
  sync_delta_ms: number;
  d_ts_ms: number | null;
  approved: boolean | null;
  reasons: string[] | null;
  qty: number | null;
  limit_price: number | null;
  kelly_ppm: number | null;
  inputs: Record<string, number | string | boolean> | null;
}

export async function listSignals(
  db: SqlExecutor,
  runId: RunId,
  opts: { decision: SignalDecisionFilter; limit: number },
): Promise<StoredSignal[]> {
  // A signal has at most one decision; LATERAL keeps the newest should a redelivery add another.
  const { rows } = await db.query<SignalRow>(
    `SELECT s.signal_id, ${epochMs('s.ts')} AS ts_ms, s.kind, s.game_id, s.instrument_id, s.venue, s.side,
            s.action, s.model_prob_ppm, s.price, s.fee_per_contract, s.edge_ppm, s.available_qty,
            s.book_age_ms, s.sync_delta_ms, d.d_ts_ms, d.approved, d.reasons, d.qty, d.limit_price,
            d.kelly_ppm, d.inputs
       FROM signals s
       LEFT JOIN LATERAL (
         SELECT ${epochMs('ts')} AS d_ts_ms, approved, reasons, qty, limit_price, kelly_ppm, inputs
           FROM risk_decisions WHERE run_id = s.run_id AND signal_id = s.signal_id
          ORDER BY ts DESC LIMIT 1) d ON true
      WHERE s.run_id = $1 ${DECISION_WHERE[opts.decision]}
      ORDER BY s.ts DESC, s.event_id DESC LIMIT $2`,
    [runId, opts.limit],
  );
  return rows.map((r) => ({
    signalId: r.signal_id,
    ts: Number(r.ts_ms),
    kind: r.kind,
    gameId: r.game_id,
    instrumentId: r.instrument_id,
    venue: r.venue,
    side: r.side,
    action: r.action,
    modelProbPpm: Number(r.model_prob_ppm),
    price: Number(r.price) as Micros,
    feePerContract: Number(r.fee_per_contract) as Micros,
    edgePpm: Number(r.edge_ppm),
    availableQty: Number(r.available_qty) as Centis,
    bookAgeMs: Number(r.book_age_ms),
    syncDeltaMs: Number(r.sync_delta_ms),
    decision:
      r.approved === null
        ? null
        : {
            ts: Number(r.d_ts_ms),
            approved: r.approved,
            reasons: r.reasons ?? [],
            qty: Number(r.qty) as Centis,
            limitPrice: Number(r.limit_price) as Micros,
            kellyPpm: Number(r.kelly_ppm),
            inputs: r.inputs ?? {},
          },
  }));
}

export async function listRiskDecisions(
  db: SqlExecutor,
  runId: RunId,
  opts: { approved?: boolean; limit: number },
): Promise<RiskDecision[]> {
  const filtered = opts.approved !== undefined;
  const { rows } = await db.query<{
    event_id: string;
    ts_ms: number;
    signal_id: string;
    approved: boolean;
    reasons: RiskDecision['reasons'];
    qty: number;
    limit_price: number;
    kelly_ppm: number;
    inputs: RiskDecision['inputs'];
    legs: RiskDecision['legs'];
  }>(
    `SELECT event_id, ${epochMs('ts')} AS ts_ms, signal_id, approved, reasons, qty, limit_price, kelly_ppm, inputs, legs
       FROM risk_decisions WHERE run_id = $1 ${filtered ? 'AND approved = $3' : ''}
      ORDER BY ts DESC, event_id DESC LIMIT $2`,
    filtered ? [runId, opts.limit, opts.approved] : [runId, opts.limit],
  );
  return rows.map((r) => ({
    type: 'RiskDecision',
    id: r.event_id as EventId,
    ts: Number(r.ts_ms),
    signalId: r.signal_id as SignalId,
    approved: r.approved,
    reasons: r.reasons,
    qty: Number(r.qty) as Centis,
    limitPrice: Number(r.limit_price) as Micros,
    kellyPpm: Number(r.kelly_ppm) as RiskDecision['kellyPpm'],
    legs: r.legs,
    inputs: r.inputs,
  }));
}

export async function listBankroll(
  db: SqlExecutor,
  runId: RunId,
  opts: { limit: number },
): Promise<BankrollSnapshot[]> {
  const { rows } = await db.query<BankrollRow>(
    `SELECT ${BANKROLL_COLUMNS}
       FROM bankroll_snapshots WHERE run_id = $1 ORDER BY ts DESC, event_id DESC LIMIT $2`,
    [runId, opts.limit],
  );
  return rows.map(bankrollOf).reverse();
}

export async function listTradingStates(
  db: SqlExecutor,
  runId: RunId,
  opts: { scope?: string; limit: number },
): Promise<TradingStateChanged[]> {
  const byScope = opts.scope !== undefined;
  const { rows } = await db.query<TradingStateRow>(
    `SELECT event_id, ts, scope, state, reason, origin, until_ts
       FROM trading_states WHERE run_id = $1 ${byScope ? 'AND scope = $3' : ''}
      ORDER BY ts DESC, event_id DESC LIMIT $2`,
    byScope ? [runId, opts.limit, opts.scope] : [runId, opts.limit],
  );
  return rows.map(tradingStateOf);
}

interface TokenRow {
  token_id: string;
  name: string;
  role: ApiRole;
  hash: string;
  created_ms: number;
  revoked_ms: number | null;
}
const TOKEN_COLUMNS = `token_id, name, role, hash, ${epochMs('created_ts')} AS created_ms, ${epochMs('revoked_ts')} AS revoked_ms`;
const tokenOf = (r: TokenRow): ApiTokenRecord => ({
  tokenId: r.token_id,
  name: r.name,
  role: r.role,
  hash: r.hash,
  createdTs: Number(r.created_ms),
  revokedTs: r.revoked_ms === null ? null : Number(r.revoked_ms),
});

export async function createApiToken(db: SqlExecutor, t: ApiTokenRecord): Promise<void> {
  await db.query(
    `INSERT INTO api_tokens (token_id, name, role, hash, created_ts, revoked_ts)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::timestamptz)`,
    [t.tokenId, t.name, t.role, t.hash, isoTs(t.createdTs), t.revokedTs === null ? null : isoTs(t.revokedTs)],
  );
}

export async function findApiToken(db: SqlExecutor, hash: string): Promise<ApiTokenRecord | null> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE hash = $1 AND revoked_ts IS NULL`,
    [hash],
  );
  return rows[0] ? tokenOf(rows[0]) : null;
}

export async function listApiTokens(db: SqlExecutor): Promise<ApiTokenRecord[]> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens ORDER BY created_ts, token_id`,
  );
  return rows.map(tokenOf);
}

export async function revokeApiToken(db: SqlExecutor, tokenId: string, ts: number): Promise<boolean> {
  const { rows } = await db.query<{ token_id: string }>(
    `UPDATE api_tokens SET revoked_ts = $2::timestamptz
      WHERE token_id = $1 AND revoked_ts IS NULL RETURNING token_id`,
    [tokenId, isoTs(ts)],
  );
  return rows.length > 0;
}

export async function recordControlAction(
  db: SqlExecutor,
  runId: RunId,
  a: ControlActionRecord,
): Promise<void> {
  await db.query(
    `INSERT INTO control_actions (run_id, action_id, ts, actor, action, scope, reason, event_id)
     VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [runId, a.actionId, isoTs(a.ts), a.actor, a.action, a.scope, a.reason, a.eventId],
  );
}

export async function listControlActions(
  db: SqlExecutor,
  runId: RunId,
  opts: { limit: number },
): Promise<ControlActionRecord[]> {
  const { rows } = await db.query<{
    action_id: string;
    ts_ms: number;
    actor: string;
    action: ControlActionRecord['action'];
    scope: string;
    reason: string;
    event_id: string | null;
  }>(
    `SELECT action_id, ${epochMs('ts')} AS ts_ms, actor, action, scope, reason, event_id
       FROM control_actions WHERE run_id = $1 ORDER BY ts DESC, action_id DESC LIMIT $2`,
    [runId, opts.limit],
  );
  return rows.map((r) => ({
    actionId: r.action_id,
    ts: Number(r.ts_ms),
    actor: r.actor,
    action: r.action,
    scope: r.scope,
    reason: r.reason,
    eventId: r.event_id,
  }));
}
