/**
 * Which result a soccer Yes/No market pays on (home team, away team or draw), from everything in
 * the market that names one, each compared whole: the market slug's suffix (the event slug plus
 * `-{team code}` or `-draw`, matching.md §3), its `groupItemTitle` (a team's name, or "Draw (A
 * vs. B)"), its question ("Will Everton FC win on 2026-08-22?", "Will A vs. B end in a draw?";
 * free text, so heard only when it names a team exactly) and, when read, its rules' subject. A name is a team's only when it equals one of that team's
 * names or codes (the event's, or the team tables' entry it resolves to), never when it merely
 * contains one: "Manchester United" holds Chelsea's code CHE and is still not Chelsea. Every
 * source that speaks must name one result and all must agree; otherwise the market is not read.
 * Pure.
 */
import { findVenueTeam, type LeagueId } from '../teams/index.js';
import { type ListingSide, sideOfName } from './listing.js';

export type ResultSide = 0 | 1 | 'draw';

export interface ResultMarketText {
  readonly slug: string | null;
  readonly groupItemTitle: string | null;
  readonly question: string | null;
}

/** What the market's rules say it pays on, when they were read. */
export type RulesSubject =
  | { readonly kind: 'team_yes'; readonly subject: string }
  | { readonly kind: 'draw_yes' };

interface Claim {
  readonly source: 'slug' | 'title' | 'question' | 'rules';
  readonly text: string;
  /** The result it names; null when it speaks but names neither team (or both). */
  readonly pays: ResultSide | null;
}

export type ResultReading =
  | { readonly ok: true; readonly pays: ResultSide; readonly sources: readonly Claim['source'][] }
  | { readonly ok: false; readonly detail: string };

const DRAW_WORD = /^(?:draw|tie)$/i;
const DRAW_TITLE = /^(?:draw|tie)\b/i;
const WIN_QUESTION = /^Will (?:the )?(.+?) win(?: on \d{4}-\d{2}-\d{2})?\?$/;
const DRAW_QUESTION = /^Will .+ end in a (?:draw|tie)\?$/;

/** The side whose code (the event's, or the tables' Gamma codes of its team) is exactly `code`. */
function sideOfCode(sides: readonly [ListingSide, ListingSide], code: string, league: LeagueId | null) {
  const wanted = code.toUpperCase();
  const byTable = league ? findVenueTeam(league, 'gamma', { code }) : null;
  const hits = ([0, 1] as const).filter((i) => {
    const side = sides[i];
    if (side.code?.toUpperCase() === wanted) return true;
    return byTable?.kind === 'found' && side.lookup.kind === 'found' && side.lookup.team === byTable.team;
  });
  return hits.length === 1 ? (hits[0] as 0 | 1) : null;
}

function slugClaim(
  eventSlug: string,
  slug: string | null,
  sides: readonly [ListingSide, ListingSide],
  league: LeagueId | null,
): Claim | null {
  // A market slug equal to the event's, or not under it, says nothing about the result.
  if (slug === null || !slug.startsWith(`${eventSlug}-`)) return null;
  const suffix = slug.slice(eventSlug.length + 1);
  if (DRAW_WORD.test(suffix)) return { source: 'slug', text: slug, pays: 'draw' };
  return { source: 'slug', text: slug, pays: sideOfCode(sides, suffix, league) };
}

function titleClaim(title: string | null, sides: readonly [ListingSide, ListingSide]): Claim | null {
  if (title === null || title.trim() === '') return null;
  if (DRAW_TITLE.test(title.trim())) return { source: 'title', text: title, pays: 'draw' };
  return { source: 'title', text: title, pays: sideOfName(sides, title) };
}

function questionClaim(question: string | null, sides: readonly [ListingSide, ListingSide]): Claim | null {
  const q = question?.trim() ?? '';
  if (DRAW_QUESTION.test(q)) return { source: 'question', text: q, pays: 'draw' };
  const win = WIN_QUESTION.exec(q);
  // A question in another form is not read at all, rather than searched for team names; nor is
  // one naming a team in words no table holds (questions are free text): it proves nothing.
  const pays = win ? sideOfName(sides, win[1] as string) : null;
  return pays === null ? null : { source: 'question', text: q, pays };
}

function rulesClaim(
  rules: RulesSubject | undefined,
  sides: readonly [ListingSide, ListingSide],
): Claim | null {
  if (!rules) return null;
  if (rules.kind === 'draw_yes') return { source: 'rules', text: 'the game ends in a draw', pays: 'draw' };
  return { source: 'rules', text: rules.subject, pays: sideOfName(sides, rules.subject) };
}

const label = (pays: ResultSide, sides: readonly [ListingSide, ListingSide]) =>
  pays === 'draw' ? 'the draw' : (sides[pays].code ?? sides[pays].names[0] ?? `team ${pays}`);

export function soccerMarketResult(opts: {
  readonly league: LeagueId | null;
  readonly eventSlug: string;
  readonly sides: readonly [ListingSide, ListingSide];
  readonly market: ResultMarketText;
  readonly rules?: RulesSubject;
}): ResultReading {
  const { sides } = opts;
  const claims = [
    slugClaim(opts.eventSlug, opts.market.slug, sides, opts.league),
    titleClaim(opts.market.groupItemTitle, sides),
    questionClaim(opts.market.question, sides),
    rulesClaim(opts.rules, sides),
  ].filter((c): c is Claim => c !== null);
  const unclear = claims.find((c) => c.pays === null);
  if (unclear)
    return { ok: false, detail: `its ${unclear.source} "${unclear.text}" names neither team exactly` };
  const results = [...new Set(claims.map((c) => c.pays as ResultSide))];
  if (results.length === 0)
    return { ok: false, detail: 'nothing in it (slug, title, question or rules) names its result' };
  if (results.length > 1)
    return {
      ok: false,
      detail: `it names different results: ${claims.map((c) => `${c.source} "${c.text}" is ${label(c.pays as ResultSide, sides)}`).join(', ')}`,
    };
  return { ok: true, pays: results[0] as ResultSide, sources: claims.map((c) => c.source) };
}
