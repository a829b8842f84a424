/**
 * The control routes: halt, reduce or resume a scope with a reason, and cancel every resting
 * order in a scope (operator tokens only, rate limited per token); the audit trail of every
 * control action, readable by any token.
 */
import { asRunId } from '../core/ids.js';
import {
  CancelAllBody,
  CancelAllResponse,
  ControlActionsQuery,
  ControlActionsResponse,
  ControlBody,
  ControlParams,
  ControlResponse,
  ErrorBody,
  FlattenBody,
  FlattenResponse,
} from './contract.js';
import { applyCancelAll, applyControl } from './control.js';
import { applyFlatten } from './flatten.js';
import type { ApiOptions, ZodApp } from './types.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody } as const;

export function registerControlRoutes(app: ZodApp, opts: ApiOptions & { controlPerMinute: number }): void {
  app.post(
    '/api/control/:action',
    {
      config: { access: 'control', rateLimit: { max: opts.controlPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Halt, reduce or resume trading in a scope, with a reason (operator role)',
        description:
          'halt: no new orders and resting ones cancelled; reduce: only orders that shrink positions; resume: active again. Stored with who, when, what and why; published to the running services.',
        tags: ['control'],
        params: ControlParams,
        body: ControlBody,
        response: { 202: ControlResponse, ...errors },
      },
    },
    async (req, reply) => {
      const runId = req.body.run ? asRunId(req.body.run) : opts.runId;
      if (!(await opts.store.getRun(runId)))
        return reply.code(404).send({ error: `no run "${runId}"`, field: 'run' });
      // Only the deployment's own run has services listening on this bus.
      const bus = runId === opts.runId ? opts.bus : null;
      const { action, state } = await applyControl(
        { store: opts.store, bus, clock: opts.clock },
        {
          runId,
          action: req.params.action,
          scope: req.body.scope,
          reason: req.body.reason,
          by: req.apiToken!,
        },
      );
      opts.metrics.controlActionsTotal.inc({ action: action.action });
      opts.log.warn(`api control: ${action.scope} ${state.state}`, {
        actor: action.actor,
        reason: action.reason,
        runId,
      });
      return reply.code(202).send({ runId, action, state });
    },
  );

  // A static path: Fastify matches it before /api/control/:action.
  app.post(
    '/api/control/cancel-all',
    {
      config: { access: 'control', rateLimit: { max: opts.controlPerMinute, timeWindow: 60_000 } },
      schema: {
        summary:
          'Cancel every resting order in a scope (global or venue:<name>), with a reason (operator role)',
        description:
          'Trading goes on; only the orders resting at the venues are withdrawn. Stored with who, when, what and why; published to execution.',
        tags: ['control'],
        body: CancelAllBody,
        response: { 202: CancelAllResponse, ...errors },
      },
    },
    async (req, reply) => {
      const runId = req.body.run ? asRunId(req.body.run) : opts.runId;
      if (!(await opts.store.getRun(runId)))
        return reply.code(404).send({ error: `no run "${runId}"`, field: 'run' });
      const bus = runId === opts.runId ? opts.bus : null;
      const { action, published } = await applyCancelAll(
        { store: opts.store, bus, clock: opts.clock },
        { runId, scope: req.body.scope, reason: req.body.reason, by: req.apiToken! },
      );
      opts.metrics.controlActionsTotal.inc({ action: action.action });
      opts.log.warn(`api control: cancel-all ${action.scope}`, {
        actor: action.actor,
        reason: action.reason,
        runId,
      });
      return reply.code(202).send({ runId, action, published });
    },
  );

  app.post(
    '/api/control/flatten',
    {
      config: { access: 'control', rateLimit: { max: opts.controlPerMinute, timeWindow: 60_000 } },
      schema: {
        summary: 'Sell a whole position now, at no less than the bid less a stated slippage (operator role)',
        description:
          'An immediate-or-cancel sell of the open quantity at (best bid of the held side - maxSlippage), in whole cents. 409 when there is no such position or no bid. Stored with who, when, what and why.',
        tags: ['control'],
        body: FlattenBody,
        response: { 202: FlattenResponse, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const runId = req.body.run ? asRunId(req.body.run) : opts.runId;
      if (!(await opts.store.getRun(runId)))
        return reply.code(404).send({ error: `no run "${runId}"`, field: 'run' });
      const bus = runId === opts.runId ? opts.bus : null;
      const outcome = await applyFlatten(
        { store: opts.store, bus, clock: opts.clock },
        {
          runId,
          instrumentId: req.body.instrumentId,
          side: req.body.side,
          maxSlippage: req.body.maxSlippage,
          reason: req.body.reason,
          by: req.apiToken!,
        },
      );
      if (outcome.kind === 'refused')
        return reply.code(409).send({ error: outcome.error, field: outcome.field });
      opts.metrics.controlActionsTotal.inc({ action: 'flatten' });
      opts.log.warn(`api control: flatten ${outcome.action.scope}`, {
        actor: outcome.action.actor,
        reason: outcome.action.reason,
        limitPrice: outcome.intent.limitPrice,
        runId,
      });
      const { action, intent, bid, published } = outcome;
      return reply.code(202).send({ runId, action, intent, bid, published });
    },
  );

  app.get(
    '/api/control/actions',
    {
      schema: {
        summary: 'Every control action asked through the API, newest first: who, when, what, why',
        tags: ['control'],
        querystring: ControlActionsQuery,
        response: { 200: ControlActionsResponse, ...errors },
      },
    },
    async (req) => {
      const runId = req.query.run ? asRunId(req.query.run) : opts.runId;
      return { actions: await opts.store.listControlActions(runId, { limit: req.query.limit }) };
    },
  );
}
