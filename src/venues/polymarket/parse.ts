/**
 * Polymarket payloads to integers and core events: one entry point for the REST, Gamma and
 * WebSocket parsers. Every parser returns a PolymarketResult and never throws.
 */
export * from './parse-book.js';
export * from './parse-fields.js';
export * from './parse-market.js';
export * from './parse-order.js';
export * from './parse-ws.js';
