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
  ])('stops on a bad %s, naming the variable', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${name}=`));
  });
});
