/**
 * `arbees mcp`: the MCP server on stdio, for an agent host. stdout is the JSON-RPC channel, so
 * nothing else is written there; messages go to stderr. It acts with the API token in
 * MCP_API_TOKEN (an environment variable, never a flag, so it stays out of process lists); the
 * control tools exist only with ARBEES_MCP_CONTROL on and an operator token. With REDIS_URL a
 * control is also published on the deployment's bus; without it, it is stored, where a run on
 * PostgreSQL picks it up (operator-inbox.ts).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from '../api/mcp.js';
import { verifyToken } from '../api/tokens.js';
import type { Bus } from '../bus/port.js';
import { RedisBus } from '../bus/redis-bus.js';
import { loadConfig } from '../config/load.js';
import { LiveClock } from '../core/clock.js';
import { asRunId } from '../core/ids.js';
import { openStore } from '../store/open.js';
import { UserError } from './errors.js';
import { overridesFromSet } from './flags.js';

export interface McpFlags {
  runId?: string;
  db?: string;
  set?: string[];
}

export async function mcpCommand(flags: McpFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig({ overrides: overridesFromSet(flags.set) });
  const secret = env.MCP_API_TOKEN?.trim();
  if (!secret)
    throw new UserError('MCP_API_TOKEN is not set: an API token (arbees token create) the server acts with');
  const runId = flags.runId ?? config.ARBEES_RUN_ID;
  if (!runId)
    throw new UserError(
      '--run-id (or ARBEES_RUN_ID) is required: the run (account) the tools read and control',
    );
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    pglite: flags.db ?? config.ARBEES_PGLITE_DIR,
    ...(config.ARBEES_DB_SCHEMA ? { schema: config.ARBEES_DB_SCHEMA } : {}),
  });
  const token = await verifyToken(store, secret);
  if (!token) {
    await store.close();
    throw new UserError('MCP_API_TOKEN is not a valid token (unknown or revoked)');
  }
  const bus: Bus | null = config.REDIS_URL
    ? new RedisBus({ url: config.REDIS_URL, keyPrefix: config.ARBEES_BUS_PREFIX })
    : null;
  const server = createMcpServer({
    store,
    bus,
    clock: new LiveClock(),
    runId: asRunId(runId),
    token,
    controlEnabled: config.ARBEES_MCP_CONTROL,
  });
  const control = config.ARBEES_MCP_CONTROL && token.role === 'operator';
  process.stderr.write(
    `arbees mcp: run ${runId} as ${token.name} (${token.role}); control tools ${control ? 'on' : 'off'}\n`,
  );
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport());
  await closed;
  await bus?.close();
  await store.close();
  return 0;
}
