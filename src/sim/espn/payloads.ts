/**
 * ESPN-shaped JSON for the simulated games: scoreboard events, the scoreboard and the summary,
 * with the fields src/feeds/espn reads and in the forms real payloads use (scores as strings,
 * `situation.yardLine` counted from the HOME goal line, odds on the scoreboard only before
 * kick-off, `pickcenter` in the summary). NFL and NBA games (basketball-status.ts). Pure.
 */
import type { NflGameState } from '../../core/game-state.js';
import { basketballStatus } from './basketball-status.js';
import type { SimGame, SimLeague, SimPhase } from './replay-schedule.js';

type Json = Record<string, unknown>;

const LEAGUES: Readonly<Record<SimLeague, Json & { readonly uid: string }>> = {
  nfl: { id: '28', uid: 's:20~l:28', name: 'National Football League', abbreviation: 'NFL', slug: 'nfl' },
  nba: {
    id: '46',
    uid: 's:40~l:46',
    name: 'National Basketball Association',
    abbreviation: 'NBA',
    slug: 'nba',
  },
};

/** A game's league, when it was built without one (older callers): the NFL. */
function leagueOf(g: SimGame): SimLeague {
  return g.league ?? 'nfl';
}
/** ESPN's season.type: 2 regular season, 3 postseason. */
const SEASON_TYPE = { REG: 2, POST: 3 } as const;
const ORDINALS = ['', '1st', '2nd', '3rd', '4th'];

/** "2020-12-27T18:00Z": ESPN's dates carry no seconds. */
function espnDate(ts: number): string {
  return `${new Date(ts).toISOString().slice(0, 16)}Z`;
}

function displayClock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function periodName(quarter: number): string {
  return quarter <= 4 ? `${ORDINALS[quarter]} Quarter` : quarter === 5 ? 'OT' : `${quarter - 4}OT`;
}

/** ESPN's status of a game called off (type 5, `post` but not completed). */
export const CANCELED_STATUS_TYPE: Json = {
  id: '5',
  name: 'STATUS_CANCELED',
  state: 'post',
  completed: false,
  description: 'Canceled',
  detail: 'Canceled',
  shortDetail: 'Canceled',
};

function statusOf(g: SimGame, phase: SimPhase): Json {
  if (phase.status === 'canceled')
    return { clock: 0, displayClock: '0:00', period: 0, type: CANCELED_STATUS_TYPE };
  if (leagueOf(g) === 'nba') return basketballStatus(g, phase);
  if (phase.status === 'pre') {
    return {
      clock: 900,
      displayClock: '15:00',
      period: 1,
      type: {
        id: '1',
        name: 'STATUS_SCHEDULED',
        state: 'pre',
        completed: false,
        description: 'Scheduled',
        detail: g.kickoffText,
        shortDetail: g.kickoffText,
      },
    };
  }
  if (phase.status === 'post') {
    const last = g.game.states.at(-1);
    const quarter = last?.sport === 'nfl' ? last.quarter : 4;
    const overtime = quarter > 4;
    return {
      clock: 0,
      displayClock: '0:00',
      period: quarter,
      type: {
        id: '3',
        name: 'STATUS_FINAL',
        state: 'post',
        completed: true,
        description: 'Final',
        detail: overtime ? 'Final/OT' : 'Final',
        shortDetail: overtime ? 'Final/OT' : 'Final',
      },
    };
  }
  const s = phase.state;
  if (s.sport !== 'nfl') throw new Error(`NFL status asked for a ${s.sport} state`);
  const clock = displayClock(s.clockSeconds);
  // A quarter at 0:00 is over: ESPN says halftime or end of period until the next snap.
  const name =
    s.clockSeconds > 0 ? 'STATUS_IN_PROGRESS' : s.quarter === 2 ? 'STATUS_HALFTIME' : 'STATUS_END_PERIOD';
  const detail =
    name === 'STATUS_HALFTIME'
      ? 'Halftime'
      : name === 'STATUS_END_PERIOD'
        ? `End of ${periodName(s.quarter)}`
        : `${clock} - ${periodName(s.quarter)}`;
  return {
    clock: s.clockSeconds,
    displayClock: clock,
    period: s.quarter,
    type: {
      id: name === 'STATUS_IN_PROGRESS' ? '2' : name === 'STATUS_HALFTIME' ? '23' : '22',
      name,
      state: 'in',
      completed: false,
      description:
        name === 'STATUS_HALFTIME'
          ? 'Halftime'
          : name === 'STATUS_END_PERIOD'
            ? 'End of Period'
            : 'In Progress',
      detail,
      shortDetail: detail,
    },
  };
}

function scores(g: SimGame, phase: SimPhase): { home: number; away: number } {
  if (phase.status === 'in') return { home: phase.state.homeScore, away: phase.state.awayScore };
  if (phase.status === 'post') return { home: g.game.info.finalHomeScore, away: g.game.info.finalAwayScore };
  return { home: 0, away: 0 };
}

function competitors(g: SimGame, phase: SimPhase): Json[] {
  const score = scores(g, phase);
  const uid = LEAGUES[leagueOf(g)].uid;
  const side = (homeAway: 'home' | 'away', order: number): Json => {
    const team = homeAway === 'home' ? g.home : g.away;
    const own = score[homeAway];
    const other = homeAway === 'home' ? score.away : score.home;
    return {
      id: team.id,
      uid: `${uid}~t:${team.id}`,
      type: 'team',
      order,
      homeAway,
      ...(phase.status === 'post' ? { winner: own > other } : {}),
      team: {
        id: team.id,
        uid: `${uid}~t:${team.id}`,
        location: team.location,
        name: team.name,
        abbreviation: team.abbreviation,
        displayName: `${team.location} ${team.name}`,
        shortDisplayName: team.name,
      },
      score: String(own),
    };
  };
  return [side('home', 0), side('away', 1)];
}

