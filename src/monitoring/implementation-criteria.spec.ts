import { implementationQaPassed, targetedKpisMonitored, targetedKpisMonitoredCriterion } from './implementation-criteria';

const qa = (status: 'open' | 'in_progress' | 'done' | 'waived') => ({
  tasks: [
    { key: 'implementation-plan-qa', title: 'Quality assurance of the SSC project implementation plan', required: true, status },
    { key: 'monitoring-and-evaluation', title: 'Monitoring and evaluation', required: true, status: 'open' as const },
  ],
});

describe('implementation-qa-passed', () => {
  it('holds when the QA task is done', () => {
    expect(implementationQaPassed.evaluate(qa('done'))).toEqual([]);
  });
  it.each(['open', 'in_progress', 'waived'] as const)('refuses a QA task %s (waiving it does not pass it), naming it', (status) => {
    const [unmet, ...rest] = implementationQaPassed.evaluate(qa(status));
    expect(rest).toEqual([]);
    expect(unmet.condition).toBe('task:implementation-plan-qa:not-done');
    expect(unmet.message).toContain('Quality assurance of the SSC project implementation plan');
  });
  it('refuses when the checklist has no QA task', () => {
    expect(implementationQaPassed.evaluate({ tasks: [] }).map((u) => u.condition)).toEqual(['task:implementation-plan-qa:missing']);
  });
});

describe('targeted-kpis-monitored', () => {
  const item = (measured: number, dataPoint: string | null = null) => ({
    code: 'EN-EN-AQ-1C',
    dataPoint,
    name: 'Air pollution',
    actions: [
      { id: 'a1', title: 'Low-emission zone' },
      { id: 'a2', title: 'Electric buses' },
    ],
    baselineDate: '2024-12-31',
    measuredAfterBaseline: measured,
  });
  it('holds when every targeted item has a measurement after its baseline; nothing targeted holds too', () => {
    expect(targetedKpisMonitored([item(1)])).toEqual([]);
    expect(targetedKpisMonitoredCriterion.evaluate({ tasks: [] })).toEqual([]);
  });
  it('names the KPI, its data point, the actions and the baseline date of each unmeasured item', () => {
    const [unmet] = targetedKpisMonitored([item(0, 'pm10'), item(2)]);
    expect(unmet.condition).toBe('kpi:EN-EN-AQ-1C:pm10:not-monitored');
    expect(unmet.message).toContain('EN-EN-AQ-1C');
    expect(unmet.message).toContain('pm10');
    expect(unmet.message).toContain('"Low-emission zone", "Electric buses"');
    expect(unmet.message).toContain('2024-12-31');
  });
  it('reads the measurements and the actions (frozen while the Implementation gate is in review)', () => {
    expect(targetedKpisMonitoredCriterion.reads).toEqual(['measurements', 'actions']);
  });
});
