/**
 * Reading Redis Streams replies (RESP2 shapes, as the Redis documentation shows them) and
 * decoding stream entries into typed events. Everything here is defensive: a reply or an entry
 * that is not what we expect becomes an error value or a malformed entry, never a crash.
 */
import { type ArbeesEvent, isEventType, type Topic, topicOf } from '../core/events.js';

/** One stream entry; `fields` is null when the entry was deleted (trimmed) while still pending. */
export interface StreamEntry {
  readonly id: string;
  readonly fields: readonly string[] | null;
}

/** XREADGROUP reply: `[[key, [[id, [field, value, ...]], ...]], ...]`, or null on timeout. */
export function parseReadReply(reply: unknown): Map<string, StreamEntry[]> {
  const byKey = new Map<string, StreamEntry[]>();
  if (!Array.isArray(reply)) return byKey;
  for (const stream of reply) {
    if (!Array.isArray(stream) || typeof stream[0] !== 'string' || !Array.isArray(stream[1])) continue;
    const entries: StreamEntry[] = [];
    for (const raw of stream[1]) {
      if (!Array.isArray(raw) || typeof raw[0] !== 'string') continue;
      const fields = Array.isArray(raw[1]) ? raw[1].map(String) : null;
      entries.push({ id: raw[0], fields });
    }
    byKey.set(stream[0], entries);
  }
  return byKey;
}

/** XPENDING extended form: `[[id, consumer, idleMs, deliveries], ...]` as id -> deliveries. */
export function parseDeliveryCounts(reply: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (!Array.isArray(reply)) return counts;
  for (const row of reply) {
    if (Array.isArray(row) && typeof row[0] === 'string') counts.set(row[0], Number(row[3]));
  }
  return counts;
}

/** XAUTOCLAIM … JUSTID: `[nextCursor, [id, ...], [deletedId, ...]]` (the third part since Redis 7). */
export function parseAutoClaimReply(reply: unknown): {
  cursor: string;
  claimed: string[];
  deleted: string[];
} {
  if (!Array.isArray(reply)) return { cursor: '0-0', claimed: [], deleted: [] };
  const ids = (x: unknown) => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);
  return { cursor: String(reply[0] ?? '0-0'), claimed: ids(reply[1]), deleted: ids(reply[2]) };
}

/** A flat `[name, value, name, value, ...]` reply (XINFO) as a record. */
export function pairsToRecord(reply: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = reply[i + 1];
  return out;
}

/** The field that carries the event JSON in every entry this bus writes. */
export const EVENT_FIELD = 'e';

export type DecodedEntry =
  | { readonly ok: true; readonly event: ArbeesEvent; readonly payload: string }
  | { readonly ok: false; readonly reason: string; readonly payload: string };

/**
 * Turns an entry's fields into an event of `topic`. Checks the envelope only (JSON object, known
 * type, string id, numeric ts, right topic): the producers are our own typed code, and this guards
 * against foreign or corrupted writes, not against a producer lying about an event's shape.
 */
export function decodeEntry(fields: readonly string[], topic: Topic): DecodedEntry {
  let payload: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === EVENT_FIELD) payload = fields[i + 1];
  }
  if (payload === undefined) {
    return { ok: false, reason: `no "${EVENT_FIELD}" field`, payload: JSON.stringify(fields) };
  }
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}`, payload };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object', payload };
  }
  const candidate = value as { type?: unknown; id?: unknown; ts?: unknown };
  if (!isEventType(candidate.type)) {
    return { ok: false, reason: `unknown event type ${JSON.stringify(candidate.type)}`, payload };
  }
  if (typeof candidate.id !== 'string' || !Number.isFinite(candidate.ts)) {
    return { ok: false, reason: 'missing string "id" or numeric "ts"', payload };
  }
  const event = value as ArbeesEvent;
  const belongsTo = topicOf(event);
  if (belongsTo !== topic) {
    return { ok: false, reason: `${event.type} belongs on topic ${belongsTo}, not ${topic}`, payload };
  }
  return { ok: true, event, payload };
}
