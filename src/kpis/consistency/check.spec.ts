import { loadCatalogue } from '../catalogue/catalogue';
import { itemKey } from '../../scoring/engine/scorecard';
import { checkConsistency, formatNumber, isPercentageUnit } from './check';
import { loadConsistencyRules } from './rules';
import type { BaselineItem, CheckedValue, ConsistencyFlag } from './types';

const rules = loadConsistencyRules();
const catalogue = loadCatalogue();

const v = (code: string, value: number | null, dataPoint: string | null = null): CheckedValue => ({ code, dataPoint, value });
const b = (code: string, value: number | null, year: number | null = 2023, dataPoint: string | null = null): BaselineItem => ({
  code,
  dataPoint,
  value,
  year,
});
const check = (values: CheckedValue[], baseline: BaselineItem[] = []) => checkConsistency(rules, catalogue, values, baseline);
const flagsOf = (values: CheckedValue[], baseline: BaselineItem[] = []): ConsistencyFlag[] => [...check(values, baseline).values()].flat();
const ruleIds = (values: CheckedValue[], baseline: BaselineItem[] = []) => flagsOf(values, baseline).map((f) => f.rule);

interface Case {
  values: CheckedValue[];
  baseline?: BaselineItem[];
}
interface RuleCases {
  trip: Case & { flagged: string[] };
  noTrip: Case;
}

/** Every rule of the file: a case that trips it (on the items listed) and one that does not. */
const CASES: Record<string, RuleCases> = {
  'potable-within-basic-water': {
    trip: { values: [v('EC-I-WS-2C', 80), v('EC-I-WS-1C', 70)], flagged: ['EC-I-WS-2C#', 'EC-I-WS-1C#'] },
    noTrip: { values: [v('EC-I-WS-2C', 70), v('EC-I-WS-1C', 80)] },
  },
  'fixed-broadband-within-internet-access': {
    trip: { values: [v('EC-ICT-ICT-2C', 90), v('EC-ICT-ICT-1C', 80)], flagged: ['EC-ICT-ICT-2C#', 'EC-ICT-ICT-1C#'] },
    noTrip: { values: [v('EC-ICT-ICT-2C', 30), v('EC-ICT-ICT-1C', 80)] },
  },
  'smart-electricity-meters-above-water': {
    trip: { values: [v('EC-ICT-ES-1C', 20), v('EC-ICT-WS-1C', 60)], flagged: ['EC-ICT-ES-1C#', 'EC-ICT-WS-1C#'] },
    noTrip: { values: [v('EC-ICT-ES-1C', 80), v('EC-ICT-WS-1C', 60)] },
  },
  'sanitation-typical-range': {
    trip: { values: [v('EC-I-WS-5C', 85)], flagged: ['EC-I-WS-5C#'] },
    noTrip: { values: [v('EC-I-WS-5C', 95)] },
  },
  'electricity-access-typical-range': {
    trip: { values: [v('EC-I-ES-3C', 70)], flagged: ['EC-I-ES-3C#'] },
    noTrip: { values: [v('EC-I-ES-3C', 99.5)] },
  },
  'travel-time-index-guidance': {
    trip: { values: [v('EC-I-T-5A', 2.7)], flagged: ['EC-I-T-5A#'] },
    noTrip: { values: [v('EC-I-T-5A', 1.8)] },
  },
  'plausible-range': {
    trip: { values: [v('EC-P-IN-2C', 2500), v('EN-EN-AQ-1C', 700, 'pm10')], flagged: ['EC-P-IN-2C#', 'EN-EN-AQ-1C#pm10'] },
    noTrip: { values: [v('EC-P-IN-2C', 100), v('EN-EN-AQ-1C', 40, 'pm10')] },
  },
  'change-from-baseline': {
    trip: {
      values: [v('EC-ICT-ICT-1C', 95), v('EC-P-IN-2C', 160)],
      baseline: [b('EC-ICT-ICT-1C', 65), b('EC-P-IN-2C', 100)],
      flagged: ['EC-ICT-ICT-1C#', 'EC-P-IN-2C#'],
    },
    noTrip: { values: [v('EC-ICT-ICT-1C', 80), v('EC-P-IN-2C', 140)], baseline: [b('EC-ICT-ICT-1C', 65), b('EC-P-IN-2C', 100)] },
  },
};