/**
 * `situation` of a game in play. ESPN's yardLine is yards from the HOME goal line whoever has
 * the ball, so a home offence at its own 20 (80 to go) is 20 and an away offence 80 yards from
 * the home goal is 80; possessionText names the half of the field ("BUF 35") or "50".
 */
export function situationOf(g: SimGame, s: NflGameState): Json {
  const situation: Json = {
    lastPlay: { id: `${g.espnId}${s.playSeq}` },
    // ESPN's way of saying "no down" (kick-offs, extra points): down -1, distance and yardLine 0.
    down: s.down ?? -1,
    distance: s.down === null ? 0 : (s.distance ?? 0),
    yardLine: 0,
    homeTimeouts: s.homeTimeouts,
    awayTimeouts: s.awayTimeouts,
  };
  if (s.possession !== null) {
    situation.possession = (s.possession === 'home' ? g.home : g.away).id;
  }
  if (s.possession !== null && s.yardline100 !== null) {
    const yardLine = s.possession === 'home' ? 100 - s.yardline100 : s.yardline100;
    const spot =
      yardLine === 50
        ? '50'
        : yardLine < 50
          ? `${g.home.abbreviation} ${yardLine}`
          : `${g.away.abbreviation} ${100 - yardLine}`;
    situation.yardLine = yardLine;
    situation.possessionText = spot;
    situation.isRedZone = s.yardline100 <= 20;
    if (s.down !== null) {
      const toGo = s.distance !== null && s.distance >= s.yardline100 ? 'Goal' : String(s.distance ?? 0);
      situation.shortDownDistanceText = `${ORDINALS[s.down]} & ${toGo}`;
      situation.downDistanceText = `${ORDINALS[s.down]} & ${toGo} at ${spot}`;
    }
  }
  return situation;
}

/** Pregame line, as ESPN writes it: "BUF -3.5" names the favourite; `spread` is the home line. */
export function oddsOf(g: SimGame): Json {
  const homeSpread = g.game.info.homeSpread;
  const details =
    homeSpread === 0
      ? 'EVEN'
      : homeSpread > 0
        ? `${g.home.abbreviation} -${homeSpread}`
        : `${g.away.abbreviation} -${-homeSpread}`;
  return {
    provider: { id: '100', name: 'DraftKings', priority: 1 },
    details,
    spread: homeSpread === 0 ? 0 : -homeSpread,
    homeTeamOdds: { favorite: homeSpread > 0 },
    awayTeamOdds: { favorite: homeSpread < 0 },
  };
}

function competition(g: SimGame, phase: SimPhase, withOdds: boolean): Json {
  const kickoff = espnDate(g.game.info.kickoffTs);
  const uid = LEAGUES[leagueOf(g)].uid;
  return {
    id: g.espnId,
    uid: `${uid}~e:${g.espnId}~c:${g.espnId}`,
    date: kickoff,
    startDate: kickoff,
    neutralSite: false,
    competitors: competitors(g, phase),
    status: statusOf(g, phase),
    // ESPN's basketball scoreboards carry no situation worth simulating (no possession arrow).
    ...(phase.status === 'in' && phase.state.sport === 'nfl'
      ? { situation: situationOf(g, phase.state) }
      : {}),
    // Real scoreboards drop the odds once a game starts; the summary's pickcenter keeps them.
    ...(withOdds && phase.status === 'pre' ? { odds: [oddsOf(g)] } : {}),
    format: { regulation: { periods: 4 } },
  };
}

export function scoreboardEvent(g: SimGame, phase: SimPhase): Json {
  const { info } = g.game;
  const league = leagueOf(g);
  return {
    id: g.espnId,
    uid: `${LEAGUES[league].uid}~e:${g.espnId}`,
    date: espnDate(info.kickoffTs),
    name: `${g.away.location} ${g.away.name} at ${g.home.location} ${g.home.name}`,
    shortName: `${g.away.abbreviation} @ ${g.home.abbreviation}`,
    season: { year: info.season, type: SEASON_TYPE[info.seasonType] },
    ...(league === 'nfl' ? { week: { number: info.week } } : {}),
    competitions: [competition(g, phase, true)],
    status: statusOf(g, phase),
  };
}

export function scoreboardPayload(
  events: readonly Json[],
  first: SimGame | undefined,
  league: SimLeague = first ? leagueOf(first) : 'nfl',
): Json {
  const info = first?.game.info;
  return {
    leagues: [LEAGUES[league]],
    ...(info ? { season: { type: SEASON_TYPE[info.seasonType], year: info.season } } : {}),
    ...(info && league === 'nfl' ? { week: { number: info.week } } : {}),
    events,
  };
}

export function summaryPayload(g: SimGame, phase: SimPhase): Json {
  const { info } = g.game;
  const league = leagueOf(g);
  return {
    header: {
      id: g.espnId,
      uid: `${LEAGUES[league].uid}~e:${g.espnId}`,
      season: { year: info.season, type: SEASON_TYPE[info.seasonType] },
      ...(league === 'nfl' ? { week: info.week } : {}),
      league: LEAGUES[league],
      competitions: [competition(g, phase, false)],
    },
    pickcenter: [oddsOf(g)],
    format: { regulation: { periods: 4 } },
  };
}
