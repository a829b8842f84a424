/**
 * The order manager: takes an approved order intent to the venue and turns what the venue says
 * into order events and fills. The intent is journaled before anything is sent, so a restart
 * finds it; an intent already journaled is never sent again: the venue is asked about it by
 * client order id instead. A request whose fate is unknown becomes Unresolved and is resolved the
 * same way. Every order event goes through the pure state machine first; an illegal one is
 * refused and counted.
 *
 * With `followUp`, an order the venue accepted but has not finished (resting, or delayed by a
 * live-sports taker delay) is asked about again on the scheduler until it is done, and so is one
 * whose lookup failed; an arbitrage pair is made whole once both legs are done. Without it, each
 * order is looked at once, when sent (the deterministic backtest relies on that).
 */
import type { Clock } from '../core/clock.js';
import type { FillReceived, OrderEvent, OrderIntent } from '../core/events.js';
import { type ClientOrderId, clientOrderIdFor, type SignalId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import type { SubmitOutcome, VenueClient, VenueOrderReport } from '../venues/port.js';
import type { HedgeSettings } from './arbitrage-legs.js';
import { type FollowUpAnswer, type FollowUpSettings, OrderFollowUps } from './follow-up.js';
import { type CancelAllResult, cancelEverywhere } from './kill-switch.js';
import { type OrderJournal, orderEventId, readReport, relayOutbox, type Step } from './order-report.js';
import { initialOrderState, type OrderState, TERMINAL, transition } from './order-state.js';
import { DEFAULT_HEDGE_SETTINGS, ensureHedged, type PairHedgeDeps, type UnhedgedInfo } from './pair-hedge.js';

export type { FollowUpSettings } from './follow-up.js';
export { type OrderJournal, orderEventId, type Step } from './order-report.js';
export { DEFAULT_HEDGE_SETTINGS } from './pair-hedge.js';

/** Answers "no such order" to an Unresolved order, followed up, before it counts as never received. */
const UNKNOWN_ORDER_ASKS = 3;

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
  readonly onUnhedged?: (info: UnhedgedInfo) => Promise<void>;
  readonly hedge?: HedgeSettings;
  /** Asks again about orders accepted and not done; absent: each order is looked at once. */
  readonly followUp?: FollowUpSettings;
}

const isDone = (state: OrderState | undefined) => state === undefined || TERMINAL.has(state.status);

export class OrderManager {
  private readonly orders = new Map<ClientOrderId, { intent: OrderIntent; state: OrderState }>();
  private readonly fillsSeen = new Set<string>();
  /** What each order's fills seen so far cost, fees excluded: the hedge plan prices from it. */
  private readonly filledNotional = new Map<ClientOrderId, number>();
  private readonly waitingLegs = new Map<SignalId, { intent: OrderIntent; journaled: boolean }[]>();
  /** What runs once an order is done (the rest of a pair's hedging), by order. */
  private readonly whenDone = new Map<ClientOrderId, (() => Promise<void>)[]>();
  /** The report being applied to each order: a follow-up and a cancel never interleave. */
  private readonly applying = new Map<ClientOrderId, Promise<void>>();
  private readonly followUps: OrderFollowUps | null;
  /** Follow-up answers "no such order", by Unresolved order. */
  private readonly noRecordAnswers = new Map<ClientOrderId, number>();
  private readonly hedgeDeps: PairHedgeDeps;
  private relaying: Promise<number> | undefined;
  illegalTransitions = 0;

  constructor(private readonly options: OrderManagerOptions) {
    this.followUps = options.followUp
      ? new OrderFollowUps({
          settings: options.followUp,
          clock: options.clock,
          ask: (id) => this.askAgain(id),
        })
      : null;
    this.hedgeDeps = {
      clock: options.clock,
      settings: options.hedge ?? DEFAULT_HEDGE_SETTINGS,
      filled: (i) => this.orders.get(i.clientOrderId)?.state.filledQty ?? (0 as Centis),
      filledNotional: (i) => (this.filledNotional.get(i.clientOrderId) ?? 0) as Micros,
      send: async (intent) => {
        await this.options.publishIntent?.(intent);
        await this.handleIntent(intent);
      },
      afterDone: (intent, then) => this.afterDone([intent], then),
      ...(options.onUnhedged ? { onUnhedged: options.onUnhedged } : {}),
    };
  }

  /** Intents whose orders have not reached a final status. */
  workingOrders(): OrderIntent[] {
    return [...this.orders.values()].filter((o) => !TERMINAL.has(o.state.status)).map((o) => o.intent);
  }

