/**
 * The `arbees` command. User errors (bad configuration, a malformed data row, an unreachable
 * database) print one clear message and exit 2, without a stack trace.
 */

import { rmSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError } from '../config/load.js';
import { resolveSecrets } from '../config/secrets.js';
import { MarketPricesFileError } from '../feeds/market-prices/load.js';
import { BundledDataMissing } from '../feeds/replay/bundled-games.js';
import { DataRowError } from '../feeds/replay/nfl-bundle.js';
import { RealPricesSettingError } from '../services/real-price-markets.js';
import { worldFaultHelp } from '../sim/world/fault-specs.js';
import { worldTeamsFromTables } from '../sim/world/team-tables.js';
import { StoreConnectionError } from '../store/open.js';
import { backtestCommand } from './backtest-command.js';
import { configCommand } from './config-command.js';
import { costCommand } from './cost-command.js';
import { doctorCommand } from './doctor-command.js';
import { UserError } from './errors.js';
import { marketsCommand } from './markets-command.js';
import { mcpCommand } from './mcp-command.js';
import { modelCommand } from './model-command.js';
import { pricesCommand } from './prices-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { serviceCommand } from './service-command.js';
import { simEspnCommand } from './sim-espn-command.js';
import { simKalshiCommand } from './sim-kalshi-command.js';
import { simPolymarketCommand } from './sim-polymarket-command.js';
import { simPolymarketUsCommand } from './sim-polymarket-us-command.js';
import { simWorldCommand } from './sim-world-command.js';
import { setStateCommand, statusCommand } from './state-command.js';
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './token-command.js';

const program = new Command('arbees')
  .description('Trades sports prediction markets during live games; arbitrages Kalshi against Polymarket.')
  .showHelpAfterError()
  // Secret settings from Secrets Manager, once, before any command reads the configuration.
  .hook('preAction', async () => {
    const { keyDirectory } = await resolveSecrets({ env: process.env });
    if (keyDirectory) process.on('exit', () => rmSync(keyDirectory, { recursive: true, force: true }));
  });

program
  .command('run')
  .description(
    "Run the whole pipeline in one process: replay recorded real games (replay, backtest), or trade tonight's games on paper or live, then print a report.",
  )
  .addOption(
    new Option(
      '--mode <mode>',
      'replay (default), backtest (simulated clock, deterministic), paper (live data, paper fills) or live (real orders)',
    ).choices(['backtest', 'replay', 'paper', 'live']),
  )
  .option('--speed <n>', 'replay at N times game time ("max" = as fast as possible)')
  .addOption(
    new Option(
      '--feed <feed>',
      'game feed: the simulated ESPN API over HTTP, polled (default for replay), or direct (default for backtest)',
    ).choices(['espn-http', 'direct']),
  )
  .option('--games <ids>', 'comma-separated game ids (or leagues: nfl, nba) to replay, e.g. 2020_17_MIA_BUF')
  .option('--from <date>', 'first game day to replay, YYYY-MM-DD (US Eastern)')
  .option('--to <date>', 'last game day to replay, YYYY-MM-DD (US Eastern)')
  .option('--run-id <id>', 'name of this run in the store (default: mode and start time)')
  .option('--seed <n>', 'seed of the simulated market makers')
  .option('--db <where>', 'PGlite directory, or "memory"; ignored when DATABASE_URL is set')
  .option(
    '--leagues <ids>',
    'paper/live: the leagues to watch, e.g. nfl,nba (default: every league a model covers)',
  )
  .option(
    '--until-idle',
    'paper/live: stop once every game taken on is final and settled and none starts within ARBEES_IDLE_HORIZON hours',
  )
  .option('--json', 'print the report as JSON')
  .option('--serve', 'keep serving the API and the dashboard after the report, until Ctrl-C')
  .option('--set <KEY=VALUE...>', 'set any configuration variable, e.g. --set MIN_EDGE_PCT=4')
  .action(async (options) => {
    process.exitCode = await runCommand(options);
  });

