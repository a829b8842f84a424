/**
 * The database URL the containers get (sslmode=verify-full&sslrootcert=<CA bundle>) through the
 * store's own connection path, against a local server that answers PostgreSQL's SSLRequest and
 * then speaks TLS with a certificate for "localhost" from a test CA (made here with openssl): the
 * right bundle and host name pass the handshake; another CA, or a host name the certificate does
 * not name, is refused before any credential is sent; a missing bundle is a clear error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RDS_CA_BUNDLE_PATH } from '../../deploy/aws/container.js';
import { StoreConnectionError } from '../../src/store/open.js';
import { openPostgresClient } from '../../src/store/postgres-client.js';

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A CA, a server certificate for "localhost" signed by it, and an unrelated second CA. */
function makeCertificates(dir: string) {
  for (const ca of ['ca', 'other-ca'])
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`,
    ]);
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=localhost',
  ]);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  ]);
}

describe('RDS TLS: verify-full against a CA bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arbees-rds-tls-'));
  let server: Server;
  let port = 0;
  /** Each connection's outcome on the server side: the TLS handshake done, and the bytes received after it. */
  const handshakes: { secure: boolean; plaintextAfter: number }[] = [];
  beforeAll(async () => {
    makeCertificates(dir);
    const key = readFileSync(join(dir, 'server.key'));
    const cert = readFileSync(join(dir, 'server.pem'));
    server = createServer((socket: Socket) => {
      const record = { secure: false, plaintextAfter: 0 };
      handshakes.push(record);
      socket.once('data', (request) => {
        // SSLRequest: length 8, code 80877103. Answer 'S', then TLS on the same socket.
        expect(request.readInt32BE(4)).toBe(80877103);
        socket.write('S');
        const tls = new TLSSocket(socket, { isServer: true, key, cert });
        tls.on('secure', () => {
          record.secure = true;
        });
        tls.on('data', (d: Buffer) => {
          record.plaintextAfter += d.length;
          tls.destroy();
        });
        tls.on('error', () => socket.destroy());
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = async (host: string, bundle: string) => {
    handshakes.length = 0;
    const url = `postgres://arbees:pw-never-sent@${host}:${port}/arbees?sslmode=verify-full&sslrootcert=${bundle}`;
    const error = await openPostgresClient({ databaseUrl: url, maxConnections: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect(String((error as Error).message)).not.toContain('pw-never-sent');
    return { message: (error as Error).message, server: handshakes[0] };
  };

  it('completes the handshake with the right bundle and host name, then sends the startup inside TLS', async () => {
    const { server: seen } = await connect('localhost', join(dir, 'ca.pem'));
    expect(seen).toEqual({ secure: true, plaintextAfter: expect.any(Number) });
    expect(seen!.plaintextAfter).toBeGreaterThan(0);
  });

  it('refuses a certificate from a CA outside the bundle', async () => {
    const { message, server: seen } = await connect('localhost', join(dir, 'other-ca.pem'));
    expect(message).toMatch(/self[- ]signed|unable to (verify|get local issuer)/i);
    expect(seen?.plaintextAfter ?? 0).toBe(0);
  });

  it('refuses a host name the certificate does not name', async () => {
    const { message, server: seen } = await connect('127.0.0.1', join(dir, 'ca.pem'));
    expect(message).toMatch(/does not match certificate's altnames/i);
    expect(seen?.plaintextAfter ?? 0).toBe(0);
  });

  it('names a missing bundle (an image built without it)', async () => {
    const { message } = await connect('localhost', join(dir, 'absent.pem'));
    expect(message).toContain('absent.pem');
  });

  it('is the file the image fetches from AWS at build time', () => {
    const dockerfile = readFileSync('deploy/Dockerfile', 'utf8');
    expect(dockerfile).toContain(
      `ADD --chmod=0644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem ${RDS_CA_BUNDLE_PATH}`,
    );
  });
});
