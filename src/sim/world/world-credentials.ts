/**
 * The trader's credentials in the simulated world, as a real account would hold them: a Kalshi
 * API key (an RSA key pair; its private PEM in a file only the owner can read, as Kalshi hands
 * it out), a Polymarket wallet (an EOA private key) and a Polymarket US API key (a key id and
 * the base64 of an Ed25519 seed, as polymarket.us/developer shows it). Made fresh unless given, so nothing
 * real is ever used; the world registers and funds them in its simulators.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { loadKalshiPrivateKey } from '../../venues/kalshi/auth.js';
import { pmusPrivateKeyFromSecret, pmusPublicKeyBase64 } from '../../venues/polymarket-us/auth.js';

export interface GivenWorldCredentials {
  readonly kalshi?: { readonly keyId: string; readonly privateKeyPem: string };
  readonly polymarket?: { readonly privateKey: `0x${string}` };
  readonly polymarketUs?: { readonly keyId: string; readonly secret: string };
}

export interface WorldCredentials {
  readonly kalshi: {
    readonly keyId: string;
    readonly privateKeyPem: string;
    /** A private temporary file holding the PEM (KALSHI_PRIVATE_KEY_PATH); removed when the world closes. */
    readonly privateKeyPath: string;
  };
  readonly polymarket: { readonly privateKey: `0x${string}` };
  /** The Polymarket US API key: its id and secret (base64 of the 32-byte Ed25519 seed). */
  readonly polymarketUs: { readonly keyId: string; readonly secret: string };
}

export interface MadeWorldCredentials {
  readonly credentials: WorldCredentials;
  /** The Kalshi key's public half, for the simulator's key registry. */
  readonly kalshiPublicKeyPem: string;
  /** The Polymarket wallet's address (lower case), the account the simulator funds. */
  readonly polymarketAddress: string;
  /** The Polymarket US key's public half (raw 32 bytes, base64), for the simulator's key registry. */
  readonly polymarketUsPublicKey: string;
  /** Removes the PEM file and its directory. */
  dispose(): Promise<void>;
}

export async function makeWorldCredentials(given: GivenWorldCredentials = {}): Promise<MadeWorldCredentials> {
  const privateKeyPem =
    given.kalshi?.privateKeyPem ??
    generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
  // A given PEM that is not an RSA key is refused here, naming the problem, not at the first request.
  const privateKey = loadKalshiPrivateKey(privateKeyPem);
  const kalshiPublicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const dir = await mkdtemp(join(tmpdir(), 'arbees-world-'));
  const privateKeyPath = join(dir, 'kalshi-key.pem');
  await writeFile(privateKeyPath, privateKeyPem, { mode: 0o600 });
  const wallet = given.polymarket?.privateKey ?? generatePrivateKey();
  const polymarketUs = given.polymarketUs ?? {
    keyId: randomUUID(),
    secret: randomBytes(32).toString('base64'),
  };
  // A given secret that is not an Ed25519 seed is refused here, naming the problem.
  const polymarketUsPublicKey = pmusPublicKeyBase64(pmusPrivateKeyFromSecret(polymarketUs.secret));
  return {
    credentials: {
      kalshi: { keyId: given.kalshi?.keyId ?? randomUUID(), privateKeyPem, privateKeyPath },
      polymarket: { privateKey: wallet },
      polymarketUs,
    },
    kalshiPublicKeyPem,
    polymarketAddress: privateKeyToAccount(wallet).address.toLowerCase(),
    polymarketUsPublicKey,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
