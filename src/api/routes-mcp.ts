/**
 * The MCP server over HTTP on the API (`POST /api/mcp`, MCP streamable HTTP, stateless: a fresh
 * server per request, JSON answers). The bearer token of the request is the token the tools act
 * with, so a viewer sees the read tools only; the control tools also need `mcpControl` on
 * (ARBEES_MCP_CONTROL). Authentication is the API's (401 without a token).
 */
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { ErrorBody } from './contract.js';
import { createMcpServer } from './mcp.js';
import type { ApiOptions, ZodApp } from './types.js';

export function registerMcpRoutes(app: ZodApp, opts: ApiOptions): void {
  app.post(
    '/api/mcp',
    {
      schema: {
        summary:
          'The MCP server (streamable HTTP, stateless): tools as `arbees mcp` offers them, acting with this token',
        tags: ['mcp'],
        body: z.unknown().describe('A JSON-RPC message or batch (Model Context Protocol)'),
        response: { 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) => {
      const server = createMcpServer({
        store: opts.store,
        bus: opts.bus,
        clock: opts.clock,
        runId: opts.runId,
        token: req.apiToken!,
        controlEnabled: opts.mcpControl ?? false,
      });
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      // The transport writes the answer itself.
      reply.hijack();
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      try {
        await server.connect(transport);
        await transport.handleRequest(req.raw, reply.raw, req.body);
      } catch (error) {
        opts.log.error('mcp request failed', { error: String(error) });
        if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ error: 'internal error' }));
      }
    },
  );
}
