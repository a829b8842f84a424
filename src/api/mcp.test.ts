/**
 * The MCP server through the SDK's own client, in process (linked in-memory transports), on
 * PGlite and the in-memory bus: the tools listed, status read, control tools absent unless
 * enabled with an operator token, and a halt through them audited and published.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { LiveClock } from '../core/clock.js';
import type { ArbeesEvent } from '../core/events.js';
import { openStore } from '../store/open.js';
import type { ApiTokenRecord, Store } from '../store/port.js';
import { T0 } from '../store/testing/fixtures.js';
import { createMcpServer } from './mcp.js';
import { RUN, startHarness } from './testing/harness.js';
import { createApiToken } from './tokens.js';

const READ_TOOLS = [
  'control_actions',
  'daily_report',
  'games',
  'orders',
  'pnl',
  'positions',
  'signals',
  'status',
  'validation_table',
];

describe('the MCP server', () => {
  let store: Store;
  let bus: MemoryBus;
  let operator: ApiTokenRecord;
  let viewer: ApiTokenRecord;
  let operatorSecret: string;
  let viewerSecret: string;
  const heard: ArbeesEvent[] = [];

  beforeAll(async () => {
    store = await openStore({ pglite: 'memory' });
    bus = new MemoryBus();
    bus.subscribe({ group: 'probe', consumer: 'p1', topics: ['risk'], handler: (e) => void heard.push(e) });
    await store.startRun({ runId: RUN, mode: 'paper', startedTs: T0, config: {} });
    const clock = new LiveClock();
    const op = await createApiToken({ store, clock, name: 'agent-op', role: 'operator' });
    const view = await createApiToken({ store, clock, name: 'agent-view', role: 'viewer' });
    [operator, operatorSecret, viewer, viewerSecret] = [op.token, op.secret, view.token, view.secret];
  });
  afterAll(async () => {
    await bus?.close();
    await store?.close();
  });

  const connect = async (token: ApiTokenRecord, controlEnabled: boolean) => {
    const server = createMcpServer({ store, bus, clock: new LiveClock(), runId: RUN, token, controlEnabled });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    const close = async () => {
      await client.close();
      await server.close();
    };
    return { client, close };
  };

  it('lists read tools only, reads the status, and cannot halt when control is off', async () => {
    const { client, close } = await connect(operator, false);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
      for (const t of tools) expect(t.annotations?.readOnlyHint).toBe(true);
      const status = await client.callTool({ name: 'status', arguments: {} });
      expect(status.isError).toBeFalsy();
      expect(status.structuredContent).toMatchObject({
        data: { run: { runId: RUN, mode: 'paper', status: 'running' }, tradingStates: [] },
      });
      // The reports: an empty day reads as zero trades, a bad day is an error naming it.
      const day = await client.callTool({ name: 'daily_report', arguments: { day: '2026-01-02' } });
      expect(day.isError).toBeFalsy();
      expect(day.structuredContent).toMatchObject({ data: { day: '2026-01-02', trades: { count: 0 } } });
      const bad = await client.callTool({ name: 'daily_report', arguments: { day: '2026-02-30' } });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toContain('2026-02-30');
      const table = await client.callTool({ name: 'validation_table', arguments: {} });
      expect(table.structuredContent).toMatchObject({
        data: { rows: [], matrix: { decision: 'stay local' } },
      });
      const halt = await client.callTool({ name: 'halt', arguments: { reason: 'agent wants to' } });
      expect(halt.isError).toBe(true);
      expect(JSON.stringify(halt.content)).toMatch(/halt not found/i);
      expect(await store.listControlActions(RUN, { limit: 5 })).toEqual([]);
    } finally {
      await close();
    }
  });

  it('offers no control tools to a viewer token even when control is on', async () => {
    const { client, close } = await connect(viewer, true);
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
    } finally {
      await close();
    }
  });

  it('with control on and an operator token: destructive halt/reduce/resume, audited and published', async () => {
    const { client, close } = await connect(operator, true);
    try {
      const { tools } = await client.listTools();
      const controls = tools.filter((t) => ['halt', 'reduce', 'resume'].includes(t.name));
      expect(controls.map((t) => t.name).sort()).toEqual(['halt', 'reduce', 'resume']);
      for (const t of controls)
        expect(t.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
      const bad = await client.callTool({ name: 'halt', arguments: { scope: 'everything', reason: 'x' } });
      expect(bad.isError).toBe(true);
      expect(JSON.stringify(bad.content)).toContain('scope');
      const halt = await client.callTool({
        name: 'halt',
        arguments: { scope: 'game:nfl_1', reason: 'injury news' },
      });
      expect(halt.isError).toBeFalsy();
      await bus.idle();
      expect(heard).toContainEqual(
        expect.objectContaining({
          type: 'TradingStateChanged',
          scope: 'game:nfl_1',
          state: 'HALTED',
          origin: 'operator',
        }),
      );
      const audit = await store.listControlActions(RUN, { limit: 5 });
      expect(audit.map((a) => [a.action, a.scope, a.reason, a.actor.split(' ')[0]])).toEqual([
        ['halt', 'game:nfl_1', 'injury news', 'agent-op'],
      ]);
      const trail = await client.callTool({ name: 'control_actions', arguments: {} });
      expect(trail.structuredContent).toMatchObject({ data: [{ action: 'halt', scope: 'game:nfl_1' }] });
    } finally {
      await close();
    }
  });

  it('over HTTP on the API (POST /api/mcp): the token of the request decides the tools', async () => {
    const h = await startHarness(store, bus, { mcpControl: true });
    const connectHttp = async (secret: string | null) => {
      const client = new Client({ name: 'http-test', version: '1' });
      const transport = new StreamableHTTPClientTransport(new URL(`${h.base}/api/mcp`), {
        requestInit: secret ? { headers: { authorization: `Bearer ${secret}` } } : {},
      });
      await client.connect(transport);
      return client;
    };
    try {
      await expect(connectHttp(null)).rejects.toThrow(/401|token/);
      const asViewer = await connectHttp(viewerSecret);
      expect((await asViewer.listTools()).tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
      await asViewer.close();
      const asOperator = await connectHttp(operatorSecret);
      const names = (await asOperator.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['halt', 'reduce', 'resume']));
      const resume = await asOperator.callTool({
        name: 'resume',
        arguments: { scope: 'game:nfl_1', reason: 'news priced in' },
      });
      expect(resume.isError).toBeFalsy();
      const audit = await store.listControlActions(RUN, { limit: 5 });
      expect(audit[0]).toMatchObject({ action: 'resume', scope: 'game:nfl_1', reason: 'news priced in' });
      expect(audit[0]?.actor).toMatch(/^agent-op /);
      await asOperator.close();
    } finally {
      await h.api.close();
      await h.http.close();
    }
  });
});
