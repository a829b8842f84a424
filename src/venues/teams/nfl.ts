/**
 * NFL teams. ESPN ids, abbreviations and names: the real ESPN scoreboards in shared/data/espn
 * (2022 week 11, 2023 postseason). Kalshi codes marked seen come from the real KXNFLGAME capture
 * (TB, DAL) and Kalshi tickers quoted in public code and the reference: JAC (not ESPN's JAX) and
 * WAS (not WSH); the Rams were LA in 2025 tickers and LAR in 2026 ones. Gamma abbreviations seen:
 * slugs nfl-buf-cin, nfl-ten-nyg, nfl-kc-mia, nfl-bal-mia, and teams car/ari. The replay bundle
 * spells the Rams LA and Washington WAS (nflverse), kept as feed aliases.
 */
import { defineTeams } from './define.js';

export const NFL_TEAMS = defineTeams('nfl', [
  { espn: 'ARI', id: '22', location: 'Arizona', nickname: 'Cardinals', kalshi: ['ARI'], gamma: ['ari'] },
  { espn: 'ATL', id: '1', location: 'Atlanta', nickname: 'Falcons', kalshi: ['ATL'] },
  { espn: 'BAL', id: '33', location: 'Baltimore', nickname: 'Ravens', gamma: ['bal'] },
  { espn: 'BUF', id: '2', location: 'Buffalo', nickname: 'Bills', gamma: ['buf'] },
  { espn: 'CAR', id: '29', location: 'Carolina', nickname: 'Panthers', gamma: ['car'] },
  { espn: 'CHI', id: '3', location: 'Chicago', nickname: 'Bears', kalshi: ['CHI'] },
  { espn: 'CIN', id: '4', location: 'Cincinnati', nickname: 'Bengals', gamma: ['cin'] },
  { espn: 'CLE', id: '5', location: 'Cleveland', nickname: 'Browns' },
  { espn: 'DAL', id: '6', location: 'Dallas', nickname: 'Cowboys', kalshi: ['DAL'] },
  { espn: 'DEN', id: '7', location: 'Denver', nickname: 'Broncos', kalshi: ['DEN'] },
  { espn: 'DET', id: '8', location: 'Detroit', nickname: 'Lions', kalshi: ['DET'] },
  { espn: 'GB', id: '9', location: 'Green Bay', nickname: 'Packers', kalshi: ['GB'] },
  { espn: 'HOU', id: '34', location: 'Houston', nickname: 'Texans', kalshi: ['HOU'] },
  { espn: 'IND', id: '11', location: 'Indianapolis', nickname: 'Colts', kalshi: ['IND'] },
  { espn: 'JAX', id: '30', location: 'Jacksonville', nickname: 'Jaguars', kalshi: ['JAC'] },
  { espn: 'KC', id: '12', location: 'Kansas City', nickname: 'Chiefs', kalshi: ['KC'], gamma: ['kc'] },
  {
    espn: ['LV', 'OAK'],
    id: '13',
    location: 'Las Vegas',
    nickname: 'Raiders',
    former: ['Oakland Raiders'],
    kalshi: ['LV'],
  },
  {
    espn: ['LAC', 'SD'],
    id: '24',
    location: 'Los Angeles',
    nickname: 'Chargers',
    former: ['San Diego Chargers'],
    kalshiNames: ['Los Angeles C'],
  },
  {
    espn: ['LAR', 'STL'],
    id: '14',
    location: 'Los Angeles',
    nickname: 'Rams',
    feed: ['LA'],
    former: ['St. Louis Rams'],
    kalshi: ['LAR', 'LA'],
    kalshiNames: ['Los Angeles R'],
  },
  { espn: 'MIA', id: '15', location: 'Miami', nickname: 'Dolphins', kalshi: ['MIA'], gamma: ['mia'] },
  { espn: 'MIN', id: '16', location: 'Minnesota', nickname: 'Vikings', kalshi: ['MIN'] },
  { espn: 'NE', id: '17', location: 'New England', nickname: 'Patriots', kalshi: ['NE'] },
  { espn: 'NO', id: '18', location: 'New Orleans', nickname: 'Saints', kalshi: ['NO'] },
  {
    espn: 'NYG',
    id: '19',
    location: 'New York',
    nickname: 'Giants',
    kalshi: ['NYG'],
    kalshiNames: ['New York G'],
    gamma: ['nyg'],
  },
  { espn: 'NYJ', id: '20', location: 'New York', nickname: 'Jets', kalshiNames: ['New York J'] },
  { espn: 'PHI', id: '21', location: 'Philadelphia', nickname: 'Eagles', kalshi: ['PHI'] },
  { espn: 'PIT', id: '23', location: 'Pittsburgh', nickname: 'Steelers' },
  { espn: 'SF', id: '25', location: 'San Francisco', nickname: '49ers' },
  { espn: 'SEA', id: '26', location: 'Seattle', nickname: 'Seahawks', kalshi: ['SEA'] },
  { espn: 'TB', id: '27', location: 'Tampa Bay', nickname: 'Buccaneers', kalshi: ['TB'] },
  { espn: 'TEN', id: '10', location: 'Tennessee', nickname: 'Titans', kalshi: ['TEN'], gamma: ['ten'] },
  {
    espn: 'WSH',
    id: '28',
    location: 'Washington',
    nickname: 'Commanders',
    feed: ['WAS'],
    former: ['Washington Football Team', 'Washington Redskins'],
    kalshi: ['WAS'],
    gammaGuess: ['was', 'wsh'],
  },
]);
