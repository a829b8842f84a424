/**
 * The dashboard's client of the API: bearer-token fetches typed by the API's own contract
 * (src/api/contract.ts, imported for its types only: nothing of it is bundled).
 */
import type {
  BankrollCurveResponse,
  CancelAllResponse,
  ControlActionName,
  ControlActionsResponse,
  ControlResponse,
  DailyReportResponse,
  DecisionResponse,
  ErrorBody,
  FillsResponse,
  FlattenBody,
  FlattenResponse,
  GameHistoryResponse,
  GamesResponse,
  OrdersResponse,
  PnlResponse,
  PositionsResponse,
  ReconciliationResponse,
  SignalsResponse,
  StatusResponse,
  ValidationResponse,
  WhoAmIResponse,
} from '../../src/api/contract.js';

/** What each GET path answers. */
export interface ReadRoutes {
  '/api/whoami': WhoAmIResponse;
  '/api/status': StatusResponse;
  '/api/games': GamesResponse;
  '/api/positions': PositionsResponse;
  '/api/orders': OrdersResponse;
  '/api/fills': FillsResponse;
  '/api/pnl': PnlResponse;
  '/api/pnl/curve': BankrollCurveResponse;
  '/api/signals': SignalsResponse;
  '/api/reconciliation': ReconciliationResponse;
  '/api/control/actions': ControlActionsResponse;
  '/api/reports/validation': ValidationResponse;
  '/api/reports/decision': DecisionResponse;
}
export type ReadPath = keyof ReadRoutes;

/** A refusal or failure from the API, with its status and the API's own words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<P extends ReadPath>(path: P, query?: Record<string, string>): Promise<ReadRoutes[P]>;
  /** A game's chart history (the last quote and signal of each market every `bucket` seconds). */
  history(gameId: string, bucket?: number): Promise<GameHistoryResponse>;
  /** A UTC day's report (YYYY-MM-DD), made afresh by the API. */
  dailyReport(day: string): Promise<DailyReportResponse>;
  control(action: ControlActionName, body: { scope: string; reason: string }): Promise<ControlResponse>;
  /** Cancels every resting order in a scope (global or venue:<name>); trading goes on. */
  cancelAll(body: { scope: string; reason: string }): Promise<CancelAllResponse>;
  /** Sells a whole position now (IOC) at no less than the bid less `maxSlippage`. */
  flatten(body: FlattenBody): Promise<FlattenResponse>;
  readonly token: string;
}

export function apiClient(token: string): ApiClient {
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as ErrorBody | null;
      throw new ApiError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
    }
    return (await res.json()) as T;
  };
  return {
    token,
    get: (path, query) => call(query ? `${path}?${new URLSearchParams(query)}` : path),
    history: (gameId, bucket = 15) =>
      call(
        `/api/games/${encodeURIComponent(gameId)}/history?${new URLSearchParams({ bucket: String(bucket) })}`,
      ),
    dailyReport: (day) => call(`/api/reports/daily/${encodeURIComponent(day)}`),
    control: (action, body) => call(`/api/control/${action}`, { method: 'POST', body: JSON.stringify(body) }),
    cancelAll: (body) => call('/api/control/cancel-all', { method: 'POST', body: JSON.stringify(body) }),
    flatten: (body) => call('/api/control/flatten', { method: 'POST', body: JSON.stringify(body) }),
  };
}
