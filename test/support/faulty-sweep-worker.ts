/**
 * A sweep worker that fails on purpose, for the sweep's failure tests: the real backtest job
 * (sweep-job.ts), except that MIN_EDGE_PCT=99 throws inside the job and MIN_EDGE_PCT=98 ends
 * the worker thread in the middle of it.
 */

import type { SweepJob } from '../../src/services/sweep/sweep-job.js';
import { sweepJobHandler } from '../../src/services/sweep/sweep-job.js';
import { serveJobs } from '../../src/services/sweep/worker-host.js';

const real = sweepJobHandler();
serveJobs({
  async run(job: SweepJob) {
    if (job.config.MIN_EDGE_PCT === 99) throw new Error('injected failure at MIN_EDGE_PCT=99');
    if (job.config.MIN_EDGE_PCT === 98) process.exit(3);
    return real.run(job);
  },
  close: () => real.close?.() ?? Promise.resolve(),
});
