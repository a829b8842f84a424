export * from './clock.js';
export * from './events.js';
export * from './fees.js';
export * from './game-state.js';
export * from './ids.js';
export * from './instruments.js';
export * from './money.js';
export * from './scheduler.js';
