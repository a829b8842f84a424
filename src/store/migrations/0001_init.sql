-- Arbees schema, version 1. Plain PostgreSQL: runs unchanged on PGlite, a PostgreSQL server,
-- TimescaleDB and Amazon RDS. Units: money BIGINT micro-dollars, quantities BIGINT
-- centi-contracts, probabilities BIGINT ppm, times timestamptz. Every table carries run_id, and
-- every write is keyed so that a redelivered event inserts nothing (ON CONFLICT DO NOTHING).

-- TimescaleDB when the server offers it; RDS and PGlite do not, and then time-series tables are
-- day-partitioned instead. A failure (not preloaded, no privilege) falls back quietly.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS timescaledb;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'timescaledb is available but could not be enabled (%); using day partitions', SQLERRM;
    END;
  END IF;
END
$$;

-- Creates a time-series table (it must have a `ts timestamptz` column and `pk` must include ts):
-- a hypertable with 1-day chunks under TimescaleDB, else a table range-partitioned on ts with a
-- DEFAULT partition as a safety net; day partitions are added on demand by
-- arbees_ensure_day_partition. Returns true for a hypertable.
CREATE OR REPLACE FUNCTION arbees_create_timeseries(table_name text, columns_ddl text, pk text)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  ts_schema text;
BEGIN
  SELECT n.nspname INTO ts_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'timescaledb';
  IF ts_schema IS NOT NULL THEN
    EXECUTE format('CREATE TABLE %I (%s, PRIMARY KEY (%s))', table_name, columns_ddl, pk);
    -- Qualified by the extension's schema, which may not be on this session's search_path.
    EXECUTE format('SELECT %I.create_hypertable(%L::regclass, %L, chunk_time_interval => interval %L)',
                   ts_schema, table_name, 'ts', '1 day');
    RETURN true;
  END IF;
  EXECUTE format('CREATE TABLE %I (%s, PRIMARY KEY (%s)) PARTITION BY RANGE (ts)', table_name, columns_ddl, pk);
  EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', table_name || '_default', table_name);
  RETURN false;
END
$fn$;

-- Makes sure the partition for one UTC day exists. A no-op for hypertables (TimescaleDB makes
-- chunks itself). Rows of that day already sitting in DEFAULT are moved into the new partition,
-- and only those: PostgreSQL refuses to create a partition whose range DEFAULT already holds.
-- Call it outside any transaction that has written to the table (the store does), so the
-- advisory lock below is held only briefly.
CREATE OR REPLACE FUNCTION arbees_ensure_day_partition(table_name text, day date)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  parent regclass := table_name::regclass;
  part text := table_name || '_p' || to_char(day, 'YYYYMMDD');
  def text := table_name || '_default';
  lo timestamptz := day::timestamp AT TIME ZONE 'UTC';
  hi timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
  stranded boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = parent) THEN
    RETURN;
  END IF;
  -- One session at a time per table: two creators would otherwise deadlock on DEFAULT (each
  -- reads it, then needs it exclusively). The lock ends with the caller's statement/transaction.
  PERFORM pg_advisory_xact_lock(hashtext('arbees.partition:' || parent::oid::text));
  -- A catalog scan, not a cached name lookup, so a partition committed while we waited is seen.
  IF EXISTS (SELECT 1 FROM pg_class c
              WHERE c.relname = part
                AND c.relnamespace = (SELECT p.relnamespace FROM pg_class p WHERE p.oid = parent)) THEN
    RETURN;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE ts >= %L AND ts < %L)', def, lo, hi) INTO stranded;
  BEGIN
    IF stranded THEN
      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, table_name);
      EXECUTE format('WITH moved AS (DELETE FROM %I WHERE ts >= %L AND ts < %L RETURNING *) '
                     'INSERT INTO %I SELECT * FROM moved', def, lo, hi, part);
      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', table_name, part, lo, hi);
    ELSE
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, table_name, lo, hi);
    END IF;
  EXCEPTION WHEN duplicate_table OR unique_violation THEN
    NULL; -- created meanwhile by a session that did not take the lock (e.g. by hand)
  END;
END
$fn$;

CREATE TABLE runs (
  run_id      text PRIMARY KEY,
  mode        text NOT NULL,
  status      text NOT NULL,
  started_ts  timestamptz NOT NULL,
  ended_ts    timestamptz,
  config      jsonb NOT NULL,
  report      jsonb
);

