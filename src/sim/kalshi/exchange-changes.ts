/**
 * The exchange's change listeners, with book changes held back inside `batch` and reported once
 * per market when it ends. Pure.
 */
interface BookChange {
  readonly kind: 'book';
  readonly ticker: string;
}

export class ExchangeChanges<C extends { readonly kind: string }> {
  private readonly listeners = new Set<(change: C) => void>();
  /** Each market's last book change inside `batch`, reported when it ends. */
  private batched: Map<string, C> | null = null;

  listen(listener: (change: C) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  batch<T>(fn: () => T): T {
    if (this.batched) return fn();
    this.batched = new Map();
    try {
      return fn();
    } finally {
      const books = this.batched;
      this.batched = null;
      for (const change of books.values()) this.emit(change);
    }
  }

  emit(change: C): void {
    if (this.batched && change.kind === 'book') {
      this.batched.set((change as unknown as BookChange).ticker, change);
      return;
    }
    for (const listener of this.listeners) listener(change);
  }
}
