import { describe } from 'vitest';
import { openPgliteClient } from './pglite-client.js';
import { leaseBehaviour } from './testing/lease-suite.js';
import { outboxBehaviour } from './testing/outbox-suite.js';
import { partitionBehaviour } from './testing/partition-suite.js';
import { reportsBehaviour } from './testing/reports-suite.js';
import { storeBehaviour } from './testing/suite.js';

describe('SqlStore on PGlite (in memory)', () => {
  storeBehaviour(() => openPgliteClient({ dataDir: 'memory' }));
});

describe('day partitions on PGlite', () => {
  partitionBehaviour(() => openPgliteClient({ dataDir: 'memory' }));
});

describe('game leases on PGlite', () => {
  leaseBehaviour(() => openPgliteClient({ dataDir: 'memory' }));
});

describe('the outbox on PGlite', () => {
  outboxBehaviour(() => openPgliteClient({ dataDir: 'memory' }));
});

describe('the daily reports on PGlite', () => {
  reportsBehaviour(() => openPgliteClient({ dataDir: 'memory' }));
});
