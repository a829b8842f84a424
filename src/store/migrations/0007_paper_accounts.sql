-- Paper accounts: what the paper venue holds at each venue in a paper run, so stopping and
-- starting again under the same run id continues the account. One row of cash per run and
-- venue, with the account's version (its change count; a save older than the stored version is
-- refused, so an earlier process can never overwrite a later one); open positions; and every
-- finished order with its fills, by client order id, so an order submitted again returns its
-- first result. Not time series: an account is small and read whole on start.
CREATE TABLE IF NOT EXISTS paper_accounts (
  run_id   text NOT NULL,
  venue    text NOT NULL,
  cash     bigint NOT NULL,
  version  bigint NOT NULL,
  PRIMARY KEY (run_id, venue)
);

CREATE TABLE IF NOT EXISTS paper_positions (
  run_id         text NOT NULL,
  venue          text NOT NULL,
  instrument_id  text NOT NULL,
  side           text NOT NULL CHECK (side IN ('yes', 'no')),
  qty            bigint NOT NULL CHECK (qty <> 0),
  PRIMARY KEY (run_id, venue, instrument_id, side)
);

-- Fills are kept with their order (jsonb, integers only: micro-dollars, centi-contracts, epoch
-- ms): the paper venue reads and writes an order whole, and the fills of record for the ledger
-- are in `fills`. seq keeps the order in which the orders finished.
CREATE TABLE IF NOT EXISTS paper_orders (
  run_id           text NOT NULL,
  venue            text NOT NULL,
  client_order_id  text NOT NULL,
  seq              bigserial NOT NULL,
  venue_order_id   text NOT NULL,
  status           text NOT NULL,
  qty              bigint NOT NULL,
  filled_qty       bigint NOT NULL,
  fills            jsonb NOT NULL,
  PRIMARY KEY (run_id, venue, client_order_id)
);
CREATE INDEX IF NOT EXISTS paper_orders_seq_idx ON paper_orders (run_id, venue, seq);