const collect = (value: string, previous: string[] = []) => [...previous, value];
program
  .command('backtest')
  .description(
    'Sweep settings over backtests on worker threads: rank every grid point on the training games, check each on the test games (the out-of-sample figure that counts), store the results.',
  )
  .requiredOption(
    '--sweep <KEY=v1,v2,...>',
    'a setting and its values; repeat for a grid (cartesian product)',
    collect,
  )
  .option(
    '--train <games|dates|n>',
    'training games: ids or leagues (a,b), a day or days (2020-12-25..2021-01-03); with --walk-forward, games per window',
  )
  .option(
    '--test <games|dates|n>',
    'test games, as --train; none may be a training game; with --walk-forward, games per window',
  )
  .option(
    '--walk-forward',
    'rolling windows over the games in kickoff order: train on N, test the best point on the next M, move by M',
  )
  .option(
    '--objective <name>',
    'what ranks the points on the training games: pnl (after fees), return, win-rate, drawdown, sharpe',
    'pnl',
  )
  .option('--workers <n>', 'worker threads (default: 2, or fewer cores)')
  .option('--games <ids>', 'the games --train/--test choose from (default: every bundled game)')
  .option('--from <date>', 'first game day of those, YYYY-MM-DD (US Eastern)')
  .option('--to <date>', 'last game day of those, YYYY-MM-DD (US Eastern)')
  .option('--seed <n>', 'seed of the simulated market makers, the same for every point')
  .option('--set <KEY=VALUE...>', 'set any other configuration variable for every point')
  .option('--out <file>', 'also write the results to a .csv or .json file')
  .option('--sweep-id <id>', 'name of the sweep in the store (default: sweep- and the start time)')
  .option('--db <where>', 'PGlite directory, or "memory"; ignored when DATABASE_URL is set')
  .option('--json', 'print the results as JSON instead of the table')
  .action(async (options) => {
    process.exitCode = await backtestCommand(options);
  });

for (const [name, state, description] of [
  ['halt', 'HALTED', 'Halt trading for a run (account), in a scope, with a reason; it stays until resumed.'],
  ['resume', 'ACTIVE', 'Resume trading for a run (account) in a scope, with a reason.'],
  ['reduce', 'REDUCING', 'Let a run only reduce its positions in a scope, with a reason.'],
] as const) {
  program
    .command(name)
    .description(description)
    .requiredOption('--run-id <id>', 'the run (account)')
    .option('--scope <scope>', 'global, venue:<name>, strategy:<kind>, game:<id>', 'global')
    .requiredOption('--reason <text>', 'why; kept with the state')
    .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
    .action(async (options) => {
      process.exitCode = await setStateCommand(state, options);
    });
}

program
  .command('status')
  .description("Show a run's status and every scope that is not ACTIVE.")
  .requiredOption('--run-id <id>', 'the run (account)')
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .action(async (options) => {
    process.exitCode = await statusCommand(options);
  });

program
  .command('report')
  .description(
    "Make a UTC day's report of a run (trades, wins, P&L after fees, fees, drawdown, uptime, issues, manual interventions, calibration), store its row of the daily validation table, and print the table with the AWS decision matrix.",
  )
  .requiredOption('--day <YYYY-MM-DD>', 'the UTC day to report')
  .option('--run <id>', 'the run (account); default the latest run in the store')
  .option('--json', 'print the report, the table and the matrix as JSON')
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .option('--set <KEY=VALUE...>', 'set any configuration variable, e.g. --set ARBEES_AWS_MIN_DAILY_PROFIT=10')
  .action(async (options) => {
    process.exitCode = await reportCommand(options);
  });

const token = program
  .command('token')
  .description(
    "The API's bearer tokens: viewer (read) or operator (read and control), kept hashed in the store.",
  );
token
  .command('create')
  .description('Create a token and print its secret, once.')
  .addOption(
    new Option('--role <role>', 'viewer or operator').choices(['viewer', 'operator']).makeOptionMandatory(),
  )
  .requiredOption('--name <who>', 'who holds it; the audit trail of control actions names them by it')
  .option('--json', 'print the token as JSON')
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .action(async (options) => {
    process.exitCode = await tokenCreateCommand(options);
  });
token
  .command('list')
  .description('List the tokens (never their secrets).')
  .option('--json', 'print the list as JSON')
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .action(async (options) => {
    process.exitCode = await tokenListCommand(options);
  });
token
  .command('revoke <tokenId>')
  .description('Revoke a token: it is refused (401) from then on.')
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .action(async (tokenId: string, options) => {
    process.exitCode = await tokenRevokeCommand(tokenId, options);
  });

program
  .command('mcp')
  .description(
    'The MCP server on stdio for an agent: read tools, and halt/reduce/resume with ARBEES_MCP_CONTROL on and an operator token. Acts with the API token in MCP_API_TOKEN.',
  )
  .option('--run-id <id>', 'the run (account); default ARBEES_RUN_ID')
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .option('--set <KEY=VALUE...>', 'set any configuration variable, e.g. --set ARBEES_MCP_CONTROL=1')
  .action(async (options) => {
    process.exitCode = await mcpCommand(options);
  });

