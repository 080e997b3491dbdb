import { validateEnvironment } from './environment';

describe('configuration read at boot', () => {
  it('applies the defaults of API.md', () => {
    const env = validateEnvironment({});
    expect(env).toEqual(expect.objectContaining({ PORT: 3000, DATA_DIR: './data', ADMIN_EMAIL: 'admin@u4ssc.local' }));
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SEED_DEMO).toBeUndefined();
  });

  it('reads numbers and booleans from their text', () => {
    const env = validateEnvironment({ PORT: '8080', SEED_DEMO: 'false', DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(env).toEqual(expect.objectContaining({ PORT: 8080, SEED_DEMO: false, DATABASE_URL: 'postgres://u@h:5432/db' }));
  });

  it('sweeps every minute, reminds 2 days before, escalates 3 days after; the mail server is optional and never echoed', () => {
    const env = validateEnvironment({});
    expect(env).toEqual(expect.objectContaining({ SWEEP_INTERVAL_MS: 60_000, DEADLINE_REMINDER_DAYS: 2, ESCALATION_GRACE_DAYS: 3, OUTBOX_POLL_MS: 5_000 }));
    expect(env.SMTP_URL).toBeUndefined();
    expect(validateEnvironment({ SWEEP_INTERVAL_MS: '0', SMTP_URL: 'smtp://u:p@mail:587' })).toEqual(expect.objectContaining({ SWEEP_INTERVAL_MS: 0, SMTP_URL: 'smtp://u:p@mail:587' }));
    expect(() => validateEnvironment({ SMTP_URL: 'ftp://u:secret@mail' })).toThrow(/SMTP_URL=\(hidden\)/);
  });

  it('retries webhooks from 10 s, gives each 10 s, allows no private host; the secret key is optional and never echoed', () => {
    expect(validateEnvironment({})).toEqual(expect.objectContaining({ WEBHOOK_RETRY_BASE_MS: 10_000, WEBHOOK_TIMEOUT_MS: 10_000, WEBHOOK_ALLOW_HOSTS: '' }));
    expect(validateEnvironment({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1, hooks.internal,10.0.0.0/8,[::1]', WEBHOOK_RETRY_BASE_MS: '50' })).toEqual(
      expect.objectContaining({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1, hooks.internal,10.0.0.0/8,[::1]', WEBHOOK_RETRY_BASE_MS: 50 }),
    );
    expect(() => validateEnvironment({ WEBHOOK_SECRET_KEY: 'not-long-enough' })).toThrow(/WEBHOOK_SECRET_KEY=\(hidden\)/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['SEED_DEMO', 'perhaps'],
    ['LOG_LEVEL', 'loud'],
    ['SWEEP_INTERVAL_MS', '-1'],
    ['OUTBOX_POLL_MS', 'often'],
    ['DEADLINE_REMINDER_DAYS', '400'],
    ['ESCALATION_GRACE_DAYS', 'a week'],
    ['SMTP_URL', 'http://mail.example.org'],
    ['MAIL_FROM', 'nobody'],
    ['WEBHOOK_RETRY_BASE_MS', '0'],
    ['WEBHOOK_TIMEOUT_MS', 'ten seconds'],
    ['WEBHOOK_ALLOW_HOSTS', 'http://127.0.0.1/'],
    ['WEBHOOK_SECRET_KEY', 'short'],
  ])('stops on a bad %s, naming the variable', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${name}=`));
  });
});
