import { loadCatalogue } from '../../kpis/catalogue/catalogue';
import { verifiedSnapshot } from './verified-snapshot';

describe('verifiedSnapshot', () => {
  const kpis = buildCatalogueKpis();
  const single = kpis.find((k) => k.dataPoints.length === 0 && k.target !== null)!;
  const other = kpis.filter((k) => k.dataPoints.length === 0 && k.target !== null)[1];
  const third = kpis.filter((k) => k.dataPoints.length === 0 && k.target !== null)[2];

  it('keeps verified values only: a submitted or rejected value is shown without its value, and scores nothing', () => {
    const frozen = {
      inputs: {
        values: [
          { code: single.code, dataPoint: null, value: single.target, status: 'verified' },
          { code: other.code, dataPoint: null, value: other.target, status: 'submitted' },
          { code: third.code, dataPoint: null, value: third.target, status: 'rejected' },
        ],
        targets: [],
        catalogueEdition: 'x',
      },
    };
    const snap = verifiedSnapshot(frozen, kpis);
    const row = (code: string) => snap.scorecard.kpis.find((r) => r.code === code)!;
    expect(row(single.code)).toEqual(expect.objectContaining({ value: single.target, band: 'reached' }));
    expect(row(other.code)).toEqual(expect.objectContaining({ value: null, band: 'no_data' }));
    expect(row(third.code)).toEqual(expect.objectContaining({ value: null, band: 'no_data' }));
    const standing = (code: string) => snap.items.find((i) => i.code === code)!.standing;
    expect([standing(single.code), standing(other.code), standing(third.code)]).toEqual(['verified', 'not_verified', 'not_verified']);
    expect(snap.scorecard.completeness.core.dataPoints.verified + snap.scorecard.completeness.advanced.dataPoints.verified).toBe(1);
  });

  it('reads a malformed frozen record as nothing verified, never throws', () => {
    for (const frozen of [null, 'x', { inputs: { values: [{ code: 1 }, { code: single.code, status: 'hacked', value: 5 }] } }]) {
      const snap = verifiedSnapshot(frozen, kpis);
      expect(snap.scorecard.kpis.every((r) => r.value === null)).toBe(true);
    }
  });
});

function buildCatalogueKpis() {
  return loadCatalogue().kpis;
}
