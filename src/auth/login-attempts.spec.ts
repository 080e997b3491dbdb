import { LoginAttempts } from './login-attempts';

describe('LoginAttempts', () => {
  const minute = 60_000;
  let now = 0;
  const attempts = () => new LoginAttempts(3, 15 * minute, () => now);

  beforeEach(() => (now = 1_000_000));

  it('locks an account after the limit of failures within the window, until the oldest leaves it', () => {
    const a = attempts();
    a.failed('x');
    now += minute;
    a.failed('x');
    expect(a.lockedForMs('x')).toBe(0);
    now += minute;
    a.failed('x');
    expect(a.lockedForMs('x')).toBe(13 * minute);
    expect(a.lockedForMs('y')).toBe(0);
    now += 13 * minute;
    expect(a.lockedForMs('x')).toBe(0);
  });

  it('forgets failures older than the window, and all of them on a success', () => {
    const a = attempts();
    a.failed('x');
    a.failed('x');
    now += 16 * minute;
    a.failed('x');
    expect(a.lockedForMs('x')).toBe(0);
    a.failed('x');
    a.succeeded('x');
    a.failed('x');
    expect(a.lockedForMs('x')).toBe(0);
  });

  it('keeps no more than its bound of accounts', () => {
    const a = new LoginAttempts(3, 15 * minute, () => now, 10);
    for (let i = 0; i < 100; i++) a.failed(`user-${i}`);
    expect((a as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(10);
  });
});
