import { Foundation1764300000000 } from './1764300000000-Foundation';

/** Every migration, in order. Both databases (PGlite and PostgreSQL) run exactly these. */
export const MIGRATIONS = [Foundation1764300000000];
