/** Reading the API from a page: fetch now, again every interval, and again when `refreshKey` changes. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly refresh: () => void;
}

export function usePoll<T>(
  fetcher: () => Promise<T>,
  intervalMs: number,
  refreshKey: unknown = 0,
): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const [manual, setManual] = useState(0);
  const refresh = useCallback(() => setManual((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and manual are the triggers
  useEffect(() => {
    let live = true;
    const load = () =>
      fetcherRef.current().then(
        (value) => {
          if (!live) return;
          setData(value);
          setError(null);
        },
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [intervalMs, refreshKey, manual]);
  return { data, error, refresh };
}