const sim = program
  .command('sim')
  .description("Run one of the simulators on its own (each speaks its service's wire protocol).");
sim
  .command('espn')
  .description(
    "Serve the bundled NFL and NBA games as ESPN's site API (scoreboard and summary) on a replay clock, until Ctrl-C.",
  )
  .option('--port <n>', 'port to listen on (0 = any free port)', '0')
  .option('--host <address>', 'address to bind', '127.0.0.1')
  .option('--speed <n>', 'replay clock speed, a multiple of game time', '1')
  .option('--start <iso>', 'simulated time to start at (default: 10 minutes before the first kick-off)')
  .option('--games <ids>', 'comma-separated game ids to serve')
  .option('--from <date>', 'first game day to serve, YYYY-MM-DD (US Eastern)')
  .option('--to <date>', 'last game day to serve, YYYY-MM-DD (US Eastern)')
  .option('--delay <s>', 'seconds ESPN runs behind the plays (ARBEES_FEED_DELAY)')
  .option('--latency <ms>', 'milliseconds added to every answer')
  .option('--error-rate <p>', 'share of requests answered 503, 0-1')
  .option('--seed <n>', 'seed of the random errors')
  .action(async (options) => {
    process.exitCode = await simEspnCommand(options);
  });

program
  .command('doctor')
  .description(
    'Check what a paper or live run depends on: each endpoint, each credential (a signed read-only call), the clock skew, the Polymarket geoblock answer, the store and Redis.',
  )
  .addOption(new Option('--mode <mode>', 'the mode whose endpoints to check').choices(['paper', 'live']))
  .option('--db <where>', 'PGlite directory; ignored when DATABASE_URL is set')
  .option('--timeout <s>', 'seconds each network step may take', '5')
  .option('--set <KEY=VALUE...>', 'set any configuration variable')
  .action(async (options) => {
    process.exitCode = await doctorCommand(options);
  });

program
  .command('markets')
  .description(
    "One look at what market discovery finds for a paper or live mode's endpoints: the games on ESPN's scoreboards, the markets mapped to each on each venue with their terms, the listings not mapped and why, and any endpoint that failed (exit 1).",
  )
  .addOption(
    new Option('--mode <mode>', 'whose endpoints to read (default paper)').choices(['paper', 'live']),
  )
  .option(
    '--leagues <ids>',
    'comma-separated ESPN leagues, e.g. nfl,nba,eng.1 (default ARBEES_LEAGUES, else all)',
  )
  .option('--days <n>', 'days after the first to read too (default 1)')
  .option('--date <YYYY-MM-DD>', 'the first US-Eastern day (default today)')
  .option('--timeout <s>', 'seconds each request may take', '10')
  .option('--json', 'print it as JSON')
  .option('--set <KEY=VALUE...>', 'set any configuration variable')
  .action(async (options) => {
    process.exitCode = await marketsCommand(options);
  });

program
  .command('config')
  .description('Check the configuration and print it (secrets masked), or the errors found.')
  .option('--set <KEY=VALUE...>', 'set any configuration variable')
  .action((options) => {
    process.exitCode = configCommand(options);
  });

program
  .command('cost')
  .description(
    "The monthly AWS bill of a deployment profile, before deploying it: a line per resource class priced from the dated table, the total beside the seeds' $260 plan, and the levers (NAT, ALB, public IPv4, task count, ARM, Spot). Needs a checkout with its dev dependencies (deploy/aws).",
  )
  .addOption(
    new Option('--profile <name>', 'paper (lean, default), live (hardened) or seeds (the seed plan)')
      .choices(['paper', 'live', 'seeds'])
      .default('paper'),
  )
  .option('--region <region>', 'AWS region to price (us-east-1, or eu-central-1 by the reference multiplier)')
  .option(
    '--gateway-region <region>',
    'add the optional venue gateway in that region (eu-central-1), for latency where you may lawfully trade',
  )
  .option('--json', 'print the lines, levers and total as JSON')
  .action(async (options) => {
    process.exitCode = await costCommand(options);
  });

sim
  .command('kalshi')
  .description('The Kalshi Trade API v2 simulator (REST, RSA-PSS auth, matching, fees, settlement).')
  .option('--port <n>', 'port to listen on (0 = any free port)', '0')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--key-id <id>', 'API key id to register for a funded trader account')
  .option('--public-key <file>', 'PEM public key of that API key')
  .option('--balance <dollars>', "the trader's starting balance", '1000')
  .action(async (options) => {
    await simKalshiCommand(options);
  });
