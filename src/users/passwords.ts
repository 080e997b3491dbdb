import bcrypt from 'bcryptjs';

/** Password hashing with bcrypt (bcryptjs: no native build). */
export const hashPassword = (password: string, rounds: number) => bcrypt.hash(password, rounds);
export const passwordMatches = (password: string, hash: string) => bcrypt.compare(password, hash);
