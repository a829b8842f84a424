/**
 * Polymarket's game rules (a Gamma market's `description`), read sentence by sentence. The
 * sentences are those of real markets quoted verbatim in public code and the reference
 * (matching.md §3): US moneylines
 *
 *   "In the upcoming NBA game, scheduled for February 5 at 10:00PM ET: If the Warriors win, the
 *    market will resolve to "Warriors". If the Suns win, … "Suns". If the game is postponed, this
 *    market will remain open until the game has been completed. If the game is canceled entirely,
 *    with no make-up game, this market will resolve 50-50. The result will be determined based on
 *    the final score including any overtime periods."
 *
 * (NFL: "…canceled entirely or ends in a tie, with no make-up game, … 50-50"; NHL adds shootouts)
 * and soccer's Yes/No result markets ("If Rayo Vallecano wins, this market will resolve to "Yes".
 * Otherwise … "No". … This market refers only to the outcome within the first 90 minutes of
 * regular play plus stoppage time."; the draw market: "If the game ends in a draw…"). Anything
 * else is not understood. Pure.
 */
import type { SettlementTerms } from '../../core/instruments.js';
import type { RuleEvidence } from '../../core/mapping.js';
import type { LeagueId } from '../teams/index.js';
import { type FactSentence, type RuleFact, type RulesProblem, termsFromFacts } from './rules.js';
import { readSentences, type SentencePattern } from './sentences.js';

type GammaSentence =
  | { readonly kind: 'fact'; readonly fact: RuleFact }
  | { readonly kind: 'intro'; readonly league: string | null }
  /** US moneyline: "If the Warriors win, the market will resolve to "Warriors"." */
  | { readonly kind: 'winner_to_label'; readonly subject: string; readonly label: string }
  /** Soccer: "If Chelsea wins, this market will resolve to "Yes"." */
  | { readonly kind: 'team_yes'; readonly subject: string }
  | { readonly kind: 'draw_yes' }
  | { readonly kind: 'otherwise_no' };

const f = (fact: RuleFact) => (): GammaSentence => ({ kind: 'fact', fact });
const YES = `(?:to )?"?Yes"?`;

const PATTERNS: readonly SentencePattern<GammaSentence>[] = [
  {
    re: /^In the upcoming (?:([A-Za-z0-9]+) )?game(?: between (?:the )?.+? and (?:the )?.+?)?, scheduled for [A-Z][a-z]+ \d{1,2}(?:, \d{4})?(?: at \d{1,2}:\d{2} ?[AP]M(?: ET)?)?[:.]?/,
    read: (m) => ({ kind: 'intro', league: m[1] ?? null }),
  },
  {
    re: /^If (?:the )?(.+?) wins?, the market will resolve to "([^"]+)"\./,
    read: (m) => ({ kind: 'winner_to_label', subject: m[1] as string, label: m[2] as string }),
  },
  {
    re: new RegExp(String.raw`^If the game ends in a draw, this market will resolve ${YES}\.`),
    read: () => ({ kind: 'draw_yes' }),
  },
  {
    re: new RegExp(String.raw`^If (?:the )?(.+?) wins?, this market will resolve ${YES}\.`),
    read: (m) => ({ kind: 'team_yes', subject: m[1] as string }),
  },
  { re: /^Otherwise, this market will resolve (?:to )?"?No"?\./, read: () => ({ kind: 'otherwise_no' }) },
  {
    re: /^If the game is postponed, this market will remain open until the game has been completed\./,
    read: f({ kind: 'postponed_follows', windowHours: null }),
  },
  {
    re: /^If the game is canceled entirely, with no make-up game, this market will resolve 50-50\./,
    read: f({ kind: 'unplayed', payout: 'half' }),
  },
  {
    re: /^If the game is canceled entirely(?:, with no make-up game,)? or ends in a tie(?:, with no make-up game)?, this market will resolve 50-50\./,
    read: () => ({ kind: 'fact', fact: { kind: 'tie_pays_half' } }),
  },
  {
    re: /^If the game is canceled entirely, with no make-up game, this market will resolve (?:to )?"?(Yes|No)"?\./,
    read: (m) => ({ kind: 'fact', fact: { kind: 'unplayed', payout: m[1] === 'Yes' ? 'full' : 'none' } }),
  },
  {
    re: /^The result will be determined based on the final score including any overtime periods(?: and shootouts)?\./,
    read: f({ kind: 'overtime_included' }),
  },
  {
    re: /^In the event of a shootout, one goal will be added to the winning team's score for the purpose of resolution\./,
    read: f({ kind: 'no_term' }),
  },
  {
    re: /^This market refers only to the outcome within the first 90 minutes of regular play plus stoppage time\./,
    read: f({ kind: 'regulation_only' }),
  },
  { re: /^Resolution source: \S+/, read: f({ kind: 'no_term' }) },
  {
    re: /^The primary resolution source for this market is the official statistics of the event as recognized by the governing body or event organizers\./,
    read: f({ kind: 'no_term' }),
  },
  {
    re: /^However, if the governing body or event organizers have not published final match statistics within \d+ hours after the event's conclusion, a consensus of credible reporting may be used instead\./,
    read: f({ kind: 'no_term' }),
  },
  {
    re: /^All markets will settle based on the official final result as recognized by the governing body or event organizers\./,
    read: f({ kind: 'no_term' }),
  },
  {
    re: /^Revisions to officially declared final scores made after market resolution will not be accounted for in determining the outcome\./,
    read: f({ kind: 'no_term' }),
  },
];

