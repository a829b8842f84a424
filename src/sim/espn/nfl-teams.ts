/**
 * ESPN's NFL team ids and names, so the simulated feed names teams as ESPN does. Keyed by the
 * bundle's (nflverse) abbreviations, which the simulator keeps so that GameScheduled names teams
 * exactly as the direct replay feed does; nflverse spells the Rams LA and Washington WAS where
 * ESPN says LAR and WSH.
 */

export interface SimTeam {
  /** ESPN's team id (what `situation.possession` refers to). */
  readonly id: string;
  readonly location: string;
  readonly name: string;
}

const NFL_TEAMS: Readonly<Record<string, SimTeam>> = {
  ATL: { id: '1', location: 'Atlanta', name: 'Falcons' },
  BUF: { id: '2', location: 'Buffalo', name: 'Bills' },
  CHI: { id: '3', location: 'Chicago', name: 'Bears' },
  CIN: { id: '4', location: 'Cincinnati', name: 'Bengals' },
  CLE: { id: '5', location: 'Cleveland', name: 'Browns' },
  DAL: { id: '6', location: 'Dallas', name: 'Cowboys' },
  DEN: { id: '7', location: 'Denver', name: 'Broncos' },
  DET: { id: '8', location: 'Detroit', name: 'Lions' },
  GB: { id: '9', location: 'Green Bay', name: 'Packers' },
  TEN: { id: '10', location: 'Tennessee', name: 'Titans' },
  IND: { id: '11', location: 'Indianapolis', name: 'Colts' },
  KC: { id: '12', location: 'Kansas City', name: 'Chiefs' },
  LV: { id: '13', location: 'Las Vegas', name: 'Raiders' },
  LA: { id: '14', location: 'Los Angeles', name: 'Rams' },
  LAR: { id: '14', location: 'Los Angeles', name: 'Rams' },
  MIA: { id: '15', location: 'Miami', name: 'Dolphins' },
  MIN: { id: '16', location: 'Minnesota', name: 'Vikings' },
  NE: { id: '17', location: 'New England', name: 'Patriots' },
  NO: { id: '18', location: 'New Orleans', name: 'Saints' },
  NYG: { id: '19', location: 'New York', name: 'Giants' },
  NYJ: { id: '20', location: 'New York', name: 'Jets' },
  PHI: { id: '21', location: 'Philadelphia', name: 'Eagles' },
  ARI: { id: '22', location: 'Arizona', name: 'Cardinals' },
  PIT: { id: '23', location: 'Pittsburgh', name: 'Steelers' },
  LAC: { id: '24', location: 'Los Angeles', name: 'Chargers' },
  SF: { id: '25', location: 'San Francisco', name: '49ers' },
  SEA: { id: '26', location: 'Seattle', name: 'Seahawks' },
  TB: { id: '27', location: 'Tampa Bay', name: 'Buccaneers' },
  WAS: { id: '28', location: 'Washington', name: 'Football Team' },
  WSH: { id: '28', location: 'Washington', name: 'Football Team' },
  CAR: { id: '29', location: 'Carolina', name: 'Panthers' },
  JAX: { id: '30', location: 'Jacksonville', name: 'Jaguars' },
  BAL: { id: '33', location: 'Baltimore', name: 'Ravens' },
  HOU: { id: '34', location: 'Houston', name: 'Texans' },
};

/** The team, or a made-up one with a stable id for an abbreviation ESPN does not know. */
export function nflTeam(abbreviation: string): SimTeam {
  const known = NFL_TEAMS[abbreviation.toUpperCase()];
  if (known) return known;
  let h = 0;
  for (const ch of abbreviation) h = (h * 31 + ch.charCodeAt(0)) % 900;
  return { id: String(1000 + h), location: abbreviation, name: abbreviation };
}
