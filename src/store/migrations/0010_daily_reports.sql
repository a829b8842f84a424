-- The daily reports (docs/reports.md): one row per run and UTC day of the daily validation table
-- (seed 000), with the whole report as made. Re-making a day's report replaces its row.
CREATE TABLE IF NOT EXISTS daily_reports (
  run_id         text NOT NULL,
  day            text NOT NULL CHECK (day ~ '^\d{4}-\d{2}-\d{2}$'),
  uptime_ppm     integer,
  trades         integer NOT NULL,
  wins           integer NOT NULL,
  losses         integer NOT NULL,
  pnl            bigint NOT NULL,
  issues         integer NOT NULL,
  interventions  integer NOT NULL,
  made_ts        timestamptz NOT NULL,
  report         jsonb NOT NULL,
  PRIMARY KEY (run_id, day)
);
