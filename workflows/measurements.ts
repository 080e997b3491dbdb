/**
 * KPI measurements (monitoring) are checked as KPI values are: recorded `submitted`, then `verified`
 * or `rejected` by a verifier who did not record them (four-eyes). Monitoring reads every
 * measurement and shows its status; the next cycle's baseline takes only verified ones as verified.
 */
export const MEASUREMENT_STATUSES = ['submitted', 'verified', 'rejected'] as const;
export type MeasurementStatus = (typeof MEASUREMENT_STATUSES)[number];

export const MEASUREMENT_DECISIONS = ['verified', 'rejected'] as const;
export type MeasurementDecision = (typeof MEASUREMENT_DECISIONS)[number];
