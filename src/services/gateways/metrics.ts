/**
 * A gateway's Prometheus metrics, read from its status at scrape time (no global registry: each
 * registry gets its own collectors, shared by the gateways of one process, told apart by venue).
 * The per-book age is labelled by instrument: bounded, since an instrument leaves the label set
 * when it is no longer followed (MarketClosed).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { GatewayVenue } from './feed.js';
import type { MarketDataGateway } from './market-data-gateway.js';
import type { SettlementWatcher } from './settlement-watcher.js';

interface Source {
  readonly gateway: MarketDataGateway;
  readonly watcher: SettlementWatcher | null;
}

/** Cumulative counts kept by the gateways, turned into Prometheus counters at each scrape. */
const COUNTS = {
  frames: ['arbees_gateway_frames_total', 'WebSocket frames handled (keep-alives aside)'],
  malformed: ['arbees_gateway_malformed_frames_total', 'WebSocket frames that did not parse'],
  gaps: ['arbees_gateway_book_gaps_total', 'Books found out of sync (seq gaps, REST mismatches)'],
  reconnects: [
    'arbees_gateway_reconnects_total',
    'WebSocket reconnections scheduled after a drop or a failed connect',
  ],
  resyncs: ['arbees_gateway_resyncs_total', 'Fresh snapshots asked for or fetched to repair a book'],
  staleDrops: ['arbees_gateway_stale_connections_total', 'Connections cut for silence'],
  booksOnChange: ['arbees_gateway_books_changed_total', 'Book snapshots published because the book changed'],
  booksRefreshed: [
    'arbees_gateway_books_refreshed_total',
    'Quiet books re-published on a confirmed connection',
  ],
  tradesPublished: ['arbees_gateway_trades_total', 'Venue trades published'],
} as const;
type CountName = keyof typeof COUNTS;

const SETTLEMENT_COUNTS = {
  reads: ['arbees_settlement_reads_total', "Reads of a venue's market resolution"],
  unavailable: [
    'arbees_settlement_unavailable_total',
    'Resolution reads that failed (venue down, answer not understood)',
  ],
  settledPublished: ['arbees_settlement_markets_settled_total', 'MarketSettled published from the venue'],
  gaveUp: ['arbees_settlement_gave_up_total', 'Markets never resolved within the polling window'],
} as const;
type SettlementCountName = keyof typeof SETTLEMENT_COUNTS;

const byRegistry = new WeakMap<Registry, Map<GatewayVenue, Source>>();

/** Registers the gateway (and its settlement watcher) on the registry's gateway metrics. */
export function registerGatewayMetrics(opts: {
  readonly registry: Registry;
  readonly gateway: MarketDataGateway;
  readonly watcher?: SettlementWatcher;
}): void {
  let sources = byRegistry.get(opts.registry);
  if (!sources) {
    sources = new Map();
    byRegistry.set(opts.registry, sources);
    createCollectors(opts.registry, sources);
  }
  sources.set(opts.gateway.venue, { gateway: opts.gateway, watcher: opts.watcher ?? null });
}

function createCollectors(registry: Registry, sources: Map<GatewayVenue, Source>): void {
  const registers = [registry];
  new Gauge({
    name: 'arbees_gateway_book_age_seconds',
    help: 'Age of each followed book as published (now minus its venueTs); the strategy refuses it past PRICE_STALENESS_TTL',
    labelNames: ['venue', 'instrument'],
    registers,
    collect() {
      this.reset();
      for (const [venue, { gateway }] of sources)
        for (const { instrumentId, ageMs } of gateway.bookAges())
          if (ageMs !== null) this.set({ venue, instrument: instrumentId }, ageMs / 1000);
    },
  });
  new Gauge({
    name: 'arbees_gateway_connected',
    help: "1 while every connection to the venue's WebSocket is open, else 0",
    labelNames: ['venue'],
    registers,
    collect() {
      for (const [venue, { gateway }] of sources) this.set({ venue }, gateway.status().connected ? 1 : 0);
    },
  });
  new Gauge({
    name: 'arbees_gateway_books',
    help: 'Books followed: in_sync (on an open connection, in sync with the venue) or waiting (for a snapshot or a connection)',
    labelNames: ['venue', 'state'],
    registers,
    collect() {
      for (const [venue, { gateway }] of sources) {
        const s = gateway.status();
        this.set({ venue, state: 'in_sync' }, s.inSync);
        this.set({ venue, state: 'waiting' }, s.instruments - s.inSync);
      }
    },
  });
  const seen = new Map<string, number>();
  /** Adds to `counter` what `value` grew by since the last scrape. */
  const grow = (counter: Counter<'venue'>, key: string, venue: GatewayVenue, value: number) => {
    const before = seen.get(key) ?? 0;
    if (value > before) counter.inc({ venue }, value - before);
    seen.set(key, value);
  };
  for (const name of Object.keys(COUNTS) as CountName[]) {
    const [metric, help] = COUNTS[name];
    new Counter({
      name: metric,
      help,
      labelNames: ['venue'],
      registers,
      collect() {
        for (const [venue, { gateway }] of sources)
          grow(this, `${venue}:${name}`, venue, gateway.status()[name]);
      },
    });
  }
  for (const name of Object.keys(SETTLEMENT_COUNTS) as SettlementCountName[]) {
    const [metric, help] = SETTLEMENT_COUNTS[name];
    new Counter({
      name: metric,
      help,
      labelNames: ['venue'],
      registers,
      collect() {
        for (const [venue, { watcher }] of sources)
          if (watcher) grow(this, `${venue}:settlement:${name}`, venue, watcher.counters[name]);
      },
    });
  }
}
