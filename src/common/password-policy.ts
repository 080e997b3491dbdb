import { COMMON_PASSWORDS_TEXT } from './common-passwords';

/** The programme's password rules, for new users, the first administrator and a password change. */
export const PASSWORD_MIN_LENGTH = 12;
/** bcrypt reads only the first 72 bytes: a longer password is refused rather than silently cut. */
export const PASSWORD_MAX_BYTES = 72;
/** A password that contains the e-mail's name must have at least this many characters besides it. */
const OTHER_THAN_EMAIL_NAME = 8;

const COMMON = new Set(COMMON_PASSWORDS_TEXT.split(/\s+/).filter(Boolean).map((p) => p.toLowerCase()));

export const PASSWORD_RULES =
  `At least ${PASSWORD_MIN_LENGTH} characters and at most ${PASSWORD_MAX_BYTES} bytes in UTF-8; ` +
  'not a common password; not the e-mail name, nor built on it.';

export const passwordBytes = (password: string) => Buffer.byteLength(password, 'utf8');

/**
 * Why a password is refused (one sentence naming the rule), or null when it is acceptable.
 * `email`, when given, is the account's: its name (the part before @) may not be the password
 * nor most of it.
 */
export function passwordProblem(password: string, email?: string, field = 'password'): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `${field} must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (passwordBytes(password) > PASSWORD_MAX_BYTES) {
    return `${field} must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8 (bcrypt ignores the rest); use fewer or plainer characters`;
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return `${field} is too common: choose one that is not on lists of leaked passwords`;
  const name = email?.trim().toLowerCase().split('@')[0] ?? '';
  if (name.length > 0 && (lower === name || (lower.includes(name) && [...lower.replace(name, '')].length < OTHER_THAN_EMAIL_NAME))) {
    return `${field} must not be the e-mail name or be built on it`;
  }
  return null;
}
