/**
 * Pure parser of ESPN's game summary (`/apis/site/v2/sports/{path}/summary?event={id}`): the
 * game from `header.competitions[0]`, the lines from `pickcenter`, and ESPN's own home win
 * probability after each play from `winprobability[]{playId, homeWinPercentage, tiePercentage}`,
 * joined to `plays[]` on the play id for period, clock and score.
 */
import { z } from 'zod';
import { parseClockText } from './clock.js';
import { buildGame } from './game.js';
import type { EspnLeague } from './leagues.js';
import { asRecord, firstIssue, ProblemLog, pathJoin } from './problems.js';
import { idLike, intLike, leagueRefSchema, numberLike, summarySchema } from './schema.js';
import { checkLeagueArgument, checkSlug } from './scoreboard.js';
import { EspnParseError, type EspnPlayWinProbability, type EspnSummaryResult } from './types.js';

const probability = numberLike.pipe(z.number().min(0).max(1));

const winProbabilityEntry = z.looseObject({
  playId: idLike,
  homeWinPercentage: probability,
  tiePercentage: probability.optional().catch(undefined),
});

// Play details only label a probability; a drifted one is left null rather than reported.
const playSchema = z.looseObject({
  id: idLike,
  sequenceNumber: intLike.optional().catch(undefined),
  period: z.looseObject({ number: intLike }).optional().catch(undefined),
  clock: z.looseObject({ displayValue: z.string() }).optional().catch(undefined),
  homeScore: intLike.optional().catch(undefined),
  awayScore: intLike.optional().catch(undefined),
});
type Play = z.infer<typeof playSchema>;

export function parseSummary(json: unknown, league: EspnLeague): EspnSummaryResult {
  checkLeagueArgument(league, 'not an ESPN summary');
  const parsed = summarySchema.safeParse(json);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, '');
    throw new EspnParseError({ what: 'not an ESPN summary', path: issue.path, reason: issue.reason });
  }
  const { header } = parsed.data;
  const slug = leagueRefSchema.safeParse(header.league);
  if (slug.success) checkSlug(slug.data.slug, league, 'header.league.slug', 'summary');

  const log = new ProblemLog();
  const plays = readPlays(parsed.data.plays);
  const pickcenter = parsed.data.pickcenter;
  const game = buildGame({
    log,
    league,
    espnId: header.id,
    competition: withClockFromLastPlay(header.competitions[0], plays[plays.length - 1]),
    competitionPath: 'header.competitions[0]',
    eventStatus: undefined,
    eventDate: undefined,
    eventPath: 'header',
    seasonType: header.season?.type,
    seasonYear: header.season?.year,
    week: header.week,
    ...(Array.isArray(pickcenter) && pickcenter.length > 0
      ? { odds: { raw: pickcenter, path: 'pickcenter' } }
      : {}),
  });
  const winProbability = readWinProbability(log, header.id, parsed.data.winprobability, plays);
  const last = winProbability[winProbability.length - 1];
  const games = !game ? [] : last ? [{ ...game, espnHomeWinProbability: last.homeWinProbability }] : [game];
  return { games, problems: log.problems, winProbability };
}

function readPlays(raw: unknown): Play[] {
  if (!Array.isArray(raw)) return [];
  const out: Play[] = [];
  for (const item of raw) {
    const parsed = playSchema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/**
 * A summary's header status may carry only `type` (no period or clock). For a game in play the
 * last play's period and clock stand in, so the live state is still complete.
 */
function withClockFromLastPlay(competition: unknown, lastPlay: Play | undefined): unknown {
  const comp = asRecord(competition);
  const status = asRecord(comp?.status);
  if (!comp || !status || !lastPlay) return competition;
  const patched = { ...status };
  if (patched.period === undefined && lastPlay.period) patched.period = lastPlay.period.number;
  if (patched.clock === undefined && patched.displayClock === undefined && lastPlay.clock) {
    patched.displayClock = lastPlay.clock.displayValue;
  }
  return { ...comp, status: patched };
}

function readWinProbability(
  log: ProblemLog,
  espnId: string,
  raw: unknown,
  plays: readonly Play[],
): EspnPlayWinProbability[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    log.degraded('winprobability', 'expected an array; ignored', espnId);
    return [];
  }
  const playOrder = new Map<string, number>();
  plays.forEach((p, i) => {
    if (!playOrder.has(p.id)) playOrder.set(p.id, i);
  });
  const ordered: { order: number; point: EspnPlayWinProbability }[] = [];
  raw.forEach((item, i) => {
    const parsed = winProbabilityEntry.safeParse(item);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error, pathJoin('winprobability', i));
      log.degraded(issue.path, `${issue.reason}; entry ignored`, espnId);
      return;
    }
    const index = playOrder.get(parsed.data.playId);
    const play = index === undefined ? undefined : plays[index];
    const clockText = play?.clock?.displayValue;
    ordered.push({
      // Entries without a play keep their own order, after all the plays.
      order: index ?? plays.length + i,
      point: {
        playId: parsed.data.playId,
        sequence: play?.sequenceNumber ?? null,
        period: play?.period?.number ?? null,
        clockSeconds: clockText === undefined ? null : parseClockText(clockText),
        homeScore: play?.homeScore ?? null,
        awayScore: play?.awayScore ?? null,
        homeWinProbability: parsed.data.homeWinPercentage,
        tieProbability: parsed.data.tiePercentage ?? null,
      },
    });
  });
  ordered.sort((a, b) => a.order - b.order);
  return ordered.map((o) => o.point);
}
