import { createHmac } from 'node:crypto';
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  it('matches the specification’s published example', () => {
    // standard-webhooks/standard-webhooks, libraries' shared test vector.
    expect(
      signWebhook(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('signs with every secret in force, each verifiable alone; a changed body or an old timestamp fails', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(current).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const now = new Date('2026-11-27T08:00:00Z');
    const body = '{"id":"e1"}';
    const headers = webhookHeaders([current, previous], 'e1', body, now);
    expect(headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    const signed = {
      id: headers['webhook-id']!,
      timestamp: headers['webhook-timestamp']!,
      signature: headers['webhook-signature']!,
    };
    expect(signed.signature.split(' ')).toHaveLength(2);
    expect(verifyWebhook(current, signed, body, { now })).toBe(true);
    expect(verifyWebhook(previous, signed, body, { now })).toBe(true);
    expect(verifyWebhook(generateWebhookSecret(), signed, body, { now })).toBe(false);
    expect(verifyWebhook(current, signed, '{"id":"e2"}', { now })).toBe(false);
    expect(verifyWebhook(current, signed, body, { now: new Date(now.getTime() + 301_000) })).toBe(false);
    // The key is the secret's decoded bytes, not its text.
    const key = Buffer.from(current.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update(`e1.${signed.timestamp}.${body}`).digest('base64');
    expect(signed.signature.split(' ')[0]).toBe(`v1,${mac}`);
  });
});
