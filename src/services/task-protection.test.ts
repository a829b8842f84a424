import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from './logger.js';
import { ecsAgentTaskProtection, nextProtection, scaleInGuard } from './task-protection.js';

describe('nextProtection', () => {
  const opts = { nowMs: 1_000_000, expiresInMinutes: 30 };
  it('protects a shard holding games, renews past half the expiry, and releases at none', () => {
    const enabled = nextProtection({ protectedUntilMs: null }, { ...opts, leasesHeld: 2 });
    expect(enabled).toEqual({ action: 'enable', state: { protectedUntilMs: 1_000_000 + 30 * 60_000 } });
    expect(
      nextProtection(enabled.state, { ...opts, nowMs: opts.nowMs + 14 * 60_000, leasesHeld: 1 }).action,
    ).toBe('none');
    expect(
      nextProtection(enabled.state, { ...opts, nowMs: opts.nowMs + 16 * 60_000, leasesHeld: 1 }).action,
    ).toBe('enable');
    expect(nextProtection(enabled.state, { ...opts, leasesHeld: 0 })).toEqual({
      action: 'disable',
      state: { protectedUntilMs: null },
    });
    expect(nextProtection({ protectedUntilMs: null }, { ...opts, leasesHeld: 0 }).action).toBe('none');
  });
});

/** The ECS agent's task-protection endpoint, as a local HTTP server. */
async function fakeAgent(answer: (body: Record<string, unknown>) => { status: number; body: unknown }) {
  const requests: { method: string; url: string; body: Record<string, unknown> }[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as Record<string, unknown>;
    requests.push({ method: req.method ?? '', url: req.url ?? '', body });
    const reply = answer(body);
    res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { uri: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

const silent: Logger & { warnings: string[] } = {
  warnings: [],
  error: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  warn(msg, fields) {
    this.warnings.push(`${msg} ${JSON.stringify(fields)}`);
  },
};

describe('scaleInGuard against a local ECS agent endpoint', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await close?.();
    silent.warnings.length = 0;
  });

  it('asks for protection while games are held and drops it when none are', async () => {
    const agent = await fakeAgent((body) => ({
      status: 200,
      body: { protection: { ProtectionEnabled: body.ProtectionEnabled } },
    }));
    close = agent.close;
    let now = 0;
    const guard = scaleInGuard({
      protection: ecsAgentTaskProtection(agent.uri),
      clock: { now: () => now },
      log: silent,
      expiresInMinutes: 30,
    });
    await guard.update(0);
    await guard.update(3);
    now += 60_000;
    await guard.update(3);
    await guard.update(0);
    expect(agent.requests).toEqual([
      {
        method: 'PUT',
        url: '/task-protection/v1/state',
        body: { ProtectionEnabled: true, ExpiresInMinutes: 30 },
      },
      { method: 'PUT', url: '/task-protection/v1/state', body: { ProtectionEnabled: false } },
    ]);
    expect(silent.warnings).toEqual([]);
  });

  it('logs a refusal and asks again at the next tick', async () => {
    let refuse = true;
    const agent = await fakeAgent(() =>
      refuse
        ? { status: 200, body: { failure: { Reason: 'TASK_NOT_VALID', Arn: 'arn:x' } } }
        : { status: 200, body: { protection: { ProtectionEnabled: true } } },
    );
    close = agent.close;
    const guard = scaleInGuard({
      protection: ecsAgentTaskProtection(agent.uri),
      clock: { now: () => 0 },
      log: silent,
      expiresInMinutes: 30,
    });
    await guard.update(1);
    expect(silent.warnings.join('\n')).toMatch(/TASK_NOT_VALID/);
    refuse = false;
    await guard.update(1);
    await guard.update(1);
    expect(agent.requests.length).toBe(2);
  });
});
