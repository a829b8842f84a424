/** Worker-thread entry of a sweep: serves backtest jobs (sweep-job.ts) to the pool. */
import { sweepJobHandler } from './sweep-job.js';
import { serveJobs } from './worker-host.js';

serveJobs(sweepJobHandler());
