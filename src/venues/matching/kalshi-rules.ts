/**
 * Kalshi's game-winner rules, read sentence by sentence. The sentences are those of real
 * markets: the captured KXNFLGAME market (shared/data/markets), and NBA, NHL, MLB, college and
 * soccer game markets quoted verbatim in public code (matching.md §2):
 *
 *   primary   "If Dallas wins the TB Buccaneers vs DAL Cowboys Pro Football game originally
 *              scheduled for Oct 8, 2026, then the market resolves to Yes."
 *             "If Tie is the result of the … professional EPL soccer game originally scheduled
 *              for …, 2026 after 90 minutes plus stoppage time (does not include extra time or
 *              penalties), then the market resolves to Yes."
 *   secondary "If the game ends in a tie, the market will resolve to $0.50 for each team."
 *             "If the game is postponed but begins within 48 hours from its originally scheduled
 *              start time, the market will remain open and resolve based on the official final
 *              result." / "If the game is not started within 48 hours, the market will resolve to
 *              a fair price." (NBA: "…cancelled or not started within 48 hours … all markets
 *              will resolve to a fair price.")
 *
 * Anything else is not understood, and the market is not mapped. Pure.
 */

import type { SettlementTerms } from '../../core/instruments.js';
import type { RuleEvidence } from '../../core/mapping.js';
import type { LeagueId } from '../teams/index.js';
import { clockTime, easternInstant, monthNumber, ymd } from './eastern-time.js';
import { LEAGUE_VENUES } from './leagues.js';
import { type FactSentence, type RuleFact, type RulesProblem, termsFromFacts } from './rules.js';
import { readSentences, type SentencePattern } from './sentences.js';

const DATE = String.raw`([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})`;
const TIME = String.raw`(?: at (\d{1,2}:\d{2} ?[AP]M) (?:EDT|EST|ET))?`;
/** Real texts add "(does not include extra time or penalties)"; the simulator's leave it out. */
const REGULATION = String.raw`( after 90 minutes plus stoppage time(?: \(does not include extra time or penalties\))?)?`;
/** "48 hours" (NFL, NBA), "two weeks" (tennis [3p]; the simulator's soccer). */
const WINDOW = String.raw`(\d+|one|two|three|four|five|six|seven) (hours?|days?|weeks?)`;
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'];

function windowHours(count: string, unit: string): number {
  const n = /^\d+$/.test(count) ? Number(count) : NUMBER_WORDS.indexOf(count);
  return n * (unit.startsWith('week') ? 168 : unit.startsWith('day') ? 24 : 1);
}

interface Winner {
  readonly kind: 'winner';
  /** The team named, or null for the tie market. */
  readonly subject: string | null;
  /** "TB Buccaneers vs DAL Cowboys Pro Football", before it is split. */
  readonly gameText: string;
  readonly month: string;
  readonly day: string;
  readonly year: string;
  readonly time: string | undefined;
  readonly regulationOnly: boolean;
}

const winner = (subject: string | null, m: RegExpExecArray, at: number): Winner => ({
  kind: 'winner',
  subject,
  gameText: m[at] as string,
  month: m[at + 1] as string,
  day: m[at + 2] as string,
  year: m[at + 3] as string,
  time: m[at + 4],
  regulationOnly: m[at + 5] !== undefined,
});

const PRIMARY: readonly SentencePattern<Winner>[] = [
  {
    re: new RegExp(
      String.raw`^If Tie is the result of the (.+?) (?:game|match) originally scheduled for ${DATE}${TIME}${REGULATION}, then the market resolves to Yes\.`,
    ),
    read: (m) => winner(null, m, 1),
  },
  {
    re: new RegExp(
      String.raw`^If (?:the )?(.+?) wins? the (.+?) (?:game|match) originally scheduled for ${DATE}${TIME}${REGULATION}, then the market resolves to Yes\.`,
    ),
    read: (m) => winner(m[1] as string, m, 2),
  },
];

const fact = (f: RuleFact) => () => f;
const SECONDARY: readonly SentencePattern<RuleFact>[] = [
  {
    re: /^The following market refers to the (?:team|outcome) (?:who|that) wins the .+? (?:game|match) originally scheduled for [A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}(?: at \d{1,2}:\d{2} ?[AP]M (?:EDT|EST|ET))?(?: after 90 minutes plus stoppage time(?: \(does not include extra time or penalties\))?)?\./,
    read: fact({ kind: 'no_term' }),
  },
  {
    re: /^If the game ends in a tie, the market will resolve to \$0\.50 for each team\./,
    read: fact({ kind: 'tie_pays_half' }),
  },
  {
    re: new RegExp(
      String.raw`^If the game is postponed but begins within ${WINDOW} (?:from|of) its originally scheduled start(?: time)?, the market will remain open and resolve based on the official final result\.`,
    ),
    read: (m) => ({ kind: 'postponed_follows', windowHours: windowHours(m[1] as string, m[2] as string) }),
  },
  {
    re: new RegExp(
      String.raw`^If the game is (?:cancell?ed or )?not started within ${WINDOW}(?: of its originally scheduled start(?: time)?)?, (?:the market|all markets) will resolve to a fair (?:market )?price\.`,
    ),
    read: fact({ kind: 'unplayed', payout: 'fair_price' }),
  },
  // Seen only in the simulator's soccer listings; it says what the primary's "after 90 minutes" says.
  { re: /^Extra time and penalties are excluded\./, read: fact({ kind: 'regulation_only' }) },
  { re: /^This market will close and expire after a winner is declared\./, read: fact({ kind: 'no_term' }) },
  {
    re: /^Kalshi is not affiliated, associated, authorized, endorsed by, or in any way officially connected with [^.]+\./,
    read: fact({ kind: 'no_term' }),
  },
  {
    re: /^All trademarks, logos,? and brand names are the property of their respective owners\./,
    read: fact({ kind: 'no_term' }),
  },
];

