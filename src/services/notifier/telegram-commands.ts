/**
 * Telegram commands to the bot, read with `getUpdates`: `/status`, `/pnl`, `/positions`,
 * `/report [day]` (a UTC day's report, yesterday by default), `/help` for the allow-listed users in the configured chat; `/halt`, `/reduce`, `/resume` [scope]
 * <reason> for the operators among them, taken only after `/confirm <code>` from the same user
 * within a minute, through the API's audited control path. Anyone else is refused, logged and
 * counted; an empty allow-list allows no one.
 */
import { randomInt } from 'node:crypto';
import { SCOPE_PATTERN } from '../../api/contract.js';
import { applyControl } from '../../api/control.js';
import type { Bus } from '../../bus/port.js';
import type { Clock } from '../../core/clock.js';
import type { RunId } from '../../core/ids.js';
import { utcDayBounds, utcDayOf } from '../../portfolio/daily-report.js';
import type { Store } from '../../store/port.js';
import {
  defaultReportSettings,
  type ReportSettings,
  readDailyReport,
  readValidationTable,
} from '../daily-report.js';
import type { Logger } from '../logger.js';
import { dailyReportNotice } from './notices.js';

export interface TelegramUpdate {
  readonly update_id: number;
  readonly message?: {
    readonly text?: string;
    readonly chat: { readonly id: number };
    readonly from?: { readonly id: number; readonly username?: string };
  };
}

export interface Allowed {
  readonly chatId: string;
  readonly users: readonly string[];
  readonly operators: readonly string[];
}

type ControlName = 'halt' | 'reduce' | 'resume';

export type CommandDecision =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'refuse'; readonly why: string; readonly reply: boolean }
  | { readonly kind: 'read'; readonly what: 'status' | 'pnl' | 'positions' | 'help' }
  | {
      readonly kind: 'control';
      readonly action: ControlName;
      readonly scope: string;
      readonly reason: string;
    }
  | { readonly kind: 'confirm'; readonly code: string }
  /** A UTC day's report; null: the day before today. */
  | { readonly kind: 'report'; readonly day: string | null }
  | { readonly kind: 'usage'; readonly text: string };

const HELP =
  '/status, /pnl, /positions, /report [YYYY-MM-DD]; operators: /halt, /reduce, /resume [scope] <reason>, then /confirm <code>';

/** What to do with one update (pure). */
export function decide(update: TelegramUpdate, allowed: Allowed): CommandDecision {
  const m = update.message;
  const text = m?.text?.trim();
  if (!m || !text?.startsWith('/')) return { kind: 'ignore' };
  const user = m.from ? String(m.from.id) : '';
  if (String(m.chat.id) !== allowed.chatId)
    return { kind: 'refuse', why: `chat ${m.chat.id} is not the configured chat`, reply: false };
  if (!allowed.users.includes(user))
    return { kind: 'refuse', why: `user ${user || '?'} is not allow-listed`, reply: false };
  const [head = '', ...rest] = text.split(/\s+/);
  const command = head.replace(/@.*$/, '').slice(1).toLowerCase();
  switch (command) {
    case 'status':
    case 'pnl':
    case 'positions':
    case 'help':
      return { kind: 'read', what: command };
    case 'halt':
    case 'reduce':
    case 'resume': {
      if (!allowed.operators.includes(user))
        return { kind: 'refuse', why: `user ${user} may not /${command} (not an operator)`, reply: true };
      const scope = rest[0] && SCOPE_PATTERN.test(rest[0]) ? rest[0] : 'global';
      const reason = (scope === rest[0] ? rest.slice(1) : rest).join(' ').trim();
      if (!reason) return { kind: 'usage', text: `/${command} [scope] <reason>: the reason is required` };
      return { kind: 'control', action: command, scope, reason };
    }
    case 'confirm':
      return rest[0] ? { kind: 'confirm', code: rest[0] } : { kind: 'usage', text: '/confirm <code>' };
    case 'report': {
      if (!rest[0]) return { kind: 'report', day: null };
      try {
        utcDayBounds(rest[0]);
        return { kind: 'report', day: rest[0] };
      } catch (error) {
        return { kind: 'usage', text: `/report [YYYY-MM-DD]: ${(error as Error).message}` };
      }
    }
    default:
      return { kind: 'usage', text: `unknown command /${command}. ${HELP}` };
  }
}

interface Pending {
  readonly user: string;
  readonly action: ControlName;
  readonly scope: string;
  readonly reason: string;
  readonly expiresTs: number;
}

