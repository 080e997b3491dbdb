import { createHmac } from 'node:crypto';
import { openSecret, sealSecret, signatureHeader } from './signing';

describe('webhook signing', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 of the secret, as API.md says', () => {
    const body = '{"id":"x","type":"gate.opened"}';
    const expected = createHmac('sha256', 'a-secret-of-16-chars').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('a-secret-of-16-chars', 1700000000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('keeps a secret encrypted under WEBHOOK_SECRET_KEY, and refuses another key', () => {
    const key = 'k'.repeat(32);
    const sealed = sealSecret('the-receiver-secret', key);
    expect(sealed).not.toContain('the-receiver-secret');
    expect(sealed).not.toBe(sealSecret('the-receiver-secret', key)); // a fresh IV each time
    expect(openSecret(sealed, key)).toBe('the-receiver-secret');
    expect(() => openSecret(sealed, 'x'.repeat(32))).toThrow('another WEBHOOK_SECRET_KEY');
    expect(() => openSecret(sealed, undefined)).toThrow('WEBHOOK_SECRET_KEY is not set');
    expect(openSecret(sealSecret('plain-secret-here', undefined), undefined)).toBe('plain-secret-here');
  });
});