describe('every rule of the file', () => {
  it('has a trip and a no-trip case here (a rule added to the file without tests fails this)', () => {
    expect(Object.keys(CASES).sort()).toEqual(rules.rules.map((r) => r.id).sort());
  });

  describe.each(rules.rules.map((r) => r.id))('%s', (id) => {
    const cases = CASES[id];

    it('trips on its case, flagging the items named', () => {
      const flags = check(cases.trip.values, cases.trip.baseline ?? []);
      const flagged = [...flags].filter(([, list]) => list.some((f) => f.rule === id)).map(([key]) => key);
      expect(flagged.sort()).toEqual([...cases.trip.flagged].sort());
    });

    it('does not trip on its no-trip case', () => {
      expect(ruleIds(cases.noTrip.values, cases.noTrip.baseline ?? [])).not.toContain(id);
    });
  });
});

describe('relation', () => {
  const flags = check([v('EC-I-WS-2C', 80), v('EC-I-WS-1C', 70)]);
  const potable = flags.get('EC-I-WS-2C#')![0];
  const basic = flags.get('EC-I-WS-1C#')![0];

  it('flags both sides, each message phrased from its side, with what to check', () => {
    expect(potable).toEqual({
      rule: 'potable-within-basic-water',
      severity: 'error',
      message:
        'Potable Water Supply (80 %) is above Basic Water Supply (70 %): potable water should be less than basic water ' +
        '(Verification Manual p. 68). Check that both are shares of the same households in the same year, and that potable ' +
        'water counts only safely managed drinking water.',
      compared: [
        { label: 'Potable Water Supply', code: 'EC-I-WS-2C', dataPoint: null, value: 80 },
        { label: 'Basic Water Supply', code: 'EC-I-WS-1C', dataPoint: null, value: 70 },
      ],
      reason: expect.stringContaining('"should be less than Basic Water"'),
      source: 'U4SSC KPIs Verification Manual (2022), p. 68',
      fingerprint: potable.fingerprint,
    });
    expect(basic.message).toMatch(/^Basic Water Supply \(70 %\) is below Potable Water Supply \(80 %\): potable water should be/);
    expect(basic.compared.map((c) => c.value)).toEqual([70, 80]);
  });

  it('gives both sides the same fingerprint', () => {
    expect(basic.fingerprint).toBe(potable.fingerprint);
  });

  it('phrases a gte relation from each side', () => {
    const meters = check([v('EC-ICT-ES-1C', 20), v('EC-ICT-WS-1C', 60)]);
    expect(meters.get('EC-ICT-ES-1C#')![0].message).toMatch(/^Smart Electricity Meters \(20 %\) is below Smart Water Meters \(60 %\): smart/);
    expect(meters.get('EC-ICT-WS-1C#')![0].message).toMatch(/^Smart Water Meters \(60 %\) is above Smart Electricity Meters \(20 %\)/);
  });

  it('does not flag equal sides', () => {
    expect(flagsOf([v('EC-I-WS-2C', 75), v('EC-I-WS-1C', 75)])).toEqual([]);
    expect(flagsOf([v('EC-ICT-ES-1C', 40), v('EC-ICT-WS-1C', 40)])).toEqual([]);
  });

  it('needs both numbers: one side missing or not available flags nothing', () => {
    expect(flagsOf([v('EC-I-WS-2C', 80)])).toEqual([]);
    expect(flagsOf([v('EC-I-WS-2C', 80), v('EC-I-WS-1C', null)])).toEqual([]);
    expect(flagsOf([v('EC-I-WS-2C', null), v('EC-I-WS-1C', 10)])).toEqual([]);
  });
});

