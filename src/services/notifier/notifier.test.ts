/**
 * The notifier against local HTTP servers that answer as Telegram's Bot API (`sendMessage`), a
 * Slack incoming webhook and a plain webhook do; events from the in-memory bus.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { loadConfig } from '../../config/load.js';
import { SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent, TradingStateChanged } from '../../core/events.js';
import { asClientOrderId, asEventId, asInstrumentId } from '../../core/ids.js';
import { silentLogger } from '../logger.js';
import { slackChannel, snsChannel, telegramChannel, webhookChannel } from './channels.js';
import { NoticeThrottle, noticeOf } from './notices.js';
import { startNotifier } from './notifier.js';
import { signRequest } from './sigv4.js';

interface Received {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** One server for the three APIs: /bot<token>/sendMessage, /slack, /hook; /broken answers 500. */
async function fakeApis(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      received.push({ path: req.url ?? '', body });
      if (req.url === '/broken') {
        res.writeHead(500).end('boom');
      } else if (req.url?.startsWith('/botGOOD/sendMessage')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: true,
            result: { message_id: received.length, chat: { id: Number(body.chat_id) } },
          }),
        );
      } else if (req.url?.startsWith('/bot')) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
      } else if (req.url === '/slack') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      } else {
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const halt = (n: number, reason = 'daily loss limit'): TradingStateChanged => ({
  type: 'TradingStateChanged',
  id: asEventId(`state:${n}`),
  ts: 1_000 + n,
  scope: 'global',
  state: 'HALTED',
  reason,
  origin: 'rule',
});

describe('notices', () => {
  it('tells halts, operator resumes, unresolved orders and warnings; not a rule going back to ACTIVE', () => {
    expect(noticeOf(halt(1))).toMatchObject({
      kind: 'trading-state',
      severity: 'critical',
      text: 'global HALTED (rule): daily loss limit',
    });
    expect(noticeOf({ ...halt(2), state: 'ACTIVE', reason: 'new day' })).toBeNull();
    expect(noticeOf({ ...halt(3), state: 'ACTIVE', origin: 'operator', reason: 'checked' })?.severity).toBe(
      'info',
    );
    const unresolved: ArbeesEvent = {
      type: 'OrderUnresolved',
      id: asEventId('u1'),
      ts: 5,
      clientOrderId: asClientOrderId('sig:1.L1'),
      instrumentId: asInstrumentId('kalshi:X'),
      venue: 'kalshi',
      reason: 'timeout',
    };
    expect(noticeOf(unresolved)).toMatchObject({
      kind: 'order-unresolved',
      text: 'order sig:1.L1 at kalshi unresolved: timeout',
    });
    expect(
      noticeOf({ type: 'Alert', id: asEventId('a'), ts: 1, severity: 'info', source: 'x', message: 'fyi' }),
    ).toBeNull();
    expect(
      noticeOf({
        type: 'Alert',
        id: asEventId('a'),
        ts: 1,
        severity: 'critical',
        source: 'reconciler',
        message: 'drift 2%',
      })?.kind,
    ).toBe('reconciliation');
  });

  it('throttles: one notice per key in the window, at most N a minute, the dropped ones counted in the next', () => {
    const t = new NoticeThrottle({ dedupeMs: 60_000, perMinute: 2 });
    const n = (key: string) => ({
      kind: 'alert' as const,
      severity: 'warning' as const,
      key,
      text: key,
      ts: 0,
    });
    expect(t.admit(n('a'), 0)).toMatchObject({ text: 'a' });
    expect(t.admit(n('a'), 1_000)).toBe('duplicate');
    expect(t.admit(n('b'), 2_000)).toMatchObject({ text: 'b' });
    expect(t.admit(n('c'), 3_000)).toBe('rate-limited');
    expect(t.admit(n('d'), 4_000)).toBe('rate-limited');
    expect(t.pending()).toBe(2);
    expect(t.admit(n('e'), 61_000)).toMatchObject({ text: 'e (+2 more not sent: rate limit)' });
    expect(t.admit(n('a'), 70_000)).toMatchObject({ text: 'a' });
  });
});

describe('the notifier settings', () => {
  it('names a bad setting', () => {
    const bad = () =>
      loadConfig({
        env: { ARBEES_NOTIFY_KINDS: 'halts', ARBEES_NOTIFY_PER_MINUTE: '0', ARBEES_TELEGRAM_CHAT_ID: '@me' },
        envFile: null,
      });
    expect(bad).toThrow(/ARBEES_NOTIFY_KINDS: unknown kind\(s\) halts/);
    expect(bad).toThrow(/ARBEES_NOTIFY_PER_MINUTE: must be a whole number from 1 to 600/);
    expect(bad).toThrow(/ARBEES_TELEGRAM_CHAT_ID: must be a Telegram chat id/);
    const good = loadConfig({ env: { ARBEES_NOTIFY_KINDS: 'fill, trading-state' }, envFile: null });
    expect(good.ARBEES_NOTIFY_KINDS).toEqual(['fill', 'trading-state']);
  });
});

describe('the notifier against local Telegram, Slack and webhook servers', () => {
  let apis: Awaited<ReturnType<typeof fakeApis>>;
  beforeAll(async () => {
    apis = await fakeApis();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => apis.server.close(() => resolve()));
  });

  it('sends a halt to every channel once, counts a failing channel, and leaves fills off by default', async () => {
    const bus = new MemoryBus();
    const counts: string[] = [];
    const sub = startNotifier({
      bus,
      clock: new SimulatedClock(10_000),
      channels: [
        telegramChannel({ apiUrl: apis.url, botToken: 'GOOD', chatId: '-1001234' }),
        slackChannel(`${apis.url}/slack`),
        webhookChannel(`${apis.url}/hook`),
        webhookChannel(`${apis.url}/broken`),
      ],
      kinds: ['trading-state', 'order-unresolved', 'reconciliation', 'alert'],
      perMinute: 20,
      log: silentLogger,
      counters: {
        sent: (c) => counts.push(`sent:${c}`),
        failed: (c) => counts.push(`failed:${c}`),
        dropped: (k, why) => counts.push(`${why}:${k}`),
      },
    });
    await bus.publish(halt(1));
    await bus.publish({ ...halt(2) }); // the same halt again (a redelivery or a repeat): sent once
    await bus.publish({
      type: 'FillReceived',
      id: asEventId('f1'),
      ts: 5,
      fillId: 'kalshi-fill-1' as never,
      clientOrderId: asClientOrderId('sig:1.L1'),
      gameId: 'g' as never,
      instrumentId: asInstrumentId('kalshi:X'),
      venue: 'kalshi',
      side: 'yes',
      action: 'buy',
      price: 560_000 as never,
      qty: 1_000 as never,
      fee: 10_000 as never,
      liquidity: 'taker',
    });
    await bus.idle();
    await sub.close();
    await bus.close();

    const byPath = (p: string) => apis.received.filter((r) => r.path === p);
    expect(byPath('/botGOOD/sendMessage')).toEqual([
      {
        path: '/botGOOD/sendMessage',
        body: {
          chat_id: '-1001234',
          text: '[arbees] global HALTED (rule): daily loss limit',
          disable_notification: false,
        },
      },
    ]);
    expect(byPath('/slack').map((r) => r.body)).toEqual([
      { text: '[arbees] global HALTED (rule): daily loss limit' },
    ]);
    expect(byPath('/hook').map((r) => r.body)).toEqual([
      {
        kind: 'trading-state',
        severity: 'critical',
        text: 'global HALTED (rule): daily loss limit',
        ts: 1_001,
      },
    ]);
    expect(counts.sort()).toEqual([
      'duplicate:trading-state',
      'failed:webhook',
      'sent:slack',
      'sent:telegram',
      'sent:webhook',
    ]);
  });

  it('a Telegram refusal (bad bot token) is an error that names the channel, never the token', async () => {
    const channel = telegramChannel({ apiUrl: apis.url, botToken: 'WRONG-SECRET', chatId: '1' });
    const error = await channel.send(noticeOf(halt(9))!).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^telegram answered 401/);
    expect(error?.message).not.toContain('WRONG-SECRET');
  });

  it('publishes to SNS with the query API, signed (SigV4) as the fake checks, and reads its error codes', async () => {
    const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret/KEY+test', sessionToken: 'sess' };
    const published: Record<string, string>[] = [];
    const sns = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(body));
        const expected = signRequest({
          method: 'POST',
          path: '/',
          headers: { host: String(req.headers.host), 'content-type': String(req.headers['content-type']) },
          body,
          region: 'us-east-1',
          service: 'sns',
          credentials,
          nowMs: Date.UTC(2026, 11, 7, 15, 0, 0),
        });
        const signed =
          req.headers.authorization === expected.authorization &&
          req.headers['x-amz-security-token'] === 'sess';
        const known = form.TopicArn === 'arn:aws:sns:us-east-1:123456789012:arbees-alerts';
        res.writeHead(!signed ? 403 : !known ? 404 : 200, { 'content-type': 'text/xml' });
        if (!signed)
          return res.end('<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>');
        if (!known) return res.end('<ErrorResponse><Error><Code>NotFound</Code></Error></ErrorResponse>');
        published.push(form);
        res.end(
          '<PublishResponse><PublishResult><MessageId>m-1</MessageId></PublishResult></PublishResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => sns.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(sns.address() as AddressInfo).port}/`;
    try {
      const channel = (topicArn: string, secret = credentials.secretAccessKey) =>
        snsChannel({
          topicArn,
          region: 'us-east-1',
          credentials: { ...credentials, secretAccessKey: secret },
          endpoint,
          now: () => Date.UTC(2026, 11, 7, 15, 0, 0),
        });
      await channel('arn:aws:sns:us-east-1:123456789012:arbees-alerts').send(noticeOf(halt(1))!);
      expect(published).toEqual([
        {
          Action: 'Publish',
          Version: '2010-03-31',
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:arbees-alerts',
          Subject: '[arbees] critical trading-state',
          Message: 'global HALTED (rule): daily loss limit',
        },
      ]);
      await expect(
        channel('arn:aws:sns:us-east-1:123456789012:other').send(noticeOf(halt(1))!),
      ).rejects.toThrow('sns answered 404: NotFound');
      await expect(
        channel('arn:aws:sns:us-east-1:123456789012:arbees-alerts', 'wrong').send(noticeOf(halt(1))!),
      ).rejects.toThrow('sns answered 403: SignatureDoesNotMatch');
    } finally {
      await new Promise<void>((resolve) => sns.close(() => resolve()));
    }
  });
});
