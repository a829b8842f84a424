-- Execution's outbox: each order event and fill execution journals, in journal order, until the
-- bus has accepted it (then the row is deleted, so the table holds only what is in flight). A
-- kill between journal and publish leaves the row here; execution publishes it again on start.
CREATE TABLE IF NOT EXISTS execution_outbox (
  run_id     text NOT NULL,
  seq        bigserial NOT NULL,
  event_id   text NOT NULL,
  payload    jsonb NOT NULL,
  PRIMARY KEY (run_id, event_id)
);
CREATE INDEX IF NOT EXISTS execution_outbox_seq_idx ON execution_outbox (run_id, seq);
