/**
 * The order manager: takes an approved order intent to the venue and turns what the venue says
 * into order events and fills. The intent is journaled before anything is sent, so a restart
 * finds it; an intent already journaled is never sent again: the venue is asked about it by
 * client order id instead. A request whose fate is unknown becomes Unresolved and is resolved the
 * same way. Every order event goes through the pure state machine first; an illegal one is
 * refused and counted.
 */
import type { Clock } from '../core/clock.js';
import type { FillReceived, OrderEvent, OrderIntent } from '../core/events.js';
import { type ClientOrderId, clientOrderIdFor, type EventId, type SignalId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import { type Centis, type Micros, notional } from '../core/money.js';
import type { SubmitOutcome, VenueClient, VenueOrderReport } from '../venues/port.js';
import { type HedgeAction, type HedgeSettings, planHedge } from './arbitrage-legs.js';
import { initialOrderState, type OrderState, TERMINAL, transition } from './order-state.js';

/** Where orders are written before and after they are sent (the store, in practice). */
export interface OrderJournal {
  /** False if this intent was journaled before (a retry or a restart). */
  saveIntent(intent: OrderIntent): Promise<boolean>;
  recordOrderEvents(events: readonly OrderEvent[]): Promise<void>;
  recordFills(fills: readonly FillReceived[]): Promise<void>;
  /**
   * The outbox, when the journal keeps one: what was journaled and may not have been published
   * (a kill between the two), oldest first, at most `limit`.
   */
  unpublished?(limit: number): Promise<readonly (OrderEvent | FillReceived)[]>;
  /** The bus has accepted these: they leave the outbox. */
  markPublished?(eventIds: readonly EventId[]): Promise<void>;
}

/** How many outbox events the relay reads at a time. */
const RELAY_PAGE = 500;

/**
 * An order event's id, from facts that stay the same across restarts: the client order id and
 * the transition (a partial fill also by its cumulative quantity, which only grows). A recovered
 * order re-announcing the same fact gets the same id, so stores and consumers keep it once; a
 * new fact never collides with a stored one.
 */
export function orderEventId(clientOrderId: ClientOrderId, step: Step): EventId {
  const base = `order:${clientOrderId}`;
  switch (step.kind) {
    case 'OrderPartiallyFilled':
      return `${base}:partial:${step.filledQty}` as EventId;
    case 'OrderFilled':
      return `${base}:filled:${step.filledQty}` as EventId;
    default:
      return `${base}:${step.kind.slice('Order'.length).toLowerCase()}` as EventId;
  }
}

export interface OrderManagerOptions {
  readonly venues: ReadonlyMap<VenueName, VenueClient>;
  readonly journal: OrderJournal;
  readonly clock: Clock;
  /** Publishes order events and fills, after they are journaled. */
  readonly publish: (event: OrderEvent | FillReceived) => Promise<void>;
  readonly onIllegalTransition?: (clientOrderId: ClientOrderId, error: string) => void;
  /** Publishes the hedge and unwind orders it makes itself, so every service sees them. */
  readonly publishIntent?: (intent: OrderIntent) => Promise<void>;
  /** Called when an arbitrage pair is left unhedged (the strategy should go to REDUCING). */
  readonly onUnhedged?: (info: {
    signalId: SignalId;
    unhedged: Centis;
    resolved: boolean;
    detail: string;
  }) => Promise<void>;
  readonly hedge?: HedgeSettings;
}

export const DEFAULT_HEDGE_SETTINGS: HedgeSettings = {
  hedgeSlippage: 20_000 as Micros,
  unwindSlippage: 100_000 as Micros,
  tick: 10_000 as Micros,
};

export class OrderManager {
  private readonly orders = new Map<ClientOrderId, { intent: OrderIntent; state: OrderState }>();
  private readonly fillsSeen = new Set<string>();
  /** What each order's fills seen so far cost, fees excluded: the hedge plan prices from it. */
  private readonly filledNotional = new Map<ClientOrderId, number>();
  private readonly waitingLegs = new Map<SignalId, OrderIntent[]>();
  private readonly hedgeSettings: HedgeSettings;
  private relaying: Promise<number> | undefined;
  illegalTransitions = 0;

  constructor(private readonly options: OrderManagerOptions) {
    this.hedgeSettings = options.hedge ?? DEFAULT_HEDGE_SETTINGS;
  }

  /** Intents whose orders have not reached a final status. */
  workingOrders(): OrderIntent[] {
    return [...this.orders.values()].filter((o) => !TERMINAL.has(o.state.status)).map((o) => o.intent);
  }

  state(clientOrderId: ClientOrderId): OrderState | undefined {
    return this.orders.get(clientOrderId)?.state;
  }

  /**
   * Publishes, in journal order, everything journaled but not known to be published: run on start,
   * before new intents are taken, so a fill journaled just before a kill still reaches the bus.
   * Consumers keep an event id once, so one published already is harmless. Also run now and then,
   * for an event whose publish failed (bus down) in a process that lives on. Returns the count;
   * a call while a relay runs joins it.
   */
  relayUnpublished(): Promise<number> {
    this.relaying ??= this.relayOutbox().finally(() => {
      this.relaying = undefined;
    });
    return this.relaying;
  }

  // The outbox only ever holds a status after the fills it counts were dequeued (published), so a
  // relay running beside the normal flow keeps the fill-before-status order on the bus.
  private async relayOutbox(): Promise<number> {
    const journal = this.options.journal;
    if (!journal.unpublished || !journal.markPublished) return 0;
    let relayed = 0;
    for (;;) {
      const page = await journal.unpublished(RELAY_PAGE);
      for (const event of page) await this.options.publish(event);
      await journal.markPublished(page.map((e) => e.id));
      relayed += page.length;
      if (page.length < RELAY_PAGE) return relayed;
    }
  }

  async handleIntent(intent: OrderIntent): Promise<void> {
    if (this.orders.has(intent.clientOrderId)) return; // redelivered: already in hand
    if (intent.legCount > 1) {
      // Legs of one arbitrage go out together: wait until every leg has arrived.
      const legs = this.waitingLegs.get(intent.signalId) ?? [];
      if (legs.some((l) => l.clientOrderId === intent.clientOrderId)) return;
      legs.push(intent);
      this.waitingLegs.set(intent.signalId, legs);
      if (legs.length < intent.legCount) return;
      this.waitingLegs.delete(intent.signalId);
      await this.handleLegs(legs.sort((x, y) => x.leg - y.leg));
      return;
    }
    const fresh = await this.journalIntent(intent);
    const venue = this.options.venues.get(intent.venue);
    if (!venue) return this.noVenue(intent);
    if (!fresh) return this.recover(intent, venue);
    await this.emit(intent, [{ kind: 'OrderSubmitted' }]);
    await this.applyOutcome(intent, venue, await venue.submit(intent));
  }

  /** Sends all legs at once, then makes sure the position ends hedged or flat. */
  private async handleLegs(legs: OrderIntent[]): Promise<void> {
    const fresh: boolean[] = [];
    for (const leg of legs) fresh.push(await this.journalIntent(leg));
    const venues = legs.map((l) => this.options.venues.get(l.venue));
    if (fresh.every(Boolean) && venues.every((v) => v !== undefined)) {
      for (const leg of legs) await this.emit(leg, [{ kind: 'OrderSubmitted' }]);
      const outcomes = await Promise.all(legs.map((leg, i) => venues[i]!.submit(leg)));
      for (const [i, leg] of legs.entries()) await this.applyOutcome(leg, venues[i]!, outcomes[i]!);
    } else {
      for (const [i, leg] of legs.entries()) {
        const venue = venues[i];
        if (!venue) await this.noVenue(leg);
        else if (!fresh[i]) await this.recover(leg, venue);
        else {
          await this.emit(leg, [{ kind: 'OrderSubmitted' }]);
          await this.applyOutcome(leg, venue, await venue.submit(leg));
        }
      }
    }
    if (legs.length === 2) await this.ensureHedged(legs[0]!, legs[1]!);
  }

  private async ensureHedged(a: OrderIntent, b: OrderIntent): Promise<void> {
    const filled = (i: OrderIntent) => this.orders.get(i.clientOrderId)?.state.filledQty ?? (0 as Centis);
    const result = (i: OrderIntent) => ({
      intent: i,
      filledQty: filled(i),
      filledNotional: (this.filledNotional.get(i.clientOrderId) ?? 0) as Micros,
    });
    const plan = planHedge(result(a), result(b), this.hedgeSettings);
    if (plan.unhedged === 0 || !plan.complete || !plan.unwind) return;
    await this.options.onUnhedged?.({
      signalId: a.signalId,
      unhedged: plan.unhedged,
      resolved: false,
      detail: `${a.clientOrderId} filled ${filled(a)}, ${b.clientOrderId} filled ${filled(b)}`,
    });
    const hedge = this.followUp(plan.complete, 3);
    await this.options.publishIntent?.(hedge);
    await this.handleIntent(hedge);
    const left = plan.unhedged - filled(hedge);
    if (left <= 0) {
      await this.options.onUnhedged?.({
        signalId: a.signalId,
        unhedged: 0 as Centis,
        resolved: true,
        detail: 'short leg completed',
      });
      return;
    }
    const unwind = this.followUp({ ...plan.unwind, qty: left as Centis }, 4);
    await this.options.publishIntent?.(unwind);
    await this.handleIntent(unwind);
    const still = left - filled(unwind);
    await this.options.onUnhedged?.({
      signalId: a.signalId,
      unhedged: Math.max(0, still) as Centis,
      resolved: still <= 0,
      detail: still > 0 ? `hedge and unwind left ${still} centi-contracts unhedged` : 'excess leg unwound',
    });
  }

  private followUp(action: HedgeAction, leg: number): OrderIntent {
    const clientOrderId = clientOrderIdFor(action.from.signalId, leg);
    return {
      ...action.from,
      id: `intent:${clientOrderId}` as EventId,
      ts: this.options.clock.now(),
      clientOrderId,
      leg,
      action: action.action,
      qty: action.qty,
      limitPrice: action.limitPrice,
      tif: 'IOC',
      legCount: 1,
      purpose: action.purpose,
    };
  }

  private async journalIntent(intent: OrderIntent): Promise<boolean> {
    const fresh = await this.options.journal.saveIntent(intent);
    this.orders.set(intent.clientOrderId, { intent, state: initialOrderState(intent.qty) });
    return fresh;
  }

  private async noVenue(intent: OrderIntent): Promise<void> {
    await this.emit(intent, [
      { kind: 'OrderSubmitted' },
      { kind: 'OrderRejected', reason: `no client for venue ${intent.venue}` },
    ]);
  }

  /**
   * The kill switch: cancels every order still working at the venues given (every venue when
   * none), those this manager sent and any other the venue reports open for the account (sent by
   * an earlier process). Returns how many were cancelled and what could not be.
   */
  async cancelAll(opts: { readonly venues?: readonly VenueName[] } = {}): Promise<{
    readonly canceled: number;
    readonly failed: readonly string[];
  }> {
    const wanted = (venue: VenueName) => !opts.venues || opts.venues.includes(venue);
    let canceled = 0;
    const failed: string[] = [];
    const done = new Set<ClientOrderId>();
    for (const intent of this.workingOrders()) {
      const venue = this.options.venues.get(intent.venue);
      if (!venue || !wanted(intent.venue)) continue;
      done.add(intent.clientOrderId);
      try {
        const report = await venue.cancel(intent.clientOrderId);
        if (report) {
          await this.applyReport(intent, report);
          canceled += 1;
        } else failed.push(`${intent.clientOrderId}: the venue has no record of it`);
      } catch (error) {
        failed.push(`${intent.clientOrderId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const [name, venue] of this.options.venues) {
      if (!wanted(name) || !venue.account) continue;
      let open: ClientOrderId[];
      try {
        open = await venue.account.openOrders();
      } catch (error) {
        failed.push(`${name} open orders: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      for (const id of open) {
        if (done.has(id)) continue;
        try {
          if (await venue.cancel(id)) canceled += 1;
          else failed.push(`${id}: the venue has no record of it`);
        } catch (error) {
          failed.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    return { canceled, failed };
  }

  /** Journaled by an earlier run or delivery: it may have reached the venue. Ask, never resend. */
  private async recover(intent: OrderIntent, venue: VenueClient): Promise<void> {
    await this.emit(intent, [
      { kind: 'OrderSubmitted' },
      { kind: 'OrderUnresolved', reason: 'intent found in journal on redelivery' },
    ]);
    await this.resolve(intent, venue);
  }

  private async applyOutcome(intent: OrderIntent, venue: VenueClient, outcome: SubmitOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'accepted':
        await this.applyReport(intent, outcome.report);
        return;
      case 'rejected':
        await this.emit(intent, [{ kind: 'OrderRejected', reason: outcome.reason }]);
        return;
      case 'rate_limited':
        // Provably not accepted: the venue refused it before matching.
        await this.emit(intent, [{ kind: 'OrderRejected', reason: 'rate limited by venue' }]);
        return;
      case 'unresolved':
      case 'transport':
        await this.emit(intent, [{ kind: 'OrderUnresolved', reason: outcome.reason }]);
        await this.resolve(intent, venue);
        return;
    }
  }

  private async resolve(intent: OrderIntent, venue: VenueClient): Promise<void> {
    const report = await venue.getOrder(intent.clientOrderId);
    if (report) await this.applyReport(intent, report);
    else await this.emit(intent, [{ kind: 'OrderRejected', reason: 'venue has no record of the order' }]);
  }

  private async applyReport(intent: OrderIntent, report: VenueOrderReport): Promise<void> {
    const entry = this.orders.get(intent.clientOrderId)!;
    if (entry.state.status === 'SUBMITTED' || entry.state.status === 'UNRESOLVED') {
      await this.emit(intent, [{ kind: 'OrderAccepted', venueOrderId: report.venueOrderId }]);
    }
    // Fills go out before the status that counts them, so a consumer never sees an order filled
    // without its fills.
    const steps: Step[] = [];
    const fills: FillReceived[] = [];
    let cumulative = entry.state.filledQty as number;
    for (const f of report.fills) {
      if (this.fillsSeen.has(f.fillId)) continue;
      this.fillsSeen.add(f.fillId);
      cumulative += f.qty;
      this.filledNotional.set(
        intent.clientOrderId,
        (this.filledNotional.get(intent.clientOrderId) ?? 0) + notional(f.price, f.qty),
      );
      fills.push({
        type: 'FillReceived',
        id: `fill:${f.fillId}` as EventId,
        ts: f.ts,
        fillId: f.fillId,
        clientOrderId: intent.clientOrderId,
        gameId: intent.gameId,
        instrumentId: intent.instrumentId,
        venue: intent.venue,
        side: intent.side,
        action: intent.action,
        price: f.price,
        qty: f.qty,
        fee: f.fee,
        liquidity: f.liquidity,
      });
    }
    if (fills.length > 0) {
      await this.options.journal.recordFills(fills);
      for (const fill of fills) await this.options.publish(fill);
      await this.options.journal.markPublished?.(fills.map((f) => f.id));
    }
    if (cumulative >= intent.qty) steps.push({ kind: 'OrderFilled', filledQty: cumulative as Centis });
    else {
      if (cumulative > entry.state.filledQty) {
        steps.push({
          kind: 'OrderPartiallyFilled',
          filledQty: cumulative as Centis,
          leavesQty: (intent.qty - cumulative) as Centis,
        });
      }
      if (report.status === 'canceled')
        steps.push({
          kind: 'OrderCanceled',
          reason: 'unfilled remainder canceled (IOC)',
          canceledQty: (intent.qty - cumulative) as Centis,
        });
      if (report.status === 'expired') steps.push({ kind: 'OrderExpired' });
    }
    await this.emit(intent, steps);
  }

  private async emit(intent: OrderIntent, steps: readonly Step[]): Promise<void> {
    const entry = this.orders.get(intent.clientOrderId)!;
    const accepted: OrderEvent[] = [];
    for (const step of steps) {
      const { kind, ...details } = step;
      const event = {
        type: kind,
        ...details,
        id: orderEventId(intent.clientOrderId, step),
        ts: this.options.clock.now(),
        clientOrderId: intent.clientOrderId,
        instrumentId: intent.instrumentId,
        venue: intent.venue,
      } as OrderEvent;
      const result = transition(entry.state, event);
      if (!result.ok) {
        this.illegalTransitions += 1;
        this.options.onIllegalTransition?.(intent.clientOrderId, result.error);
        continue;
      }
      entry.state = result.state;
      accepted.push(event);
    }
    if (accepted.length === 0) return;
    await this.options.journal.recordOrderEvents(accepted);
    for (const event of accepted) await this.options.publish(event);
    await this.options.journal.markPublished?.(accepted.map((e) => e.id));
  }
}

export type Step =
  | { kind: 'OrderSubmitted' }
  | { kind: 'OrderAccepted'; venueOrderId: VenueOrderReport['venueOrderId'] }
  | { kind: 'OrderRejected'; reason: string }
  | { kind: 'OrderUnresolved'; reason: string }
  | { kind: 'OrderPartiallyFilled'; filledQty: Centis; leavesQty: Centis }
  | { kind: 'OrderFilled'; filledQty: Centis }
  | { kind: 'OrderCanceled'; reason: string; canceledQty: Centis }
  | { kind: 'OrderExpired' };
