/**
 * Where a paper account is kept between processes. The venue runs in memory without one (the
 * backtest: nothing to wait for, nothing written); a paper run gives it the store's, so stopping
 * and starting again under the same run id continues the account.
 */
import type { PaperAccountChange, PaperAccountState } from './account.js';

export interface PaperAccountPersistence {
  /** The account as last saved; null when it was never saved. */
  load(): Promise<PaperAccountState | null>;
  /**
   * Saves a change in one transaction. False, writing nothing, when the store already holds a
   * later version (another process writes this account).
   */
  save(change: PaperAccountChange): Promise<boolean>;
}

/** Raised to `onPersistError` when the store holds a later version of the account than ours. */
export class PaperAccountConflictError extends Error {
  override readonly name = 'PaperAccountConflictError';
  constructor(readonly version: number) {
    super(
      `the stored paper account is newer than version ${version}: another process writes it; this one's changes are not saved`,
    );
  }
}
