/**
 * analytics: the archiver (time series and decision trail to the store, in batches, flushed every
 * second so a quiet run is stored too) and the run report, kept up to date from every event and
 * served as JSON at GET /report. A nightly report is that endpoint asked on a schedule (cron,
 * a Kubernetes CronJob); the service itself keeps no scheduler.
 */
import { Counter } from 'prom-client';
import { RunAnalytics } from '../../portfolio/run-analytics.js';
import { createWinProbabilityModels } from '../../sports/models.js';
import { startAnalytics } from '../analytics.js';
import { startArchiver } from '../archiver.js';
import { sendJson } from '../runner-http.js';
import type { ServiceDefinition } from '../service.js';
import { closeAll, subscribed } from './subscriptions.js';

const FLUSH_EVERY_MS = 1_000;

export const analytics: ServiceDefinition = {
  name: 'analytics',
  description: 'Archiver to the store, and the run report at GET /report.',
  async start(ctx) {
    const archiver = startArchiver({
      bus: ctx.bus,
      store: ctx.store,
      runId: ctx.runId,
      consumer: ctx.instanceId,
    });
    const report = new RunAnalytics({
      mode: ctx.config.ARBEES_MODE,
      startingBankroll: ctx.config.ARBEES_BANKROLL,
      seed: ctx.config.ARBEES_SEED,
      models: createWinProbabilityModels(),
    });
    const duplicates = new Counter({
      name: 'arbees_analytics_duplicates_dropped_total',
      help: 'Events delivered again under an id already counted (an outbox republishing after a kill)',
      registers: [ctx.metrics],
    });
    const reporter = startAnalytics({
      bus: ctx.bus,
      analytics: report,
      consumer: ctx.instanceId,
      onDuplicate: () => duplicates.inc(),
    });
    await subscribed(archiver.subscription);
    await subscribed(reporter);
    let flushing: Promise<void> = Promise.resolve();
    const flush = () => {
      flushing = flushing
        .then(() => archiver.flush())
        .catch((error: unknown) => ctx.log.error('archiver flush failed', { error: String(error) }));
      return flushing;
    };
    const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
    return {
      ready: () => true,
      http: async (req, res, url) => {
        if (url.pathname !== '/report') return false;
        if (req.method !== 'GET') sendJson(res, 405, { error: 'GET only' });
        else sendJson(res, 200, { runId: ctx.runId, report: report.report() });
        return true;
      },
      stop: async () => {
        clearInterval(timer);
        await closeAll([archiver.subscription, reporter]);
        await flush();
      },
    };
  },
};
