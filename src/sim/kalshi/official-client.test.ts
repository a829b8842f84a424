/** The official kalshi-typescript client, with its own signing, against the simulator. */
import axios from 'axios';
import { Configuration, OrdersApi, PortfolioApi } from 'kalshi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_TICKER, type SimFixture, startSimFixture } from './testing.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await startSimFixture();
});
afterAll(() => fx.close());

// A private axios instance per API object: the SDK otherwise stacks interceptors on global axios.
// The SDK's types name axios' CommonJS build and ours its ESM one: the same object at run time.
type SdkAxios = NonNullable<ConstructorParameters<typeof OrdersApi>[2]>;
const asSdkAxios = (instance: ReturnType<typeof axios.create>) => instance as unknown as SdkAxios;
const ordersApi = (config: Configuration) => new OrdersApi(config, undefined, asSdkAxios(axios.create()));

describe('kalshi-typescript against the simulator', () => {
  it('places an order with createOrderV2 and cancels it with cancelOrderV2', async () => {
    const config = new Configuration({
      apiKey: fx.keyId,
      privateKeyPem: fx.privateKeyPem,
      basePath: fx.baseUrl,
    });
    const api = ordersApi(config);
    const created = await api.createOrderV2({
      ticker: SIM_TICKER,
      client_order_id: 'official-1',
      side: 'bid',
      count: '3.00',
      price: '0.3000',
      time_in_force: 'good_till_canceled',
      self_trade_prevention_type: 'taker_at_cross',
    });
    expect(created.status).toBe(201);
    expect(created.data.client_order_id).toBe('official-1');
    expect(created.data.remaining_count).toBe('3.00');
    const orderId = created.data.order_id;

    const canceled = await api.cancelOrderV2(orderId);
    expect(canceled.data.order_id).toBe(orderId);
    expect(canceled.data.reduced_by).toBe('3.00');
    expect(fx.sim.exchange.orders.get(orderId)?.status).toBe('canceled');

    const balance = await new PortfolioApi(config, undefined, asSdkAxios(axios.create())).getBalance();
    expect(balance.data.balance).toBe(100_000);
  });

  it('answers 401 in Kalshi error shape to an unknown key', async () => {
    const config = new Configuration({
      apiKey: 'not-registered',
      privateKeyPem: fx.privateKeyPem,
      basePath: fx.baseUrl,
    });
    const error = await ordersApi(config)
      .getOrders()
      .catch((e: unknown) => e);
    expect(axios.isAxiosError(error)).toBe(true);
    const response = (error as import('axios').AxiosError).response;
    expect(response?.status).toBe(401);
    expect(response?.data).toMatchObject({
      code: 'authentication_error',
      message: expect.any(String),
      service: 'trade-api',
    });
    expect(response?.data).toHaveProperty('details');
  });

  it('answers 401 to a tampered signature', async () => {
    const client = axios.create({ validateStatus: () => true });
    const config = new Configuration({
      apiKey: fx.keyId,
      privateKeyPem: fx.privateKeyPem,
      basePath: fx.baseUrl,
    });
    // Sign correctly with the SDK, then flip one character of the signature before sending.
    client.interceptors.request.use((req) => {
      const sig = String(req.headers['KALSHI-ACCESS-SIGNATURE']);
      req.headers['KALSHI-ACCESS-SIGNATURE'] = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
      return req;
    });
    const before = fx.sim.stats.authFailures;
    const res = await new PortfolioApi(config, undefined, asSdkAxios(client)).getBalance();
    expect(res.status).toBe(401);
    expect(res.data).toMatchObject({ code: 'authentication_error', message: 'invalid signature' });
    expect(fx.sim.stats.authFailures).toBe(before + 1);
  });
});