-- A game's schedule and its final score share the row; either event may arrive first.
CREATE TABLE games (
  run_id          text NOT NULL,
  game_id         text NOT NULL,
  event_id        text,
  ts              timestamptz,
  sport           text,
  home_team       text,
  away_team       text,
  start_ts        timestamptz,
  home_spread     double precision,
  season          integer,
  week            integer,
  final_event_id  text,
  final_ts        timestamptz,
  home_score      integer,
  away_score      integer,
  winner          text,
  PRIMARY KEY (run_id, game_id)
);

SELECT arbees_create_timeseries('game_states', $cols$
  run_id                  text NOT NULL,
  event_id                text NOT NULL,
  ts                      timestamptz NOT NULL,
  game_id                 text NOT NULL,
  status                  text NOT NULL,
  quarter                 smallint NOT NULL,
  clock_seconds           integer NOT NULL,
  game_seconds_remaining  integer NOT NULL,
  home_score              integer NOT NULL,
  away_score              integer NOT NULL,
  possession              text,
  play_seq                integer NOT NULL,
  state                   jsonb NOT NULL
$cols$, 'run_id, event_id, ts');
CREATE INDEX game_states_game_idx ON game_states (run_id, game_id, ts);

CREATE TABLE markets (
  run_id             text NOT NULL,
  instrument_id      text NOT NULL,
  event_id           text,
  ts                 timestamptz,
  venue              text NOT NULL,
  symbol             text,
  game_id            text,
  outcome_id         text,
  outcome            text,
  tick_size          bigint,
  simulated          boolean,
  payload            jsonb,
  settled_event_id   text,
  settled_ts         timestamptz,
  settled_result     text,
  PRIMARY KEY (run_id, instrument_id)
);
CREATE INDEX markets_game_idx ON markets (run_id, game_id);

-- Top of book in typed columns for queries; the full ladders as JSONB.
SELECT arbees_create_timeseries('quotes', $cols$
  run_id         text NOT NULL,
  event_id       text NOT NULL,
  ts             timestamptz NOT NULL,
  instrument_id  text NOT NULL,
  venue          text NOT NULL,
  venue_ts       timestamptz NOT NULL,
  best_bid       bigint,
  best_bid_qty   bigint,
  best_ask       bigint,
  best_ask_qty   bigint,
  bids           jsonb NOT NULL,
  asks           jsonb NOT NULL
$cols$, 'run_id, event_id, ts');
CREATE INDEX quotes_instrument_idx ON quotes (run_id, instrument_id, ts);

CREATE TABLE signals (
  run_id              text NOT NULL,
  event_id            text NOT NULL,
  ts                  timestamptz NOT NULL,
  signal_id           text NOT NULL,
  kind                text NOT NULL,
  game_id             text NOT NULL,
  instrument_id       text NOT NULL,
  venue               text NOT NULL,
  side                text NOT NULL,
  action              text NOT NULL,
  model_prob_ppm      bigint NOT NULL,
  price               bigint NOT NULL,
  fee_per_contract    bigint NOT NULL,
  edge_ppm            bigint NOT NULL,
  available_qty       bigint NOT NULL,
  book_age_ms         integer NOT NULL,
  sync_delta_ms       integer NOT NULL,
  PRIMARY KEY (run_id, event_id)
);
CREATE INDEX signals_signal_idx ON signals (run_id, signal_id);

CREATE TABLE risk_decisions (
  run_id       text NOT NULL,
  event_id     text NOT NULL,
  ts           timestamptz NOT NULL,
  signal_id    text NOT NULL,
  approved     boolean NOT NULL,
  reasons      jsonb NOT NULL,
  qty          bigint NOT NULL,
  limit_price  bigint NOT NULL,
  kelly_ppm    bigint NOT NULL,
  PRIMARY KEY (run_id, event_id)
);
CREATE INDEX risk_decisions_signal_idx ON risk_decisions (run_id, signal_id);

CREATE TABLE trading_states (
  run_id    text NOT NULL,
  event_id  text NOT NULL,
  ts        timestamptz NOT NULL,
  scope     text NOT NULL,
  state     text NOT NULL,
  reason    text NOT NULL,
  PRIMARY KEY (run_id, event_id)
);

