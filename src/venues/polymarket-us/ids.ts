/** Instrument ids of Polymarket US markets: `polymarket-us:<market slug>`. */
import { asInstrumentId, type InstrumentId } from '../../core/ids.js';

const PREFIX = 'polymarket-us:';

export function pmusInstrumentId(slug: string): InstrumentId {
  return asInstrumentId(`${PREFIX}${slug}`);
}

export function pmusSlugOf(instrumentId: InstrumentId): string | null {
  return instrumentId.startsWith(PREFIX) && instrumentId.length > PREFIX.length
    ? instrumentId.slice(PREFIX.length)
    : null;
}
