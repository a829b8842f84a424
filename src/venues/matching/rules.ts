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

/**
 * Terms for one outcome's contract. `winnerSentence` is the sentence saying when YES pays; terms
 * no sentence states are inferred from it only where the league's official result settles them
 * (overtime counts in a US league's "wins the game"; a soccer team's "wins … after 90 minutes"
 * is not a win when level).
 */
export function termsFromFacts(opts: {
  readonly league: LeagueId;
  readonly outcome: 'team' | 'draw';
  readonly winnerSentence: string;
  readonly facts: readonly FactSentence[];
}): TermsResult {
  const info = LEAGUE_VENUES[opts.league];
  const find = <K extends RuleFact['kind']>(kind: K) =>
    opts.facts.find((f) => f.fact.kind === kind) as
      | (FactSentence & { fact: Extract<RuleFact, { kind: K }> })
      | undefined;
  const evidence: RuleEvidence[] = [{ term: 'winner', text: opts.winnerSentence, inferred: false }];
  const missing: RuleTerm[] = [];

  const regulation = find('regulation_only');
  const overtime = find('overtime_included');
  let includesOvertime: boolean;
  if (regulation && overtime)
    return {
      ok: false,
      problem: { kind: 'rules_not_understood', sentence: `${regulation.text} / ${overtime.text}` },
    };
  if (regulation) {
    if (!info.threeWay)
      return {
        ok: false,
        problem: {
          kind: 'rules_unpriceable',
          detail: `settles on regulation time ("${regulation.text}"); ${info.sport} models price the result after overtime`,
        },
      };
    includesOvertime = false;
    evidence.push({ term: 'overtime', text: regulation.text, inferred: false });
  } else if (overtime) {
    if (info.threeWay)
      return {
        ok: false,
        problem: {
          kind: 'rules_unpriceable',
          detail: `counts extra time ("${overtime.text}"); the soccer model prices the result after 90 minutes`,
        },
      };
    includesOvertime = true;
    evidence.push({ term: 'overtime', text: overtime.text, inferred: false });
  } else if (info.threeWay) {
    missing.push('overtime');
    includesOvertime = false;
  } else {
    includesOvertime = true;
    evidence.push({
      term: 'overtime',
      text: 'the winner of the game by its official result, overtime included',
      inferred: true,
    });
  }

  const half = find('tie_pays_half');
  let drawPossible: boolean;
  let drawPayout: SettlementTerms['drawPayout'];
  if (info.threeWay) {
    if (half)
      return {
        ok: false,
        problem: {
          kind: 'rules_unpriceable',
          detail: `a soccer market paying half on a draw ("${half.text}") is not a $1-or-nothing contract`,
        },
      };
    drawPossible = true;
    drawPayout = opts.outcome === 'draw' ? 'full' : 'none';
    evidence.push({
      term: 'draw',
      text:
        opts.outcome === 'draw'
          ? 'the draw market pays when the match ends level after 90 minutes'
          : 'a level match after 90 minutes is not a win',
      inferred: true,
    });
  } else if (opts.outcome === 'draw') {
    return {
      ok: false,
      problem: {
        kind: 'rules_contradict_listing',
        detail: `a tie market in ${opts.league}, a league without draws`,
      },
    };
  } else if (half) {
    drawPossible = true;
    drawPayout = 'half';
    evidence.push({ term: 'draw', text: half.text, inferred: false });
  } else if (info.canTieAfterOvertime) {
    missing.push('draw');
    drawPossible = true;
  } else {
    drawPossible = false;
  }

  const postponed = find('postponed_follows');
  if (postponed) evidence.push({ term: 'postponement', text: postponed.text, inferred: false });
  else missing.push('postponement');
  const unplayed = find('unplayed');
  if (unplayed) evidence.push({ term: 'unplayed', text: unplayed.text, inferred: false });
  else missing.push('unplayed');

  if (missing.length > 0) return { ok: false, problem: { kind: 'rules_incomplete', missing } };
  return {
    ok: true,
    terms: {
      includesOvertime,
      drawPossible,
      postponement: 'follows_rescheduled_game',
      ...(drawPayout === undefined ? {} : { drawPayout }),
      postponementWindowHours: postponed?.fact.windowHours ?? null,
      unplayedPayout: unplayed?.fact.payout ?? 'unstated',
    },
    evidence,
  };
}
