-- The outbox serves the position tracker as well as execution: the tracker's ledger postings,
-- position changes and bankroll snapshots are queued beside execution's order events and fills.
-- Each row names the service that queued it, and each service relays only its own queue.
ALTER TABLE execution_outbox RENAME TO outbox;
ALTER SEQUENCE execution_outbox_seq_seq RENAME TO outbox_seq_seq;
ALTER TABLE outbox ADD COLUMN source text NOT NULL DEFAULT 'execution';
-- Rows already queued were execution's; from now on every insert names its source.
ALTER TABLE outbox ALTER COLUMN source DROP DEFAULT;
ALTER TABLE outbox DROP CONSTRAINT execution_outbox_pkey;
ALTER TABLE outbox ADD PRIMARY KEY (run_id, source, event_id);
DROP INDEX IF EXISTS execution_outbox_seq_idx;
CREATE INDEX IF NOT EXISTS outbox_seq_idx ON outbox (run_id, source, seq);
