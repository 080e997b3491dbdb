import { dataQualitySummary } from '../kpis/values/data-quality-summary';
import { loadCatalogue } from '../kpis/catalogue/catalogue';
import { buildScorecard, type KpiValueInput } from '../scoring/engine';
import { assessmentView, completenessRows, gateRecordView, matrixOf, monitoringView, sparkline } from './report-views';

const catalogue = loadCatalogue();
const city = { name: 'Testby', country: 'Norway', population: 1000 };
const engagement = { title: 'Roadmap', cycle: 1, stage: 'design', step: 'inProgress', createdAt: new Date('2026-01-01T00:00:00Z') };

/** Half the single-value KPIs reported at their target (verified), the rest not reported. */
function someValues(): KpiValueInput[] {
  return catalogue.kpis
    .filter((k) => k.dataPoints.length === 0 && k.target !== null)
    .filter((_, i) => i % 2 === 0)
    .map((k, i) => ({ code: k.code, dataPoint: null, value: k.target, status: i % 3 === 0 ? 'submitted' : 'verified' }));
}

describe('report view models', () => {
  const values = someValues();
  const scorecard = buildScorecard({ kpis: catalogue.kpis, values });

  it('the matrix: every dimension in catalogue order, its sub-dimensions and their categories, squared off', () => {
    const matrix = matrixOf(scorecard, catalogue);
    expect(matrix.rows.map((r) => r.name)).toEqual([...new Set(catalogue.kpis.map((k) => k.dimension))]);
    for (const row of matrix.rows) {
      expect(row.cells.length + row.padding.length).toBe(matrix.columns);
      expect(row.percent).toBe(scorecard.dimensions.find((d) => d.name === row.name)?.percent ?? null);
      for (const cell of row.cells) {
        expect(cell.band).toBe(scorecard.subdimensions.find((s) => s.name === cell.name)?.band ?? 'no_data');
        const categories = new Set(catalogue.kpis.filter((k) => k.subdimension === cell.name).map((k) => k.category));
        expect(cell.categories.map((c) => c.name)).toEqual([...categories]);
      }
    }
  });

  it('completeness rows add up: core + advanced = all; not reported and not verified are the differences', () => {
    const [core, advanced, all] = completenessRows(scorecard.completeness, 'kpis');
    expect(all.total).toBe(core.total + advanced.total);
    expect(all.reported).toBe(core.reported + advanced.reported);
    expect(core.notReported).toBe(core.total - core.reported);
    expect(core.reportedNotVerified).toBe(core.reported - core.verified);
    expect(core.reportedShare).toBeCloseTo(core.reported / core.total);
  });

  it('the assessment: not reported and not verified lists follow the values; next steps follow the gaps with their actions', () => {
    const records = values.map((v) => ({ ...v, year: 2024, source: 'S', dataQuality: null, notes: null, notAvailableReason: null, decisionComment: null }));
    const first = scorecard.kpis.find((i) => i.value !== null)!;
    const view = assessmentView({
      city,
      engagement,
      catalogue,
      scorecard,
      gaps: [{ code: first.code, dataPoint: null, band: 'one_to_two_thirds', value: 1, target: 2, distance: 0.5, type: 'core', reason: 'below_target', actions: [{ title: 'Act', status: 'planned' }], deferral: null }],
      records,
      verifiedBy: ['Vera'],
      verifierMembers: ['Vera'],
      decisions: { first: null, last: null },
      assessmentGate: null,
      quality: {
        summary: dataQualitySummary(records.map((r) => ({ status: r.status, dataQuality: null, evidenceFiles: 0, evidenceUrl: null, flags: [] }))),
        flagged: [{ code: first.code, dataPoint: null, value: 1, rule: 'plausible-range', severity: 'warning', message: 'M', source: 'VM p. 27', answer: null, acknowledgement: 'Seen' }],
      },
      generatedAt: new Date(),
    });
    // The data-quality chapter: shares of the values reported, the flag with what was said about it.
    expect(view.dataQuality.levels.at(-1)).toMatchObject({ level: 'not_stated', count: records.filter((r) => r.status !== 'not_available').length, share: 1 });
    expect(view.dataQuality.flagged).toEqual([expect.objectContaining({ rule: 'plausible-range', acknowledgement: 'Seen', settled: true })]);
    const reportedCodes = new Set(values.map((v) => v.code));
    expect(view.notReported.every((r) => !reportedCodes.has(catalogue.kpis.find((k) => k.officialCode === r.officialCode)!.code))).toBe(true);
    expect(view.notReported.length).toBe(catalogue.kpis.filter((k) => !reportedCodes.has(k.code)).length);
    expect(view.notVerified.length).toBe(values.filter((v) => v.status === 'submitted').length);
    expect(view.results.flatMap((r) => r.rows).length).toBe(scorecard.kpis.length);
    // A category is named on its first row only: each row says whether it starts a new one.
    for (const { rows } of view.results) rows.forEach((row, i) => expect(row.categoryFirst).toBe(i === 0 || row.category !== rows[i - 1].category));
    expect(view.nextSteps.focus).toEqual([expect.objectContaining({ actions: [{ title: 'Act', status: 'planned' }], unaddressed: false })]);
  });

  it('the gate record shows names, never ids; a former user is said so', () => {
    const view = gateRecordView({
      city,
      engagement,
      catalogue,
      names: new Map([['u1', 'Ann'], ['u2', 'Bo']]),
      generatedAt: new Date(),
      gate: {
        id: 'g',
        stage: 'assessment',
        round: 1,
        status: 'approved',
        submittedBy: 'u1',
        submittedAt: '2026-01-01T00:00:00Z',
        decidedAt: '2026-01-02T00:00:00Z',
        seats: [{ seat: 'programme-manager', holders: ['u2'], needs: 1 }, { seat: 'group:council', holders: ['u3'], needs: 1 }],
        advisers: [],
        approvals: [{ approverId: 'u2', decision: 'approve', comment: null, seat: 'programme-manager', decidedAt: '2026-01-02T00:00:00Z' }],
        quorum: { met: false, missing: [] },
        criteria: { checked: ['required-tasks-settled'], atSubmission: { unmet: [], facts: { tasks: [{ status: 'done' }, { status: 'open' }] } }, atDecision: null },
        scorecardAtSubmission: { ...scorecard },
        scorecardAtDecision: null,
      },
    });
    expect(view.gate.submittedBy).toBe('Ann');
    expect(view.seats.map((s) => [s.seat, s.holders, s.met])).toEqual([
      ['Programme manager', ['Bo'], true],
      ['Stakeholder group “council”', ['a former user'], false],
    ]);
    expect(view.criteria.evaluations).toEqual([expect.objectContaining({ held: true, facts: [{ name: 'tasks', summary: '2 items: 1 done, 1 open' }] })]);
    expect(view.scorecards).toHaveLength(1);
  });

  it('a sparkline spans its box, oldest left, highest up, the target as a line; a rejected measurement is not joined', () => {
    const spark = sparkline({
      name: 'K',
      unit: '%',
      target: 100,
      baseline: { value: 50, date: '2020-12-31', source: 'assessment' },
      series: [
        { id: 'a', value: 60, date: '2022-12-31', source: 's', status: 'verified' },
        { id: 'b', value: 10, date: '2023-06-30', source: 's', status: 'rejected' },
        { id: 'c', value: 70, date: '2024-12-31', source: 's', status: 'submitted' },
      ],
    })!;
    const xs = spark.dots.map((d) => d.cx);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(spark.width);
    expect(spark.target!.y).toBeLessThan(spark.dots[0].cy); // the target (100) above the baseline (50)
    expect(spark.points.split(' ')).toHaveLength(3);
    expect(spark.dots.find((d) => d.rejected)).toBeDefined();
    expect(sparkline({ name: 'K', unit: '%', target: null, baseline: null, series: [] })).toBeNull();
  });

  it('monitoring: statuses counted, action titles in place of ids', () => {
    const view = monitoringView({
      city,
      engagement,
      catalogue,
      actions: new Map([['a1', 'Broadband']]),
      generatedAt: new Date(),
      items: [
        { code: 'EC-ICT-ICT-1C', dataPoint: null, name: 'n', unit: '%', targeted: true, actionIds: ['a1'], baseline: null, series: [], latest: null, target: 100, direction: 'higher', targetDate: null, progress: null, status: 'on_track', reason: null, projectedYear: null },
        { code: 'EC-ICT-ICT-2C', dataPoint: null, name: 'n', unit: '%', targeted: false, actionIds: [], baseline: null, series: [], latest: null, target: 100, direction: 'higher', targetDate: null, progress: null, status: 'insufficient_data', reason: 'no_baseline', projectedYear: null },
      ],
    });
    expect(view.targeted.map((i) => i.actions)).toEqual([['Broadband']]);
    expect(view.untargeted).toHaveLength(1);
    expect(view.summary.find((s) => s.status === 'on_track')!.items).toBe(1);
    expect(view.targeted[0].officialCode).toBe('EC: ICT: ICT: 1C');
  });
});
