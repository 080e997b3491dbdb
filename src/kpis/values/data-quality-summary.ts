import type { ValueStatus } from '../../scoring/engine';
import { DATA_QUALITY, DATA_QUALITY_KEYS, type DataQuality } from './data-quality';

/** What the summary needs of one value: its status, data quality, evidence and flags. */
export interface QualityInput {
  status: ValueStatus;
  dataQuality: DataQuality | null;
  /** Evidence files attached to its current submission. */
  evidenceFiles: number;
  evidenceUrl: string | null;
  flags: readonly { rule: string; severity: 'warning' | 'error'; open: boolean }[];
}

export interface DataQualitySummary {
  /** Values with a figure that stands (submitted or verified, as the scorecard counts them): what the rest counts. */
  reported: number;
  /** Rejected values, waiting for the city to correct them (not counted below). */
  rejected: number;
  notAvailable: number;
  /** Every level of the U4SSC six-level scale, in its order, then `not_stated`; always all seven rows. */
  byLevel: { level: DataQuality | 'not_stated'; label: string; count: number }[];
  flags: {
    /** Values with at least one flag, with at least one open flag. */
    flagged: number;
    open: number;
    /** Values with an error flag, with a warning flag. */
    errors: number;
    warnings: number;
    /** Per rule, in the order first met: how many values carry it, how many of them still open. */
    byRule: { rule: string; severity: 'warning' | 'error'; values: number; open: number }[];
  };
  evidence: { withFiles: number; urlOnly: number; none: number };
}

const REPORTED: readonly ValueStatus[] = ['submitted', 'verified'];

/** An engagement's data quality at a glance: the six-level scale, consistency flags, evidence present. */
export function dataQualitySummary(values: readonly QualityInput[]): DataQualitySummary {
  const reported = values.filter((v) => REPORTED.includes(v.status));
  const levels = new Map<DataQuality | 'not_stated', number>();
  const byRule = new Map<string, DataQualitySummary['flags']['byRule'][number]>();
  const flags = { flagged: 0, open: 0, errors: 0, warnings: 0 };
  const evidence = { withFiles: 0, urlOnly: 0, none: 0 };
  for (const v of reported) {
    const level = v.dataQuality ?? 'not_stated';
    levels.set(level, (levels.get(level) ?? 0) + 1);
    if (v.flags.length > 0) flags.flagged += 1;
    if (v.flags.some((f) => f.open)) flags.open += 1;
    if (v.flags.some((f) => f.severity === 'error')) flags.errors += 1;
    if (v.flags.some((f) => f.severity === 'warning')) flags.warnings += 1;
    for (const f of v.flags) {
      const row = byRule.get(f.rule) ?? { rule: f.rule, severity: f.severity, values: 0, open: 0 };
      row.values += 1;
      if (f.open) row.open += 1;
      byRule.set(f.rule, row);
    }
    if (v.evidenceFiles > 0) evidence.withFiles += 1;
    else if (v.evidenceUrl) evidence.urlOnly += 1;
    else evidence.none += 1;
  }
  return {
    reported: reported.length,
    rejected: values.filter((v) => v.status === 'rejected').length,
    notAvailable: values.filter((v) => v.status === 'not_available').length,
    byLevel: [
      ...DATA_QUALITY_KEYS.map((level) => ({ level, label: DATA_QUALITY[level], count: levels.get(level) ?? 0 })),
      { level: 'not_stated' as const, label: 'Not stated', count: levels.get('not_stated') ?? 0 },
    ],
    flags: { ...flags, byRule: [...byRule.values()] },
    evidence,
  };
}
