import { plainToInstance } from 'class-transformer';
import { fieldProblems } from '../common/validation';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { passwordProblem } from '../common/password-policy';

/**
 * Every setting the server reads, validated at boot. A bad value stops the server
 * with a message naming the variable (see API.md "Running").
 */
export class Environment {
  @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString() @MinLength(1)
  DATA_DIR = './data';

  @IsEmail({ require_tld: false })
  ADMIN_EMAIL = 'admin@u4ssc.local';

  /** Checked against the password policy (src/users/password-policy.ts) with ADMIN_EMAIL. */
  @IsOptional() @IsString()
  ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Seed the demo city; default: on for the embedded database, off for DATABASE_URL. */
  @IsOptional() @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  /** Login attempts per client (IP address) per minute: high enough for a city office behind one address. */
  @IsInt() @Min(1)
  LOGIN_RATE_LIMIT = 60;

  /** Failed logins per account (e-mail) within LOGIN_ACCOUNT_LOCK_SECONDS before that account answers 429. */
  @IsInt() @Min(1)
  LOGIN_ACCOUNT_FAILURE_LIMIT = 5;

  /** The window in which an account's failed logins are counted, and how long it then stays locked. */
  @IsInt() @Min(1) @Max(86400)
  LOGIN_ACCOUNT_LOCK_SECONDS = 15 * 60;

  @IsInt() @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  @IsInt() @Min(4) @Max(15)
  BCRYPT_ROUNDS = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * Which reverse proxies to believe about the client (X-Forwarded-Proto, -Host, -For): Express's
   * `trust proxy` — `false` (default: the headers are ignored), `true`, a number of hops, or
   * comma-separated addresses/CIDRs or `loopback`, `linklocal`, `uniquelocal`. Behind a TLS proxy it
   * must be set, or the dashboard's forms (their Origin is https) and its Secure cookie do not work.
   */
  @IsOptional() @IsString() @Matches(/^(true|false|\d{1,2}|[\w.:/, -]{1,500})$/, { message: 'TRUST_PROXY must be true, false, a number of hops, or addresses' })
  TRUST_PROXY?: string;

  /** How often the outbox worker looks for messages to deliver (it is also nudged after each change); 0: never (tests drain it). */
  @IsInt() @Min(0)
  OUTBOX_POLL_MS = 5_000;

  /** How often the deadline sweep runs; 0: never (tests run it with a controlled clock). */
  @IsInt() @Min(0)
  SWEEP_INTERVAL_MS = 60_000;

  /** A reminder goes out this many days before a task or a gate is due. */
  @IsInt() @Min(0) @Max(365)
  DEADLINE_REMINDER_DAYS = 2;

  /** A task or gate still overdue this many days after it was due escalates to the engagement's programme manager. */
  @IsInt() @Min(0) @Max(365)
  ESCALATION_GRACE_DAYS = 3;

  /** smtp:// or smtps:// URL of the mail server; unset: e-mails are kept in the outbox as logged and written to the log. */
  @IsOptional() @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of e-mails. */
  @IsEmail({ require_tld: false })
  MAIL_FROM = 'roadmap@u4ssc.local';

  /**
   * Hosts (names or IP addresses) and CIDRs, comma-separated, that webhooks may reach although they are
   * loopback, private, link-local or otherwise not public (src/webhooks/address-policy.ts). Empty: none.
   * Each entry is checked when the webhooks module starts (a bad one stops the server).
   */
  @IsString()
  @Matches(/^\s*([\w.:[\]-]+(\/\d{1,3})?)?(\s*,\s*([\w.:[\]-]+(\/\d{1,3})?)?)*\s*$/, {
    message: 'WEBHOOK_ALLOW_HOSTS must list host names, IP addresses or CIDRs, comma-separated',
  })
  WEBHOOK_ALLOW_HOSTS = '';

  /** The wait before a failed webhook delivery's first retry; each later wait doubles (with up to 20 % jitter). */
  @IsInt() @Min(1)
  WEBHOOK_RETRY_BASE_MS = 10_000;

