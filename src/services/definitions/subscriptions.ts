/** Helpers the service definitions share. */
import type { Subscription } from '../../bus/port.js';

/** Resolves once the subscription's consumer groups exist (Redis); at once on other buses. */
export async function subscribed(sub: Subscription): Promise<void> {
  const ready = (sub as { ready?: Promise<void> }).ready;
  if (ready) await ready;
}

export async function closeAll(subs: readonly Subscription[]): Promise<void> {
  await Promise.all(subs.map((s) => s.close()));
}
