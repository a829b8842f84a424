-- Risk decisions keep the inputs they were based on and the legs they granted; signals keep the
-- whole event (levels, fees, hedge leg); trading states say who set them and when they lift.
ALTER TABLE risk_decisions ADD COLUMN IF NOT EXISTS inputs jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE risk_decisions ADD COLUMN IF NOT EXISTS legs jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE signals ADD COLUMN IF NOT EXISTS payload jsonb;
ALTER TABLE trading_states ADD COLUMN IF NOT EXISTS origin text NOT NULL DEFAULT 'rule';
ALTER TABLE trading_states ADD COLUMN IF NOT EXISTS until_ts timestamptz;
CREATE INDEX IF NOT EXISTS trading_states_scope_idx ON trading_states (run_id, scope, ts);
