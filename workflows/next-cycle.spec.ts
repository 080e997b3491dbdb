import { cycleBaseline, type BaselineMeasurement } from './next-cycle';

const m = (id: string, value: number, date: string, status: BaselineMeasurement['status'], code = 'A', dataPoint: string | null = null): BaselineMeasurement => ({
  id,
  code,
  dataPoint,
  value,
  date,
  status,
});

describe('the next cycle baseline', () => {
  it('takes the last verified measurement, showing a later unverified one beside it', () => {
    const [b] = cycleBaseline([{ code: 'A', dataPoint: null, value: 50, year: 2020, status: 'verified' }], [
      m('1', 60, '2022-01-01', 'verified'),
      m('2', 70, '2023-01-01', 'verified'),
      m('3', 75, '2024-01-01', 'submitted'),
      m('4', 99, '2024-02-01', 'rejected'),
    ]);
    expect(b).toEqual(
      expect.objectContaining({ value: 70, verified: true, source: 'measurement', measurementId: '2', date: '2023-01-01', year: 2023 }),
    );
    expect(b.unverifiedNotTaken).toEqual(expect.objectContaining({ value: 75, measurementId: '3', status: 'submitted' }));
  });

  it('falls back on the verified KPI value, then flags the unverified', () => {
    const out = cycleBaseline(
      [
        { code: 'A', dataPoint: null, value: 50, year: 2020, status: 'verified' },
        { code: 'B', dataPoint: 'x', value: 5, year: 2021, status: 'submitted' },
        { code: 'C', dataPoint: null, value: 1, year: 2021, status: 'submitted' },
      ],
      [m('1', 8, '2024-01-01', 'submitted', 'C'), m('2', 9, '2024-01-01', 'rejected', 'D')],
    );
    expect(out.map((b) => [b.code, b.dataPoint, b.value, b.verified, b.source])).toEqual([
      ['A', null, 50, true, 'kpi_value'],
      ['B', 'x', 5, false, 'kpi_value'],
      ['C', null, 8, false, 'measurement'],
    ]);
    expect(out[0].unverifiedNotTaken).toBeNull();
  });
});