describe('typical range', () => {
  it('flags a value below the typical minimum, with the minimum compared and the range', () => {
    const [flag] = check([v('EC-I-WS-5C', 85)]).get('EC-I-WS-5C#')!;
    expect(flag.message).toBe(
      'Household Sanitation (85 %) is below 90 %: 90 per cent or more is normal (Verification Manual p. 73). ' +
        'Check the number of households counted and the source of the sanitation data.',
    );
    expect(flag.compared).toEqual([
      { label: 'Household Sanitation', code: 'EC-I-WS-5C', dataPoint: null, value: 85 },
      { label: 'typical minimum', code: null, dataPoint: null, value: 90 },
    ]);
    expect(flag.range).toEqual({ min: 90, max: 100 });
    expect(flag.severity).toBe('warning');
  });

  it('does not flag a value exactly at the bound', () => {
    expect(flagsOf([v('EC-I-WS-5C', 90), v('EC-I-ES-3C', 90), v('EC-I-T-5A', 2.5)])).toEqual([]);
  });

  it('names the guidance band of a Travel Time Index above 2.5', () => {
    const [flag] = check([v('EC-I-T-5A', 2.7)]).get('EC-I-T-5A#')!;
    expect(flag.message).toBe(
      'Travel Time Index (2.7) is above 2.5, in the guidance band "Less Desirable": the manual calls a TTI up to 1.5 "Good", ' +
        '1.5 to 2.5 "Potentially Acceptable" and above 2.5 "Less Desirable" (Verification Manual p. 82). ' +
        'Check the peak-period and free-flow travel times it is computed from, and the roads and hours they cover.',
    );
    expect(flag.range).toEqual({ min: 0, max: 2.5 });
    expect(flag.compared[1]).toEqual({ label: 'typical maximum', code: null, dataPoint: null, value: 2.5 });
  });
});

describe('plausible range', () => {
  it('flags a value outside the catalogue item’s plausible range, with its unit', () => {
    const [flag] = check([v('EC-P-IN-2C', 2500)]).get('EC-P-IN-2C#')!;
    expect(flag.message).toBe(
      'Patents (2500) is above the plausible maximum for a city: usually between 0 and 2000 (unit: Number per 100 000 inhabitants) ' +
        '(Verification Manual §5.3, p. 27). Check the value, its unit and its denominator (e.g. per 100 000 inhabitants, a share rather than a count).',
    );
    expect(flag.range).toEqual({ min: 0, max: 2000 });
    expect(flag.compared.map((c) => [c.label, c.value])).toEqual([
      ['Patents', 2500],
      ['plausible minimum', 0],
      ['plausible maximum', 2000],
    ]);
    expect(flag.source).toBe('U4SSC KPIs Verification Manual (2022), §5.3, p. 27');
  });

  it('checks a data point against its own range and names it', () => {
    const [flag] = check([v('EN-EN-AQ-1C', 700, 'pm10')]).get('EN-EN-AQ-1C#pm10')!;
    expect(flag.message).toMatch(/^Air Pollution \(PM10\) \(700\) is above the plausible maximum for a city: usually between 0 and 600 \(unit: µg\/m³, annual mean\)/);
    expect(flag.compared[0]).toEqual({ label: 'Air Pollution (PM10)', code: 'EN-EN-AQ-1C', dataPoint: 'pm10', value: 700 });
  });

  it('flags a value below the plausible minimum', () => {
    const [flag] = check([v('SC-EH-H-1C', 30)]).get('SC-EH-H-1C#')!;
    expect(flag.message).toMatch(/^Life Expectancy \(30\) is below the plausible minimum for a city: usually between 40 and 95 \(unit: Years\)/);
  });

  it('does not flag a value at a bound', () => {
    expect(flagsOf([v('EC-P-IN-2C', 2000), v('SC-EH-H-1C', 40), v('EC-I-T-5A', 1)])).toEqual([]);
  });
});

