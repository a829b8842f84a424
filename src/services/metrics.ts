/**
 * The trading metrics of one process, registered on the registry the runner passes in (no global
 * registry: two services in one test process must not collide). Names carry the `arbees_` prefix;
 * labels stay bounded (venue, status, reason, scope, group, topic), never an order or event id.
 * Money is exported in dollars because Prometheus values are floats anyway; the conversion from
 * integer micros happens only here, at the edge.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ArbeesEvent, TradingState } from '../core/events.js';
import { MICROS_PER_DOLLAR } from '../core/money.js';

export interface TradingMetrics {
  readonly ordersTotal: Counter<'venue' | 'status'>;
  readonly fillsTotal: Counter<'venue' | 'liquidity'>;
  readonly fillNotionalDollars: Counter<'venue'>;
  readonly orderRejectsTotal: Counter<'venue'>;
  /** Wall time from handing an order to the venue client to its answer. */
  readonly orderRoundTripSeconds: Histogram<'venue' | 'outcome'>;
  readonly illegalOrderTransitionsTotal: Counter;
  readonly signalsTotal: Counter<'kind' | 'venue'>;
  readonly riskDecisionsTotal: Counter<'approved'>;
  readonly riskDenialsTotal: Counter<'reason'>;
  /** 0 active, 1 reducing, 2 halted. */
  readonly tradingState: Gauge<'scope'>;
  readonly bankrollDollars: Gauge<'kind'>;
  readonly pnlDollars: Gauge<'kind'>;
  readonly drawdownDollars: Gauge;
  readonly openPositions: Gauge;
  readonly busEventsHandledTotal: Counter<'topic'>;
  readonly busHandlerErrorsTotal: Counter<'group' | 'topic'>;
  readonly busRedeliveriesTotal: Counter<'group' | 'topic'>;
  readonly busDeadLettersTotal: Counter<'group' | 'topic'>;
  readonly busMalformedTotal: Counter;
  readonly busLagEntries: Gauge<'group' | 'topic'>;
  readonly busPendingEntries: Gauge<'group' | 'topic'>;
  /** Age of the newest book seen per venue at scrape time. */
  readonly bookAgeSeconds: Gauge<'venue'>;
  readonly feedErrorsTotal: Counter<'feed' | 'kind'>;
  readonly reconnectsTotal: Counter<'venue' | 'channel'>;
  readonly reconciliationRunsTotal: Counter<'result'>;
  readonly reconciliationDiscrepanciesTotal: Counter<'severity'>;
  readonly badRequestsTotal: Counter<'route'>;
}

const STATE_VALUE: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };
const dollars = (micros: number) => micros / MICROS_PER_DOLLAR;

const byRegistry = new WeakMap<Registry, TradingMetrics>();

/**
 * The trading metrics of a registry, created on first use: the runner and the service it runs
 * share one set through the registry in the service context.
 */
export function tradingMetricsFor(registry: Registry): TradingMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = createTradingMetrics(registry);
    byRegistry.set(registry, metrics);
  }
  return metrics;
}