/** Part-game and margin markets read like winner sentences ("…wins the 1st half of the A vs B…"). */
const PART_OF_GAME =
  /\b(half|quarter|period|inning|innings|set|map|points|goals|runs)\b|\bof the\b|\bby more than\b/i;

/** Whether the sentence is about the whole game: "A vs B", nothing about a part of it or a margin. */
function isWholeGame(matchup: string, subject: string | null): boolean {
  const parts = matchup.split(' vs ');
  if (parts.length !== 2 || parts.some((p) => p.trim().length === 0)) return false;
  return (
    !PART_OF_GAME.test(matchup) &&
    !(subject !== null && (/\bwins?\b/i.test(subject) || PART_OF_GAME.test(subject)))
  );
}

export interface KalshiRulesReading {
  readonly outcome: 'team' | 'draw';
  /** The team the winner sentence names ("Dallas"); null for the tie market. */
  readonly subject: string | null;
  /** "TB Buccaneers vs DAL Cowboys": the game as the rules name it. */
  readonly matchup: string;
  /** The date the game was originally scheduled for, US Eastern, YYYY-MM-DD. */
  readonly scheduledDate: string;
  /** The start instant when the rules give a time (MLB: "at 7:07 PM EDT"). */
  readonly scheduledStart: number | null;
  readonly terms: SettlementTerms;
  readonly evidence: readonly RuleEvidence[];
}

export type KalshiRulesResult =
  | { readonly ok: true; readonly reading: KalshiRulesReading }
  | { readonly ok: false; readonly problem: RulesProblem };

/** Reads one market's `rules_primary` and `rules_secondary` for a league's game series. */
export function readKalshiRules(opts: {
  readonly league: LeagueId;
  readonly primary: string | null;
  readonly secondary: string | null;
}): KalshiRulesResult {
  if (!opts.primary || opts.primary.trim() === '') return { ok: false, problem: { kind: 'rules_missing' } };
  const head = readSentences(opts.primary, PRIMARY);
  if (!head.ok) return { ok: false, problem: { kind: 'rules_not_understood', sentence: head.sentence } };
  const [first, ...extra] = head.sentences;
  if (!first || extra.length > 0)
    return {
      ok: false,
      problem: { kind: 'rules_not_understood', sentence: extra[0]?.text ?? opts.primary },
    };
  const w = first.value;
  const lower = w.gameText.toLowerCase();
  const competition = LEAGUE_VENUES[opts.league].kalshiCompetitions.find((c) => lower.endsWith(` ${c}`));
  if (!competition)
    return {
      ok: false,
      problem: {
        kind: 'rules_contradict_listing',
        detail: `the rules' game "${w.gameText}" is not named as a ${opts.league} game`,
      },
    };
  const matchup = w.gameText.slice(0, w.gameText.length - competition.length - 1);
  if (!isWholeGame(matchup, w.subject))
    return {
      ok: false,
      problem: {
        kind: 'rules_contradict_listing',
        detail: `not a whole-game winner market: "${first.text}"`,
      },
    };
  const month = monthNumber(w.month);
  const scheduledDate = month === null ? null : ymd(Number(w.year), month, Number(w.day));
  if (scheduledDate === null)
    return { ok: false, problem: { kind: 'rules_not_understood', sentence: first.text } };
  let scheduledStart: number | null = null;
  if (w.time !== undefined) {
    const hm = clockTime(w.time);
    scheduledStart = hm ? easternInstant(scheduledDate, hm[0], hm[1]) : null;
    if (scheduledStart === null)
      return { ok: false, problem: { kind: 'rules_not_understood', sentence: first.text } };
  }
  const tail = readSentences(opts.secondary ?? '', SECONDARY);
  if (!tail.ok) return { ok: false, problem: { kind: 'rules_not_understood', sentence: tail.sentence } };
  const facts: FactSentence[] = tail.sentences.map((s) => ({ fact: s.value, text: s.text }));
  if (w.regulationOnly) facts.push({ fact: { kind: 'regulation_only' }, text: first.text });
  // "If Tie is the result of…" (real); "If Tie wins the…" (the simulator, after third-party copies).
  const tie = w.subject === null || /^tie$/i.test(w.subject);
  const outcome = tie ? 'draw' : 'team';
  const terms = termsFromFacts({ league: opts.league, outcome, winnerSentence: first.text, facts });
  if (!terms.ok) return terms;
  return {
    ok: true,
    reading: {
      outcome,
      subject: tie ? null : w.subject,
      matchup,
      scheduledDate,
      scheduledStart,
      terms: terms.terms,
      evidence: terms.evidence,
    },
  };
}
