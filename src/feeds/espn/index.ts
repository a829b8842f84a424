/** ESPN site-API game data: pure parsers and the league table (the HTTP poller builds on these). */
export { parseClockText, secondsRemaining } from './clock.js';
export { espnGameId } from './game.js';
export {
  ESPN_LEAGUE_IDS,
  ESPN_LEAGUES,
  ESPN_SITE_API_BASE,
  type EspnLeague,
  type EspnLeagueInfo,
  isEspnLeague,
  leagueInfo,
  type PeriodClock,
  scoreboardUrl,
  summaryUrl,
} from './leagues.js';
export { parseScoreboard, parseScoreboardEvent } from './scoreboard.js';
export { parseSummary } from './summary.js';
export {
  type EspnGame,
  type EspnOdds,
  EspnParseError,
  type EspnParseResult,
  type EspnPlayWinProbability,
  type EspnProblem,
  type EspnStatusInfo,
  type EspnSummaryResult,
  type EspnTeam,
} from './types.js';
