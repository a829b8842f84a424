/**
 * Where notices go: a plain webhook (JSON), a Slack incoming webhook, Telegram's Bot API
 * `sendMessage`, AWS SNS `Publish` (the query API, SigV4-signed; email subscribers of the topic). Each is one HTTP POST with a timeout; a failure is thrown to the caller, which
 * counts it. The Telegram bot token is part of the URL path, so it is never logged: errors name
 * the channel, not the URL.
 */
import type { Notice } from './notices.js';
import { type AwsCredentials, signRequest } from './sigv4.js';

export interface Channel {
  readonly name: 'webhook' | 'slack' | 'telegram' | 'sns';
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

/** SNS Publish over the query API: `Action=Publish&TopicArn=…&Subject=…&Message=…`, SigV4-signed. */
export function snsChannel(opts: {
  readonly topicArn: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** Default https://sns.<region>.amazonaws.com/ (a local fake in tests). */
  readonly endpoint?: string;
  readonly now?: () => number;
  readonly timeoutMs?: number;
}): Channel {
  const endpoint = new URL(opts.endpoint ?? `https://sns.${opts.region}.amazonaws.com/`);
  return {
    name: 'sns',
    send: async (n) => {
      const body = new URLSearchParams({
        Action: 'Publish',
        Version: '2010-03-31',
        TopicArn: opts.topicArn,
        Subject: `[arbees] ${n.severity} ${n.kind}`.slice(0, 100),
        Message: n.text,
      }).toString();
      const headers = signRequest({
        method: 'POST',
        path: endpoint.pathname || '/',
        headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
        region: opts.region,
        service: 'sns',
        credentials: opts.credentials,
        nowMs: (opts.now ?? Date.now)(),
      });
      const { host: _host, ...sent } = headers;
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: sent,
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(text)?.[1];
      if (!res.ok || !messageId) {
        const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? 'no MessageId';
        throw new Error(`sns answered ${res.status}: ${code}`);
      }
    },
  };
}