/** One reading per YES token the market has. */
export type GammaRulesReading =
  /** A US moneyline: each winner sentence names a team and the outcome it resolves to. */
  | {
      readonly kind: 'moneyline';
      readonly winners: readonly { readonly subject: string; readonly label: string }[];
      readonly terms: SettlementTerms;
      readonly evidence: readonly RuleEvidence[];
    }
  /** A soccer Yes/No market on one team. */
  | {
      readonly kind: 'team_yes';
      readonly subject: string;
      readonly terms: SettlementTerms;
      readonly evidence: readonly RuleEvidence[];
    }
  /** A soccer Yes/No market on the draw. */
  | {
      readonly kind: 'draw_yes';
      readonly terms: SettlementTerms;
      readonly evidence: readonly RuleEvidence[];
    };

export type GammaRulesResult =
  | { readonly ok: true; readonly reading: GammaRulesReading }
  | { readonly ok: false; readonly problem: RulesProblem };

/**
 * In an NFL/MLB description the tie clause also says what a cancelled game pays: "canceled
 * entirely … or ends in a tie … 50-50" is both facts.
 */
function withTieClause(facts: FactSentence[]): FactSentence[] {
  const tie = facts.find((x) => x.fact.kind === 'tie_pays_half');
  if (!tie || facts.some((x) => x.fact.kind === 'unplayed')) return facts;
  return [...facts, { fact: { kind: 'unplayed', payout: 'half' }, text: tie.text }];
}

export function readGammaRules(opts: {
  readonly league: LeagueId;
  readonly description: string | null;
}): GammaRulesResult {
  if (!opts.description || opts.description.trim() === '')
    return { ok: false, problem: { kind: 'rules_missing' } };
  const read = readSentences(opts.description, PATTERNS);
  if (!read.ok) return { ok: false, problem: { kind: 'rules_not_understood', sentence: read.sentence } };
  const facts = withTieClause(
    read.sentences.flatMap((s) => (s.value.kind === 'fact' ? [{ fact: s.value.fact, text: s.text }] : [])),
  );
  const winners = read.sentences.flatMap((s) =>
    s.value.kind === 'winner_to_label'
      ? [{ subject: s.value.subject, label: s.value.label, text: s.text }]
      : [],
  );
  const teamYes = read.sentences.filter((s) => s.value.kind === 'team_yes');
  const drawYes = read.sentences.filter((s) => s.value.kind === 'draw_yes');
  const otherwise = read.sentences.some((s) => s.value.kind === 'otherwise_no');
  const kinds = [winners.length > 0, teamYes.length > 0, drawYes.length > 0].filter(Boolean).length;
  if (kinds !== 1)
    return {
      ok: false,
      problem:
        kinds === 0
          ? { kind: 'rules_incomplete', missing: ['winner'] }
          : { kind: 'rules_not_understood', sentence: 'the description names both team and draw outcomes' },
    };
  if (winners.length > 0) {
    if (winners.length !== 2)
      return {
        ok: false,
        problem: { kind: 'rules_not_understood', sentence: `${winners.length} winner sentences, not 2` },
      };
    const terms = termsFromFacts({
      league: opts.league,
      outcome: 'team',
      winnerSentence: winners.map((w) => w.text).join(' '),
      facts,
    });
    if (!terms.ok) return terms;
    return {
      ok: true,
      reading: {
        kind: 'moneyline',
        winners: winners.map(({ subject, label }) => ({ subject, label })),
        terms: terms.terms,
        evidence: terms.evidence,
      },
    };
  }
  const single = (teamYes[0] ?? drawYes[0]) as (typeof read.sentences)[number];
  if (teamYes.length + drawYes.length !== 1 || !otherwise)
    return {
      ok: false,
      problem: {
        kind: 'rules_not_understood',
        sentence: 'a Yes/No market must name one result and say "Otherwise … No"',
      },
    };
  const terms = termsFromFacts({
    league: opts.league,
    outcome: single.value.kind === 'draw_yes' ? 'draw' : 'team',
    winnerSentence: single.text,
    facts,
  });
  if (!terms.ok) return terms;
  return {
    ok: true,
    reading:
      single.value.kind === 'team_yes'
        ? { kind: 'team_yes', subject: single.value.subject, terms: terms.terms, evidence: terms.evidence }
        : { kind: 'draw_yes', terms: terms.terms, evidence: terms.evidence },
  };
}
