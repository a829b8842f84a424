/**
 * Telegram commands against a local server answering as the Bot API does (`getUpdates`,
 * `sendMessage`), on PGlite and the in-memory bus: a stranger refused, a user's /status answered,
 * a non-operator's /halt refused, an operator's /halt done only after /confirm, audited and
 * published.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { LiveClock } from '../../core/clock.js';
import type { ArbeesEvent } from '../../core/events.js';
import { asRunId } from '../../core/ids.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/port.js';
import { silentLogger } from '../logger.js';
import { decide, startTelegramCommands, type TelegramUpdate } from './telegram-commands.js';

const CHAT = '-100777';
const RUN = asRunId('tg-run');
const allowed = { chatId: CHAT, users: ['11', '22'], operators: ['22'] };

let seq = 0;
const msg = (from: number, text: string, chat = Number(CHAT)): TelegramUpdate => ({
  update_id: ++seq,
  message: { text, chat: { id: chat }, from: { id: from, username: `u${from}` } },
});

describe('decide (pure)', () => {
  it('allows listed users in the chat only; controls for operators only; an empty list allows no one', () => {
    expect(decide(msg(99, '/status'), allowed)).toMatchObject({ kind: 'refuse', reply: false });
    expect(decide(msg(11, '/status', 5), allowed)).toMatchObject({
      kind: 'refuse',
      why: 'chat 5 is not the configured chat',
    });
    expect(decide(msg(11, '/status'), { ...allowed, users: [] })).toMatchObject({ kind: 'refuse' });
    expect(decide(msg(11, '/status@arbees_bot'), allowed)).toEqual({ kind: 'read', what: 'status' });
    expect(decide(msg(11, '/halt now'), allowed)).toMatchObject({ kind: 'refuse', reply: true });
    expect(decide(msg(22, '/halt venue:kalshi feed is off'), allowed)).toEqual({
      kind: 'control',
      action: 'halt',
      scope: 'venue:kalshi',
      reason: 'feed is off',
    });
    expect(decide(msg(22, '/reduce'), allowed)).toMatchObject({ kind: 'usage' });
    expect(decide(msg(22, 'hello'), allowed)).toEqual({ kind: 'ignore' });
    expect(decide(msg(11, '/report'), allowed)).toEqual({ kind: 'report', day: null });
    expect(decide(msg(11, '/report 2019-09-08'), allowed)).toEqual({ kind: 'report', day: '2019-09-08' });
    expect(decide(msg(11, '/report 2019-02-30'), allowed)).toEqual({
      kind: 'usage',
      text: '/report [YYYY-MM-DD]: the day "2019-02-30" is not a date of the calendar',
    });
  });
});

describe('Telegram commands against a local Bot API', () => {
  let server: Server;
  let url: string;
  const queue: TelegramUpdate[] = [];
  const sent: { chat_id: string; text: string }[] = [];
  let store: Store;
  let bus: MemoryBus;
  const heard: ArbeesEvent[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        const body = JSON.parse(text || '{}') as { offset?: number; chat_id?: string; text?: string };
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/botT0KEN/getUpdates') {
          const result = queue.filter((u) => u.update_id >= (body.offset ?? 0));
          res.end(JSON.stringify({ ok: true, result }));
        } else if (req.url === '/botT0KEN/sendMessage') {
          sent.push({ chat_id: String(body.chat_id), text: String(body.text) });
          res.end(JSON.stringify({ ok: true, result: { message_id: sent.length } }));
        } else res.end(JSON.stringify({ ok: false, description: 'Not Found' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId: RUN, mode: 'paper', startedTs: Date.now(), config: {} });
    bus = new MemoryBus();
    bus.subscribe({ group: 'probe', consumer: 'p', topics: ['risk'], handler: (e) => void heard.push(e) });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bus?.close();
    await store?.close();
  });

  it('refuses a stranger, answers /status, and halts only after /confirm from the same operator', async () => {
    let refused = 0;
    const commands = startTelegramCommands({
      apiUrl: url,
      botToken: 'T0KEN',
      allowed,
      store,
      bus,
      clock: new LiveClock(),
      runId: RUN,
      log: silentLogger,
      everyMs: 3_600_000,
      refused: () => {
        refused += 1;
      },
      newCode: () => '424242',
    });
    const step = async (...updates: TelegramUpdate[]) => {
      queue.push(...updates);
      sent.length = 0;
      await commands.poll();
      return sent.map((s) => s.text);
    };
    try {
      expect(await step(msg(99, '/halt give me control'))).toEqual([]);
      expect(refused).toBe(1);
      expect(await step(msg(11, '/status'))).toEqual(['[arbees] tg-run: every scope ACTIVE']);
      const [report] = await step(msg(11, '/report 2019-09-08'));
      expect(report).toMatch(/^\[arbees\] daily report 2019-09-08 \(tg-run\): 0 trades, 0 won, 0 lost/);
      expect(report).toContain('AWS: stay local (only 0 of the 14 days needed');
      expect(await step(msg(11, '/halt please'))).toEqual([
        '[arbees] refused: user 11 may not /halt (not an operator)',
      ]);
      expect(await step(msg(22, '/halt game:nfl_9 injury news'))).toEqual([
        '[arbees] halt game:nfl_9: "injury news". Send /confirm 424242 within a minute to do it.',
      ]);
      expect(await store.listControlActions(RUN, { limit: 5 })).toEqual([]);
      expect(await step(msg(11, '/confirm 424242'))).toEqual([
        '[arbees] no such confirmation (expired, or not yours)',
      ]);
      const done = await step(msg(22, '/confirm 424242'));
      expect(done[0]).toMatch(/^\[arbees\] game:nfl_9 HALTED: injury news \(action act_/);
      await bus.idle();
      expect(heard).toContainEqual(
        expect.objectContaining({ scope: 'game:nfl_9', state: 'HALTED', origin: 'operator' }),
      );
      const audit = await store.listControlActions(RUN, { limit: 5 });
      expect(audit.map((a) => [a.action, a.scope, a.reason, a.actor])).toEqual([
        ['halt', 'game:nfl_9', 'injury news', 'telegram:u22 (tg_22)'],
      ]);
      expect(await step(msg(22, '/confirm 424242'))).toEqual([
        '[arbees] no such confirmation (expired, or not yours)',
      ]);
      expect(await step(msg(11, '/status'))).toEqual([
        '[arbees] tg-run:\ngame:nfl_9 HALTED (operator): injury news (by telegram:u22)',
      ]);
      expect(sent.every((s) => s.chat_id === CHAT)).toBe(true);
      expect(refused).toBe(2);
    } finally {
      await commands.stop();
    }
  });
});
