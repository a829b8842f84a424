/** The API's options and the types its modules share. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Counter } from 'prom-client';
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { RunId } from '../core/ids.js';
import type { ReportSettings } from '../services/daily-report.js';
import type { ApiTokenRecord, Store } from '../store/port.js';

export interface ApiMetrics {
  /** Requests refused as malformed (400), by route. */
  readonly badRequestsTotal: Counter<'route'>;
  /** Requests refused for want of a token (401) or of the role (403). */
  readonly authRefusedTotal: Counter<'route' | 'status'>;
  readonly controlActionsTotal: Counter<'action'>;
}

export interface ApiLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface ApiOptions {
  readonly store: Store;
  /** The deployment's bus: control actions go on it, live updates come from it. Null: none. */
  readonly bus: Bus | null;
  readonly clock: Clock;
  /** The deployment's run: the default of every `run` parameter. */
  readonly runId: RunId;
  readonly metrics: ApiMetrics;
  readonly log: ApiLogger;
  /** Names this API instance's live-update consumer group (one per instance: each sees all). */
  readonly instanceId: string;
  /** ARBEES_MCP_CONTROL: /api/mcp offers the control tools to operator tokens. */
  readonly mcpControl?: boolean;
  /** Control requests allowed per token per minute (default 30). */
  readonly controlPerMinute?: number;
  /** The daily reports' and the decision matrix's settings; their defaults when absent. */
  readonly reportSettings?: ReportSettings;
  /** The dashboard's build (web/dist) to serve at `/`, outside /api and without a token; null: none. */
  readonly webRoot?: string | null;
}

/** Who may call a route: anyone, a token of either role, or an operator token. */
export type RouteAccess = 'public' | 'read' | 'control';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    apiToken?: ApiTokenRecord;
  }
}
