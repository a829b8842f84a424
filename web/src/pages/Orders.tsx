/** Orders & fills: our orders with their status, and the fills, newest first. */
import type { ApiClient } from '../api.js';
import { DataTable } from '../DataTable.js';
import { cents, contracts, dollars, time } from '../format.js';
import { usePoll } from '../hooks.js';

export function OrdersPage(props: { readonly api: ApiClient; readonly tick: number }) {
  const { api } = props;
  const orders = usePoll(() => api.get('/api/orders', { limit: '200' }), 3_000, props.tick);
  const fills = usePoll(() => api.get('/api/fills', { limit: '200' }), 3_000, props.tick);
  return (
    <div>
      <h2>Orders</h2>
      {orders.error && <p className="error">{orders.error}</p>}
      <DataTable
        scroll
        testId="orders"
        columns={['when', 'instrument', 'order', 'limit', 'filled', 'status', 'purpose']}
        rows={orders.data?.orders ?? []}
        rowKey={(o) => o.intent.clientOrderId}
        cells={({ intent, status, filledQty }) => [
          time(intent.ts),
          intent.instrumentId,
          `${intent.action} ${contracts(intent.qty)} ${intent.side} ${intent.tif}`,
          cents(intent.limitPrice),
          contracts(filledQty),
          status.replace(/^Order/, ''),
          intent.purpose,
        ]}
      />
      <h2>Fills</h2>
      <DataTable
        scroll
        testId="fills"
        columns={['when', 'instrument', 'fill', 'price', 'fee', 'liquidity']}
        rows={fills.data?.fills ?? []}
        rowKey={(f) => f.fillId}
        cells={(f) => [
          time(f.ts),
          f.instrumentId,
          `${f.action} ${contracts(f.qty)} ${f.side}`,
          cents(f.price),
          dollars(f.fee),
          f.liquidity,
        ]}
      />
    </div>
  );
}
