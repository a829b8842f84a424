/**
 * The API's WebSocket of live updates (/api/ws): authenticates with its first message (a browser
 * cannot set headers on an upgrade), subscribes to the topics the dashboard shows, and reconnects
 * after a drop. Listeners get each event; the connection state drives the "live" indicator.
 */
import type { LiveServerMessage, LiveTopic } from '../../src/api/contract.js';

export type LiveState = 'connecting' | 'live' | 'down';
export type LiveEvent = Extract<LiveServerMessage, { type: 'event' }>;

export interface LiveSocket {
  onEvent(listener: (event: LiveEvent) => void): () => void;
  onState(listener: (state: LiveState) => void): () => void;
  close(): void;
}

const RECONNECT_MS = 3_000;

export function openLiveSocket(token: string, topics: readonly LiveTopic[]): LiveSocket {
  const events = new Set<(event: LiveEvent) => void>();
  const states = new Set<(state: LiveState) => void>();
  let socket: WebSocket | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const setState = (s: LiveState) => {
    for (const l of states) l(s);
  };
  const connect = () => {
    setState('connecting');
    const url = new URL('api/ws', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
    ws.onmessage = (m) => {
      const message = JSON.parse(String(m.data)) as LiveServerMessage;
      if (message.type === 'ready') ws.send(JSON.stringify({ type: 'subscribe', topics }));
      else if (message.type === 'subscribed') setState('live');
      else if (message.type === 'event') for (const l of events) l(message);
    };
    ws.onclose = () => {
      setState('down');
      if (!closed) retry = setTimeout(connect, RECONNECT_MS);
    };
  };
  connect();
  return {
    onEvent(listener) {
      events.add(listener);
      return () => events.delete(listener);
    },
    onState(listener) {
      states.add(listener);
      return () => states.delete(listener);
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    },
  };
}
