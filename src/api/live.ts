/**
 * Live updates over one WebSocket at /api/ws. A client authenticates (a bearer header on the
 * upgrade, or a first `auth` message, since browsers cannot set headers on a WebSocket), then
 * subscribes to topics and receives each event published on them. The hub reads the bus in its
 * own consumer group per API instance, so every instance sees every event; an event no client
 * listens to is dropped, not queued (a client that connects loads the state over HTTP first).
 * A malformed message is answered with an error naming the field and counted, never fatal.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Bus, Subscription } from '../bus/port.js';
import { type ArbeesEvent, TOPICS, topicOf } from '../core/events.js';
import type { ApiTokenRecord, Store } from '../store/port.js';
import { LiveClientMessage, type LiveServerMessage, type LiveTopic } from './contract.js';
import { bearerOf, verifyToken } from './tokens.js';
import type { ApiLogger } from './types.js';

/** How long a client has to authenticate before it is closed (policy violation). */
const AUTH_WINDOW_MS = 10_000;
/** Every this often each socket is pinged; one that has not answered the previous ping is closed. */
const HEARTBEAT_MS = 30_000;
/** A client that falls this far behind (bytes not yet sent) gets no more events until it drains. */
const MAX_BUFFERED = 4 * 1024 * 1024;

export interface LiveHub {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Resolves once the bus subscription exists (a Redis consumer group is created asynchronously). */
  readonly ready: Promise<void>;
  /** Clients connected and authenticated now. */
  clients(): number;
  close(): Promise<void>;
}

interface Client {
  readonly socket: WebSocket;
  /** Answered the last ping (a dead peer's socket can look open for a long time). */
  alive: boolean;
  token: ApiTokenRecord | null;
  readonly topics: Set<LiveTopic>;
}

export function startLiveHub(opts: {
  readonly store: Store;
  readonly bus: Bus | null;
  readonly log: ApiLogger;
  readonly instanceId: string;
}): LiveHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<Client>();
  let malformed = 0;

  const send = (client: Client, message: LiveServerMessage) => {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(message));
  };

  const fanOut = (event: ArbeesEvent) => {
    const topic = topicOf(event);
    let text: string | null = null;
    for (const c of clients) {
      if (!c.token || !c.topics.has(topic) || c.socket.bufferedAmount > MAX_BUFFERED) continue;
      text ??= JSON.stringify({ type: 'event', topic, event } satisfies LiveServerMessage);
      c.socket.send(text);
    }
  };
  const subscription: Subscription | null =
    opts.bus?.subscribe({
      group: `api-live.${opts.instanceId}`,
      consumer: opts.instanceId,
      topics: TOPICS,
      handler: (event) => fanOut(event),
    }) ?? null;

  const authenticate = async (client: Client, secret: string) => {
    const token = await verifyToken(opts.store, secret);
    if (!token) {
      client.socket.close(1008, 'the token is not valid');
      return;
    }
    client.token = token;
    send(client, { type: 'ready', role: token.role, name: token.name });
  };

  const onMessage = async (client: Client, data: string) => {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      malformed += 1;
      return send(client, { type: 'error', error: 'the message is not JSON' });
    }
    const parsed = LiveClientMessage.safeParse(json);
    if (!parsed.success) {
      malformed += 1;
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'type';
      opts.log.warn('live: malformed message', { field, refused: malformed });
      return send(client, { type: 'error', error: `${field}: ${issue?.message ?? 'invalid'}`, field });
    }
    const msg = parsed.data;
    if (msg.type === 'auth') return authenticate(client, msg.token);
    if (!client.token) return client.socket.close(1008, 'authenticate first');
    switch (msg.type) {
      case 'subscribe':
        for (const t of msg.topics) client.topics.add(t);
        return send(client, { type: 'subscribed', topics: [...client.topics] });
      case 'unsubscribe':
        for (const t of msg.topics) client.topics.delete(t);
        return send(client, { type: 'subscribed', topics: [...client.topics] });
      case 'ping':
        return send(client, { type: 'pong', ...(msg.id ? { id: msg.id } : {}) });
    }
  };

  const accept = (socket: WebSocket, header: string | null) => {
    const client: Client = { socket, alive: true, token: null, topics: new Set() };
    socket.on('pong', () => {
      client.alive = true;
    });
    clients.add(client);
    const timer = setTimeout(() => {
      if (!client.token) socket.close(1008, 'no authentication in time');
    }, AUTH_WINDOW_MS);
    timer.unref();
    socket.on('close', () => {
      clearTimeout(timer);
      clients.delete(client);
    });
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      onMessage(client, text).catch((error: unknown) =>
        opts.log.error('live: message handling failed', { error: String(error) }),
      );
    });
    if (header)
      authenticate(client, header).catch((error: unknown) =>
        opts.log.error('live: authentication failed', { error: String(error) }),
      );
  };

  const heartbeat = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const ready = (subscription as { ready?: Promise<void> } | null)?.ready ?? Promise.resolve();
  return {
    ready,
    upgrade(req, socket, head) {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/api/ws') return false;
      const secret = bearerOf(req.headers.authorization);
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, secret));
      return true;
    },
    clients: () => [...clients].filter((c) => c.token).length,
    async close() {
      clearInterval(heartbeat);
      await subscription?.close();
      for (const c of clients) c.socket.close(1001, 'the API is stopping');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
