/**
 * Soccer: the Premier League (`eng.1`), MLS (`usa.1`) and the Champions League
 * (`uefa.champions`). ESPN abbreviations as ESPN's site API writes them for English clubs (MAN =
 * Manchester United, MNC = Manchester City) and MLS (NY = Red Bulls vs NYC, LA = Galaxy; the
 * reference's pitfalls table); not read from captured soccer payloads. For continental Champions
 * League clubs ESPN's codes are not known to us: they are matched by name only (no ESPN
 * abbreviation in the table). Kalshi codes marked seen come from KXEPL…/KXMLS…/KXUCL… tickers
 * quoted in the reference (MUN MCI BRE CHE NEW) and public code (CFC for Chelsea too, ARS, AVL,
 * BOU, WOL, TOT, IPS, FUL, WHU, LEE, EVE; NYRB and SD in MLS; FEN); Kalshi's rules name clubs in
 * full ("Manchester United", "Ipswich Town"). Gamma: MLS teams nyr (Red Bulls) and stl seen.
 * Kalshi lists EPL events home team first, US leagues away first: matching never relies on it.
 */
import { defineTeams, type TeamSpec } from './define.js';

/** A club: Kalshi's rules and Gamma's markets use the full name, Gamma sometimes with "FC". */
function club(
  espn: string | readonly string[],
  name: string,
  short: string,
  more: Partial<TeamSpec> = {},
): TeamSpec {
  return {
    espn,
    location: short,
    nickname: short,
    name,
    short,
    kalshiNames: [name, short],
    gammaNames: [name, short, `${name} FC`],
    ...more,
  };
}

const ENGLISH_CLUBS = {
  ARS: club('ARS', 'Arsenal', 'Arsenal', { kalshi: ['ARS'] }),
  AVL: club('AVL', 'Aston Villa', 'Aston Villa', { kalshi: ['AVL'] }),
  BOU: club('BOU', 'AFC Bournemouth', 'Bournemouth', { kalshi: ['BOU'] }),
  BRE: club('BRE', 'Brentford', 'Brentford', { kalshi: ['BRE'] }),
  BHA: club('BHA', 'Brighton & Hove Albion', 'Brighton'),
  BUR: club('BUR', 'Burnley', 'Burnley'),
  CHE: club('CHE', 'Chelsea', 'Chelsea', { kalshi: ['CFC', 'CHE'] }),
  CRY: club('CRY', 'Crystal Palace', 'Crystal Palace'),
  EVE: club('EVE', 'Everton', 'Everton', { kalshi: ['EVE'] }),
  FUL: club('FUL', 'Fulham', 'Fulham', { kalshi: ['FUL'] }),
  IPS: club('IPS', 'Ipswich Town', 'Ipswich', { kalshi: ['IPS'] }),
  LEE: club('LEE', 'Leeds United', 'Leeds', { kalshi: ['LEE'] }),
  LEI: club('LEI', 'Leicester City', 'Leicester'),
  LIV: club('LIV', 'Liverpool', 'Liverpool'),
  MNC: club('MNC', 'Manchester City', 'Man City', { kalshi: ['MCI'] }),
  MAN: club('MAN', 'Manchester United', 'Man United', { kalshi: ['MUN'], gammaGuess: ['mun', 'man'] }),
  NEW: club('NEW', 'Newcastle United', 'Newcastle', { kalshi: ['NEW'] }),
  NFO: club('NFO', 'Nottingham Forest', 'Nottm Forest'),
  SOU: club('SOU', 'Southampton', 'Southampton'),
  SUN: club('SUN', 'Sunderland', 'Sunderland'),
  TOT: club('TOT', 'Tottenham Hotspur', 'Spurs', {
    kalshi: ['TOT'],
    kalshiNames: ['Tottenham Hotspur', 'Tottenham'],
    gammaNames: ['Tottenham Hotspur', 'Tottenham', 'Spurs'],
  }),
  WHU: club('WHU', 'West Ham United', 'West Ham', { kalshi: ['WHU'] }),
  WOL: club('WOL', 'Wolverhampton Wanderers', 'Wolves', { kalshi: ['WOL'] }),
} as const;

export const EPL_TEAMS = defineTeams('eng.1', Object.values(ENGLISH_CLUBS));

