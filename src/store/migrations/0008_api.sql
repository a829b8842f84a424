-- The API's own records. Tokens are kept as SHA-256 hashes only (the secret is shown once, at
-- creation); they belong to the deployment, not to a run. Control actions are the audit trail of
-- every halt, reduce and resume asked through the API: who (the token's name), when, what, why.
CREATE TABLE IF NOT EXISTS api_tokens (
  token_id    text PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('viewer', 'operator')),
  hash        text NOT NULL UNIQUE,
  created_ts  timestamptz NOT NULL,
  revoked_ts  timestamptz
);

CREATE TABLE IF NOT EXISTS control_actions (
  run_id     text NOT NULL,
  action_id  text NOT NULL,
  ts         timestamptz NOT NULL,
  actor      text NOT NULL,
  action     text NOT NULL,
  scope      text NOT NULL,
  reason     text NOT NULL,
  event_id   text,
  PRIMARY KEY (run_id, action_id)
);
CREATE INDEX IF NOT EXISTS control_actions_ts_idx ON control_actions (run_id, ts);