  state(clientOrderId: ClientOrderId): OrderState | undefined {
    return this.orders.get(clientOrderId)?.state;
  }

  /** Orders being followed up, and follow-up questions that failed. */
  followUpStats(): { readonly following: number; readonly failures: number } {
    return { following: this.followUps?.active ?? 0, failures: this.followUps?.failures ?? 0 };
  }

  /**
   * Publishes, in journal order, everything journaled but not known to be published: run on start,
   * before new intents are taken, so a fill journaled just before a kill still reaches the bus.
   * Consumers keep an event id once, so one published already is harmless. Also run now and then,
   * for an event whose publish failed (bus down) in a process that lives on. Returns the count;
   * a call while a relay runs joins it.
   */
  relayUnpublished(): Promise<number> {
    this.relaying ??= relayOutbox(this.options.journal, this.options.publish).finally(() => {
      this.relaying = undefined;
    });
    return this.relaying;
  }

  async handleIntent(intent: OrderIntent): Promise<void> {
    if (this.orders.has(intent.clientOrderId)) return; // redelivered: already in hand
    if (intent.legCount > 1) return this.collectLeg(intent);
    const fresh = await this.journalIntent(intent);
    const venue = this.options.venues.get(intent.venue);
    if (!venue) return this.noVenue(intent);
    if (!(await this.claimSend(intent, fresh))) return this.recover(intent, venue);
    await this.applyOutcome(intent, venue, (await this.send([intent], [venue]))[0]!);
  }

  /**
   * Sends orders this process has marked as being sent. The mark is durable, so the requests go
   * out at once and their Submitted events are journaled and published while they travel (still
   * on the bus before anything their answers bring).
   */
  private async send(
    intents: readonly OrderIntent[],
    venues: readonly VenueClient[],
  ): Promise<SubmitOutcome[]> {
    const sending = intents.map((intent, i) => venues[i]!.submit(intent));
    // Awaited below; a failed journal write must not leave them unhandled meanwhile.
    for (const s of sending) s.catch(() => undefined);
    for (const intent of intents) await this.emit(intent, [{ kind: 'OrderSubmitted' }]);
    return Promise.all(sending);
  }

  /**
   * Legs of one arbitrage go out together: each is journaled as it arrives (its delivery is
   * acknowledged before the others come), and the pair goes once every leg is in. A process
   * started between two legs finds the earlier ones in the journal.
   */
  private async collectLeg(intent: OrderIntent): Promise<void> {
    const journaled = await this.journalIntent(intent);
    const legs = this.waitingLegs.get(intent.signalId) ?? [];
    this.waitingLegs.set(intent.signalId, legs);
    legs.push({ intent, journaled });
    const intentOf = this.options.journal.intentOf;
    for (let leg = 1; leg <= intent.legCount && legs.length < intent.legCount && intentOf; leg += 1) {
      const id = clientOrderIdFor(intent.signalId, leg);
      if (legs.some((l) => l.intent.clientOrderId === id)) continue;
      const earlier = await intentOf(id);
      if (!earlier || legs.some((l) => l.intent.clientOrderId === id)) continue;
      this.orders.set(id, { intent: earlier, state: initialOrderState(earlier.qty) });
      legs.push({ intent: earlier, journaled: false });
    }
    if (legs.length < intent.legCount) return;
    this.waitingLegs.delete(intent.signalId);
    await this.handleLegs(legs.sort((x, y) => x.intent.leg - y.intent.leg));
  }

  /** Sends all legs at once, then makes sure the position ends hedged or flat. */
  private async handleLegs(held: readonly { intent: OrderIntent; journaled: boolean }[]): Promise<void> {
    const legs = held.map((l) => l.intent);
    const journaled = held.map((l) => l.journaled);
    const venues = legs.map((l) => this.options.venues.get(l.venue));
    const fresh: boolean[] = [];
    for (const [i, leg] of legs.entries())
      fresh.push(venues[i] ? await this.claimSend(leg, journaled[i]!) : journaled[i]!);
    if (fresh.every(Boolean) && venues.every((v) => v !== undefined)) {
      const outcomes = await this.send(legs, venues as VenueClient[]);
      for (const [i, leg] of legs.entries()) await this.applyOutcome(leg, venues[i]!, outcomes[i]!);
    } else {
      for (const [i, leg] of legs.entries()) {
        const venue = venues[i];
        if (!venue) await this.noVenue(leg);
        else if (!fresh[i]) await this.recover(leg, venue);
        else {
          await this.applyOutcome(leg, venue, (await this.send([leg], [venue]))[0]!);
        }
      }
    }
    // A leg still working has not filled all it will: the pair is judged once both are done.
    const [a, b] = legs;
    if (legs.length === 2) await this.afterDone(legs, () => ensureHedged(this.hedgeDeps, a!, b!));
  }

