/**
 * The fitted NFL win-probability parameters shipped with the repository. The JSON file is the
 * source of truth; it is rewritten by `npm run fit:nfl`.
 */

import { NFL_WP_FEATURES, type NflWpParams } from './win-probability.js';
import params from './wp-params.json' with { type: 'json' };

/** Refuses a params file that does not match the feature list, e.g. one fitted before a change. */
function checked(raw: typeof params): NflWpParams {
  const names = Object.keys(raw.coefficients);
  const missing = NFL_WP_FEATURES.filter((f) => !names.includes(f));
  const extra = names.filter((n) => !(NFL_WP_FEATURES as readonly string[]).includes(n));
  if (raw.model !== 'nfl-wp-logistic' || missing.length > 0 || extra.length > 0) {
    throw new Error(
      `wp-params.json does not match the model's features (missing: ${missing.join(', ') || 'none'}; ` +
        `unknown: ${extra.join(', ') || 'none'}); run npm run fit:nfl`,
    );
  }
  return raw as NflWpParams;
}

export const DEFAULT_NFL_WP_PARAMS: NflWpParams = checked(params);
