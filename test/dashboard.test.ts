/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against a real
 * run: one NBA game replayed through the simulated world with the API mounted as `arbees run`
 * mounts it. The replay is held at points of the test's choosing (its wall-clock waits are a
 * gate the test opens), so "the chart moved" is a fact about steps, not about time.
 *
 * Signs in with the token the run printed, sees the game's chart and prices move, halts and
 * resumes from the Risk page (and sees the state change, and the risk engine's bus carry it),
 * cancels all resting orders from there, flattens a position from the Positions page, and
 * a viewer token sees the controls disabled and refused (403). Screenshots of every page, at a
 * laptop's and a phone's width, go to $ARBEES_SCREENSHOTS (default var/screenshots/dashboard).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/api/tokens.js';
import { runApi } from '../src/cli/run-api.js';
import { loadConfig } from '../src/config/load.js';
import { LiveClock } from '../src/core/clock.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import { loadNbaBundle } from '../src/feeds/replay/nba-bundle.js';
import { selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { createLogger } from '../src/services/logger.js';
import { runWorldReplay } from '../src/services/world-replay.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';

/** Debian's Chromium (.ci/run installs it); CHROMIUM_PATH names another (GitHub's runners have Chrome). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.ARBEES_SCREENSHOTS ?? join('var', 'screenshots', 'dashboard');
const RUN = asRunId('dashboard-test');
/** Generous: each wait ends as soon as the page shows the thing; this only bounds a failure. */
const WAIT_MS = 45_000;

/** Holds the replay in its wall-clock waits: `allow(n)` lets n more pass, then it holds again. */
function replayGate() {
  let budget = Number.POSITIVE_INFINITY;
  let release: (() => void) | null = null;
  let onHeld: (() => void) | null = null;
  return {
    async sleep(): Promise<void> {
      while (budget <= 0) {
        onHeld?.();
        onHeld = null;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      budget -= 1;
    },
    hold() {
      budget = 0;
    },
    /** Resolves once the replay waits at the gate. */
    held(): Promise<void> {
      return new Promise((resolve) => {
        onHeld = resolve;
      });
    },
    allow(n: number) {
      budget = n;
      release?.();
      release = null;
    },
  };
}

const runOnChromium = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;

runOnChromium('the dashboard in Chromium against a replay through the world', () => {
  let store: Store;
  let browser: Browser;
  let replay: Promise<unknown>;
  let stop = false;
  const gate = replayGate();
  const events: ArbeesEvent[] = [];
  const printed: string[] = [];
  let api: ReturnType<typeof runApi>;

  beforeAll(async () => {
    // As `npm test`'s pretest does: a no-op when web/dist matches its sources.
    execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    store = await openStore({ pglite: 'memory' });
    const config = loadConfig({ env: { ARBEES_API_PORT: '0', ARBEES_SPEED: '1' }, envFile: null });
    const log = createLogger({ level: 'warn', write: () => {} });
    api = runApi({ config, store, runId: RUN, log, write: (text) => printed.push(text) });
    let plays = 0;
    const firstHold = gate.held();
    replay = runWorldReplay({
      config,
      games: selectGames(loadNbaBundle('data/nba'), { gameIds: ['nba'] }),
      store,
      runId: RUN,
      log,
      sleep: () => gate.sleep(),
      // Every task is due later than "now": each passes through the gate.
      wallNow: () => 0,
      shouldStop: () => stop,
      onBus: api.attach,
      tap: (e) => {
        if (['TradingStateChanged', 'CancelAllRequested', 'OrderIntent', 'FillReceived'].includes(e.type))
          events.push(e);
        // Held once the game is well under way (its states change with its plays).
        if (e.type === 'GameStateUpdated' && ++plays === 40) gate.hold();
      },
    });
    await Promise.race([firstHold, replay]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    // Bounds a failure only: on a loaded 2-core machine the replay takes its time to the game.
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    stop = true;
    gate.allow(Number.POSITIVE_INFINITY);
    await replay?.catch(() => {});
    await api?.finish({ serve: false });
    await store?.close();
  }, 120_000);

  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const chartPoints = async (page: Page) =>
    Number(await page.getByTestId('chart').getAttribute('data-points'));

  it('signs in with the printed token, shows the game moving, halts and resumes, and refuses a viewer', async () => {
    const link = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=(arb_[A-Za-z0-9_-]+)/.exec(printed.join(''));
    expect(link, printed.join('')).not.toBeNull();
    const [, base, secret] = link as RegExpExecArray;

    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // What the page showed when a wait failed, beside the error.
    const onFailure = (error: unknown) =>
      shoot(page, 'failure').then(() => {
        throw new Error(`${String(error)}\npage errors: ${problems.join('; ')}`);
      });
    await run(page, base as string, secret as string).catch(onFailure);
  }, 240_000);

  async function run(page: Page, base: string, secret: string) {
    await signIn(page, base, secret);
    await seeTheGameMove(page);
    await haltResumeCancelAll(page, base);
    await flattenAPosition(page, base);
    await screenshotEveryPage(page, base);
    await page.close();
    await refuseAViewer(base);
  }

  async function signIn(page: Page, base: string, secret: string) {
    await page.goto(`${base}/#token=${secret}`);
    await page.getByTestId('who').getByText('first-operator (operator)').waitFor({ timeout: WAIT_MS });
    // The token leaves the address bar once taken.
    expect(page.url()).not.toContain('token=');
    const banner = page.getByTestId('mode-banner');
    await banner.getByText('SIMULATED MARKETS').waitFor({ timeout: WAIT_MS });
    expect(await banner.textContent()).toContain('REPLAY');
  }

  /** Live: the game, its markets priced, the chart drawn; then the replay goes on and it all moves. */
  async function seeTheGameMove(page: Page) {
    await page.getByTestId('markets').locator('tr').first().waitFor({ timeout: WAIT_MS });
    await expect.poll(() => chartPoints(page), { timeout: WAIT_MS }).toBeGreaterThan(0);
    const before = {
      points: await chartPoints(page),
      markets: await page.getByTestId('markets').textContent(),
    };
    await shoot(page, 'live');
    const held = gate.held();
    gate.allow(400);
    await held;
    await expect.poll(() => chartPoints(page), { timeout: WAIT_MS }).toBeGreaterThan(before.points);
    await expect
      .poll(() => page.getByTestId('markets').textContent(), { timeout: WAIT_MS })
      .not.toBe(before.markets);
    await shoot(page, 'live');
  }

  /** Risk: halt, confirm, see HALTED; resume, confirm, see ACTIVE; cancel-all; all audited. */
  async function haltResumeCancelAll(page: Page, base: string) {
    await page.goto(`${base}/#/risk`);
    for (const [action, state] of [
      ['halt', 'HALTED'],
      ['resume', 'ACTIVE'],
    ] as const) {
      await page.getByTestId('reason').fill(`browser test ${action}`);
      await page.getByRole('button', { name: action, exact: true }).click();
      await page
        .getByRole('dialog', { name: 'confirm' })
        .getByRole('button', { name: `Yes, ${action}` })
        .click();
      await page.getByTestId('outcome').getByText(`now ${state}`).waitFor({ timeout: WAIT_MS });
      await page.getByTestId('global-state').getByText(state, { exact: true }).waitFor({ timeout: WAIT_MS });
      await page.getByTestId('audit').getByText(`browser test ${action}`).waitFor({ timeout: WAIT_MS });
      if (action === 'halt') await shoot(page, 'risk');
    }
    // Cancel-all: confirmed, audited, and on the bus for execution; trading stays ACTIVE.
    await page.getByTestId('reason').fill('browser test cancel-all');
    await page.getByRole('button', { name: 'cancel-all', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'confirm' })
      .getByRole('button', { name: 'Yes, cancel-all' })
      .click();
    await page
      .getByTestId('outcome')
      .getByText('cancel-all global: asked of execution')
      .waitFor({ timeout: WAIT_MS });
    await page.getByTestId('audit').getByText('browser test cancel-all').waitFor({ timeout: WAIT_MS });
    expect(events.filter((e) => e.type === 'CancelAllRequested').map((e) => e.scope)).toEqual(['global']);
    expect(await page.getByTestId('global-state').textContent()).toContain('ACTIVE');
    // The run's bus carried both to the risk engine, stamped as the operator's.
    const operatorStates = events.filter((e) => e.type === 'TradingStateChanged' && e.origin === 'operator');
    expect(operatorStates.map((e) => e.type === 'TradingStateChanged' && [e.scope, e.state])).toEqual([
      ['global', 'HALTED'],
      ['global', 'ACTIVE'],
    ]);
  }

  /** Flattens the first open position from the Positions page: the sell goes to execution. */
  async function flattenAPosition(page: Page, base: string) {
    await page.goto(`${base}/#/pnl`);
    const flattenButton = page.getByTestId('positions').getByRole('button', { name: 'flatten' }).first();
    await flattenButton.waitFor({ timeout: WAIT_MS });
    await flattenButton.click();
    await page.getByTestId('flatten-reason').fill('browser test flatten');
    await page.getByRole('button', { name: 'Flatten…' }).click();
    await page.getByRole('button', { name: 'Yes, sell it all' }).click();
    await page.getByTestId('outcome').getByText('flatten sent: sell').waitFor({ timeout: WAIT_MS });
    const flattened = events.find(
      (e) => e.type === 'OrderIntent' && e.purpose === 'exit' && e.signalId.startsWith('op-flat-'),
    );
    expect(flattened).toMatchObject({ action: 'sell', tif: 'IOC' });
    // It sold into the world's book: the venue filled it.
    const soldBy = flattened?.type === 'OrderIntent' ? flattened.clientOrderId : '';
    await expect
      .poll(() => events.some((e) => e.type === 'FillReceived' && e.clientOrderId === soldBy), {
        timeout: WAIT_MS,
      })
      .toBe(true);
  }

  async function screenshotEveryPage(page: Page, base: string) {
    for (const name of ['pnl', 'orders', 'signals', 'health', 'reports']) {
      await page.goto(`${base}/#/${name}`);
      await page.locator('main table, main dl').first().waitFor({ timeout: WAIT_MS });
      await shoot(page, name);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/#/live`);
    await expect.poll(() => chartPoints(page), { timeout: WAIT_MS }).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'phone-live.png'), fullPage: true });
  }

  /** A viewer: signs in through the form, sees the controls disabled, and the API refuses them. */
  async function refuseAViewer(base: string) {
    const viewer = (await createApiToken({ store, clock: new LiveClock(), name: 'vera', role: 'viewer' }))
      .secret;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const vpage = await context.newPage();
    await vpage.goto(`${base}/#/risk`);
    await vpage.getByPlaceholder('arb_…').fill(viewer);
    await vpage.getByRole('button', { name: 'Sign in' }).click();
    await vpage.getByTestId('who').getByText('vera (viewer)').waitFor({ timeout: WAIT_MS });
    await vpage.getByTestId('read-only').waitFor({ timeout: WAIT_MS });
    expect(await vpage.getByRole('button', { name: 'halt', exact: true }).isDisabled()).toBe(true);
    const refused = await vpage.evaluate(
      async (token) =>
        (
          await fetch('/api/control/halt', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ reason: 'a viewer tries' }),
          })
        ).status,
      viewer,
    );
    expect(refused).toBe(403);
    await context.close();
  }
});
