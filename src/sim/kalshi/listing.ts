/**
 * Builds a game's series, event and markets as Kalshi lists them (matching.md §2), from a spec:
 * event ticker `{SERIES}-{YY}{MON}{DD}[HHMM]{AWAY}{HOME}` on the US Eastern date, away-first
 * titles ("TB Buccaneers vs DAL Cowboys"), one market per team `{EVENT}-{TEAM}` (plus `-TIE`
 * where the sport has a draw), the rules text with the tie and postponement sentences, and the
 * times: `close_time` = `latest_expiration_time` = start + postponement window,
 * `expected_expiration_time` = `occurrence_datetime` = start + 3 h. The NFL output reproduces the
 * real KXNFLGAME-26OCT08TBDAL capture; other sports follow listing-leagues.ts, which says what is
 * inferred. Pure: a bad spec throws KalshiListingError naming the field.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import { DEFAULT_KALSHI_EXCHANGE_INDEX } from '../../venues/kalshi/config.js';
import { KALSHI_GAME_SERIES } from '../../venues/kalshi/discovery.js';
import { easternWallClock, rulesDate, rulesTime, shortDate, tickerDate, tickerTime } from './eastern-time.js';
import {
  KALSHI_LEAGUE_LISTING,
  KALSHI_RULES_DISCLAIMER,
  KALSHI_SOCCER_COMPETITIONS,
  SPORTS_SERIES_PROHIBITIONS,
} from './listing-leagues.js';
import type {
  KalshiEventListing,
  KalshiGameListingBuilt,
  KalshiGameSpec,
  KalshiListingTeam,
  KalshiMarketListing,
  KalshiMarketOutcome,
  KalshiSeriesListing,
} from './listing-types.js';

export class KalshiListingError extends Error {
  override readonly name = 'KalshiListingError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const HOUR_MS = 3_600_000;
/** Real NFL market: expected expiration and occurrence are the start + 3 h. */
const EXPECTED_GAME_LENGTH_MS = 3 * HOUR_MS;
const TEAM_CODE = /^[A-Z0-9]{1,8}$/;
const TIE_CODE = 'TIE';
/** The real KXNFLGAME series: maker fees, multiplier 1. */
const DEFAULT_GAME_FEES: FeeSchedule = {
  kind: 'kalshi_quadratic',
  multiplierPpm: 1_000_000,
  makerFees: true,
};
const EARLY_CLOSE = 'This market will close and expire after a winner is declared.';
/** Epoch ms of 2000-01-01 and 2100-01-01: any real listing time is between. */
const EARLIEST_MS = 946_684_800_000;
const LATEST_MS = 4_102_444_800_000;

