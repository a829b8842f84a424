/**
 * Settlement terms from what a venue's rules say: each rules reader (Kalshi, Gamma) turns its
 * sentences into facts, and `termsFromFacts` turns facts into SettlementTerms with the sentence
 * each term came from, or says which term the rules leave out or state in a way no model prices.
 * Pure.
 */

import type { SettlementTerms, UnplayedPayout } from '../../core/instruments.js';
import type { RuleEvidence } from '../../core/mapping.js';
import type { LeagueId } from '../teams/index.js';
import { LEAGUE_VENUES } from './leagues.js';

/** What one sentence of the rules establishes. */
export type RuleFact =
  | { readonly kind: 'regulation_only' }
  | { readonly kind: 'overtime_included' }
  /** A team's market pays half when the game ends level (Kalshi NFL, Polymarket "50-50"). */
  | { readonly kind: 'tie_pays_half' }
  | { readonly kind: 'postponed_follows'; readonly windowHours: number | null }
  | { readonly kind: 'unplayed'; readonly payout: UnplayedPayout }
  /** Boilerplate that settles nothing (disclaimers, resolution sources, descriptions). */
  | { readonly kind: 'no_term' };

export type RuleTerm = 'winner' | 'overtime' | 'draw' | 'postponement' | 'unplayed';

export type RulesProblem =
  | { readonly kind: 'rules_missing' }
  | { readonly kind: 'rules_not_understood'; readonly sentence: string }
  | { readonly kind: 'rules_incomplete'; readonly missing: readonly RuleTerm[] }
  | { readonly kind: 'rules_contradict_listing'; readonly detail: string }
  | { readonly kind: 'rules_unpriceable'; readonly detail: string };

export interface FactSentence {
  readonly fact: RuleFact;
  readonly text: string;
}

export type TermsResult =
  | { readonly ok: true; readonly terms: SettlementTerms; readonly evidence: readonly RuleEvidence[] }
  | { readonly ok: false; readonly problem: RulesProblem };

/** One term read: its value and the evidence for it, a term the rules leave out, or a refusal. */
type TermRead<T> =
  | { readonly kind: 'read'; readonly value: T; readonly evidence: RuleEvidence | null }
  | { readonly kind: 'missing'; readonly term: RuleTerm }
  | { readonly kind: 'refused'; readonly problem: RulesProblem };

function findFact<K extends RuleFact['kind']>(facts: readonly FactSentence[], kind: K) {
  return facts.find((f) => f.fact.kind === kind) as
    | (FactSentence & { fact: Extract<RuleFact, { kind: K }> })
    | undefined;
}

/** Overtime: stated either way, or, in a US league, what "wins the game" means by its official result. */
function overtimeTerm(league: LeagueId, facts: readonly FactSentence[]): TermRead<boolean> {
  const info = LEAGUE_VENUES[league];
  const regulation = findFact(facts, 'regulation_only');
  const overtime = findFact(facts, 'overtime_included');
  if (regulation && overtime)
    return {
      kind: 'refused',
      problem: { kind: 'rules_not_understood', sentence: `${regulation.text} / ${overtime.text}` },
    };
  if (regulation && !info.threeWay)
    return {
      kind: 'refused',
      problem: {
        kind: 'rules_unpriceable',
        detail: `settles on regulation time ("${regulation.text}"); ${info.sport} models price the result after overtime`,
      },
    };
  if (overtime && info.threeWay)
    return {
      kind: 'refused',
      problem: {
        kind: 'rules_unpriceable',
        detail: `counts extra time ("${overtime.text}"); the soccer model prices the result after 90 minutes`,
      },
    };
  const stated = regulation ?? overtime;
  if (stated)
    return {
      kind: 'read',
      value: stated === overtime,
      evidence: { term: 'overtime', text: stated.text, inferred: false },
    };
  if (info.threeWay) return { kind: 'missing', term: 'overtime' };
  return {
    kind: 'read',
    value: true,
    evidence: {
      term: 'overtime',
      text: 'the winner of the game by its official result, overtime included',
      inferred: true,
    },
  };
}