  /** How long one webhook delivery may take (connect, send, first byte of the answer) before it counts as failed. */
  @IsInt() @Min(100) @Max(120_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Encrypts webhook secrets at rest (AES-256-GCM, key = SHA-256 of this value): a copy of the database
   * alone does not reveal them. Unset: they are stored as given (the log warns at start).
   */
  @IsOptional() @IsString() @MinLength(32, { message: 'WEBHOOK_SECRET_KEY must be at least 32 characters' })
  WEBHOOK_SECRET_KEY?: string;

  /**
   * The largest evidence file (POST …/kpi-values/:code/evidence) in bytes; larger is 413. Default 10 MiB.
   * The files are kept in the database: mind its size (and PostgreSQL's 1 GB bytea limit) before raising it.
   */
  @IsInt() @Min(1) @Max(100 * 1024 * 1024)
  EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

  /** The Chromium that prints PDF reports (Debian: `apt-get install chromium`); missing, PDF answers 503 and HTML still works. */
  @IsString() @MinLength(1)
  CHROMIUM_PATH = '/usr/bin/chromium';
}

const INTEGER_KEYS = [
  'PORT',
  'LOGIN_RATE_LIMIT',
  'LOGIN_ACCOUNT_FAILURE_LIMIT',
  'LOGIN_ACCOUNT_LOCK_SECONDS',
  'JWT_TTL_SECONDS',
  'BCRYPT_ROUNDS',
  'OUTBOX_POLL_MS',
  'SWEEP_INTERVAL_MS',
  'DEADLINE_REMINDER_DAYS',
  'ESCALATION_GRACE_DAYS',
  'WEBHOOK_RETRY_BASE_MS',
  'WEBHOOK_TIMEOUT_MS',
  'EVIDENCE_MAX_BYTES',
] as const;
/** Never echoed in an error message. */
const SECRET_KEYS = new Set(['ADMIN_PASSWORD', 'JWT_SECRET', 'SMTP_URL', 'WEBHOOK_SECRET_KEY']);
const BOOLEAN_KEYS = ['SEED_DEMO'] as const;

/** Turns the raw process environment into a validated Environment, or throws naming each bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(new Environment()).concat(['DATABASE_URL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'SEED_DEMO', 'TRUST_PROXY', 'SMTP_URL', 'WEBHOOK_SECRET_KEY'])) {
    const value = raw[key];
    if (value === undefined || value === '') continue;
    input[key] = value;
  }
  for (const key of INTEGER_KEYS) {
    if (typeof input[key] === 'string') input[key] = /^-?\d+$/.test(input[key] as string) ? Number(input[key]) : input[key];
  }
  for (const key of BOOLEAN_KEYS) {
    const v = input[key];
    if (v === 'true' || v === '1') input[key] = true;
    else if (v === 'false' || v === '0') input[key] = false;
  }
  const env = plainToInstance(Environment, input);
  const errors = validateSync(env, { skipMissingProperties: false });
  const shown = (key: string, value: unknown) => `${key}=${SECRET_KEYS.has(key) ? '(hidden)' : JSON.stringify(value)}`;
  const lines = errors.map((e) => `  ${shown(e.property, e.value)}: ${fieldProblems([e]).map((p) => p.message).join('; ')}`);
  if (!errors.some((e) => e.property === 'ADMIN_PASSWORD' || e.property === 'ADMIN_EMAIL') && env.ADMIN_PASSWORD !== undefined) {
    const problem = passwordProblem(env.ADMIN_PASSWORD, env.ADMIN_EMAIL, 'ADMIN_PASSWORD');
    if (problem) lines.push(`  ${shown('ADMIN_PASSWORD', env.ADMIN_PASSWORD)}: ${problem}`);
  }
  if (lines.length > 0) throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  return env;
}

/** True when the server runs on embedded PostgreSQL (PGlite) rather than a PostgreSQL server. */
export function usesEmbeddedDatabase(env: Environment): boolean {
  return !env.DATABASE_URL;
}

/** TRUST_PROXY as Express's `trust proxy` setting. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
