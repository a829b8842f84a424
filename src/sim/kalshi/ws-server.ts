/**
 * The simulator's WebSocket endpoint, `/trade-api/ws/v2` on the REST simulator's HTTP server.
 * The handshake is authenticated as Kalshi does it (the three KALSHI-ACCESS-* headers, signing
 * `timestamp + GET + /trade-api/ws/v2`); a refused handshake gets the REST error shape with 401
 * and no upgrade. Kalshi pings every 10 s with body `heartbeat` (venues.md §2.6); the interval is
 * an option so tests can watch a stalled stream go quiet.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { KALSHI_WS_PATH } from '../../venues/kalshi/auth.js';
import { errorJson } from './wire.js';
import type { KalshiSimFeed, KalshiSimWsSession } from './ws-feed.js';

export type WsAuthResult = { ok: true; accountId: string } | { ok: false; message: string };

export interface KalshiSimWsOptions {
  readonly feed: KalshiSimFeed;
  readonly authenticate: (req: IncomingMessage) => WsAuthResult;
  readonly heartbeatMs: number;
  readonly onAuthFailure: () => void;
}

export class KalshiSimWsEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Map<WebSocket, KalshiSimWsSession>();
  private readonly heartbeat: NodeJS.Timeout;
  connectionsAccepted = 0;

  constructor(
    server: Server,
    private readonly opts: KalshiSimWsOptions,
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.heartbeat = setInterval(() => {
      for (const [ws, session] of this.sockets)
        if (ws.readyState === ws.OPEN && !session.stalled) ws.ping('heartbeat');
    }, opts.heartbeatMs);
    this.heartbeat.unref();
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Cuts every connection without a close handshake, as a network drop would. */
  dropAll(): void {
    for (const ws of this.sockets.keys()) ws.terminate();
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.dropAll();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): undefined {
    const path = new URL(req.url ?? '/', 'http://sim.invalid').pathname;
    if (path !== KALSHI_WS_PATH)
      return refuse(socket, 404, errorJson('not_found', `no WebSocket at ${path}`));
    const auth = this.opts.authenticate(req);
    if (!auth.ok) {
      this.opts.onAuthFailure();
      return refuse(socket, 401, errorJson('authentication_error', auth.message));
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, auth.accountId));
  }

  private accept(ws: WebSocket, accountId: string): void {
    this.connectionsAccepted += 1;
    const session = this.opts.feed.open({
      accountId,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      sendText: (text) => {
        if (ws.readyState === ws.OPEN) ws.send(text);
      },
    });
    this.sockets.set(ws, session);
    ws.on('message', (data, isBinary) => {
      if (session.stalled) return;
      this.opts.feed.onText(session, isBinary ? '' : data.toString());
    });
    const done = () => {
      this.opts.feed.close(session);
      this.sockets.delete(ws);
    };
    ws.on('close', done);
    ws.on('error', done);
  }
}

function refuse(socket: Duplex, status: 401 | 404, body: unknown): undefined {
  const text = JSON.stringify(body);
  const reason = status === 401 ? 'Unauthorized' : 'Not Found';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