export const MLS_TEAMS = defineTeams('usa.1', [
  club('ATL', 'Atlanta United FC', 'Atlanta'),
  club('ATX', 'Austin FC', 'Austin'),
  club('CLT', 'Charlotte FC', 'Charlotte'),
  club('CHI', 'Chicago Fire FC', 'Chicago'),
  club('CIN', 'FC Cincinnati', 'Cincinnati'),
  club('COL', 'Colorado Rapids', 'Colorado'),
  club('CLB', 'Columbus Crew', 'Columbus'),
  club('DAL', 'FC Dallas', 'Dallas'),
  club('DC', 'D.C. United', 'D.C. United'),
  club('HOU', 'Houston Dynamo FC', 'Houston'),
  club('MIA', 'Inter Miami CF', 'Inter Miami'),
  club('LA', 'LA Galaxy', 'LA Galaxy'),
  club('LAFC', 'LAFC', 'LAFC', { gammaNames: ['LAFC', 'Los Angeles FC'] }),
  club('MIN', 'Minnesota United FC', 'Minnesota'),
  club('MTL', 'CF Montréal', 'Montréal'),
  club('NSH', 'Nashville SC', 'Nashville'),
  club('NE', 'New England Revolution', 'New England'),
  club('NYC', 'New York City FC', 'NYCFC'),
  club('NY', 'New York Red Bulls', 'Red Bulls', {
    kalshi: ['NYRB'],
    kalshiNames: ['New York RB', 'New York Red Bulls'],
    gamma: ['nyr'],
    gammaNames: ['New York Red Bulls', 'Red Bulls'],
  }),
  club('ORL', 'Orlando City SC', 'Orlando'),
  club('PHI', 'Philadelphia Union', 'Philadelphia'),
  club('POR', 'Portland Timbers', 'Portland'),
  club('RSL', 'Real Salt Lake', 'Real Salt Lake'),
  club('SD', 'San Diego FC', 'San Diego', { kalshi: ['SD'] }),
  club('SJ', 'San Jose Earthquakes', 'San Jose'),
  club('SEA', 'Seattle Sounders FC', 'Seattle'),
  club('SKC', 'Sporting Kansas City', 'Sporting KC'),
  club('STL', 'St. Louis CITY SC', 'St. Louis', {
    gamma: ['stl'],
    gammaNames: ['St. Louis City SC', 'St. Louis'],
  }),
  club('TOR', 'Toronto FC', 'Toronto'),
  club('VAN', 'Vancouver Whitecaps', 'Vancouver'),
]);

/** A continental club whose ESPN code is not known: matched by its names. */
function foreign(key: string, name: string, short: string, more: Partial<TeamSpec> = {}): TeamSpec {
  return club([], name, short, { key, ...more });
}

export const UCL_TEAMS = defineTeams('uefa.champions', [
  ENGLISH_CLUBS.ARS,
  ENGLISH_CLUBS.AVL,
  ENGLISH_CLUBS.CHE,
  ENGLISH_CLUBS.LIV,
  ENGLISH_CLUBS.MNC,
  ENGLISH_CLUBS.NEW,
  ENGLISH_CLUBS.TOT,
  foreign('RMA', 'Real Madrid', 'Real Madrid'),
  foreign('BAR', 'Barcelona', 'Barcelona', { gammaNames: ['Barcelona', 'FC Barcelona'] }),
  foreign('ATM', 'Atlético Madrid', 'Atlético Madrid', {
    gammaNames: ['Atlético Madrid', 'Atletico Madrid'],
  }),
  foreign('BAY', 'Bayern Munich', 'Bayern Munich', { gammaNames: ['Bayern Munich', 'FC Bayern München'] }),
  foreign('DOR', 'Borussia Dortmund', 'Dortmund'),
  foreign('LEV', 'Bayer Leverkusen', 'Leverkusen'),
  foreign('INT', 'Internazionale', 'Inter', {
    kalshiNames: ['Inter Milan', 'Internazionale', 'Inter'],
    gammaNames: ['Inter Milan', 'Internazionale', 'Inter'],
  }),
  foreign('JUV', 'Juventus', 'Juventus'),
  foreign('NAP', 'Napoli', 'Napoli'),
  foreign('PSG', 'Paris Saint-Germain', 'PSG', { kalshiNames: ['PSG', 'Paris Saint-Germain'] }),
  foreign('BEN', 'Benfica', 'Benfica'),
  foreign('PSV', 'PSV Eindhoven', 'PSV'),
  foreign('FEN', 'Fenerbahce', 'Fenerbahce', { kalshi: ['FEN'] }),
  foreign('GAL', 'Galatasaray', 'Galatasaray'),
]);
