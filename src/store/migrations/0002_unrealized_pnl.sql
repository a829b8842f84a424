-- Bankroll snapshots carry the open positions' unrealized P&L (marked at the mid).
ALTER TABLE bankroll_snapshots ADD COLUMN IF NOT EXISTS unrealized_pnl BIGINT NOT NULL DEFAULT 0;
