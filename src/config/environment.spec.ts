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

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['SEED_DEMO', 'perhaps'],
    ['LOG_LEVEL', 'loud'],
  ])('stops on a bad %s, naming the variable', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(new RegExp(`Invalid configuration:[\\s\\S]*${name}=`));
  });
});
