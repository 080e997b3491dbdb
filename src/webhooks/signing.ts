import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/** The AES key: SHA-256 of WEBHOOK_SECRET_KEY. */
const keyOf = (key: string) => new Uint8Array(createHash('sha256').update(key, 'utf8').digest());

/**
 * The webhook signature of API.md, and how secrets are kept at rest. Pure (node:crypto only).
 *
 * `U4SSC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` — the receiver
 * recomputes the HMAC over the exact bytes it received, compares in constant time, and refuses a `t`
 * too far from its clock (replay).
 */
export function signatureHeader(secret: string, unixSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

const SEALED = 'aes256gcm:';
const PLAIN = 'plain:';

/**
 * A secret as stored: `aes256gcm:<iv>:<tag>:<ciphertext>` (base64url; key = SHA-256 of
 * WEBHOOK_SECRET_KEY) when a key is configured, else `plain:<secret>`.
 */
export function sealSecret(secret: string, key: string | undefined): string {
  if (!key) return PLAIN + secret;
  const iv = new Uint8Array(randomBytes(12));
  const cipher = createCipheriv('aes-256-gcm', keyOf(key), iv);
  const body = cipher.update(secret, 'utf8', 'base64url') + cipher.final('base64url');
  return SEALED + [Buffer.from(iv).toString('base64url'), cipher.getAuthTag().toString('base64url'), body].join(':');
}

/** The secret back, to sign with; throws when it was sealed with another key (or none is configured). */
export function openSecret(stored: string, key: string | undefined): string {
  if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
  if (!stored.startsWith(SEALED)) throw new Error('the stored webhook secret has an unknown format');
  if (!key) throw new Error('the webhook secret is encrypted but WEBHOOK_SECRET_KEY is not set');
  const [iv, tag, body] = stored.slice(SEALED.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(key), new Uint8Array(Buffer.from(iv, 'base64url')));
    decipher.setAuthTag(new Uint8Array(Buffer.from(tag, 'base64url')));
    return decipher.update(body, 'base64url', 'utf8') + decipher.final('utf8');
  } catch {
    throw new Error('the webhook secret was encrypted with another WEBHOOK_SECRET_KEY');
  }
}
