import { loadCatalogue } from '../../kpis/catalogue/catalogue';
import { buildScorecard } from '../../scoring/engine';
import { verifiedSnapshot } from '../publication/verified-snapshot';
import { comparison, parseCityIds, progressBetweenCycles } from './city-view';
import { decisionForms, stageProgress, timeline, whereInWords } from './engagement-view';
import { byStage } from './portfolio-view';
import { safeNext } from './safe-next';
import { evidenceCell, fileSize, flagOptions, flagRows } from './verification-view';

const kpis = loadCatalogue().kpis;
const scored = kpis.filter((k) => k.dataPoints.length === 0 && k.target !== null);

describe('engagement page view', () => {
  it('shows the four stages: done before the current one, the current one in progress or in review', () => {
    expect(stageProgress('design', 'inReview', null).map((s) => s.state)).toEqual(['done', 'in_review', 'upcoming', 'upcoming']);
    expect(stageProgress('assessment', 'inProgress', null).map((s) => s.state)).toEqual(['current', 'upcoming', 'upcoming', 'upcoming']);
    expect(stageProgress('completed', null, null).every((s) => s.state === 'done')).toBe(true);
    expect(stageProgress('onHold', null, 'financing').map((s) => s.state)).toEqual(['done', 'done', 'paused', 'upcoming']);
    expect(whereInWords('onHold', null, 'financing')).toBe('On hold (Financing)');
  });

  it('offers the decision forms the engagement detail allows, and says why not otherwise', () => {
    expect(decisionForms(['APPROVE', 'REQUEST_CHANGES'], {})).toEqual({ approve: true, requestChanges: true, why: [] });
    const fourEyes = { message: 'You submitted this gate: another approver must decide it.' };
    expect(decisionForms([], { APPROVE: [fourEyes], REQUEST_CHANGES: [fourEyes] })).toEqual({ approve: false, requestChanges: false, why: [fourEyes.message] });
  });

  it('names the actor of each history row, and the move when the state changed', () => {
    const rows = timeline(
      [
        { id: '2', at: '2026-01-02', actorId: 'u1', type: 'SUBMIT_FOR_REVIEW', from: 'assessment.inProgress', to: 'assessment.inReview', version: 3 },
        { id: '1', at: '2026-01-01', actorId: null, type: 'TASK_UPDATED', from: null, to: null, version: 2 },
      ],
      new Map([['u1', 'Pat']]),
    );
    expect(rows.map((r) => [r.actor, r.what, r.move])).toEqual([
      ['Pat', 'Submit for review', 'assessment.inProgress → assessment.inReview'],
      ['the system', 'Task updated', null],
    ]);
  });
});

describe('portfolio view', () => {
  it('groups engagements by stage in roadmap order, leaving out empty stages', () => {
    const e = (id: string, stage: string, step: string | null = 'inProgress') => ({ id, title: id, cityId: 'c', cityName: 'C', cycle: 1, stage, step, updatedAt: '2026-01-01' });
    const groups = byStage([e('a', 'design'), e('b', 'assessment', 'inReview'), e('c', 'design')]);
    expect(groups.map((g) => [g.stage, g.count])).toEqual([
      ['assessment', 1],
      ['design', 2],
    ]);
    expect(groups[0].engagements[0].inReview).toBe(true);
  });
});

