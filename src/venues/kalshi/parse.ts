/**
 * Kalshi payloads to integers and core events: one entry point for the REST (parse-market,
 * parse-portfolio) and WebSocket (parse-ws) parsers. Every parser returns a KalshiResult and
 * never throws; the caller counts the errors.
 */
export * from './parse-fields.js';
export * from './parse-market.js';
export * from './parse-orderbook.js';
export * from './parse-page.js';
export * from './parse-portfolio.js';
export * from './parse-ws.js';
