/**
 * notifier: operator notices to a webhook, Slack, Telegram and AWS SNS (docs/notifier.md). The
 * channels come from settings; Telegram's bot token (TELEGRAM_BOT_TOKEN) and the AWS keys from the
 * process environment (never settings). With no channel configured it runs and sends nothing.
 */
import { Counter } from 'prom-client';
import {
  type Channel,
  slackChannel,
  snsChannel,
  telegramChannel,
  webhookChannel,
} from '../notifier/channels.js';
import { startNightlyReports } from '../notifier/nightly-report.js';
import type { NoticeKind } from '../notifier/notices.js';
import { noticeSender, startNotifier } from '../notifier/notifier.js';
import { startTelegramCommands, type TelegramCommands } from '../notifier/telegram-commands.js';
import type { ServiceDefinition } from '../service.js';
import { closeAll, subscribed } from './subscriptions.js';

export const notifier: ServiceDefinition = {
  name: 'notifier',
  description:
    'Operator notices (halts, unresolved orders, reconciliation drift, alerts, fills) to webhook, Slack, Telegram.',
  async start(ctx) {
    const c = ctx.config;
    const channels: Channel[] = [];
    if (c.ARBEES_NOTIFY_WEBHOOK_URL) channels.push(webhookChannel(c.ARBEES_NOTIFY_WEBHOOK_URL));
    if (c.ARBEES_NOTIFY_SLACK_URL) channels.push(slackChannel(c.ARBEES_NOTIFY_SLACK_URL));
    const botToken = process.env.TELEGRAM_BOT_TOKEN?.trim();
    if (c.ARBEES_TELEGRAM_CHAT_ID && botToken)
      channels.push(
        telegramChannel({ apiUrl: c.ARBEES_TELEGRAM_API_URL, botToken, chatId: c.ARBEES_TELEGRAM_CHAT_ID }),
      );
    else if (c.ARBEES_TELEGRAM_CHAT_ID)
      ctx.log.warn('ARBEES_TELEGRAM_CHAT_ID is set but TELEGRAM_BOT_TOKEN is not: Telegram is off');
    const env = process.env;
    if (c.ARBEES_SNS_TOPIC_ARN) {
      const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
      const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
      if (accessKeyId && secretAccessKey)
        channels.push(
          snsChannel({
            topicArn: c.ARBEES_SNS_TOPIC_ARN,
            region: c.ARBEES_SNS_TOPIC_ARN.split(':')[3]!,
            credentials: {
              accessKeyId,
              secretAccessKey,
              ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
            },
            ...(c.ARBEES_SNS_URL ? { endpoint: c.ARBEES_SNS_URL } : {}),
          }),
        );
      else
        ctx.log.warn(
          'ARBEES_SNS_TOPIC_ARN is set but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not: SNS is off',
        );
    }
    const notices = new Counter({
      name: 'arbees_notices_total',
      help: 'Notices by channel and result (sent, failed), and by kind when not sent (duplicate, rate-limited)',
      labelNames: ['channel', 'result', 'kind'],
      registers: [ctx.metrics],
    });
    const kinds = c.ARBEES_NOTIFY_KINDS as NoticeKind[];
    const send = noticeSender({
      clock: ctx.wallClock,
      channels,
      kinds,
      perMinute: c.ARBEES_NOTIFY_PER_MINUTE,
      log: ctx.log,
      counters: {
        sent: (channel) => notices.inc({ channel, result: 'sent', kind: '' }),
        failed: (channel) => notices.inc({ channel, result: 'failed', kind: '' }),
        dropped: (kind, why) => notices.inc({ channel: '', result: why, kind }),
      },
    });
    const sub = startNotifier({
      bus: ctx.bus,
      clock: ctx.wallClock,
      channels,
      kinds,
      perMinute: c.ARBEES_NOTIFY_PER_MINUTE,
      log: ctx.log,
      consumer: ctx.instanceId,
      send,
    });
    // The day's report when a UTC day ends on the run's clock (docs/reports.md).
    const nightly =
      kinds.includes('daily-report') && channels.length > 0
        ? startNightlyReports({
            store: ctx.store,
            runId: ctx.runId,
            clock: ctx.clock,
            settings: c,
            send,
            log: ctx.log,
          })
        : null;
    await subscribed(sub);
    let commands: TelegramCommands | null = null;
    if (c.ARBEES_TELEGRAM_CHAT_ID && botToken && c.ARBEES_TELEGRAM_USERS.length > 0) {
      const refused = new Counter({
        name: 'arbees_telegram_commands_refused_total',
        help: 'Telegram commands refused: another chat, a user not allow-listed, or a control from a non-operator',
        registers: [ctx.metrics],
      });
      commands = startTelegramCommands({
        apiUrl: c.ARBEES_TELEGRAM_API_URL,
        botToken,
        allowed: {
          chatId: c.ARBEES_TELEGRAM_CHAT_ID,
          users: c.ARBEES_TELEGRAM_USERS,
          operators: c.ARBEES_TELEGRAM_OPERATORS,
        },
        store: ctx.store,
        bus: ctx.bus,
        clock: ctx.wallClock,
        runId: ctx.runId,
        log: ctx.log,
        reportSettings: c,
        refused: () => refused.inc(),
      });
    }
    ctx.log.info('notifier started', {
      channels: channels.map((ch) => ch.name),
      kinds: c.ARBEES_NOTIFY_KINDS,
    });
    return {
      ready: () => true,
      stop: async () => {
        nightly?.stop();
        await commands?.stop();
        await closeAll([sub]);
      },
    };
  },
};
