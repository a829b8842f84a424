/**
 * The API server: Fastify with zod schemas (fastify-type-provider-zod) on every route, the OpenAPI
 * document generated from them at /api/openapi.json, bearer-token authentication with two roles,
 * rate-limited control routes, and the WebSocket of live updates (live.ts). It is mounted on a
 * node:http server it does not own (the service runner's), through `handle` and `upgrade`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { type ApiRole, type ErrorBody, OpenApiResponse } from './contract.js';
import { type LiveHub, startLiveHub } from './live.js';
import { registerControlRoutes } from './routes-control.js';
import { registerMcpRoutes } from './routes-mcp.js';
import { registerReadRoutes } from './routes-read.js';
import { registerReportRoutes } from './routes-reports.js';
import { bearerOf, verifyToken } from './tokens.js';
import type { ApiOptions, RouteAccess } from './types.js';

export interface ApiServer {
  readonly app: FastifyInstance;
  /** Answers a request under /api; false when the path is not the API's. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Takes a WebSocket upgrade for /api/ws; false when the path is not the API's. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** True once live updates are flowing (the bus subscription exists). */
  ready(): boolean;
  close(): Promise<void>;
}

const ROLE_ALLOWS: Record<ApiRole, readonly RouteAccess[]> = {
  viewer: ['public', 'read'],
  operator: ['public', 'read', 'control'],
};

/** A zod issue list as one sentence naming the fields, plus the first field. */
function describeValidation(error: FastifyError, context: string | undefined): ErrorBody {
  const where = context === 'querystring' ? 'query parameter' : context === 'params' ? 'path part' : 'field';
  const problems: string[] = [];
  let field: string | undefined;
  for (const v of error.validation ?? []) {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (v.keyword === 'unrecognized_keys') {
      const keys = (v.params as { keys?: string[] }).keys ?? [];
      field ??= keys[0];
      problems.push(`unknown ${where}(s) ${keys.map((k) => `"${k}"`).join(', ')}`);
    } else {
      field ??= path || context;
      problems.push(`${path || context || 'request'}: ${v.message}`);
    }
  }
  return { error: problems.join('; '), ...(field ? { field } : {}) };
}

export async function buildApi(opts: ApiOptions): Promise<ApiServer> {
  const app = Fastify({ logger: false, return503OnClosing: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routePatterns: { re: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    // The dashboard's files are public: the token is the page's to send, on its API calls.
    if (!route.url.startsWith('/api')) route.config = { ...route.config, access: 'public' };
    const re = new RegExp(`^${route.url.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
    const methods = [route.method].flat();
    const known = routePatterns.find((p) => p.re.source === re.source);
    if (known) for (const m of methods) known.methods.add(m);
    else routePatterns.push({ re, methods: new Set(methods) });
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Arbees API',
        version: '1',
        description:
          'Reads and controls of an Arbees deployment. Money in integer micro-dollars, quantities in centi-contracts, times in epoch ms. Live updates: WebSocket /api/ws (see docs/api.md).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token (arbees token create)' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifyRateLimit, {
    global: false,
    keyGenerator: (req) => req.apiToken?.tokenId ?? req.ip,
    // Thrown by the plugin, so it reaches the error handler below as any 4xx does.
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(
        new Error(
          `too many control requests: at most ${ctx.max} a minute per token; try again in ${ctx.after}`,
        ),
        { statusCode: ctx.statusCode },
      ),
  });

  const routeOf = (req: FastifyRequest) => req.routeOptions.url ?? 'unknown';
  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config.access ?? 'read';
    if (access === 'public') return;
    const secret = bearerOf(req.headers.authorization);
    const token = secret ? await verifyToken(opts.store, secret) : null;
    if (!token) {
      opts.metrics.authRefusedTotal.inc({ route: routeOf(req), status: '401' });
      reply.header('www-authenticate', 'Bearer');
      return reply.code(401).send({
        error: secret
          ? 'the bearer token is not valid (unknown or revoked)'
          : 'an API token is required (Authorization: Bearer <token>)',
      });
    }
    req.apiToken = token;
    if (!ROLE_ALLOWS[token.role].includes(access)) {
      opts.metrics.authRefusedTotal.inc({ route: routeOf(req), status: '403' });
      return reply.code(403).send({
        error: `the ${token.role} role may not call ${req.method} ${routeOf(req)}; an operator token may`,
      });
    }
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      opts.metrics.badRequestsTotal.inc({ route: routeOf(req).replace(/^\/api\//, '') });
      return reply.code(400).send(describeValidation(error, error.validationContext));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    opts.log.error('api request failed', { route: routeOf(req), error: String(error) });
    return reply.code(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const match = routePatterns.find((p) => p.re.test(path));
    if (match) {
      const allow = [...match.methods].filter((m) => m !== 'HEAD').join(', ');
      return reply
        .code(405)
        .header('allow', allow)
        .send({ error: `${req.method} is not allowed on ${path}; use ${allow}` });
    }
    return reply.code(404).send({ error: `no route ${req.method} ${path}` });
  });

  if (opts.webRoot)
    await app.register(fastifyStatic, { root: opts.webRoot, prefix: '/', index: 'index.html' });

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  registerReadRoutes(zapp, opts);
  registerControlRoutes(zapp, { ...opts, controlPerMinute: opts.controlPerMinute ?? 30 });
  registerMcpRoutes(zapp, opts);
  registerReportRoutes(zapp, opts);
  zapp.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      schema: {
        summary: 'This document',
        security: [],
        response: { 200: OpenApiResponse },
      },
    },
    async () => app.swagger() as unknown as { openapi: string },
  );
  await app.ready();

  const live: LiveHub = startLiveHub({
    store: opts.store,
    bus: opts.bus,
    log: opts.log,
    instanceId: opts.instanceId,
  });

  let liveReady = false;
  void live.ready.then(() => {
    liveReady = true;
  });
  return {
    app,
    ready: () => liveReady,
    async handle(req, res, url) {
      const underApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
      if (!underApi && !opts.webRoot) return false;
      app.routing(req, res);
      return true;
    },
    upgrade: (req, socket, head) => live.upgrade(req, socket, head),
    async close() {
      await live.close();
      await app.close();
    },
  };
}
