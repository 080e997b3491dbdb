/**
 * Failed sign-ins per account (normalised e-mail), kept in memory for one server process. After
 * `limit` failures within `windowMs`, the account is locked until the oldest of them leaves the
 * window; a success clears the account's record. Unknown e-mails are counted the same way, so a
 * lock tells nothing about which accounts exist.
 */
export class LoginAttempts {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxAccounts = 50_000,
  ) {}

  /** Milliseconds until this account may try again, or 0 when it may try now. */
  lockedForMs(account: string): number {
    const recent = this.recent(account);
    if (recent.length < this.limit) return 0;
    return Math.max(0, recent[recent.length - this.limit] + this.windowMs - this.now());
  }

  failed(account: string): void {
    const recent = this.recent(account);
    recent.push(this.now());
    // Only the last `limit` failures decide the lock.
    this.failures.set(account, recent.slice(-this.limit));
    if (this.failures.size > this.maxAccounts) this.forgetExpired();
  }

  succeeded(account: string): void {
    this.failures.delete(account);
  }

  private recent(account: string): number[] {
    const since = this.now() - this.windowMs;
    const recent = (this.failures.get(account) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.failures.delete(account);
    return recent;
  }

  private forgetExpired(): void {
    for (const account of [...this.failures.keys()]) this.recent(account);
    // Still too many accounts under attack at once: drop the oldest records rather than grow without bound.
    for (const account of this.failures.keys()) {
      if (this.failures.size <= this.maxAccounts) break;
      this.failures.delete(account);
    }
  }
}
