/**
 * The dashboard's shell: sign-in with an API token (from the URL's #token= fragment that
 * `arbees run` prints, or typed), the banners (paper or live, simulated markets), the pages.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { WhoAmIResponse } from '../../src/api/contract.js';
import { ApiError, apiClient } from './api.js';
import { type GameSeries, gatherSeries } from './game-series.js';
import { usePoll } from './hooks.js';
import { type LiveEvent, type LiveState, openLiveSocket } from './live-socket.js';
import { HealthPage } from './pages/Health.js';
import { LivePage } from './pages/Live.js';
import { OrdersPage } from './pages/Orders.js';
import { PnlPage } from './pages/Pnl.js';
import { ReportsPage } from './pages/Reports.js';
import { RiskPage } from './pages/Risk.js';
import { SignalsPage } from './pages/Signals.js';

const TOKEN_KEY = 'arbees.token';
const PAGES = [
  ['live', 'Live'],
  ['pnl', 'Positions & P&L'],
  ['orders', 'Orders & fills'],
  ['signals', 'Signals'],
  ['risk', 'Risk'],
  ['health', 'Health'],
  ['reports', 'Reports'],
] as const;
type PageId = (typeof PAGES)[number][0];

/** The token the run printed in the URL's fragment, taken and then removed from the address bar. */
function tokenFromUrl(): string | null {
  const m = /^#token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (!m?.[1]) return null;
  window.history.replaceState(null, '', `${window.location.pathname}#/live`);
  return m[1];
}

const pageFromHash = (): PageId => {
  const id = window.location.hash.replace(/^#\//, '');
  return PAGES.find(([p]) => p === id)?.[0] ?? 'live';
};

function SignIn(props: { readonly error: string | null; readonly onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) props.onToken(value.trim());
      }}
    >
      <h1>Arbees</h1>
      <label>
        API token
        <input
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="arb_…"
          autoComplete="off"
        />
      </label>
      <button type="submit">Sign in</button>
      {props.error && <p className="error">{props.error}</p>}
      <p className="note">
        <code>npm start</code> prints a link with a token on a first start; otherwise{' '}
        <code>arbees token create --role operator --name you</code>.
      </p>
    </form>
  );
}

export function App() {
  const [token, setToken] = useState<string | null>(() => {
    const fromUrl = tokenFromUrl();
    if (fromUrl) localStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl ?? localStorage.getItem(TOKEN_KEY);
  });
  const [me, setMe] = useState<WhoAmIResponse | null>(null);
  const [signInError, setSignInError] = useState<string | null>(null);
  const api = useMemo(() => (token ? apiClient(token) : null), [token]);

  useEffect(() => {
    if (!api) return;
    api.get('/api/whoami').then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) {
        localStorage.removeItem(TOKEN_KEY);
        setToken(null);
      }
      setSignInError(e instanceof Error ? e.message : String(e));
    });
  }, [api]);

  if (!api || !me)
    return (
      <SignIn
        error={signInError}
        onToken={(t) => {
          localStorage.setItem(TOKEN_KEY, t);
          setSignInError(null);
          setToken(t);
        }}
      />
    );
  return (
    <Dashboard
      api={api}
      me={me}
      onSignOut={() => {
        localStorage.removeItem(TOKEN_KEY);
        setMe(null);
        setToken(null);
      }}
    />
  );
}

function Dashboard(props: {
  readonly api: ReturnType<typeof apiClient>;
  readonly me: WhoAmIResponse;
  readonly onSignOut: () => void;
}) {
  const { api, me } = props;
  const [page, setPage] = useState<PageId>(pageFromHash);
  const [liveState, setLiveState] = useState<LiveState>('connecting');
  const [alerts, setAlerts] = useState<LiveEvent[]>([]);
  // Bumped (at most once a second) when the run publishes what the pages show: they read again.
  const [eventTick, setEventTick] = useState(0);
  const [controlTick, setControlTick] = useState(0);
  const series = useRef(new Map<string, GameSeries>());

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const socket = openLiveSocket(api.token, ['risk', 'orders', 'fills', 'ops']);
    let pending: ReturnType<typeof setTimeout> | null = null;
    socket.onState(setLiveState);
    socket.onEvent((e) => {
      if (e.topic === 'ops') setAlerts((a) => [e, ...a].slice(0, 50));
      pending ??= setTimeout(() => {
        pending = null;
        setEventTick((n) => n + 1);
      }, 1_000);
    });
    return () => {
      if (pending) clearTimeout(pending);
      socket.close();
    };
  }, [api]);

  const tick = eventTick + controlTick;
  const status = usePoll(() => api.get('/api/status'), 2_000, tick);
  const games = usePoll(() => api.get('/api/games', { limit: '50' }), 1_500);
  const gameList = games.data?.games ?? [];
  // The chart's history: what each read adds (the series live across pages).
  const gathered = useMemo(() => {
    gatherSeries(series.current, gameList);
    return series.current;
  }, [gameList]);
  const mode = status.data?.run.mode;
  const simulated = gameList.some((g) => g.markets.some((m) => m.simulated === true));

  return (
    <div className="app">
      <header>
        <strong>Arbees</strong>
        <span className="who" data-testid="who">
          {me.name} ({me.role}) · run {me.runId}
        </span>
        <span className={`live-dot ${liveState}`} title={`live updates: ${liveState}`}>
          ● {liveState}
        </span>
        <button type="button" className="link" onClick={props.onSignOut}>
          sign out
        </button>
      </header>
      {mode && (
        <div className={`banner mode-${mode}`} data-testid="mode-banner">
          {mode === 'live'
            ? 'LIVE: real orders, real money'
            : mode === 'paper'
              ? 'PAPER: live data, simulated fills'
              : `${mode.toUpperCase()}: recorded games`}
          {simulated && (
            <span className="sim"> · SIMULATED MARKETS (the simulated world, not real venues)</span>
          )}
        </div>
      )}
      <nav>
        {PAGES.map(([id, label]) => (
          <a key={id} href={`#/${id}`} className={id === page ? 'chosen' : ''}>
            {label}
          </a>
        ))}
      </nav>
      <main>
        {status.error && <p className="error">{status.error}</p>}
        {page === 'live' && <LivePage api={api} games={gameList} series={gathered} tick={tick} />}
        {page === 'pnl' && <PnlPage api={api} role={me.role} tick={tick} />}
        {page === 'orders' && <OrdersPage api={api} tick={tick} />}
        {page === 'signals' && <SignalsPage api={api} tick={tick} />}
        {page === 'risk' && (
          <RiskPage
            api={api}
            role={me.role}
            status={status.data}
            tick={tick}
            onChanged={() => setControlTick((n) => n + 1)}
          />
        )}
        {page === 'reports' && <ReportsPage api={api} status={status.data} />}
        {page === 'health' && (
          <HealthPage
            api={api}
            status={status.data}
            games={gameList}
            liveState={liveState}
            alerts={alerts}
            tick={tick}
          />
        )}
      </main>
    </div>
  );
}
