import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGAGEMENT_END_STAGES, ROADMAP_STAGES, ROADMAP_STEPS } from '../../migrations/1764600000003-DataIntegrity';
import { initialEngagementSnapshot, STAGES, stageAndStep, type StageAndStep } from '../../workflows/engagement.machine';
import { TASK_STATUSES } from '../../workflows/checklists';
import { ENGAGEMENT_STAGES } from '../../workflows/engagement.machine';
import { GATE_STATUSES } from '../gates/gate.entity';
import { VALUE_STATUSES } from '../scoring/engine';

/**
 * The DataIntegrity migration writes its allowed values out (a migration must not change with the
 * code). When this fails, the code has a value the database refuses: add a migration that widens
 * the CHECK constraint, and update the lists this test compares with.
 */
describe('CHECK constraints of the DataIntegrity migration', () => {
  it('allow exactly the stages of the roadmap machine, and completed, onHold, cancelled', () => {
    expect([...ROADMAP_STAGES]).toEqual([...STAGES]);
    expect([...ROADMAP_STAGES, ...ENGAGEMENT_END_STAGES].sort()).toEqual([...ENGAGEMENT_STAGES].sort());
  });

  it('allow exactly the steps stageAndStep gives', () => {
    const steps: readonly NonNullable<StageAndStep['step']>[] = ['inProgress', 'inReview'] satisfies NonNullable<StageAndStep['step']>[];
    expect([...ROADMAP_STEPS]).toEqual(steps);
    expect(stageAndStep(initialEngagementSnapshot())).toEqual({ stage: 'assessment', step: 'inProgress' });
  });

  it('leave the statuses to the constraints the tables were created with, which match the code', () => {
    const checkOf = (file: string, table: string): string[] => {
      const sql = readFileSync(join(__dirname, '../../migrations', file), 'utf8');
      const create = sql.slice(sql.indexOf(`CREATE TABLE ${table} (`));
      const [, values] = /status text NOT NULL[^,]*CHECK \(status IN \(([^)]*)\)\)/.exec(create) ?? [];
      return (values ?? '').split(',').map((v) => v.trim().replace(/'/g, ''));
    };
    expect(checkOf('1764300000001-Roadmap.ts', 'task')).toEqual([...TASK_STATUSES]);
    expect(checkOf('1764300000001-Roadmap.ts', 'gate')).toEqual([...GATE_STATUSES]);
    expect(checkOf('1764420000000-KpisAndScoring.ts', 'kpi_value')).toEqual([...VALUE_STATUSES]);
  });
});
