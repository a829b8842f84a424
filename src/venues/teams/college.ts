/**
 * College teams: a complete table is impossible (hundreds of programmes, names that differ by
 * venue: "Ohio St." on Kalshi, "Ohio State" on ESPN), so these hold only teams we can state with
 * confidence; the matcher falls back to names for the rest and refuses any ambiguity. ESPN
 * abbreviations as ESPN writes them (OSU, PSU, UGA, ALA, MICH, …; the reference's pitfalls note
 * ESPN's `M-OH`, `USA` = South Alabama, `UK`, `OU`). Kalshi codes marked seen come from
 * KXNCAAF… and KXNCAAMB… tickers quoted in public code and the reference (OSU, PSU, BSU, FRES, ARIZ,
 * WVU, IOWA, WASH, MD, USC, ULL, LT; DUKE); the rest are expectations. Gamma's college codes and
 * names were not seen: all unverified.
 */
import { defineTeams, type TeamSpec } from './define.js';

/** A college team: ESPN's short name is the school ("Ohio State"), which Kalshi writes too. */
function school(espn: string, school: string, nickname: string, more: Partial<TeamSpec> = {}): TeamSpec {
  return {
    espn,
    location: school,
    nickname,
    short: school,
    kalshiNames: [school],
    gammaNames: [school, `${school} ${nickname}`, nickname],
    ...more,
  };
}

export const COLLEGE_FOOTBALL_TEAMS = defineTeams('college-football', [
  school('ALA', 'Alabama', 'Crimson Tide'),
  school('ARIZ', 'Arizona', 'Wildcats', { kalshi: ['ARIZ'] }),
  school('AUB', 'Auburn', 'Tigers'),
  school('BSU', 'Boise State', 'Broncos', { kalshi: ['BSU'], kalshiNames: ['Boise St.'] }),
  school('CLEM', 'Clemson', 'Tigers'),
  school('FLA', 'Florida', 'Gators'),
  school('FSU', 'Florida State', 'Seminoles', { kalshiNames: ['Florida St.'] }),
  school('FRES', 'Fresno State', 'Bulldogs', { kalshi: ['FRES'], kalshiNames: ['Fresno St.'] }),
  school('UGA', 'Georgia', 'Bulldogs'),
  school('IOWA', 'Iowa', 'Hawkeyes', { kalshi: ['IOWA'] }),
  school('LSU', 'LSU', 'Tigers'),
  school('ULL', 'Louisiana', "Ragin' Cajuns", { kalshi: ['ULL'] }),
  school('LT', 'Louisiana Tech', 'Bulldogs', { kalshi: ['LT'] }),
  school('MD', 'Maryland', 'Terrapins', { kalshi: ['MD'] }),
  school('MICH', 'Michigan', 'Wolverines'),
  school('ND', 'Notre Dame', 'Fighting Irish'),
  school('OSU', 'Ohio State', 'Buckeyes', { kalshi: ['OSU'], kalshiNames: ['Ohio St.'] }),
  school('OU', 'Oklahoma', 'Sooners'),
  school('ORE', 'Oregon', 'Ducks'),
  school('PSU', 'Penn State', 'Nittany Lions', { kalshi: ['PSU'], kalshiNames: ['Penn St.'] }),
  school('TENN', 'Tennessee', 'Volunteers'),
  school('TEX', 'Texas', 'Longhorns'),
  school('USC', 'USC', 'Trojans', { kalshi: ['USC'] }),
  school('WASH', 'Washington', 'Huskies', { kalshi: ['WASH'] }),
  school('WVU', 'West Virginia', 'Mountaineers', { kalshi: ['WVU'] }),
]);

export const MENS_COLLEGE_BASKETBALL_TEAMS = defineTeams('mens-college-basketball', [
  school('ARIZ', 'Arizona', 'Wildcats'),
  school('BAY', 'Baylor', 'Bears'),
  school('UConn', 'UConn', 'Huskies', { espn: ['CONN', 'UCONN'] }),
  school('DUKE', 'Duke', 'Blue Devils', { kalshi: ['DUKE'] }),
  school('GONZ', 'Gonzaga', 'Bulldogs'),
  school('HOU', 'Houston', 'Cougars'),
  school('KU', 'Kansas', 'Jayhawks'),
  school('UK', 'Kentucky', 'Wildcats'),
  school('MSU', 'Michigan State', 'Spartans', { kalshiNames: ['Michigan St.'] }),
  school('UNC', 'North Carolina', 'Tar Heels'),
  school('PUR', 'Purdue', 'Boilermakers'),
  school('TENN', 'Tennessee', 'Volunteers'),
  school('VILL', 'Villanova', 'Wildcats'),
]);