describe('change from the baseline', () => {
  it('flags a percentage moving more than 20 points, in percentage points, with the baseline compared', () => {
    const [flag] = check([v('EC-ICT-ICT-1C', 95)], [b('EC-ICT-ICT-1C', 65, 2022)]).get('EC-ICT-ICT-1C#')!;
    expect(flag.message).toBe(
      "Household Internet Access (95 %) rose by 30 percentage points from the previous cycle's baseline (65 % in 2022): " +
        'a change of more than 20 percentage points is unusual (Verification Manual §5.3, p. 27). ' +
        'Check that both cycles use the same definition, denominator and source, or explain the change.',
    );
    expect(flag.compared).toEqual([
      { label: 'Household Internet Access', code: 'EC-ICT-ICT-1C', dataPoint: null, value: 95 },
      { label: 'baseline in 2022', code: 'EC-ICT-ICT-1C', dataPoint: null, value: 65 },
    ]);
    expect(flag.range).toBeUndefined();
  });

  it('flags another unit moving more than 50 % of its baseline, without a year when there is none', () => {
    const [flag] = check([v('EC-P-IN-2C', 40)], [b('EC-P-IN-2C', 100, null)]).get('EC-P-IN-2C#')!;
    expect(flag.message).toMatch(/^Patents \(40\) fell by 60 % from the previous cycle's baseline \(100\): a change of more than 50 % is unusual/);
  });

  it('prints the change with the decimals that show it above the threshold', () => {
    const message = (value: number, before: number, code = 'EC-P-IN-2C') => flagsOf([v(code, value)], [b(code, before)])[0].message;
    expect(message(150.04, 100)).toMatch(/rose by 50.04 % from/);
    expect(message(416.66, 100)).toMatch(/rose by 317 % from/);
    expect(message(85.3, 65.1, 'EC-ICT-ICT-1C')).toMatch(/rose by 20.2 percentage points from the previous cycle's baseline \(65.1 % in 2023\)/);
  });

  it('does not flag a change exactly at the threshold', () => {
    expect(flagsOf([v('EC-ICT-ICT-1C', 85), v('EC-P-IN-2C', 150)], [b('EC-ICT-ICT-1C', 65), b('EC-P-IN-2C', 100)])).toEqual([]);
  });

  it('zero baseline: a relative threshold is not applied; an absolute one is', () => {
    expect(flagsOf([v('EC-P-IN-2C', 300)], [b('EC-P-IN-2C', 0)])).toEqual([]);
    expect(ruleIds([v('EC-ICT-ICT-1C', 30)], [b('EC-ICT-ICT-1C', 0)])).toEqual(['change-from-baseline']);
  });

  it('uses the per-KPI thresholds of the file', () => {
    // Gini: 0.05 absolute; R&D: 1 point of GDP.
    expect(ruleIds([v('SC-SH-SI-2C', 0.36)], [b('SC-SH-SI-2C', 0.3)])).toEqual(['change-from-baseline']);
    expect(ruleIds([v('SC-SH-SI-2C', 0.34)], [b('SC-SH-SI-2C', 0.3)])).toEqual([]);
    expect(ruleIds([v('EC-P-IN-1C', 3.5)], [b('EC-P-IN-1C', 2)])).toEqual(['change-from-baseline']);
    // Yes / no: never compared, for the KPI and each of its data points.
    expect(ruleIds([v('SC-SH-SA-3A', 1), v('EC-I-UP-2A', 1, 'compact')], [b('SC-SH-SA-3A', 0), b('EC-I-UP-2A', 0, 2023, 'compact')])).toEqual([]);
  });

  it('compares a data point with the baseline of the same data point only', () => {
    expect(ruleIds([v('EC-ICT-ICT-4C', 90, '4g')], [b('EC-ICT-ICT-4C', 40, 2023, '3g')])).toEqual([]);
    expect(check([v('EC-ICT-ICT-4C', 90, '4g')], [b('EC-ICT-ICT-4C', 40, 2023, '4g')]).has('EC-ICT-ICT-4C#4g')).toBe(true);
  });

  it('does not compare with a baseline that has no value', () => {
    expect(flagsOf([v('EC-ICT-ICT-1C', 95)], [b('EC-ICT-ICT-1C', null)])).toEqual([]);
  });
});

describe('fingerprint', () => {
  const fingerprint = (values: CheckedValue[], baseline: BaselineItem[] = []) => flagsOf(values, baseline).map((f) => f.fingerprint);

  it('is the same for the same figures', () => {
    const figures = [v('EC-I-WS-2C', 80), v('EC-I-WS-1C', 70)];
    expect(fingerprint(figures)).toEqual(fingerprint([...figures]));
    expect(fingerprint([v('EC-I-T-5A', 2.7)], [b('EC-I-T-5A', 1.2)])).toEqual(fingerprint([v('EC-I-T-5A', 2.7)], [b('EC-I-T-5A', 1.2)]));
  });

  it('changes when any compared number changes', () => {
    const [relation] = fingerprint([v('EC-I-WS-2C', 80), v('EC-I-WS-1C', 70)]);
    expect(fingerprint([v('EC-I-WS-2C', 80), v('EC-I-WS-1C', 71)])[0]).not.toBe(relation);
    expect(fingerprint([v('EC-I-WS-2C', 81), v('EC-I-WS-1C', 70)])[0]).not.toBe(relation);
    const [typical] = fingerprint([v('EC-I-WS-5C', 85)]);
    expect(fingerprint([v('EC-I-WS-5C', 85.5)])[0]).not.toBe(typical);
    const [change] = fingerprint([v('EC-ICT-ICT-1C', 95)], [b('EC-ICT-ICT-1C', 65)]);
    expect(fingerprint([v('EC-ICT-ICT-1C', 95)], [b('EC-ICT-ICT-1C', 64)])[0]).not.toBe(change);
  });

  it('differs between rules comparing the same value', () => {
    const prints = fingerprint([v('EC-I-T-5A', 5)], [b('EC-I-T-5A', 1.2)]);
    expect(new Set(prints).size).toBe(3);
  });
});

describe('checkConsistency', () => {
  it('gives an item its flags in rule-file order', () => {
    const flags = check([v('EC-I-T-5A', 5)], [b('EC-I-T-5A', 1.2)]);
    expect(flags.get('EC-I-T-5A#')!.map((f) => f.rule)).toEqual(['travel-time-index-guidance', 'plausible-range', 'change-from-baseline']);
  });

  it('never flags a value that is not available, nor an item missing from the values', () => {
    const flags = check(
      [v('EC-I-WS-5C', null), v('EC-I-T-5A', null), v('EC-P-IN-2C', null), v('EC-I-WS-2C', null)],
      [b('EC-I-WS-5C', 99), b('EC-I-T-5A', 1.2), b('EC-ICT-ICT-1C', 10)],
    );
    expect(flags.size).toBe(0);
  });

  it('leaves out items without flags', () => {
    const flags = check([v('EC-I-WS-5C', 85), v('EC-I-ES-3C', 95)]);
    expect([...flags.keys()]).toEqual([itemKey('EC-I-WS-5C', null)]);
  });

  it('ignores codes and data points the catalogue does not know, and numbers that are not finite', () => {
    expect(
      flagsOf([
        v('XX-1C', 1e9),
        v('EN-EN-AQ-1C', 1e9, 'PM2.5'),
        v('EN-EN-AQ-1C', 1e9), // a KPI with data points has values on its data points only
        v('EC-I-WS-5C', 1e9, 'pm10'),
        v('EC-I-WS-5C', Number.NaN),
        v('EC-P-IN-2C', Infinity),
      ]),
    ).toEqual([]);
  });

  it('takes the later of two values for one item', () => {
    expect(ruleIds([v('EC-I-WS-5C', 50), v('EC-I-WS-5C', 95)])).toEqual([]);
    expect(ruleIds([v('EC-I-WS-5C', 50), v('EC-I-WS-5C', null)])).toEqual([]);
  });

  it('prints numbers without float noise', () => {
    const [flag] = check([v('EC-I-WS-2C', 0.1 + 0.2 + 70), v('EC-I-WS-1C', 70)]).get('EC-I-WS-2C#')!;
    expect(flag.message).toMatch(/^Potable Water Supply \(70.3 %\) is above Basic Water Supply \(70 %\)/);
    expect(flag.compared[0].value).toBe(0.1 + 0.2 + 70);
  });
});

describe('formatNumber and isPercentageUnit', () => {
  it.each([
    [0.1 + 0.2, '0.3'],
    [80, '80'],
    [2.5, '2.5'],
    [1 / 3, '0.3333333333'],
    [-0, '0'],
    [123456.789, '123456.789'],
    [-1.0000000000000001e21, '-1e+21'],
    [Number.MAX_VALUE, '1.797693135e+308'],
    [-1.7976931345000002e308, '-1.797693135e+308'],
  ])('%p → %s', (n, text) => expect(formatNumber(n)).toBe(text));

  it.each([
    ['Percentage', true],
    ['Percentage of city GDP', true],
    ['% of trips to work', true],
    ['Number per 100 000 inhabitants', false],
    ['Ratio', false],
    ['Yes / No', false],
  ])('%s: %p', (unit, percentage) => expect(isPercentageUnit(unit)).toBe(percentage));
});