/** Whether a level result is possible and what YES pays then. */
function drawTerm(
  league: LeagueId,
  outcome: 'team' | 'draw',
  facts: readonly FactSentence[],
): TermRead<{ possible: boolean; payout: SettlementTerms['drawPayout'] }> {
  const info = LEAGUE_VENUES[league];
  const half = findFact(facts, 'tie_pays_half');
  if (info.threeWay) {
    if (half)
      return {
        kind: 'refused',
        problem: {
          kind: 'rules_unpriceable',
          detail: `a soccer market paying half on a draw ("${half.text}") is not a $1-or-nothing contract`,
        },
      };
    return {
      kind: 'read',
      value: { possible: true, payout: outcome === 'draw' ? 'full' : 'none' },
      evidence: {
        term: 'draw',
        text:
          outcome === 'draw'
            ? 'the draw market pays when the match ends level after 90 minutes'
            : 'a level match after 90 minutes is not a win',
        inferred: true,
      },
    };
  }
  if (outcome === 'draw')
    return {
      kind: 'refused',
      problem: {
        kind: 'rules_contradict_listing',
        detail: `a tie market in ${league}, a league without draws`,
      },
    };
  if (half)
    return {
      kind: 'read',
      value: { possible: true, payout: 'half' },
      evidence: { term: 'draw', text: half.text, inferred: false },
    };
  if (info.canTieAfterOvertime) return { kind: 'missing', term: 'draw' };
  return { kind: 'read', value: { possible: false, payout: undefined }, evidence: null };
}

/**
 * Terms for one outcome's contract. `winnerSentence` is the sentence saying when YES pays; terms
 * no sentence states are inferred from it only where the league's official result settles them
 * (overtime counts in a US league's "wins the game"; a soccer team's "wins … after 90 minutes"
 * is not a win when level). Postponement and what an unplayed game pays must be stated.
 */
export function termsFromFacts(opts: {
  readonly league: LeagueId;
  readonly outcome: 'team' | 'draw';
  readonly winnerSentence: string;
  readonly facts: readonly FactSentence[];
}): TermsResult {
  const overtime = overtimeTerm(opts.league, opts.facts);
  if (overtime.kind === 'refused') return { ok: false, problem: overtime.problem };
  const draw = drawTerm(opts.league, opts.outcome, opts.facts);
  if (draw.kind === 'refused') return { ok: false, problem: draw.problem };
  const postponed = findFact(opts.facts, 'postponed_follows');
  const unplayed = findFact(opts.facts, 'unplayed');
  const missing: RuleTerm[] = [
    ...(overtime.kind === 'missing' ? [overtime.term] : []),
    ...(draw.kind === 'missing' ? [draw.term] : []),
    ...(postponed ? [] : (['postponement'] as const)),
    ...(unplayed ? [] : (['unplayed'] as const)),
  ];
  if (missing.length > 0 || overtime.kind !== 'read' || draw.kind !== 'read' || !postponed || !unplayed)
    return { ok: false, problem: { kind: 'rules_incomplete', missing } };
  const evidence: RuleEvidence[] = [
    { term: 'winner', text: opts.winnerSentence, inferred: false },
    ...(overtime.evidence ? [overtime.evidence] : []),
    ...(draw.evidence ? [draw.evidence] : []),
    { term: 'postponement', text: postponed.text, inferred: false },
    { term: 'unplayed', text: unplayed.text, inferred: false },
  ];
  return {
    ok: true,
    terms: {
      includesOvertime: overtime.value,
      drawPossible: draw.value.possible,
      postponement: 'follows_rescheduled_game',
      ...(draw.value.payout === undefined ? {} : { drawPayout: draw.value.payout }),
      postponementWindowHours: postponed.fact.windowHours,
      unplayedPayout: unplayed.fact.payout,
    },
    evidence,
  };
}
