/**
 * Polymarket US hosts (polymarket-us.md §1): the retail API, whose public calls go to the
 * gateway and whose authenticated calls and WebSockets go to the API host. The secret key is
 * never a setting: it is read from POLYMARKET_US_SECRET_KEY in the process environment, so it
 * is never printed with the settings.
 */
export const POLYMARKET_US_HOSTS = {
  api: 'https://api.polymarket.us',
  gateway: 'https://gateway.polymarket.us',
  ws: 'wss://api.polymarket.us',
} as const;

export const POLYMARKET_US_SECRET_ENV = 'POLYMARKET_US_SECRET_KEY';
