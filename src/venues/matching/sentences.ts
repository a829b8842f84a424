/**
 * Reads a venue's rules text as a sequence of known sentences. Every sentence must match one of
 * the patterns given; the first that matches none is returned, so a rules text with anything we
 * have not read before is reported with that sentence instead of being half-understood. Names
 * may hold full stops ("St. Louis City SC"): patterns say what follows a name, so they are not
 * split there. Pure.
 */

export interface SentencePattern<T> {
  /** Anchored at the start (`^…`); matched against the rest of the text. */
  readonly re: RegExp;
  readonly read: (match: RegExpExecArray) => T;
}

export interface ReadSentence<T> {
  readonly value: T;
  /** The sentence as written (whitespace collapsed). */
  readonly text: string;
}

export type SentencesResult<T> =
  | { readonly ok: true; readonly sentences: readonly ReadSentence<T>[] }
  | { readonly ok: false; readonly sentence: string };

/** Curly quotes and apostrophes straightened, whitespace (newlines included) collapsed. */
export function normalizeRulesText(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text up to the end of its first sentence, for a message. */
function firstSentence(rest: string): string {
  const m = /^.*?[.:?!](?=\s|$)/.exec(rest);
  const s = m ? m[0] : rest;
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

export function readSentences<T>(text: string, patterns: readonly SentencePattern<T>[]): SentencesResult<T> {
  let rest = normalizeRulesText(text);
  const sentences: ReadSentence<T>[] = [];
  while (rest.length > 0) {
    let matched = false;
    for (const p of patterns) {
      const m = p.re.exec(rest);
      if (m?.index !== 0 || m[0].length === 0) continue;
      sentences.push({ value: p.read(m), text: m[0].trim() });
      rest = rest.slice(m[0].length).trimStart();
      matched = true;
      break;
    }
    if (!matched) return { ok: false, sentence: firstSentence(rest) };
  }
  return { ok: true, sentences };
}
