import { plainToInstance } from 'class-transformer';
import { fieldProblems } from '../common/validation';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

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

  @IsOptional() @IsString() @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Seed the demo city; default: on for the embedded database, off for DATABASE_URL. */
  @IsOptional() @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @IsInt() @Min(1)
  LOGIN_RATE_LIMIT = 10;

  @IsInt() @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  @IsInt() @Min(4) @Max(15)
  BCRYPT_ROUNDS = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

const INTEGER_KEYS = ['PORT', 'LOGIN_RATE_LIMIT', 'JWT_TTL_SECONDS', 'BCRYPT_ROUNDS'] as const;
const BOOLEAN_KEYS = ['SEED_DEMO'] as const;

/** Turns the raw process environment into a validated Environment, or throws naming each bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(new Environment()).concat(['DATABASE_URL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'SEED_DEMO'])) {
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
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const messages = fieldProblems([e]).map((p) => p.message);
      return `  ${e.property}=${JSON.stringify(e.value)}: ${messages.join('; ')}`;
    });
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}

/** True when the server runs on embedded PostgreSQL (PGlite) rather than a PostgreSQL server. */
export function usesEmbeddedDatabase(env: Environment): boolean {
  return !env.DATABASE_URL;
}
