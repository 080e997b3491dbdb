/** The U4SSC scoring engine: pure functions, no framework. */
export * from './types';
export { BAND_EDGES, bandOf, hasTarget, isReported, pointsOf, progress } from './progress';
export { buildScorecard, indexValues, itemKey } from './scorecard';
export * from './simulation';
export { gapAnalysis } from './gap-analysis';
export { PLAUSIBLE_RANGE_RULE, validateValue, type RangedItem, type ValidatableKpi } from './validate-value';
export {
  bandTolerance,
  INSUFFICIENT_DATA_REASONS,
  latestAfter,
  meetsTarget,
  monitor,
  MONITORING_STATUSES,
  MONITORING_THRESHOLDS,
  statusOfRatio,
  yearsBetween,
  type DatedValue,
  type InsufficientDataReason,
  type MonitoringInput,
  type MonitoringInputs,
  type MonitoringResult,
  type MonitoringStatus,
} from './monitoring';
