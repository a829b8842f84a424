/** Layer rules of DESIGN.md, checked by `npm run lint` and by test/architecture.test.ts. */
const PURE = '^src/(core|sports|strategy|risk|portfolio)/|^src/execution/(order-state|matching)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-imports-no-io-layers',
      severity: 'error',
      comment: 'core, sports, strategy, risk, portfolio and the pure parts of execution import no I/O layer.',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(venues|feeds|sim|bus|store|services|cli|config)/' },
    },
    {
      name: 'pure-imports-no-node',
      severity: 'error',
      comment: 'Pure code uses no Node APIs.',
      from: { path: PURE, pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'espn-parsers-are-pure',
      severity: 'error',
      comment: 'The ESPN parsers take JSON and return data; the HTTP poller that feeds them does the I/O.',
      from: { path: '^src/feeds/espn/[^/]+\\.ts$', pathNot: '\\.test\\.ts$|^src/feeds/espn/index\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'venue-adapter-cores-use-no-node',
      severity: 'error',
      comment:
        'Venue parsers, books, fee maps, order amounts and settings use no Node API; I/O is in auth, http and ws.',
      from: { path: '^src/venues/[^/]+/(parse|book|fees|config|errors|amounts)', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'kalshi-simulator-core-is-pure',
      severity: 'error',
      comment:
        'The simulator engine, exchange, lifecycle, listings, routes, admin, wire shapes, scenarios and WebSocket protocol use no Node API; server.ts and ws-server.ts do the I/O.',
      from: {
        path: '^src/sim/kalshi/(engine|exchange|exchange-changes|exchange-types|exchange-lifecycle|lifecycle|listing|listing-leagues|listing-types|eastern-time|admin|admin-schemas|route-helpers|routes|routes-public|wire|wire-listing|scenarios|maker|ws-feed|ws-wire)\\.ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'polymarket-simulator-core-is-pure',
      severity: 'error',
      comment:
        'The Polymarket simulator engine, exchange, routes, order checks, wire shapes and admin use no Node API; server, ws and api-keys do the I/O.',
      from: {
        path: '^src/sim/polymarket/(engine|exchange|records|settlement|rate-limits|market|maker|wire|routes-public|routes-trading|admin|verify-order)\\.ts$',
      },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'edges-do-not-import-services',
      severity: 'error',
      comment: 'Services compose the rest; nothing below them reaches up.',
      from: { path: '^src/(core|sports|strategy|risk|portfolio|execution|venues|feeds|sim|bus|store)/' },
      to: { path: '^src/(services|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|var)/' },
  },
};
