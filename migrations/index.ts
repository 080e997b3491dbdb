import { Foundation1764300000000 } from './1764300000000-Foundation';
import { KpisAndScoring1764420000000 } from './1764420000000-KpisAndScoring';
import { Roadmap1764300000001 } from './1764300000001-Roadmap';
import { CycleBaseline1764500000000 } from './1764500000000-CycleBaseline';
import { GateSeats1764600000000 } from './1764600000000-GateSeats';
import { Accounts1764600000001 } from './1764600000001-Accounts';
import { DataIntegrity1764600000003 } from './1764600000003-DataIntegrity';
import { ItemVersions1764600000005 } from './1764600000005-ItemVersions';
import { ActionPlan1764700000001 } from './1764700000001-ActionPlan';
import { Measurements1764700000002 } from './1764700000002-Measurements';
import { Financing1764700000003 } from './1764700000003-Financing';
import { CycleCarryOver1764700000004 } from './1764700000004-CycleCarryOver';
import { PagesAndPublication1764800000002 } from './1764800000002-PagesAndPublication';
import { DeadlinesAndNotifications1764900000001 } from './1764900000001-DeadlinesAndNotifications';
import { Webhooks1764900000005 } from './1764900000005-Webhooks';
import { ProgrammeScale1765000000001 } from './1765000000001-ProgrammeScale';
import { OutboxWorkerLocks1765000000003 } from './1765000000003-OutboxWorkerLocks';
import { KpiEvidence1765100000001 } from './1765100000001-KpiEvidence';
import { FlagNotes1765100000002 } from './1765100000002-FlagNotes';

/** Every migration, in order. Both databases (PGlite and PostgreSQL) run exactly these. */
export const MIGRATIONS = [
  Foundation1764300000000,
  Roadmap1764300000001,
  KpisAndScoring1764420000000,
  CycleBaseline1764500000000,
  GateSeats1764600000000,
  Accounts1764600000001,
  DataIntegrity1764600000003,
  ItemVersions1764600000005,
  ActionPlan1764700000001,
  Measurements1764700000002,
  Financing1764700000003,
  CycleCarryOver1764700000004,
  PagesAndPublication1764800000002,
  DeadlinesAndNotifications1764900000001,
  Webhooks1764900000005,
  ProgrammeScale1765000000001,
  OutboxWorkerLocks1765000000003,
  KpiEvidence1765100000001,
  FlagNotes1765100000002,
];
