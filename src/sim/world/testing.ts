/**
 * For tests: a small team table for the games the world's tests play, written as the venues
 * name these teams (Kalshi's codes and city names, Gamma's lower-case codes and nicknames), and
 * looked up by ESPN's abbreviation or the recorded games' own (LA, WAS). Tests only: a run is
 * given the per-league team tables.
 */
import type { WorldLeague, WorldTeam, WorldTeamLookup } from './world-teams.js';

interface Row {
  readonly espn: string;
  readonly feed?: readonly string[];
  readonly kalshiName: string;
  readonly location: string;
  readonly nickname: string;
  readonly kalshiCode?: string;
}

const NFL: readonly Row[] = [
  { espn: 'ARI', kalshiName: 'Arizona', location: 'Arizona', nickname: 'Cardinals' },
  { espn: 'LAR', feed: ['LA'], kalshiName: 'Los Angeles R', location: 'Los Angeles', nickname: 'Rams' },
  { espn: 'MIA', kalshiName: 'Miami', location: 'Miami', nickname: 'Dolphins' },
  { espn: 'BUF', kalshiName: 'Buffalo', location: 'Buffalo', nickname: 'Bills' },
  { espn: 'PIT', kalshiName: 'Pittsburgh', location: 'Pittsburgh', nickname: 'Steelers' },
  { espn: 'CLE', kalshiName: 'Cleveland', location: 'Cleveland', nickname: 'Browns' },
  {
    espn: 'WSH',
    feed: ['WAS'],
    kalshiCode: 'WAS',
    kalshiName: 'Washington',
    location: 'Washington',
    nickname: 'Football Team',
  },
  { espn: 'PHI', kalshiName: 'Philadelphia', location: 'Philadelphia', nickname: 'Eagles' },
];
const NBA: readonly Row[] = [
  { espn: 'TOR', kalshiName: 'Toronto', location: 'Toronto', nickname: 'Raptors' },
  { espn: 'ORL', kalshiName: 'Orlando', location: 'Orlando', nickname: 'Magic' },
];

function worldTeam(league: WorldLeague, row: Row): WorldTeam {
  const code = row.kalshiCode ?? row.espn;
  return {
    espnAbbreviation: row.espn,
    kalshi: {
      code,
      name: row.kalshiName,
      // Kalshi's NFL titles read "TB Buccaneers"; other leagues' name the city.
      eventName: league === 'nfl' ? `${code} ${row.nickname}` : row.kalshiName,
    },
    gamma: {
      abbreviation: row.espn.toLowerCase(),
      name: `${row.location} ${row.nickname}`,
      outcome: row.nickname,
    },
  };
}

/** The test table: a code not in it is an unknown team. */
export const testTeamLookup: WorldTeamLookup = (league, team) => {
  const rows = league === 'nfl' ? NFL : NBA;
  const code = team.toUpperCase();
  const row = rows.find((r) => r.espn === code || r.feed?.includes(code));
  return row ? worldTeam(league, row) : undefined;
};
