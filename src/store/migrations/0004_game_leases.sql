-- Game leases: which game shard owns a game's feed and strategy, until when. The epoch goes up
-- each time the lease changes hands, so a shard that lost a game (it stalled past expiry and
-- another took over) finds its epoch stale on renewal and stops (fencing). Times are epoch ms from
-- the services' Clock, not the database's now(): a replay runs on simulated time.
CREATE TABLE IF NOT EXISTS game_leases (
  run_id      text NOT NULL,
  game_id     text NOT NULL,
  owner       text NOT NULL,
  epoch       bigint NOT NULL,
  expires_ms  bigint NOT NULL,
  PRIMARY KEY (run_id, game_id)
);

-- The last sign of life of each game shard, written with each lease renewal.
CREATE TABLE IF NOT EXISTS shard_heartbeats (
  run_id      text NOT NULL,
  shard       text NOT NULL,
  last_ms     bigint NOT NULL,
  PRIMARY KEY (run_id, shard)
);
