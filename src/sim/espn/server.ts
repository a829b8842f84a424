/**
 * A simulated ESPN site API over HTTP (node:http), serving the replayed NFL and NBA games as ESPN
 * would at the injected clock's time: `/apis/site/v2/sports/football/nfl/scoreboard[?dates=YYYYMMDD]`
 * and `/apis/site/v2/sports/football/nfl/summary?event=<id>`, and the same under
 * `basketball/nba`. Answers carry an ETag and honour
 * If-None-Match with 304, so a poller can skip unchanged payloads. Faults are injected through
 * `faults`. Binds to 127.0.0.1 by default; port 0 takes a free one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import { ESPN_LEAGUES } from '../../feeds/espn/leagues.js';
import { type EspnSimEndpoint, EspnSimFaults } from './faults.js';
import { scoreboardEvent, scoreboardPayload, summaryPayload } from './payloads.js';
import type { ReplayEspnSchedule, SimGame, SimLeague, SimPhase } from './replay-schedule.js';

const SITE_API = '/apis/site/v2/sports';
export const NFL_PATH = `${SITE_API}/${ESPN_LEAGUES.nfl.path}`;
export const NBA_PATH = `${SITE_API}/${ESPN_LEAGUES.nba.path}`;
const LEAGUE_PATHS: ReadonlyArray<readonly [SimLeague, string]> = [
  ['nfl', NFL_PATH],
  ['nba', NBA_PATH],
];
/**
 * The scoreboards of the other leagues ESPN carries: empty, as ESPN's are on a day without games
 * (a run watching every league must not see a league it follows as an endpoint that is down).
 */
const EMPTY_SCOREBOARDS = new Set(
  Object.values(ESPN_LEAGUES)
    .map((l) => `${SITE_API}/${l.path}/scoreboard`)
    .filter((path) => !LEAGUE_PATHS.some(([, served]) => path === `${served}/scoreboard`)),
);

export interface EspnSimServerOptions {
  readonly schedule: ReplayEspnSchedule;
  readonly clock: Clock;
  readonly host?: string;
  readonly port?: number;
  /** ESPN runs this many ms behind the plays: the server shows the game as it was then. */
  readonly feedDelayMs?: number;
  /** For random faults (`faults.errorRate`). */
  readonly random?: () => number;
  /** Keep a log of every request (tests); off by default, as a replay makes tens of thousands. */
  readonly recordRequests?: boolean;
}

export interface EspnSimRequest {
  readonly endpoint: EspnSimEndpoint | 'other';
  readonly eventId?: string;
  /** Simulated time the request was answered at. */
  readonly simTs: number;
  readonly status: number;
}

export interface EspnSimStats {
  requests: number;
  notModified: number;
  /** Answers by HTTP status. */
  readonly byStatus: Record<number, number>;
  /** Most requests in flight at once, per scoreboard or per event's summary. */
  readonly maxInFlight: Record<string, number>;
}

export interface EspnSimServer {
  readonly port: number;
  /** Base URL of the site API, for EspnHttpClient: `http://127.0.0.1:<port>/apis/site/v2/sports`. */
  readonly apiBase: string;
  readonly faults: EspnSimFaults;
  readonly stats: EspnSimStats;
  readonly requests: readonly EspnSimRequest[];
  close(): Promise<void>;
}

/** FNV-1a of a string, as a quoted ETag. */
function etagOf(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `"${(h >>> 0).toString(16)}-${key.length.toString(16)}"`;
}

/** What distinguishes one answer from another: each game's phase (and play). */
function phaseKey(g: SimGame, phase: SimPhase): string {
  return `${g.espnId}:${phase.status === 'in' ? phase.index : phase.status}`;
}

