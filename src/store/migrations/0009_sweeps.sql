-- Parameter sweeps (`arbees backtest --sweep`): one row per sweep with what was asked, and one
-- row per backtest it ran: a grid point on a window's training or test games, with its figures
-- or the reason it failed. A sweep's backtests run in memory; only these results are kept.
CREATE TABLE IF NOT EXISTS sweeps (
  sweep_id    text PRIMARY KEY,
  created_ts  timestamptz NOT NULL,
  spec        jsonb NOT NULL,
  outcome     jsonb
);

CREATE TABLE IF NOT EXISTS sweep_results (
  sweep_id      text NOT NULL,
  window_index  integer NOT NULL,
  point_index   integer NOT NULL,
  phase         text NOT NULL CHECK (phase IN ('train', 'test')),
  params        jsonb NOT NULL,
  games         jsonb NOT NULL,
  ok            boolean NOT NULL,
  error         text,
  metrics       jsonb,
  PRIMARY KEY (sweep_id, window_index, point_index, phase)
);
