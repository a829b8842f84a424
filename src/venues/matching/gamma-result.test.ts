/**
 * Telling a soccer Yes/No market's result apart: names compared whole (slug suffix, title,
 * question, rules), never by substring; sources that disagree, or that name neither team, refuse.
 */
import { describe, expect, it } from 'vitest';
import { teamByEspnAbbreviation } from '../teams/index.js';
import { gammaListingFromRaw } from './gamma-listing.js';
import { soccerMarketResult } from './gamma-result.js';
import { listingSide } from './listing.js';
import { gammaEventJson } from './listing-writer.js';

const league = 'eng.1';
// Chelsea at home to Manchester United: "Manchester United" holds Chelsea's code, CHE.
const sides = [
  listingSide(league, 'gamma', 'che', ['Chelsea FC', 'Chelsea']),
  listingSide(league, 'gamma', 'mun', ['Manchester United FC', 'Man United']),
] as const;
const eventSlug = 'epl-che-mun-2026-10-04';
const read = (market: { slug?: string; groupItemTitle?: string; question?: string }) =>
  soccerMarketResult({
    league,
    eventSlug,
    sides,
    market: {
      slug: market.slug ?? null,
      groupItemTitle: market.groupItemTitle ?? null,
      question: market.question ?? null,
    },
  });

describe('soccerMarketResult', () => {
  it("reads the away team's market whose question contains the home team's code", () => {
    expect(
      read({
        slug: `${eventSlug}-mun`,
        groupItemTitle: 'Manchester United FC',
        question: 'Will Manchester United win on 2026-10-04?',
      }),
    ).toEqual({ ok: true, pays: 1, sources: ['slug', 'title', 'question'] });
    expect(read({ question: 'Will Manchester United win on 2026-10-04?' })).toMatchObject({
      ok: true,
      pays: 1,
    });
  });

  it('reads the draw market from its slug, title and question', () => {
    expect(
      read({
        slug: `${eventSlug}-draw`,
        groupItemTitle: 'Draw (Chelsea FC vs. Manchester United FC)',
        question: 'Will Chelsea FC vs. Manchester United FC end in a draw?',
      }),
    ).toMatchObject({ ok: true, pays: 'draw' });
  });

  it('refuses sources that disagree, or a slug or title that names neither team', () => {
    expect(read({ slug: `${eventSlug}-che`, groupItemTitle: 'Manchester United FC' })).toEqual({
      ok: false,
      detail: expect.stringMatching(/different results: slug .* is che, title .* is mun/),
    });
    expect(read({ slug: `${eventSlug}-ars` })).toEqual({
      ok: false,
      detail: expect.stringContaining('names neither team'),
    });
    expect(read({ groupItemTitle: 'Manchester' })).toMatchObject({ ok: false });
    // Nothing but a question in another form: nothing names the result.
    expect(read({ question: 'Manchester United to beat Chelsea?' })).toEqual({
      ok: false,
      detail: expect.stringContaining('nothing in it'),
    });
  });

  it('lets a question naming no team in words the tables know say nothing, not decide', () => {
    expect(
      read({ slug: `${eventSlug}-mun`, question: 'Will the Red Devils win on 2026-10-04?' }),
    ).toMatchObject({
      ok: true,
      pays: 1,
      sources: ['slug'],
    });
  });
});

describe('gammaListingOf on soccer result markets', () => {
  const game = (() => {
    const home = teamByEspnAbbreviation(league, 'CHE');
    const away = teamByEspnAbbreviation(league, 'MAN');
    if (!home || !away) throw new Error('table');
    return { league, home, away, startTs: Date.parse('2026-10-04T14:00Z') } as const;
  })();

  it('maps each YES token to its result', () => {
    const r = gammaListingFromRaw(gammaEventJson(game), { simulated: true });
    if (!r.ok) throw new Error(JSON.stringify(r.unread));
    // The event lists the away team first: side 0 is Manchester United; markets are home, draw, away.
    expect(r.listing.outcomes.map((o) => o.pays)).toEqual([1, 'draw', 0]);
    expect(r.listing.outcomes.every((o) => o.conditionId?.startsWith('0x'))).toBe(true);
  });

  it('refuses a market whose slug says one team and whose rules say the other', () => {
    const raw = gammaEventJson(game) as { markets: Record<string, unknown>[] };
    const home = raw.markets[0] as Record<string, unknown>;
    raw.markets[0] = { ...home, slug: String(home.slug).replace(/-[a-z]+$/, '-mun') };
    const r = gammaListingFromRaw(raw, { simulated: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.unread.reason).toMatchObject({ kind: 'rules_contradict_listing' });
    expect(JSON.stringify(r.unread.reason)).toMatch(/slug .* is mun.* rules .* is che/);
  });
});
