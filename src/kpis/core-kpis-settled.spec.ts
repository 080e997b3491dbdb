import { coreKpisSettled, type CoreKpiItem } from './core-kpis-settled';

const item = (status: CoreKpiItem['status'], dataPoint: string | null = null): CoreKpiItem => ({
  code: 'EN-EN-AQ-1C',
  dataPoint,
  name: 'Air Pollution',
  status,
});

describe('coreKpisSettled (Assessment gate criterion)', () => {
  it('holds when every core item is verified or marked not available', () => {
    expect(coreKpisSettled([item('verified', 'pm10'), item('not_available', 'so2'), { ...item('verified'), code: 'EC-ICT-ICT-1C' }])).toEqual([]);
    expect(coreKpisSettled([])).toEqual([]);
  });

  it('names every item that is not settled, with its data point in the condition key', () => {
    const unmet = coreKpisSettled([
      item('verified', 'pm10'),
      item('submitted', 'pm2-5'),
      item('rejected', 'no2'),
      item('not_reported', 'o3'),
      { code: 'EC-ICT-ICT-1C', dataPoint: null, name: 'Household Internet Access', status: 'draft' },
    ]);
    expect(unmet.map((u) => u.condition)).toEqual([
      'kpi:EN-EN-AQ-1C:pm2-5:not-settled',
      'kpi:EN-EN-AQ-1C:no2:not-settled',
      'kpi:EN-EN-AQ-1C:o3:not-settled',
      'kpi:EC-ICT-ICT-1C:not-settled',
    ]);
    expect(unmet[0].message).toBe('The core KPI "Air Pollution" (EN-EN-AQ-1C), data point pm2-5, is submitted but not verified yet: the verifier must verify it.');
    expect(unmet[1].message).toContain('rejected');
    expect(unmet[2].message).toContain('has no value');
    expect(unmet[3].message).toBe(
      'The core KPI "Household Internet Access" (EC-ICT-ICT-1C) is only a draft: submit it for verification, or mark it not available with a reason.',
    );
  });
});