describe('city views', () => {
  const snapshotOf = (share: number) => {
    const values = scored.slice(0, 4).map((k) => ({ code: k.code, dataPoint: null, value: (k.start ?? 0) + ((k.target as number) - (k.start ?? 0)) * share, status: 'verified' }));
    return verifiedSnapshot({ inputs: { values, targets: [] } }, kpis);
  };

  it('gives the change of each dimension between cycles in percentage points', () => {
    const one = buildScorecard({ kpis, values: [{ code: scored[0].code, dataPoint: null, value: scored[0].start ?? 0, status: 'verified' }] });
    const two = buildScorecard({ kpis, values: [{ code: scored[0].code, dataPoint: null, value: scored[0].target, status: 'verified' }] });
    const progress = progressBetweenCycles([
      { cycle: 2, title: 'b', decidedAt: '2027-01-01', stage: 'assessment', scorecard: two },
      { cycle: 1, title: 'a', decidedAt: '2026-01-01', stage: 'assessment', scorecard: one },
    ]);
    expect(progress.cycles.map((c) => c.cycle)).toEqual([1, 2]);
    const row = progress.rows.find((r) => r.name === scored[0].dimension)!;
    expect(row.cells[0].change).toBeNull();
    expect(row.cells[1].change).toBe(75);
    expect(row.cells[1].changeWords).toBe('up 75 points');
  });

  it('compares cities item by item with verified values only', () => {
    const table = comparison(
      [
        { id: 'a', name: 'A', cycle: 1, ...pick(snapshotOf(1)) },
        { id: 'b', name: 'B', cycle: null, scorecard: null, items: [] },
      ],
      kpis,
    );
    const row = table.kpis.find((r) => r.officialCode === scored[0].officialCode)!;
    expect(row.cells[0]).toEqual({ value: scored[0].target, band: 'reached', verified: true, standing: 'Verified' });
    expect(row.cells[1]).toEqual({ value: null, band: 'no_data', verified: false, standing: 'Not reported' });
  });

  it('accepts 2 to 6 city ids as UUIDs only', () => {
    const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    expect(parseCityIds(`${id(1)},${id(2)}`)).toEqual({ ids: [id(1), id(2)] });
    expect(parseCityIds(id(1))).toHaveProperty('problem');
    expect(parseCityIds(`${id(1)},x`)).toHaveProperty('problem');
    expect(parseCityIds(undefined)).toHaveProperty('problem');
    expect(parseCityIds(['a'])).toHaveProperty('problem');
  });
});

describe('safeNext', () => {
  it('keeps local paths and refuses anything that leaves the site', () => {
    expect(safeNext('/engagements/1?x=2')).toBe('/engagements/1?x=2');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/\n/evil', '', undefined, '/login', '/logout', '/.//evil.example', '/a/../..//evil.example', '/./\\evil.example']) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});

function pick(s: ReturnType<typeof verifiedSnapshot>) {
  return { scorecard: s.scorecard, items: s.items };
}

describe("verifier's desk views", () => {
  const note = (text: string, by: string) => ({ text, by, at: '2026-11-20T10:00:00Z' });
  it('names who answered or acknowledged a flag, and keeps an open one open', () => {
    const rows = flagRows(
      [
        { rule: 'r1', severity: 'error', message: 'm1', answer: note('because', 'u1'), acknowledgement: null, open: false },
        { rule: 'r2', severity: 'warning', message: 'm2', answer: null, acknowledgement: note('seen', 'gone'), open: false },
        { rule: 'r3', severity: 'warning', message: 'm3', answer: null, acknowledgement: null, open: true },
      ],
      new Map([['u1', 'Dana']]),
    );
    expect(rows.map((r) => [r.severityLabel, r.answer?.by ?? null, r.acknowledgement?.by ?? null, r.open])).toEqual([
      ['Error', 'Dana', null, false],
      ['Warning', null, 'someone no longer listed', false],
      ['Warning', null, null, true],
    ]);
  });

  it('links the files of the current submission and counts the earlier ones', () => {
    const cell = evidenceCell('e1', 'EC-I-WS-2C', [
      { id: 'f2', filename: 'new.pdf', size: 2_500, current: true },
      { id: 'f1', filename: 'old.pdf', size: 10, current: false },
    ]);
    expect(cell).toEqual({ count: 1, files: [{ name: 'new.pdf', size: '2.5 kB', href: '/engagements/e1/kpi-values/EC-I-WS-2C/evidence/f2' }], earlier: 1 });
    expect([fileSize(999), fileSize(1_250_000)]).toEqual(['999 B', '1.3 MB']);
  });

  it('offers the flag filters and marks the chosen one', () => {
    const options = flagOptions(['potable-within-basic-water'], 'potable-within-basic-water');
    expect(options.map((o) => o.value)).toEqual(['flagged', 'unflagged', 'error', 'warning', 'potable-within-basic-water']);
    expect(options.filter((o) => o.selected).map((o) => o.value)).toEqual(['potable-within-basic-water']);
  });
});
