/**
 * NHL teams. ESPN abbreviations as ESPN's site API writes them (SJ, LA, NJ, TB, VGK, CBJ, WSH,
 * UTAH; the reference's pitfalls table), not read from a captured NHL payload: ids are left out.
 * Kalshi codes marked seen come from KXNHLGAME tickers quoted in the reference (NYR, SJ, LA; the
 * docs' NJD) and in public code (NJ, NYI, VGK, TOR, CHI, …); Kalshi writes "New York I" and "Vegas"
 * in its rules. Utah (2024–) took the Arizona Coyotes' players after the Coyotes' move.
 */
import { defineTeams } from './define.js';

export const NHL_TEAMS = defineTeams('nhl', [
  { espn: 'ANA', location: 'Anaheim', nickname: 'Ducks', kalshi: ['ANA'] },
  { espn: 'BOS', location: 'Boston', nickname: 'Bruins', kalshi: ['BOS'] },
  { espn: 'BUF', location: 'Buffalo', nickname: 'Sabres', kalshi: ['BUF'] },
  { espn: 'CGY', location: 'Calgary', nickname: 'Flames', kalshi: ['CGY'] },
  { espn: 'CAR', location: 'Carolina', nickname: 'Hurricanes', kalshi: ['CAR'] },
  { espn: 'CHI', location: 'Chicago', nickname: 'Blackhawks', kalshi: ['CHI'] },
  { espn: 'COL', location: 'Colorado', nickname: 'Avalanche', kalshi: ['COL'] },
  { espn: 'CBJ', location: 'Columbus', nickname: 'Blue Jackets' },
  { espn: 'DAL', location: 'Dallas', nickname: 'Stars', kalshi: ['DAL'] },
  { espn: 'DET', location: 'Detroit', nickname: 'Red Wings' },
  { espn: 'EDM', location: 'Edmonton', nickname: 'Oilers', kalshi: ['EDM'] },
  { espn: 'FLA', location: 'Florida', nickname: 'Panthers' },
  { espn: 'LA', location: 'Los Angeles', nickname: 'Kings', kalshi: ['LA'], gammaGuess: ['la', 'lak'] },
  { espn: 'MIN', location: 'Minnesota', nickname: 'Wild' },
  { espn: 'MTL', location: 'Montreal', nickname: 'Canadiens', kalshi: ['MTL'] },
  { espn: 'NSH', location: 'Nashville', nickname: 'Predators' },
  { espn: 'NJ', location: 'New Jersey', nickname: 'Devils', kalshi: ['NJ', 'NJD'] },
  {
    espn: 'NYI',
    location: 'New York',
    nickname: 'Islanders',
    kalshi: ['NYI'],
    kalshiNames: ['New York I'],
  },
  {
    espn: 'NYR',
    location: 'New York',
    nickname: 'Rangers',
    kalshi: ['NYR'],
    kalshiNames: ['New York R'],
  },
  { espn: 'OTT', location: 'Ottawa', nickname: 'Senators' },
  { espn: 'PHI', location: 'Philadelphia', nickname: 'Flyers' },
  { espn: 'PIT', location: 'Pittsburgh', nickname: 'Penguins' },
  { espn: 'SJ', location: 'San Jose', nickname: 'Sharks', kalshi: ['SJ'] },
  { espn: 'SEA', location: 'Seattle', nickname: 'Kraken' },
  { espn: 'STL', location: 'St. Louis', nickname: 'Blues', kalshi: ['STL'] },
  { espn: 'TB', location: 'Tampa Bay', nickname: 'Lightning', kalshi: ['TB'] },
  { espn: 'TOR', location: 'Toronto', nickname: 'Maple Leafs', kalshi: ['TOR'] },
  {
    espn: ['UTAH', 'ARI'],
    location: 'Utah',
    nickname: 'Mammoth',
    former: ['Utah Hockey Club', 'Arizona Coyotes'],
    kalshiGuess: ['UTA', 'UTAH'],
    gammaNames: ['Mammoth', 'Utah Mammoth', 'Utah Hockey Club', 'Utah'],
  },
  { espn: 'VAN', location: 'Vancouver', nickname: 'Canucks', kalshi: ['VAN'] },
  { espn: 'VGK', location: 'Vegas', nickname: 'Golden Knights', kalshi: ['VGK'] },
  { espn: 'WSH', location: 'Washington', nickname: 'Capitals', kalshiGuess: ['WSH', 'WAS'] },
  { espn: 'WPG', location: 'Winnipeg', nickname: 'Jets' },
]);