export function startEspnSimServer(options: EspnSimServerOptions): Promise<EspnSimServer> {
  const { schedule, clock } = options;
  const delay = options.feedDelayMs ?? 0;
  const faults = new EspnSimFaults(options.random);
  const stats: EspnSimStats = { requests: 0, notModified: 0, byStatus: {}, maxInFlight: {} };
  const requests: EspnSimRequest[] = [];
  const inFlight = new Map<string, number>();
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body);
  };
  const sendJson = (req: IncomingMessage, res: ServerResponse, key: string, build: () => unknown) => {
    const etag = etagOf(key);
    if (req.headers['if-none-match'] === etag) {
      stats.notModified += 1;
      stats.byStatus[304] = (stats.byStatus[304] ?? 0) + 1;
      res.writeHead(304, { etag });
      res.end();
      return 304;
    }
    send(res, 200, JSON.stringify(build()), { etag, 'cache-control': 'max-age=0' });
    return 200;
  };
  const notFound = (res: ServerResponse, message: string) => {
    send(res, 404, JSON.stringify({ code: 404, message }));
    return 404;
  };

  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    endpoint: EspnSimEndpoint | null,
    league: SimLeague,
  ) => {
    const at = clock.now() - delay;
    if (endpoint === 'scoreboard') {
      const dates = url.searchParams.get('dates');
      if (dates !== null && !/^\d{8}$/.test(dates)) {
        send(res, 400, JSON.stringify({ code: 400, message: 'dates must be YYYYMMDD' }));
        return 400;
      }
      const games = dates === null ? schedule.currentWeek(at, league) : schedule.onDay(dates, league);
      const phases = games.map((g) => schedule.phaseAt(g, at));
      const key = `sb|${league}|${dates ?? ''}|${games.map((g, i) => phaseKey(g, phases[i]!)).join(',')}`;
      return sendJson(req, res, key, () =>
        scoreboardPayload(
          games.map((g, i) => scoreboardEvent(g, phases[i]!)),
          games[0],
          league,
        ),
      );
    }
    if (endpoint === 'summary') {
      const id = url.searchParams.get('event') ?? '';
      const game = schedule.byEspn(id);
      if (!game || game.league !== league) return notFound(res, `event ${JSON.stringify(id)} not found`);
      const phase = schedule.phaseAt(game, at);
      return sendJson(req, res, `sum|${phaseKey(game, phase)}`, () => summaryPayload(game, phase));
    }
    if (EMPTY_SCOREBOARDS.has(url.pathname) && req.method === 'GET') {
      send(res, 200, JSON.stringify({ leagues: [], events: [] }));
      return 200;
    }
    return notFound(res, `no such endpoint ${url.pathname}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://localhost');
    let endpoint: EspnSimEndpoint | null = null;
    let league: SimLeague = 'nfl';
    for (const [l, path] of LEAGUE_PATHS) {
      if (url.pathname === `${path}/scoreboard`) endpoint = 'scoreboard';
      else if (url.pathname === `${path}/summary`) endpoint = 'summary';
      else continue;
      league = l;
      break;
    }
    const eventId = endpoint === 'summary' ? (url.searchParams.get('event') ?? '') : undefined;
    const flightKey =
      endpoint === 'summary'
        ? `summary:${eventId}`
        : league === 'nfl'
          ? `${endpoint}:${url.search}`
          : `${endpoint}:${league}:${url.search}`;
    const flying = (inFlight.get(flightKey) ?? 0) + 1;
    inFlight.set(flightKey, flying);
    stats.maxInFlight[flightKey] = Math.max(stats.maxInFlight[flightKey] ?? 0, flying);
    let status = 500;
    try {
      if (req.method !== 'GET') {
        send(res, 405, JSON.stringify({ code: 405, message: 'GET only' }));
        status = 405;
        return;
      }
      await faults.delay(sleep, endpoint);
      if (res.destroyed) return;
      const fault = endpoint ? faults.take(endpoint) : null;
      if (fault?.kind === 'status') {
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        send(res, fault.status, JSON.stringify({ code: fault.status, message: 'simulated fault' }), headers);
        status = fault.status;
      } else if (fault?.kind === 'malformed') {
        send(res, 200, '{"events": [{"id": "4012', {});
        status = 200;
      } else if (fault?.kind === 'json') {
        send(res, 200, JSON.stringify(fault.body));
        status = 200;
      } else {
        status = answer(req, res, url, endpoint, league);
      }
    } catch (error) {
      // A bug here must not take the server down: answer 500 and keep serving.
      if (!res.headersSent) send(res, 500, JSON.stringify({ code: 500, message: String(error) }));
    } finally {
      inFlight.set(flightKey, (inFlight.get(flightKey) ?? 1) - 1);
      if (options.recordRequests) {
        requests.push({
          endpoint: endpoint ?? 'other',
          ...(eventId === undefined ? {} : { eventId }),
          simTs: clock.now(),
          status,
        });
      }
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host ?? '127.0.0.1';
      resolve({
        port,
        apiBase: `http://${host.includes(':') ? `[${host}]` : host}:${port}/apis/site/v2/sports`,
        faults,
        stats,
        requests,
        close: () =>
          new Promise<void>((done) => {
            faults.releaseAll();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