sim
  .command('polymarket')
  .description(
    'The Polymarket CLOB V2 simulator (REST, L1/L2 auth, signed orders, matching, Gamma, WebSockets).',
  )
  .option('--port <n>', 'port to listen on (0 = any free port)', '0')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--trader <address>', "wallet to fund with pUSD (default: the fixed test key's address)")
  .option('--balance <dollars>', "the trader's starting pUSD", '1000')
  .option('--taker-delay <s>', 'live-sports taker delay of the demo market, seconds', '0')
  .option(
    '--deposit-wallets-only',
    'refuse every maker but a POLY_1271 deposit wallet, as the venue does for new users',
  )
  .action(async (options) => {
    await simPolymarketCommand(options);
  });
sim
  .command('polymarket-us')
  .description(
    'The Polymarket US simulator (REST, Ed25519-signed requests, matching, fees, full-book WebSockets).',
  )
  .option('--port <n>', 'port to listen on (0 = any free port)', '0')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--balance <dollars>', "the trader's starting USD", '1000')
  .action(async (options) => {
    await simPolymarketUsCommand(options);
  });
sim
  .command('world')
  .description(
    'The simulated world: recorded games served over ESPN, listed on the Kalshi and Polymarket simulators as the venues list them, with simulated makers quoting; prints the settings that point a run at it (KEY=VALUE lines on stdout, ARBEES_CLOCK always: the world keeps its own calendar, moved from the recorded dates to now and running at --speed), logs to stderr, serves until Ctrl-C.',
  )
  .option('--games <ids>', 'comma-separated game ids (or leagues: nfl, nba) to serve, as arbees run')
  .option('--from <date>', 'first game day to serve, YYYY-MM-DD (US Eastern)')
  .option('--to <date>', 'last game day to serve, YYYY-MM-DD (US Eastern)')
  .option(
    '--speed <n>',
    'world clock speed, a multiple of real time; days between game days are skipped',
    '1',
  )
  .option('--lead <minutes>', 'minutes (world time) from now to the first kick-off', '10')
  .option(
    '--port <n>',
    'base port: ESPN on it, Kalshi on the next, Polymarket on the one after, Polymarket US after that (0 = any free ports)',
    '0',
  )
  .option(
    '--polymarket-us',
    'serve Polymarket US too (also when ARBEES_VENUES names polymarket-us): each game listed as the venue lists it, its key in the printed settings',
  )
  .option('--host <address>', 'address to bind', '127.0.0.1')
  .option(
    '--public-host <name>',
    'host name the printed URLs use instead of the bound address (e.g. sim-world when binding 0.0.0.0 in Compose)',
  )
  .option(
    '--settings-file <path>',
    'also write the settings to this file (and the Kalshi key beside it, kalshi-key.pem), for `arbees service --settings-file`; removed on stop',
  )
  .option('--seed <n>', 'seed of the simulated makers and faults')
  .option('--exit-when-done', 'stop once every game is final and every market resolved')
  .option('--fault <name[=value]...>', `switch on a fault: ${worldFaultHelp()}`)
  .action(async (options) => {
    process.exitCode = await simWorldCommand(options, { teams: worldTeamsFromTables });
  });
program.addCommand(modelCommand());
program.addCommand(pricesCommand());

program
  .command('service')
  .description(
    'Run one service of the distributed shape (Redis bus, PostgreSQL store) with /healthz, /readyz and /metrics, until SIGTERM.',
  )
  .argument('<name>', 'the service: signal-processor, execution, position-tracker, analytics, api, ...')
  .option('--instance <id>', 'instance id, the bus consumer name (ARBEES_INSTANCE_ID)')
  .option('--port <n>', 'HTTP port (ARBEES_SERVICE_PORT; 0 = any free port)')
  .option('--set <KEY=VALUE...>', 'set any configuration variable')
  .option(
    '--settings-file <path>',
    'KEY=VALUE settings written by another process, e.g. `arbees sim world --settings-file`; the environment wins where it has a value (ARBEES_SETTINGS_FILE)',
  )
  .action(async (name: string, options) => {
    process.exitCode = await serviceCommand(name, options);
    // Open handles (pino, sockets) must not keep a drained service alive.
    process.exit(process.exitCode);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof DataRowError ||
    error instanceof BundledDataMissing ||
    error instanceof StoreConnectionError ||
    error instanceof MarketPricesFileError ||
    error instanceof RealPricesSettingError ||
    error instanceof UserError
  ) {
    process.stderr.write(`arbees: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
