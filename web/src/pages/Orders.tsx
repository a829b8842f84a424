/** Orders & fills: our orders with their status, and the fills, newest first. */
import type { ApiClient } from '../api.js';
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
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>when</th>
              <th>instrument</th>
              <th>order</th>
              <th>limit</th>
              <th>filled</th>
              <th>status</th>
              <th>purpose</th>
            </tr>
          </thead>
          <tbody data-testid="orders">
            {(orders.data?.orders ?? []).map(({ intent, status, filledQty }) => (
              <tr key={intent.clientOrderId}>
                <td>{time(intent.ts)}</td>
                <td>{intent.instrumentId}</td>
                <td>
                  {intent.action} {contracts(intent.qty)} {intent.side} {intent.tif}
                </td>
                <td>{cents(intent.limitPrice)}</td>
                <td>{contracts(filledQty)}</td>
                <td>{status.replace(/^Order/, '')}</td>
                <td>{intent.purpose}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Fills</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th>when</th>
              <th>instrument</th>
              <th>fill</th>
              <th>price</th>
              <th>fee</th>
              <th>liquidity</th>
            </tr>
          </thead>
          <tbody data-testid="fills">
            {(fills.data?.fills ?? []).map((f) => (
              <tr key={f.fillId}>
                <td>{time(f.ts)}</td>
                <td>{f.instrumentId}</td>
                <td>
                  {f.action} {contracts(f.qty)} {f.side}
                </td>
                <td>{cents(f.price)}</td>
                <td>{dollars(f.fee)}</td>
                <td>{f.liquidity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
