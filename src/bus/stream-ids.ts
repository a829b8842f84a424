/** Stream ids "<ms>-<seq>", as Redis Streams writes them and as every Bus reports them. */

/** Orders two stream ids (negative, zero, positive, like a sort comparator). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