  /**
   * Runs `then` once every order given is done: at once when they are, or when nothing follows
   * orders up (then an order still working is judged on what it has filled so far, as always).
   */
  private async afterDone(intents: readonly OrderIntent[], then: () => Promise<void>): Promise<void> {
    const open = () => intents.filter((i) => !isDone(this.orders.get(i.clientOrderId)?.state));
    if (!this.followUps || open().length === 0) return then();
    let ran = false;
    const once = async () => {
      if (ran || open().length > 0) return;
      ran = true;
      await then();
    };
    for (const i of open()) {
      const list = this.whenDone.get(i.clientOrderId) ?? [];
      list.push(once);
      this.whenDone.set(i.clientOrderId, list);
    }
  }

  /** The order is done: what waited for it runs, in the order it was registered. */
  private async runWhenDone(clientOrderId: ClientOrderId): Promise<void> {
    if (!isDone(this.orders.get(clientOrderId)?.state)) return;
    const waiting = this.whenDone.get(clientOrderId);
    if (!waiting) return;
    this.whenDone.delete(clientOrderId);
    for (const run of waiting) await run();
  }

  private async journalIntent(intent: OrderIntent): Promise<boolean> {
    const fresh = await this.options.journal.saveIntent(intent);
    this.orders.set(intent.clientOrderId, { intent, state: initialOrderState(intent.qty) });
    return fresh;
  }

  /**
   * Whether this process sends the order. Journaled before by an earlier process, it is still
   * sent when the journal shows it was never marked as being sent: it provably never left.
   */
  private async claimSend(intent: OrderIntent, fresh: boolean): Promise<boolean> {
    const claim = this.options.journal.claimSend;
    return claim ? claim(intent.clientOrderId) : fresh;
  }

  private async noVenue(intent: OrderIntent): Promise<void> {
    await this.emit(intent, [
      { kind: 'OrderSubmitted' },
      { kind: 'OrderRejected', reason: `no client for venue ${intent.venue}` },
    ]);
  }

  /**
   * The kill switch: cancels every order still working at the venues given (every venue when
   * none), those this manager sent (followed up or not) and any other the venue reports open
   * for the account (sent by an earlier process). Returns how many were cancelled and what
   * could not be.
   */
  cancelAll(opts: { readonly venues?: readonly VenueName[] } = {}): Promise<CancelAllResult> {
    return cancelEverywhere({
      venues: this.options.venues,
      only: opts.venues,
      working: this.workingOrders(),
      apply: (intent, report) => this.applyInTurn(intent, report),
    });
  }

  /** Journaled by an earlier run or delivery: it may have reached the venue. Ask, never resend. */
  private async recover(intent: OrderIntent, venue: VenueClient): Promise<void> {
    await this.emit(intent, [
      { kind: 'OrderSubmitted' },
      { kind: 'OrderUnresolved', reason: 'intent found in journal on redelivery' },
    ]);
    await this.resolve(intent, venue, { resend: venue.resendSafe === true });
    this.followIfWorking(intent);
  }

  private async applyOutcome(
    intent: OrderIntent,
    venue: VenueClient,
    outcome: SubmitOutcome,
    opts: { readonly resent?: boolean } = {},
  ): Promise<void> {
    switch (outcome.kind) {
      case 'accepted':
        await this.applyReport(intent, outcome.report);
        break;
      case 'rejected':
        await this.emit(intent, [{ kind: 'OrderRejected', reason: outcome.reason }]);
        break;
      case 'rate_limited':
        // Provably not accepted: the venue refused it before matching.
        await this.emit(intent, [{ kind: 'OrderRejected', reason: 'rate limited by venue' }]);
        break;
      case 'unresolved':
      case 'transport':
        // A resend answered "already there" finds the order unresolved already.
        if (this.orders.get(intent.clientOrderId)?.state.status !== 'UNRESOLVED')
          await this.emit(intent, [{ kind: 'OrderUnresolved', reason: outcome.reason }]);
        await this.resolve(intent, venue);
        break;
    }
    // A resend is part of a recovery, which follows the order up itself.
    if (!opts.resent) this.followIfWorking(intent);
  }