function createTradingMetrics(registry: Registry): TradingMetrics {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers });
  return {
    ordersTotal: counter('arbees_orders_total', 'Order events by venue and status', ['venue', 'status']),
    fillsTotal: counter('arbees_fills_total', 'Fills received', ['venue', 'liquidity']),
    fillNotionalDollars: counter('arbees_fill_notional_dollars_total', 'Filled price x quantity', ['venue']),
    orderRejectsTotal: counter('arbees_order_rejects_total', 'Orders rejected by or for a venue', ['venue']),
    orderRoundTripSeconds: new Histogram({
      name: 'arbees_order_round_trip_seconds',
      help: 'Order submit to venue answer, wall time',
      labelNames: ['venue', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    illegalOrderTransitionsTotal: counter(
      'arbees_order_illegal_transitions_total',
      'Order events refused by the order state machine',
    ),
    signalsTotal: counter('arbees_signals_total', 'Signals received by the risk engine', ['kind', 'venue']),
    riskDecisionsTotal: counter('arbees_risk_decisions_total', 'Risk decisions', ['approved']),
    riskDenialsTotal: counter('arbees_risk_denials_total', 'Denied signals by reason', ['reason']),
    tradingState: gauge('arbees_trading_state', 'Trading state per scope: 0 active, 1 reducing, 2 halted', [
      'scope',
    ]),
    bankrollDollars: gauge('arbees_bankroll_dollars', 'Cash, equity and peak equity', ['kind']),
    pnlDollars: gauge('arbees_pnl_dollars', 'Realized and unrealized P&L', ['kind']),
    drawdownDollars: gauge('arbees_drawdown_dollars', 'Equity below its peak'),
    openPositions: gauge('arbees_open_positions', 'Open positions'),
    busEventsHandledTotal: counter('arbees_bus_events_handled_total', 'Events handled by this process', [
      'topic',
    ]),
    busHandlerErrorsTotal: counter('arbees_bus_handler_errors_total', 'Handler failures (left pending)', [
      'group',
      'topic',
    ]),
    busRedeliveriesTotal: counter('arbees_bus_redeliveries_total', 'Deliveries after the first', [
      'group',
      'topic',
    ]),
    busDeadLettersTotal: counter('arbees_bus_dead_letters_total', 'Events given up after repeated failures', [
      'group',
      'topic',
    ]),
    busMalformedTotal: counter('arbees_bus_malformed_total', 'Undecodable bus entries moved to dead letters'),
    busLagEntries: gauge('arbees_bus_lag_entries', 'Entries of a topic not yet delivered to a group', [
      'group',
      'topic',
    ]),
    busPendingEntries: gauge('arbees_bus_pending_entries', 'Entries delivered to a group and not acked', [
      'group',
      'topic',
    ]),
    bookAgeSeconds: gauge('arbees_book_age_seconds', 'Age of the newest order book per venue', ['venue']),
    feedErrorsTotal: counter('arbees_feed_errors_total', 'Feed errors (HTTP, parse, gaps)', ['feed', 'kind']),
    reconnectsTotal: counter('arbees_reconnects_total', 'WebSocket reconnects', ['venue', 'channel']),
    reconciliationRunsTotal: counter('arbees_reconciliation_runs_total', 'Reconciliation passes', ['result']),
    reconciliationDiscrepanciesTotal: counter(
      'arbees_reconciliation_discrepancies_total',
      'Differences between ledger and venue',
      ['severity'],
    ),
    badRequestsTotal: counter('arbees_api_bad_requests_total', 'API requests refused as malformed', [
      'route',
    ]),
  };
}

/**
 * Moves the metrics an event speaks to. Services call it on the events they handle or emit, so
 * each fact is counted by the one process that owns it (the risk engine counts decisions, the
 * order manager counts order events).
 */
export function observeEvent(metrics: TradingMetrics, event: ArbeesEvent): void {
  switch (event.type) {
    case 'SignalRaised':
      metrics.signalsTotal.inc({ kind: event.kind, venue: event.venue });
      return;
    case 'RiskDecision':
      metrics.riskDecisionsTotal.inc({ approved: String(event.approved) });
      for (const reason of event.reasons) metrics.riskDenialsTotal.inc({ reason });
      return;
    case 'TradingStateChanged':
      metrics.tradingState.set({ scope: event.scope }, STATE_VALUE[event.state]);
      return;
    case 'FillReceived':
      metrics.fillsTotal.inc({ venue: event.venue, liquidity: event.liquidity });
      metrics.fillNotionalDollars.inc(
        { venue: event.venue },
        dollars((event.price * event.qty) / 100), // qty is centi-contracts
      );
      return;
    case 'BankrollSnapshot':
      metrics.bankrollDollars.set({ kind: 'cash' }, dollars(event.cash));
      metrics.bankrollDollars.set({ kind: 'equity' }, dollars(event.equity));
      metrics.bankrollDollars.set({ kind: 'peak_equity' }, dollars(event.peakEquity));
      metrics.pnlDollars.set({ kind: 'realized' }, dollars(event.realizedPnl));
      metrics.pnlDollars.set({ kind: 'unrealized' }, dollars(event.unrealizedPnl));
      metrics.drawdownDollars.set(dollars(event.drawdown));
      metrics.openPositions.set(event.openPositions);
      return;
    case 'OrderSubmitted':
    case 'OrderAccepted':
    case 'OrderPartiallyFilled':
    case 'OrderFilled':
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderUnresolved':
      metrics.ordersTotal.inc({ venue: event.venue, status: statusLabel(event.type) });
      return;
    case 'Alert':
      // The order manager announces each refused order event as an order-state alert.
      if (event.source === 'order-state') metrics.illegalOrderTransitionsTotal.inc();
      else if (event.source === 'reconciler')
        metrics.reconciliationDiscrepanciesTotal.inc({ severity: event.severity });
      return;
    case 'OrderRejected':
      metrics.ordersTotal.inc({ venue: event.venue, status: 'rejected' });
      metrics.orderRejectsTotal.inc({ venue: event.venue });
      return;
    default:
      return;
  }
}

function statusLabel(type: string): string {
  return type
    .replace(/^Order/, '')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
