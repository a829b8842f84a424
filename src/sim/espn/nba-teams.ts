/**
 * ESPN's NBA team ids and names, so the simulated feed names teams as ESPN does (ids as in ESPN's
 * site API, e.g. Orlando 19 and Toronto 28 in event 401585607). Keyed by ESPN's abbreviations.
 */
import type { SimTeam } from './nfl-teams.js';

const NBA_TEAMS: Readonly<Record<string, SimTeam>> = {
  ATL: { id: '1', location: 'Atlanta', name: 'Hawks' },
  BOS: { id: '2', location: 'Boston', name: 'Celtics' },
  NO: { id: '3', location: 'New Orleans', name: 'Pelicans' },
  CHI: { id: '4', location: 'Chicago', name: 'Bulls' },
  CLE: { id: '5', location: 'Cleveland', name: 'Cavaliers' },
  DAL: { id: '6', location: 'Dallas', name: 'Mavericks' },
  DEN: { id: '7', location: 'Denver', name: 'Nuggets' },
  DET: { id: '8', location: 'Detroit', name: 'Pistons' },
  GS: { id: '9', location: 'Golden State', name: 'Warriors' },
  HOU: { id: '10', location: 'Houston', name: 'Rockets' },
  IND: { id: '11', location: 'Indiana', name: 'Pacers' },
  LAC: { id: '12', location: 'LA', name: 'Clippers' },
  LAL: { id: '13', location: 'Los Angeles', name: 'Lakers' },
  MIA: { id: '14', location: 'Miami', name: 'Heat' },
  MIL: { id: '15', location: 'Milwaukee', name: 'Bucks' },
  MIN: { id: '16', location: 'Minnesota', name: 'Timberwolves' },
  BKN: { id: '17', location: 'Brooklyn', name: 'Nets' },
  NY: { id: '18', location: 'New York', name: 'Knicks' },
  ORL: { id: '19', location: 'Orlando', name: 'Magic' },
  PHI: { id: '20', location: 'Philadelphia', name: '76ers' },
  PHX: { id: '21', location: 'Phoenix', name: 'Suns' },
  POR: { id: '22', location: 'Portland', name: 'Trail Blazers' },
  SAC: { id: '23', location: 'Sacramento', name: 'Kings' },
  SA: { id: '24', location: 'San Antonio', name: 'Spurs' },
  OKC: { id: '25', location: 'Oklahoma City', name: 'Thunder' },
  UTAH: { id: '26', location: 'Utah', name: 'Jazz' },
  WSH: { id: '27', location: 'Washington', name: 'Wizards' },
  TOR: { id: '28', location: 'Toronto', name: 'Raptors' },
  MEM: { id: '29', location: 'Memphis', name: 'Grizzlies' },
  CHA: { id: '30', location: 'Charlotte', name: 'Hornets' },
};

/** The team, or a made-up one with a stable id for an abbreviation ESPN does not know. */
export function nbaTeam(abbreviation: string): SimTeam {
  const known = NBA_TEAMS[abbreviation.toUpperCase()];
  if (known) return known;
  let h = 0;
  for (const ch of abbreviation) h = (h * 31 + ch.charCodeAt(0)) % 900;
  return { id: String(1000 + h), location: abbreviation, name: abbreviation };
}
