import { dataQualitySummary, type QualityInput } from './data-quality-summary';

const value = (extra: Partial<QualityInput> = {}): QualityInput => ({
  status: 'submitted',
  dataQuality: null,
  evidenceFiles: 0,
  evidenceUrl: null,
  flags: [],
  ...extra,
});

describe('dataQualitySummary', () => {
  it('counts reported values by the six-level scale, always listing every level', () => {
    const summary = dataQualitySummary([
      value({ dataQuality: 'accurate_measurement' }),
      value({ dataQuality: 'accurate_measurement', status: 'verified' }),
      value({ dataQuality: 'personal_estimate', status: 'rejected' }),
      value(),
      value({ status: 'not_available' }),
    ]);
    // A rejected value does not count: its figure is thrown out until the city corrects it.
    expect(summary.reported).toBe(3);
    expect(summary.rejected).toBe(1);
    expect(summary.notAvailable).toBe(1);
    expect(summary.byLevel.map((l) => [l.level, l.count])).toEqual([
      ['accurate_measurement', 2],
      ['survey_extrapolation', 0],
      ['higher_level_extrapolation', 0],
      ['assumption_estimate', 0],
      ['personal_estimate', 0],
      ['unknown_methodology', 0],
      ['not_stated', 1],
    ]);
    expect(summary.byLevel[0].label).toBe('Based on accurate measurements');
  });

  it('counts values by flag, open or settled, and by evidence present', () => {
    const summary = dataQualitySummary([
      value({ flags: [{ rule: 'potable-within-basic-water', severity: 'error', open: true }], evidenceFiles: 2 }),
      value({ flags: [{ rule: 'potable-within-basic-water', severity: 'error', open: false }, { rule: 'plausible-range', severity: 'warning', open: true }], evidenceUrl: 'https://x' }),
      value({ evidenceUrl: 'https://y', evidenceFiles: 1 }),
      value(),
      value({ status: 'not_available', flags: [{ rule: 'plausible-range', severity: 'warning', open: true }] }),
    ]);
    expect(summary.flags).toEqual({
      flagged: 2,
      open: 2,
      errors: 2,
      warnings: 1,
      byRule: [
        { rule: 'potable-within-basic-water', severity: 'error', values: 2, open: 1 },
        { rule: 'plausible-range', severity: 'warning', values: 1, open: 1 },
      ],
    });
    expect(summary.evidence).toEqual({ withFiles: 2, urlOnly: 1, none: 1 });
  });

  it('is all zeros for an engagement without values', () => {
    const summary = dataQualitySummary([]);
    expect(summary.reported).toBe(0);
    expect(summary.byLevel.every((l) => l.count === 0)).toBe(true);
    expect(summary.evidence).toEqual({ withFiles: 0, urlOnly: 0, none: 0 });
  });
});