-- The outbox: an intent is stored before anything is sent; order events then move
-- status and filled_qty along (last_event_ts keeps a late, older event from moving it back).
CREATE TABLE orders (
  run_id           text NOT NULL,
  client_order_id  text NOT NULL,
  event_id         text NOT NULL,
  ts               timestamptz NOT NULL,
  signal_id        text NOT NULL,
  leg              integer NOT NULL,
  game_id          text NOT NULL,
  instrument_id    text NOT NULL,
  venue            text NOT NULL,
  side             text NOT NULL,
  action           text NOT NULL,
  qty              bigint NOT NULL,
  limit_price      bigint NOT NULL,
  tif              text NOT NULL,
  status           text NOT NULL DEFAULT 'Intent',
  filled_qty       bigint NOT NULL DEFAULT 0,
  venue_order_id   text,
  last_event_ts    timestamptz,
  intent           jsonb NOT NULL,
  PRIMARY KEY (run_id, client_order_id)
);
CREATE INDEX orders_status_idx ON orders (run_id, status);

SELECT arbees_create_timeseries('order_events', $cols$
  run_id           text NOT NULL,
  event_id         text NOT NULL,
  ts               timestamptz NOT NULL,
  client_order_id  text NOT NULL,
  type             text NOT NULL,
  instrument_id    text NOT NULL,
  venue            text NOT NULL,
  venue_order_id   text,
  filled_qty       bigint,
  payload          jsonb NOT NULL
$cols$, 'run_id, event_id, ts');
CREATE INDEX order_events_order_idx ON order_events (run_id, client_order_id, ts);

-- seq keeps insertion order for listFills.
CREATE TABLE fills (
  run_id           text NOT NULL,
  fill_id          text NOT NULL,
  seq              bigserial NOT NULL,
  event_id         text NOT NULL,
  ts               timestamptz NOT NULL,
  client_order_id  text NOT NULL,
  game_id          text NOT NULL,
  instrument_id    text NOT NULL,
  venue            text NOT NULL,
  side             text NOT NULL,
  action           text NOT NULL,
  price            bigint NOT NULL,
  qty              bigint NOT NULL,
  fee              bigint NOT NULL,
  liquidity        text NOT NULL,
  payload          jsonb NOT NULL,
  PRIMARY KEY (run_id, fill_id),
  UNIQUE (run_id, event_id)
);
CREATE INDEX fills_seq_idx ON fills (run_id, seq);
CREATE INDEX fills_order_idx ON fills (run_id, client_order_id);

-- The latest state per (instrument, side); a PositionChanged older than the stored one is ignored.
CREATE TABLE positions (
  run_id         text NOT NULL,
  instrument_id  text NOT NULL,
  side           text NOT NULL,
  event_id       text NOT NULL,
  ts             timestamptz NOT NULL,
  venue          text NOT NULL,
  game_id        text NOT NULL,
  qty            bigint NOT NULL,
  cost_basis     bigint NOT NULL,
  realized_pnl   bigint NOT NULL,
  PRIMARY KEY (run_id, instrument_id, side)
);

-- One row per posting of a LedgerPosted event.
CREATE TABLE ledger_entries (
  run_id      text NOT NULL,
  tx_id       text NOT NULL,
  posting_no  integer NOT NULL,
  event_id    text NOT NULL,
  ts          timestamptz NOT NULL,
  kind        text NOT NULL,
  account     text NOT NULL,
  amount      bigint NOT NULL,
  ref         text NOT NULL,
  memo        text NOT NULL,
  PRIMARY KEY (run_id, tx_id, posting_no)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (run_id, account);

CREATE TABLE bankroll_snapshots (
  run_id          text NOT NULL,
  event_id        text NOT NULL,
  ts              timestamptz NOT NULL,
  cash            bigint NOT NULL,
  venue_cash      jsonb NOT NULL,
  equity          bigint NOT NULL,
  peak_equity     bigint NOT NULL,
  drawdown        bigint NOT NULL,
  realized_pnl    bigint NOT NULL,
  open_positions  integer NOT NULL,
  PRIMARY KEY (run_id, event_id)
);
CREATE INDEX bankroll_snapshots_ts_idx ON bankroll_snapshots (run_id, ts);
