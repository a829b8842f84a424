import { busConformanceSuite } from './bus-conformance.js';
import { MemoryBus } from './memory-bus.js';

busConformanceSuite('MemoryBus', async () => {
  const bus = new MemoryBus();
  return { bus, cleanup: () => bus.close() };
});