export function buildKalshiGameListing(spec: KalshiGameSpec): KalshiGameListingBuilt {
  const defaults = KALSHI_LEAGUE_LISTING[spec.league];
  if (!defaults) throw new KalshiListingError('league', `no game series for league ${String(spec.league)}`);
  const seriesTicker = spec.seriesTicker ?? (KALSHI_GAME_SERIES[spec.league][0] as string);
  if (!/^KX[A-Z0-9]+$/.test(seriesTicker))
    throw new KalshiListingError('series_ticker', `"${seriesTicker}" is not a Kalshi series ticker (KX…)`);
  checkTeam('away', spec.away);
  checkTeam('home', spec.home);
  if (spec.away.code === spec.home.code)
    throw new KalshiListingError('home.code', `home and away are both ${spec.home.code}`);
  const hasDraw = spec.hasDraw ?? defaults.hasDraw;
  for (const side of ['away', 'home'] as const)
    if (hasDraw && spec[side].code === TIE_CODE)
      throw new KalshiListingError(`${side}.code`, 'TIE names the draw market, not a team');
  checkTime('start_time', spec.startMs);
  checkTime('listed_time', spec.listedMs);
  const openMs = spec.openMs ?? spec.listedMs;
  checkTime('open_time', openMs);
  if (openMs < spec.listedMs) throw new KalshiListingError('open_time', 'is before the listing time');
  const windowMs = spec.postponementWindowMs ?? defaults.postponementWindowMs;
  if (!Number.isSafeInteger(windowMs) || windowMs < HOUR_MS || windowMs > 60 * 24 * HOUR_MS)
    throw new KalshiListingError('postponement_window', 'must be whole ms between 1 hour and 60 days');
  const closeMs = spec.startMs + windowMs;
  if (openMs >= closeMs) throw new KalshiListingError('open_time', 'is not before the close time');
  const timer = spec.settlementTimerSeconds ?? 60;
  if (!Number.isSafeInteger(timer) || timer < 0 || timer > 7 * 24 * 3600)
    throw new KalshiListingError('settlement_timer_seconds', 'must be whole seconds, 0 to 7 days');
  const exchangeIndex = spec.exchangeIndex ?? DEFAULT_KALSHI_EXCHANGE_INDEX[spec.league];
  const competition = spec.competition ?? competitionOf(spec.league, seriesTicker);

  const et = easternWallClock(spec.startMs);
  const withTime = spec.startTimeInTicker ?? defaults.startTimeInTicker;
  const eventTicker = `${seriesTicker}-${tickerDate(et)}${withTime ? tickerTime(et) : ''}${spec.away.code}${spec.home.code}`;
  const scheduled = `${rulesDate(et)}${withTime ? ` at ${rulesTime(et)}` : ''}`;
  // A draw is a result only where the game is judged on regulation time (soccer's 90 minutes).
  const regulation = hasDraw ? ' after 90 minutes plus stoppage time' : '';
  const game = `${spec.away.eventName} vs ${spec.home.eventName} ${defaults.rulesSport(competition)} game originally scheduled for ${scheduled}${regulation}`;
  const fees = spec.fees ?? DEFAULT_GAME_FEES;

  const event: KalshiEventListing = {
    eventTicker,
    seriesTicker,
    title: `${spec.away.eventName} vs ${spec.home.eventName}`,
    subTitle: `${spec.away.code} vs ${spec.home.code} (${shortDate(et)})`,
    competition,
    settlementSources: defaults.settlementSources,
    mutuallyExclusive: true,
    exchangeIndex,
    lastUpdatedMs: spec.listedMs,
    awayCode: spec.away.code,
    homeCode: spec.home.code,
  };
  const secondary = secondaryRules({ game, hasDraw, windowMs });
  const market = (outcome: KalshiMarketOutcome, name: string, team: KalshiListingTeam | null) => {
    const suffix = outcome.kind === 'tie' ? TIE_CODE : outcome.code;
    const listing: KalshiMarketListing = {
      ticker: `${eventTicker}-${suffix}`,
      eventTicker,
      seriesTicker,
      outcome,
      title: `${name} wins`,
      yesSubTitle: name,
      noSubTitle: name,
      // "If Tie wins the …" is how third-party copies of real soccer draw markets read.
      rulesPrimary: `If ${name} wins the ${game}, then the market resolves to Yes.`,
      rulesSecondary: secondary,
      // The draw market's custom_strike is not seen anywhere; it gets none.
      customStrike: team
        ? { [defaults.customStrikeKey]: team.targetId ?? targetIdOf(spec.league, team.code) }
        : null,
      createdMs: spec.listedMs,
      openMs,
      closeMs,
      expectedExpirationMs: spec.startMs + EXPECTED_GAME_LENGTH_MS,
      canCloseEarly: true,
      earlyCloseCondition: EARLY_CLOSE,
      settlementTimerSeconds: timer,
      exchangeIndex,
      fees,
    };
    return listing;
  };
  const markets = [
    market({ kind: 'team', code: spec.home.code }, spec.home.name, spec.home),
    market({ kind: 'team', code: spec.away.code }, spec.away.name, spec.away),
    ...(hasDraw ? [market({ kind: 'tie' }, 'Tie', null)] : []),
  ];
  const series: KalshiSeriesListing = {
    ticker: seriesTicker,
    title: spec.league === 'soccer' ? `${competition} Game` : defaults.seriesTitle,
    category: 'Sports',
    tags: [defaults.seriesTag],
    frequency: 'custom',
    settlementSources: defaults.settlementSources,
    contractUrl: `https://assets.kalshi.com/regulatory/product-certifications/${defaults.contractCode}.pdf`,
    contractTermsUrl: `https://assets.kalshi.com/contract_terms/${defaults.contractCode}.pdf`,
    fees,
    additionalProhibitions: SPORTS_SERIES_PROHIBITIONS,
    exchangeIndex,
    lastUpdatedMs: spec.listedMs,
  };
  return { series, event, markets };
}