export interface TelegramCommands {
  /** Reads and answers the updates waiting (the timer does it every `everyMs`). */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

export function startTelegramCommands(opts: {
  readonly apiUrl: string;
  readonly botToken: string;
  readonly allowed: Allowed;
  readonly store: Store;
  readonly bus: Bus | null;
  readonly clock: Clock;
  readonly runId: RunId;
  readonly log: Logger;
  readonly everyMs?: number;
  /** The daily report's settings (/report); their defaults when absent. */
  readonly reportSettings?: ReportSettings;
  readonly refused?: () => void;
  readonly newCode?: () => string;
}): TelegramCommands {
  const base = `${opts.apiUrl.replace(/\/+$/, '')}/bot${opts.botToken}`;
  const newCode = opts.newCode ?? (() => String(randomInt(100_000, 1_000_000)));
  const pending = new Map<string, Pending>();
  let offset = 0;

  const call = async (method: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${base}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await res.json()) as { ok?: boolean; result?: unknown; description?: string };
    if (!answer.ok) throw new Error(`telegram ${method} refused: ${answer.description ?? res.status}`);
    return answer.result;
  };
  const reply = (text: string) =>
    call('sendMessage', { chat_id: opts.allowed.chatId, text: `[arbees] ${text}` });

  const read = async (what: 'status' | 'pnl' | 'positions' | 'help'): Promise<string> => {
    if (what === 'help') return HELP;
    if (what === 'pnl') {
      const b = await opts.store.latestBankroll(opts.runId);
      if (!b) return 'no bankroll snapshot yet';
      const $ = (m: number) => `$${(m / 1e6).toFixed(2)}`;
      return `equity ${$(b.equity)}, cash ${$(b.cash)}, realized ${$(b.realizedPnl)}, unrealized ${$(b.unrealizedPnl)}, drawdown ${$(b.drawdown)}`;
    }
    if (what === 'positions') {
      const open = (await opts.store.listPositions(opts.runId)).filter((p) => p.qty !== 0);
      if (open.length === 0) return 'no open positions';
      const lines = open.slice(0, 10).map((p) => `${p.instrumentId} ${p.side} ${(p.qty / 100).toFixed(2)}`);
      return [`${open.length} open`, ...lines].join('\n');
    }
    const held = (await opts.store.latestTradingStates(opts.runId)).filter((s) => s.state !== 'ACTIVE');
    return held.length === 0
      ? `${opts.runId}: every scope ACTIVE`
      : [`${opts.runId}:`, ...held.map((s) => `${s.scope} ${s.state} (${s.origin}): ${s.reason}`)].join('\n');
  };

  /** The day's report as the nightly notice says it, made afresh (nothing stored). */
  const report = async (day: string): Promise<string> => {
    const settings = opts.reportSettings ?? defaultReportSettings();
    const args = { store: opts.store, runId: opts.runId, day, settings };
    const [made, table] = await Promise.all([readDailyReport(args), readValidationTable(args)]);
    return dailyReportNotice(made, table.matrix, opts.clock.now()).text;
  };

  const handle = async (update: TelegramUpdate) => {
    const decision = decide(update, opts.allowed);
    const user = String(update.message?.from?.id ?? '');
    const now = opts.clock.now();
    switch (decision.kind) {
      case 'ignore':
        return;
      case 'refuse':
        opts.refused?.();
        opts.log.warn('telegram command refused', {
          why: decision.why,
          text: update.message?.text?.slice(0, 40),
        });
        if (decision.reply) await reply(`refused: ${decision.why}`);
        return;
      case 'usage':
        return void (await reply(decision.text));
      case 'read':
        return void (await reply(await read(decision.what)));
      case 'report':
        return void (await reply(await report(decision.day ?? utcDayOf(now - 86_400_000))));
      case 'control': {
        const code = newCode();
        pending.set(code, { user, ...decision, expiresTs: now + 60_000 });
        return void (await reply(
          `${decision.action} ${decision.scope}: "${decision.reason}". Send /confirm ${code} within a minute to do it.`,
        ));
      }
      case 'confirm': {
        const p = pending.get(decision.code);
        if (!p || p.user !== user || p.expiresTs < now)
          return void (await reply('no such confirmation (expired, or not yours)'));
        pending.delete(decision.code);
        const name = update.message?.from?.username ?? user;
        const done = await applyControl(
          { store: opts.store, bus: opts.bus, clock: opts.clock },
          {
            runId: opts.runId,
            action: p.action,
            scope: p.scope,
            reason: p.reason,
            by: { name: `telegram:${name}`, tokenId: `tg_${user}` },
          },
        );
        return void (await reply(
          `${done.state.scope} ${done.state.state}: ${p.reason} (action ${done.action.actionId})`,
        ));
      }
    }
  };

  let busy: Promise<void> | null = null;
  const poll = () => {
    busy ??= (async () => {
      const updates = (await call('getUpdates', {
        offset,
        timeout: 0,
        allowed_updates: ['message'],
      })) as TelegramUpdate[];
      for (const u of updates) {
        offset = Math.max(offset, u.update_id + 1);
        await handle(u);
      }
    })()
      .catch((error: unknown) => opts.log.error('telegram commands', { error: String(error) }))
      .finally(() => {
        busy = null;
      });
    return busy;
  };
  const timer = setInterval(() => void poll(), opts.everyMs ?? 3_000);
  timer.unref();
  return {
    poll,
    async stop() {
      clearInterval(timer);
      await busy;
    },
  };
}
