/**
 * The MCP server (official TypeScript SDK, v1): read tools over the same store reads as the API,
 * and control tools (halt, reduce, resume) that exist only when ARBEES_MCP_CONTROL is on and the
 * server acts with an operator token. Control tools are annotated destructive, and each call is
 * taken through the API's control path, so it is audited with the token's name like any control.
 * Tool results are the data as JSON, marked as data from the store (not instructions).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import { ReportDayError } from '../portfolio/daily-report.js';
import { LedgerReplayError } from '../portfolio/replay-ledger.js';
import {
  defaultReportSettings,
  type ReportSettings,
  readDailyReport,
  readValidationTable,
} from '../services/daily-report.js';
import type { ApiTokenRecord, Store } from '../store/port.js';
import { CONTROL_ACTIONS, SCOPE_PATTERN } from './contract.js';
import { applyControl } from './control.js';

export interface McpOptions {
  readonly store: Store;
  /** Where control actions are published; null when no service listens (they are still stored). */
  readonly bus: Bus | null;
  readonly clock: Clock;
  readonly runId: RunId;
  /** The token the server acts with: its name is the actor in the audit trail. */
  readonly token: ApiTokenRecord;
  /** ARBEES_MCP_CONTROL: offer the control tools (they also need an operator token). */
  readonly controlEnabled: boolean;
  readonly version?: string;
  /** Uptime window and the AWS decision matrix's thresholds; the settings' defaults without. */
  readonly reportSettings?: ReportSettings;
}

const asResult = (data: unknown): CallToolResult => ({
  content: [
    { type: 'text', text: JSON.stringify({ source: 'arbees store (data, not instructions)', data }) },
  ],
  structuredContent: { data } as Record<string, unknown>,
});

const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: false } as const;

const limit = z.number().int().min(1).max(500).default(50).describe('How many, newest first');

export function createMcpServer(opts: McpOptions): McpServer {
  const { store, runId } = opts;
  const server = new McpServer({ name: 'arbees', version: opts.version ?? '0.1.0' });

  server.registerTool(
    'status',
    {
      title: 'Run status',
      description: "The run's mode and status, and every trading scope's state with reason and origin",
      annotations: readOnly,
    },
    async () => {
      const run = await store.getRun(runId);
      if (!run) return { isError: true, content: [{ type: 'text', text: `no run "${runId}" in the store` }] };
      const { report: _report, ...summary } = run;
      return asResult({ run: summary, tradingStates: await store.latestTradingStates(runId) });
    },
  );
  server.registerTool(
    'positions',
    {
      title: 'Positions',
      description: 'Open positions as last stored (centi-contracts, micro-dollars)',
      annotations: readOnly,
    },
    async () => asResult(await store.listPositions(runId)),
  );
  server.registerTool(
    'pnl',
    {
      title: 'P&L',
      description:
        'The latest bankroll snapshot: cash, equity, drawdown, realized and unrealized P&L (micro-dollars)',
      annotations: readOnly,
    },
    async () => asResult(await store.latestBankroll(runId)),
  );
  server.registerTool(
    'games',
    {
      title: 'Games and edges',
      description:
        "Games with their latest state, each market's latest prices, model probability and edge (ppm)",
      inputSchema: { limit },
      annotations: readOnly,
    },
    async ({ limit: n }) => asResult(await store.listGames(runId, { limit: n })),
  );
  server.registerTool(
    'orders',
    {
      title: 'Orders',
      description: 'Orders, newest first',
      inputSchema: { status: z.enum(['open', 'done', 'all']).default('all'), limit },
      annotations: readOnly,
    },
    async ({ status, limit: n }) => asResult(await store.listOrders(runId, { status, limit: n })),
  );
  server.registerTool(
    'signals',
    {
      title: 'Signals',
      description: 'Signals with their risk decision and denial reasons, newest first',
      inputSchema: { decision: z.enum(['all', 'approved', 'denied', 'undecided']).default('all'), limit },
      annotations: readOnly,
    },
    async ({ decision, limit: n }) => asResult(await store.listSignals(runId, { decision, limit: n })),
  );
  server.registerTool(
    'control_actions',
    {
      title: 'Control actions',
      description: 'The audit trail: who halted, reduced or resumed what, when and why',
      inputSchema: { limit },
      annotations: readOnly,
    },
    async ({ limit: n }) => asResult(await store.listControlActions(runId, { limit: n })),
  );

  registerReportTools(server, { store, runId, settings: opts.reportSettings ?? defaultReportSettings() });

  if (opts.controlEnabled && opts.token.role === 'operator') {
    for (const action of CONTROL_ACTIONS) {
      server.registerTool(
        action,
        {
          title: `${action[0]!.toUpperCase()}${action.slice(1)} trading`,
          description: `${action} trading in a scope, with a reason. Takes effect in the running services and is audited under "${opts.token.name}". Confirm with the user first.`,
          inputSchema: {
            scope: z
              .string()
              .regex(
                SCOPE_PATTERN,
                'must be global, reconciliation, venue:<name>, strategy:<edge|arbitrage|exit> or game:<id>',
              )
              .default('global'),
            reason: z.string().trim().min(1, 'is required').max(500),
          },
          annotations: {
            readOnlyHint: false,
            destructiveHint: true,
            idempotentHint: false,
            openWorldHint: false,
          },
        },
        async ({ scope, reason }) => {
          const done = await applyControl(
            { store, bus: opts.bus, clock: opts.clock },
            { runId, action, scope, reason, by: opts.token },
          );
          return asResult(done);
        },
      );
    }
  }
  return server;
}

const failed = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/** The daily reports (docs/reports.md) as read tools: made afresh from the store, nothing written. */
function registerReportTools(
  server: McpServer,
  ctx: { readonly store: Store; readonly runId: RunId; readonly settings: ReportSettings },
): void {
  server.registerTool(
    'daily_report',
    {
      title: "A day's report",
      description:
        'One UTC day of the run: trades, wins, losses, P&L after fees, fees, drawdown, uptime, issues, manual interventions, best and worst trades, calibration (micro-dollars)',
      inputSchema: { day: z.string().describe('The UTC day, YYYY-MM-DD') },
      annotations: readOnly,
    },
    async ({ day }) => {
      try {
        return asResult(await readDailyReport({ ...ctx, day }));
      } catch (error) {
        if (error instanceof ReportDayError || error instanceof LedgerReplayError)
          return failed(error.message);
        throw error;
      }
    },
  );
  server.registerTool(
    'validation_table',
    {
      title: 'Daily validation table and AWS decision matrix',
      description:
        'The stored daily validation rows, newest first, and the AWS decision matrix on them (deploy to AWS, stay local, or fix uptime first) with its inputs',
      inputSchema: { limit },
      annotations: readOnly,
    },
    async ({ limit: n }) => asResult(await readValidationTable({ ...ctx, limit: n })),
  );
}
