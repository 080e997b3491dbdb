import { FUNDING_SOURCE_VALUES, PROJECT_STATUS_VALUES } from '../../migrations/1764700000003-Financing';
import { FUNDING_SOURCES, PROJECT_STATUSES } from '../../workflows/financing';

/** The Financing migration writes its allowed values out; when this fails, add a migration that widens its CHECK. */
describe('CHECK constraints of the Financing migration', () => {
  it('allow exactly the funding sources and project statuses of workflows/financing.ts', () => {
    expect([...FUNDING_SOURCE_VALUES]).toEqual([...FUNDING_SOURCES]);
    expect([...PROJECT_STATUS_VALUES]).toEqual([...PROJECT_STATUSES]);
  });
});
