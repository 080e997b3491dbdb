import type { ScorableKpi } from './types';

/** A core, higher-is-better KPI with target 100 from 0, for the engine's unit tests; override any field. */
export const testKpi = (code: string, fields: Partial<ScorableKpi> = {}): ScorableKpi => ({
  code,
  type: 'core',
  dimension: 'Economy',
  subdimension: 'ICT',
  category: 'ICT Infrastructure',
  sdgs: [9],
  dataPoints: [],
  direction: 'higher',
  target: 100,
  start: 0,
  ...fields,
});
