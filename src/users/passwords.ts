import bcrypt from 'bcryptjs';

/** Password hashing with bcrypt (bcryptjs: no native build). */
export const hashPassword = (password: string, rounds: number) => bcrypt.hash(password, rounds);
export const passwordMatches = (password: string, hash: string) => bcrypt.compare(password, hash);
/** True when bcrypt would read only the first 72 bytes of the password (so it can never be one we accept). */
export const passwordTooLongForBcrypt = (password: string) => bcrypt.truncates(password);
