/**
 * Test helpers: the real ESPN responses in ../shared/data/espn (relative to the repo root), and
 * a builder of small synthetic events in ESPN's shape for leagues with no real file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ESPN_DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/espn/', import.meta.url));

export const REAL_FILES = {
  nflInProgress: 'nfl_scoreboard_2022wk11_2022-11-20_8_inprogress__pebble-sports.json',
  nflSituationsCsv: 'derived_nfl_scoreboard_2022-11-20_situations.csv',
  nflPost: 'nfl_scoreboard_2023_post__survivor-pool.json',
  nbaPost2024: 'nba_scoreboard_2024_post__my-club.json',
  nbaPost: 'nba_scoreboard_post__sportsdataverse-js.json',
  nbaSummary: 'nba_summary_401585607_TOR-at-ORL_2024-03-17_with_winprobability__sportsdataverse-js.json',
  mlb1: 'mlb_event_2023ALDS_HOU-MIN_demo-mlb-01__reddit-devvit.json',
  mlb2: 'mlb_event_2023ALDS_HOU-MIN_demo-mlb-02__reddit-devvit.json',
  mlb3: 'mlb_event_2023ALDS_HOU-MIN_demo-mlb-03__reddit-devvit.json',
  mlb4: 'mlb_event_2023ALDS_HOU-MIN_demo-mlb-04__reddit-devvit.json',
} as const;

export function readEspnText(file: string): string {
  return readFileSync(`${ESPN_DATA_DIR}${file}`, 'utf8');
}

/** A fresh copy each call, so a test may mutate it. */
export function readEspnJson(file: string): unknown {
  return JSON.parse(readEspnText(file));
}

// biome-ignore lint/suspicious/noExplicitAny: tests reach into raw payloads by known paths
export type Json = any;

export interface SyntheticTeam {
  id: string;
  abbreviation: string;
  score?: unknown;
  possession?: boolean;
}

export interface SyntheticEventOptions {
  id?: string;
  date?: string;
  state: 'pre' | 'in' | 'post';
  statusName?: string;
  detail?: string;
  period?: number;
  clock?: number;
  displayClock?: string;
  seasonType?: number;
  home?: SyntheticTeam;
  away?: SyntheticTeam;
  situation?: unknown;
  odds?: unknown;
  details?: unknown;
}

/** One scoreboard event with the fields the parsers read, shaped like ESPN's. */
export function syntheticEvent(o: SyntheticEventOptions): Json {
  const home = o.home ?? { id: '1', abbreviation: 'HOM', score: '0' };
  const away = o.away ?? { id: '2', abbreviation: 'AWY', score: '0' };
  const competitor = (t: SyntheticTeam, homeAway: 'home' | 'away') => ({
    id: t.id,
    homeAway,
    team: { id: t.id, abbreviation: t.abbreviation, displayName: `${t.abbreviation} team` },
    ...(t.score === undefined ? {} : { score: t.score }),
    ...(t.possession === undefined ? {} : { possession: t.possession }),
  });
  const status = {
    clock: o.clock ?? 0,
    displayClock: o.displayClock ?? '0:00',
    period: o.period ?? 0,
    type: {
      name:
        o.statusName ?? { pre: 'STATUS_SCHEDULED', in: 'STATUS_IN_PROGRESS', post: 'STATUS_FINAL' }[o.state],
      state: o.state,
      completed: o.state === 'post',
      detail: o.detail ?? '',
    },
  };
  const id = o.id ?? '900001';
  return {
    id,
    date: o.date ?? '2025-01-05T18:00Z',
    season: { year: 2025, type: o.seasonType ?? 2 },
    competitions: [
      {
        id,
        date: o.date ?? '2025-01-05T18:00Z',
        competitors: [competitor(home, 'home'), competitor(away, 'away')],
        status,
        ...(o.situation === undefined ? {} : { situation: o.situation }),
        ...(o.odds === undefined ? {} : { odds: o.odds }),
        ...(o.details === undefined ? {} : { details: o.details }),
      },
    ],
    status,
  };
}

export function scoreboardOf(events: unknown[], slug?: string): Json {
  return slug === undefined ? { events } : { leagues: [{ slug }], events };
}

/** Rows of a CSV file as objects by header name; quoted fields may hold commas, quotes and newlines. */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      field = '';
      record = [];
    } else field += ch;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records;
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
}