/**
 * The real NFL text: which game, the tie sentence, the postponement sentences, the disclaimer.
 * Soccer replaces the tie sentence with the regulation-time one of third-party copies [3p].
 */
function secondaryRules(opts: { game: string; hasDraw: boolean; windowMs: number }): string {
  const window = describeWindow(opts.windowMs);
  const which = opts.hasDraw
    ? `The following market refers to the team who wins the ${opts.game}. Extra time and penalties are excluded.`
    : `The following market refers to the team who wins the ${opts.game}. If the game ends in a tie, the market will resolve to $0.50 for each team.`;
  return `${which} If the game is postponed but begins within ${window} from its originally scheduled start time, the market will remain open and resolve based on the official final result. If the game is not started within ${window}, the market will resolve to a fair price.\n\n${KALSHI_RULES_DISCLAIMER}`;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

/** "48 hours" (NFL, real), "two weeks" (tennis and soccer, third-party), "3 days". */
export function describeWindow(ms: number): string {
  const hours = ms / HOUR_MS;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (hours % (24 * 7) === 0) {
    const weeks = hours / (24 * 7);
    return `${NUMBER_WORDS[weeks] ?? weeks} week${weeks === 1 ? '' : 's'}`;
  }
  if (hours > 48 && hours % 24 === 0) return plural(hours / 24, 'day');
  return Number.isInteger(hours) ? plural(hours, 'hour') : plural(Math.round(ms / 60_000), 'minute');
}

function competitionOf(league: KalshiGameSpec['league'], seriesTicker: string): string {
  if (league !== 'soccer') return KALSHI_LEAGUE_LISTING[league].competition;
  const known = KALSHI_SOCCER_COMPETITIONS[seriesTicker];
  if (!known)
    throw new KalshiListingError(
      'competition',
      `is required for soccer series ${seriesTicker}, which has no default`,
    );
  return known;
}

function checkTeam(side: 'away' | 'home', team: KalshiListingTeam): void {
  if (!TEAM_CODE.test(team.code))
    throw new KalshiListingError(`${side}.code`, `"${team.code}" is not 1–8 capital letters or digits`);
  for (const field of ['name', 'eventName'] as const)
    if (team[field].trim() === '') throw new KalshiListingError(`${side}.${field}`, 'must not be empty');
  if (team.targetId !== undefined && !/^[0-9a-f-]{8,64}$/i.test(team.targetId))
    throw new KalshiListingError(`${side}.targetId`, 'must be a structured-target id (hex and dashes)');
}

function checkTime(field: string, ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < EARLIEST_MS || ms > LATEST_MS)
    throw new KalshiListingError(field, 'must be an instant between 2000 and 2100');
}

/** A structured-target id in UUID form, stable per league and code (the simulator has no registry). */
export function targetIdOf(league: string, code: string): string {
  const text = `${league}:${code}`;
  const words = [0x811c9dc5, 0x01000193, 0x2545f491, 0x9e3779b9].map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    return h.toString(16).padStart(8, '0');
  });
  const hex = words.join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
