/**
 * MLB teams. ESPN abbreviations as ESPN's site API writes them (CHW, not CWS; the reference's
 * pitfalls table); ids only where a real payload shows them (HOU 18, MIN 9 in shared/data/espn).
 * Kalshi codes marked seen come from KXMLB* tickers quoted in the reference (KC CWS CHC NYY BOS
 * TOR SD CLE MIA STL SEA LAD) and in public code (AZ for Arizona, ATH, MIL, DET, PHI, …); Kalshi
 * writes "Chicago WS", "New York Y", "Los Angeles D" in its rules and sub-titles. Gamma
 * abbreviations seen: slugs mlb-sd-laa, mlb-det-sf, mlb-wsh-sd and teams stl/pit. Renames:
 * Cleveland Indians → Guardians (2022), Oakland Athletics → Athletics (2025).
 */
import { defineTeams } from './define.js';

export const MLB_TEAMS = defineTeams('mlb', [
  {
    espn: 'ARI',
    location: 'Arizona',
    nickname: 'Diamondbacks',
    former: ['Arizona D-backs'],
    kalshi: ['AZ'],
    kalshiGuess: ['ARI'],
  },
  {
    espn: ['ATH', 'OAK'],
    location: 'Athletics',
    nickname: 'Athletics',
    name: 'Athletics',
    former: ['Oakland Athletics'],
    kalshi: ['ATH'],
    kalshiNames: ['Athletics', "A's"],
    gammaNames: ['Athletics', 'Oakland Athletics'],
  },
  { espn: 'ATL', location: 'Atlanta', nickname: 'Braves', kalshi: ['ATL'] },
  { espn: 'BAL', location: 'Baltimore', nickname: 'Orioles', kalshi: ['BAL'] },
  { espn: 'BOS', location: 'Boston', nickname: 'Red Sox', kalshi: ['BOS'] },
  { espn: 'CHC', location: 'Chicago', nickname: 'Cubs', kalshi: ['CHC'], kalshiNames: ['Chicago C'] },
  {
    espn: 'CHW',
    location: 'Chicago',
    nickname: 'White Sox',
    feed: ['CWS'],
    kalshi: ['CWS'],
    kalshiNames: ['Chicago WS'],
    gammaGuess: ['cws', 'chw'],
  },
  { espn: 'CIN', location: 'Cincinnati', nickname: 'Reds' },
  {
    espn: 'CLE',
    location: 'Cleveland',
    nickname: 'Guardians',
    former: ['Cleveland Indians'],
    kalshi: ['CLE'],
  },
  { espn: 'COL', location: 'Colorado', nickname: 'Rockies', kalshi: ['COL'] },
  { espn: 'DET', location: 'Detroit', nickname: 'Tigers', kalshi: ['DET'], gamma: ['det'] },
  { espn: 'HOU', id: '18', location: 'Houston', nickname: 'Astros', kalshi: ['HOU'] },
  { espn: 'KC', location: 'Kansas City', nickname: 'Royals', kalshi: ['KC'] },
  {
    espn: 'LAA',
    location: 'Los Angeles',
    nickname: 'Angels',
    kalshiNames: ['Los Angeles A'],
    gamma: ['laa'],
  },
  {
    espn: 'LAD',
    location: 'Los Angeles',
    nickname: 'Dodgers',
    kalshi: ['LAD'],
    kalshiNames: ['Los Angeles D'],
  },
  { espn: 'MIA', location: 'Miami', nickname: 'Marlins', former: ['Florida Marlins'], kalshi: ['MIA'] },
  { espn: 'MIL', location: 'Milwaukee', nickname: 'Brewers', kalshi: ['MIL'] },
  { espn: 'MIN', id: '9', location: 'Minnesota', nickname: 'Twins' },
  { espn: 'NYM', location: 'New York', nickname: 'Mets', kalshiNames: ['New York M'] },
  {
    espn: 'NYY',
    location: 'New York',
    nickname: 'Yankees',
    kalshi: ['NYY'],
    kalshiNames: ['New York Y'],
  },
  { espn: 'PHI', location: 'Philadelphia', nickname: 'Phillies', kalshi: ['PHI'] },
  { espn: 'PIT', location: 'Pittsburgh', nickname: 'Pirates', kalshi: ['PIT'], gamma: ['pit'] },
  { espn: 'SD', location: 'San Diego', nickname: 'Padres', kalshi: ['SD'], gamma: ['sd'] },
  { espn: 'SF', location: 'San Francisco', nickname: 'Giants', kalshi: ['SF'], gamma: ['sf'] },
  { espn: 'SEA', location: 'Seattle', nickname: 'Mariners', kalshi: ['SEA'] },
  { espn: 'STL', location: 'St. Louis', nickname: 'Cardinals', kalshi: ['STL'], gamma: ['stl'] },
  {
    espn: 'TB',
    location: 'Tampa Bay',
    nickname: 'Rays',
    former: ['Tampa Bay Devil Rays'],
    kalshi: ['TB'],
  },
  { espn: 'TEX', location: 'Texas', nickname: 'Rangers', kalshi: ['TEX'] },
  { espn: 'TOR', location: 'Toronto', nickname: 'Blue Jays', kalshi: ['TOR'] },
  {
    espn: 'WSH',
    location: 'Washington',
    nickname: 'Nationals',
    kalshiGuess: ['WSH', 'WAS'],
    gamma: ['wsh'],
  },
]);
