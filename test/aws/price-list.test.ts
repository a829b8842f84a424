/**
 * The price refresh check against a local server that speaks the Price List Query API's JSON
 * protocol (AWSPriceListService.GetProducts), through the real AWS SDK v3 client: the query sent,
 * the on-demand rate read from a Price List item, and a changed or unmatched price reported.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PricingClient } from '@aws-sdk/client-pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrice, onDemandRates, PRICE_QUERIES, renderChecks } from '../../deploy/aws/cost/price-list.js';

/** A Price List item as GetProducts returns it: a JSON string. */
const item = (usd: string) =>
  JSON.stringify({
    product: { sku: 'SKU1', attributes: { regionCode: 'us-east-1' } },
    serviceCode: 'AmazonRDS',
    terms: {
      OnDemand: {
        'SKU1.TERM': {
          priceDimensions: { 'SKU1.TERM.RATE': { unit: 'Hrs', pricePerUnit: { USD: usd } } },
        },
      },
      Reserved: {
        'SKU1.RI': { priceDimensions: { 'SKU1.RI.RATE': { unit: 'Quantity', pricePerUnit: { USD: '99' } } } },
      },
    },
  });

interface Received {
  target: string | undefined;
  body: { ServiceCode: string; Filters: { Type: string; Field: string; Value: string }[] };
}

describe('Price List check (local GetProducts server, AWS SDK v3 client)', () => {
  const received: Received[] = [];
  let answer: (body: Received['body']) => string[] = () => [];
  const server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as Received['body'];
    received.push({ target: req.headers['x-amz-target'] as string | undefined, body });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ FormatVersion: 'aws_v1', PriceList: answer(body) }));
  });
  let client: PricingClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new PricingClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-only' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const rdsMicro = PRICE_QUERIES.find((q) => q.id === 'RDS PostgreSQL db.t4g.micro hour')!;

  it('reads the on-demand USD rate of an item, ignoring reserved terms', () => {
    expect(onDemandRates(item('0.0160000000'))).toEqual([16_000]);
  });

  it('sends GetProducts with TERM_MATCH filters and finds the committed price unchanged', async () => {
    answer = () => [item('0.0160000000')];
    const check = await checkPrice(client, rdsMicro);
    expect(check).toMatchObject({ kind: 'same', listed: 16_000 });
    const last = received.at(-1)!;
    expect(last.target).toBe('AWSPriceListService.GetProducts');
    expect(last.body.ServiceCode).toBe('AmazonRDS');
    expect(last.body.Filters).toEqual(
      expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'db.t4g.micro' },
        { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
      ]),
    );
  });

  it('reports a changed price and a query that matches nothing or too much', async () => {
    answer = () => [item('0.0170000000')];
    const changed = await checkPrice(client, rdsMicro);
    expect(changed).toMatchObject({ kind: 'changed', listed: 17_000 });
    answer = () => [];
    const none = await checkPrice(client, rdsMicro);
    expect(none).toMatchObject({ kind: 'unmatched', reason: 'no product with an on-demand rate' });
    answer = () => [item('0.016'), item('0.032')];
    const many = await checkPrice(client, rdsMicro);
    expect(many).toMatchObject({ kind: 'unmatched' });
    expect(renderChecks([changed, none, many])).toMatch(
      /^changed +RDS PostgreSQL db\.t4g\.micro hour +committed \$0\.016000 +listed \$0\.017000$/m,
    );
  });

  it('has a query for every hourly price the estimator uses most', () => {
    const ids = PRICE_QUERIES.map((q) => q.id);
    for (const id of [
      'Fargate ARM vCPU-hour',
      'NAT Gateway hour',
      'ALB hour',
      'public IPv4 hour',
      'EC2 t4g.nano hour',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