  /**
   * Asks the venue about an order whose fate is unknown. With `resend` (a venue that refuses a
   * second order under the same identity), an order it has no record of is sent again: a kill
   * between marking it sent and sending it then loses nothing.
   */
  private async resolve(
    intent: OrderIntent,
    venue: VenueClient,
    opts: { readonly resend?: boolean } = {},
  ): Promise<void> {
    let report: VenueOrderReport | null;
    try {
      report = await venue.getOrder(intent.clientOrderId);
    } catch (error) {
      // Followed up, the order stays Unresolved and is asked about again; never resent.
      if (!this.followUps) throw error;
      this.followUps.failures += 1;
      this.options.followUp?.onError?.(intent.clientOrderId, error);
      return;
    }
    if (report) await this.applyReport(intent, report);
    else if (opts.resend)
      await this.applyOutcome(intent, venue, await venue.submit(intent), { resent: true });
    // Followed up, an order the venue does not list yet is asked about again before it counts as
    // never received: a venue may answer an order it has just accepted before it lists it.
    else if (!this.followUps)
      await this.emit(intent, [{ kind: 'OrderRejected', reason: 'venue has no record of the order' }]);
  }

  private followIfWorking(intent: OrderIntent): void {
    if (this.followUps && !isDone(this.orders.get(intent.clientOrderId)?.state))
      this.followUps.follow(intent.clientOrderId);
  }

  /** One follow-up question: the venue's answer applied like the first, then what waited for it. */
  private async askAgain(clientOrderId: ClientOrderId): Promise<FollowUpAnswer> {
    const entry = this.orders.get(clientOrderId);
    if (!entry) return 'done';
    const venue = this.options.venues.get(entry.intent.venue);
    if (!venue) return 'done';
    if (!isDone(entry.state)) {
      const report = await venue.getOrder(clientOrderId);
      if (report) await this.applyInTurn(entry.intent, report);
      else if (entry.state.status !== 'UNRESOLVED')
        // It accepted the order once: a lost record is a venue fault, reported and asked again.
        throw new Error(`${clientOrderId}: the venue has no record of an order it accepted`);
      else if (this.noRecord(clientOrderId) >= UNKNOWN_ORDER_ASKS)
        await this.emit(entry.intent, [
          { kind: 'OrderRejected', reason: 'venue has no record of the order' },
        ]);
    }
    if (!isDone(this.orders.get(clientOrderId)?.state)) return 'again';
    this.noRecordAnswers.delete(clientOrderId);
    await this.runWhenDone(clientOrderId);
    return 'done';
  }

  private noRecord(clientOrderId: ClientOrderId): number {
    const n = (this.noRecordAnswers.get(clientOrderId) ?? 0) + 1;
    this.noRecordAnswers.set(clientOrderId, n);
    return n;
  }

  /** Applies a report after any other being applied to the same order, then what waited for it. */
  private async applyInTurn(intent: OrderIntent, report: VenueOrderReport): Promise<void> {
    const id = intent.clientOrderId;
    const before = this.applying.get(id);
    const run = before
      ? before.then(() => this.applyReport(intent, report))
      : this.applyReport(intent, report);
    const settled = run.catch(() => undefined);
    this.applying.set(id, settled);
    void settled.then(() => {
      if (this.applying.get(id) === settled) this.applying.delete(id);
    });
    await run;
    await this.runWhenDone(id);
  }

  private async applyReport(intent: OrderIntent, report: VenueOrderReport): Promise<void> {
    const entry = this.orders.get(intent.clientOrderId)!;
    if (entry.state.status === 'SUBMITTED' || entry.state.status === 'UNRESOLVED') {
      await this.emit(intent, [{ kind: 'OrderAccepted', venueOrderId: report.venueOrderId }]);
    }
    const reading = readReport(intent, entry.state, report, (id) => this.fillsSeen.has(id));
    for (const fill of reading.fills) this.fillsSeen.add(fill.fillId);
    if (reading.fills.length > 0)
      this.filledNotional.set(
        intent.clientOrderId,
        (this.filledNotional.get(intent.clientOrderId) ?? 0) + reading.notional,
      );
    // Fills go out before the status that counts them, so a consumer never sees an order filled
    // without its fills.
    if (reading.fills.length > 0) {
      await this.options.journal.recordFills(reading.fills);
      for (const fill of reading.fills) await this.options.publish(fill);
      await this.options.journal.markPublished?.(reading.fills.map((f) => f.id));
    }
    await this.emit(intent, reading.steps);
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
