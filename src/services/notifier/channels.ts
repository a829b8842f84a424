/**
 * Where notices go: a plain webhook (JSON), a Slack incoming webhook, Telegram's Bot API
 * `sendMessage`. Each is one HTTP POST with a timeout; a failure is thrown to the caller, which
 * counts it. The Telegram bot token is part of the URL path, so it is never logged: errors name
 * the channel, not the URL.
 */
import type { Notice } from './notices.js';

export interface Channel {
  readonly name: 'webhook' | 'slack' | 'telegram';
  send(notice: Notice): Promise<void>;
}

async function post(channel: string, url: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${channel} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

const line = (n: Notice) => `[arbees] ${n.text}`;

export function webhookChannel(url: string, timeoutMs = 10_000): Channel {
  return {
    name: 'webhook',
    send: async (n) => {
      await post('webhook', url, { kind: n.kind, severity: n.severity, text: n.text, ts: n.ts }, timeoutMs);
    },
  };
}

export function slackChannel(url: string, timeoutMs = 10_000): Channel {
  return { name: 'slack', send: async (n) => void (await post('slack', url, { text: line(n) }, timeoutMs)) };
}

export function telegramChannel(opts: {
  readonly apiUrl: string;
  readonly botToken: string;
  readonly chatId: string;
  readonly timeoutMs?: number;
}): Channel {
  const url = `${opts.apiUrl.replace(/\/+$/, '')}/bot${opts.botToken}/sendMessage`;
  return {
    name: 'telegram',
    send: async (n) => {
      const answer = (await post(
        'telegram',
        url,
        { chat_id: opts.chatId, text: line(n), disable_notification: n.severity === 'info' },
        opts.timeoutMs ?? 10_000,
      )) as { ok?: boolean; description?: string } | null;
      if (!answer?.ok) throw new Error(`telegram refused the message: ${answer?.description ?? 'no answer'}`);
    },
  };
}
