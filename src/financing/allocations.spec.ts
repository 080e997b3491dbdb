import { allocationsOf } from './investment-projects.service';
import { paybackOf, resolveKpiCodes } from './business-cases.service';
import { loadCatalogue } from '../kpis/catalogue/catalogue';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const fieldsOf = (r: { problems: { field: string }[] }) => r.problems.map((p) => p.field);

describe('an investment project’s allocations', () => {
  it('takes allocations as given (the amount their sum), or actionIds with the amount split evenly in cents', () => {
    expect(allocationsOf({ allocations: [{ actionId: A, amount: 600 }, { actionId: B, amount: 300 }] })).toEqual({
      allocations: [{ actionId: A, amount: 600 }, { actionId: B, amount: 300 }],
      problems: [],
    });
    expect(allocationsOf({ actionIds: [A, B], amount: 0.03 }).allocations).toEqual([{ actionId: A, amount: 0.02 }, { actionId: B, amount: 0.01 }]);
    expect(allocationsOf({ actionIds: [A.toUpperCase()], amount: 5 }).allocations).toEqual([{ actionId: A, amount: 5 }]);
  });

  it('refuses an amount that is not their sum, actionIds that differ from them, a share of nothing, and nothing to allocate', () => {
    expect(fieldsOf(allocationsOf({ allocations: [{ actionId: A, amount: 1 }], amount: 2 }))).toEqual(['amount']);
    expect(fieldsOf(allocationsOf({ allocations: [{ actionId: A, amount: 1 }], actionIds: [B] }))).toEqual(['actionIds']);
    expect(fieldsOf(allocationsOf({ allocations: [{ actionId: A, amount: 1 }, { actionId: A, amount: 2 }] }))).toEqual(['allocations[1].actionId']);
    expect(fieldsOf(allocationsOf({ actionIds: [A, B], amount: 0.01 }))).toEqual(['amount']);
    expect(fieldsOf(allocationsOf({ actionIds: [A] }))).toEqual(['amount']);
    expect(fieldsOf(allocationsOf({}))).toEqual(['allocations']);
  });

  it('on an update: an amount alone is split again when the project was an even split, else refused; nothing given keeps them', () => {
    const even = { amount: 10, allocations: [{ actionId: A, amount: 5 }, { actionId: B, amount: 5 }] };
    expect(allocationsOf({ amount: 20 }, even).allocations).toEqual([{ actionId: A, amount: 10 }, { actionId: B, amount: 10 }]);
    const uneven = { amount: 10, allocations: [{ actionId: A, amount: 7 }, { actionId: B, amount: 3 }] };
    expect(fieldsOf(allocationsOf({ amount: 20 }, uneven))).toEqual(['amount']);
    expect(allocationsOf({}, uneven)).toEqual({ allocations: null, problems: [] });
    expect(allocationsOf({ actionIds: [A] }, uneven).allocations).toEqual([{ actionId: A, amount: 10 }]);
  });
});

describe('a business case', () => {
  it('computes payback as cost ÷ yearly benefits, null without benefits', () => {
    expect(paybackOf(1000, 300)).toBe(3.33);
    expect(paybackOf(0, 300)).toBe(0);
    expect(paybackOf(1000, 0)).toBeNull();
  });

  it('names KPIs of the catalogue, by any of their codes, once each', () => {
    const catalogue = loadCatalogue();
    expect(resolveKpiCodes(catalogue, ['EC: ICT: ICT: 1C', 'EC-I-WS-1C'])).toEqual({ codes: ['EC-ICT-ICT-1C', 'EC-I-WS-1C'], problems: [] });
    expect(fieldsOf(resolveKpiCodes(catalogue, ['NOPE', 'EC-ICT-ICT-1C', 'EC: ICT: ICT: 1C']))).toEqual(['kpiCodes[0]', 'kpiCodes[2]']);
  });
});
