/**
 * The world's team lookup from the per-league team tables (src/venues/teams): a recorded game's
 * code (ESPN's, or the bundle's own, LA and WAS) to ESPN's current abbreviation and each venue's
 * code and names, the way the matcher expects the venues to list them (src/venues/matching/
 * listing-writer.ts): Kalshi's code and city name, "DAL Cowboys" in an NFL event title; Gamma's
 * code, the team's full name and its nickname as the moneyline outcome. Pure.
 */
import { teamByEspnAbbreviation, venueCodeOf, venueNameOf } from '../../venues/teams/index.js';
import type { WorldTeamLookup } from './world-teams.js';

export const worldTeamsFromTables: WorldTeamLookup = (league, code) => {
  const team = teamByEspnAbbreviation(league, code);
  if (!team) return undefined;
  const kalshiCode = venueCodeOf(team, 'kalshi');
  const kalshiName = venueNameOf(team, 'kalshi');
  return {
    espnAbbreviation: team.espnAbbreviations[0] ?? team.key,
    kalshi: {
      code: kalshiCode,
      name: kalshiName,
      eventName: league === 'nfl' ? `${kalshiCode} ${team.nickname}` : kalshiName,
    },
    gamma: {
      abbreviation: venueCodeOf(team, 'gamma').toLowerCase(),
      name: team.name,
      outcome: venueNameOf(team, 'gamma'),
    },
  };
};
