import { Foundation1764300000000 } from './1764300000000-Foundation';
import { KpisAndScoring1764420000000 } from './1764420000000-KpisAndScoring';
import { Roadmap1764300000001 } from './1764300000001-Roadmap';
import { CycleBaseline1764500000000 } from './1764500000000-CycleBaseline';
import { Accounts1764600000001 } from './1764600000001-Accounts';

/** Every migration, in order. Both databases (PGlite and PostgreSQL) run exactly these. */
export const MIGRATIONS = [Foundation1764300000000, Roadmap1764300000001, KpisAndScoring1764420000000, CycleBaseline1764500000000, Accounts1764600000001];
