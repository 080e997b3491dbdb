import { loadCatalogue } from '../catalogue/catalogue';
import rulesFile from '../catalogue/u4ssc-2022.consistency-rules.json';
import { PLAUSIBLE_RANGE_RULE } from '../../scoring/engine/validate-value';
import { loadConsistencyRules, parseConsistencyRules } from './rules';

const catalogue = loadCatalogue();

type RawRule = Record<string, unknown>;
/** The rule file with one rule changed: `change` edits a deep copy of the rule with that id. */
const withRule = (id: string, change: (rule: RawRule) => void): unknown => {
  const copy = structuredClone(rulesFile) as unknown as { rules: RawRule[] };
  const rule = copy.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  change(rule);
  return copy;
};
const parse = (data: unknown) => () => parseConsistencyRules(data, catalogue);

describe('loadConsistencyRules', () => {
  it('reads the 2022 rule file, in file order', () => {
    const rules = loadConsistencyRules();
    expect(rules.edition).toBe('2022');
    expect(rules.rules.map((r) => [r.id, r.kind, r.severity])).toEqual([
      ['potable-within-basic-water', 'relation', 'error'],
      ['fixed-broadband-within-internet-access', 'relation', 'warning'],
      ['smart-electricity-meters-above-water', 'relation', 'warning'],
      ['sanitation-typical-range', 'typical-range', 'warning'],
      ['electricity-access-typical-range', 'typical-range', 'warning'],
      ['travel-time-index-guidance', 'typical-range', 'warning'],
      ['plausible-range', 'plausible-range', 'warning'],
      ['change-from-baseline', 'baseline-change', 'warning'],
    ]);
  });

  it('keeps the rule id of the plausible range that values were flagged with at submission', () => {
    expect(loadConsistencyRules().rules.find((r) => r.kind === 'plausible-range')?.id).toBe(PLAUSIBLE_RANGE_RULE);
  });

  it('cites the Verification Manual on every rule', () => {
    for (const rule of loadConsistencyRules().rules) {
      expect(rule.source.document).toBe('U4SSC KPIs Verification Manual (2022)');
      expect(rule.source.page).toMatch(/(^|, )pp?\. \d/);
      expect(rule.check).toMatch(/^Check .*\.$/);
    }
  });
});

describe('parseConsistencyRules refuses a bad rule, naming it', () => {
  it('an unknown KPI code', () => {
    expect(parse(withRule('potable-within-basic-water', (r) => (r.left = { code: 'EC-I-WS-9C' })))).toThrow(
      'u4ssc-2022.consistency-rules.json: rule "potable-within-basic-water": left: unknown KPI code "EC-I-WS-9C"',
    );
  });

  it('an official code spelling instead of the catalogue code', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => (r.item = { code: 'EC: I: WS: 5C' })))).toThrow(
      'rule "sanitation-typical-range": item: unknown KPI code "EC: I: WS: 5C"',
    );
  });

  it('an unknown data point', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => (r.item = { code: 'EN-EN-AQ-1C', dataPoint: 'PM2.5' })))).toThrow(
      'rule "sanitation-typical-range": item: unknown data point "PM2.5" of EN-EN-AQ-1C: one of pm10, pm2-5, no2, so2, o3',
    );
  });

  it('a data point on a KPI without data points', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => (r.item = { code: 'EC-I-WS-5C', dataPoint: 'pm10' })))).toThrow(
      'rule "sanitation-typical-range": item: EC-I-WS-5C has no data points, got "pm10"',
    );
  });

  it('no data point on a KPI with data points', () => {
    expect(parse(withRule('fixed-broadband-within-internet-access', (r) => (r.right = { code: 'EC-ICT-ICT-4C' })))).toThrow(
      'rule "fixed-broadband-within-internet-access": right: EC-ICT-ICT-4C has data points, name one of 3g, 4g',
    );
  });

  it('an unknown data point in a baseline override', () => {
    expect(
      parse(withRule('change-from-baseline', (r) => (r.perKpi = [{ code: 'EC-I-UP-2A', dataPoint: 'smart', threshold: null, note: 'x' }]))),
    ).toThrow('rule "change-from-baseline": perKpi[0]: unknown data point "smart" of EC-I-UP-2A');
  });

  it('a bad op', () => {
    expect(parse(withRule('potable-within-basic-water', (r) => (r.op = 'lt')))).toThrow(
      'rule "potable-within-basic-water": bad op "lt": one of lte, gte',
    );
  });

  it('a bad severity', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => (r.severity = 'info')))).toThrow(
      'rule "sanitation-typical-range": bad severity "info": one of warning, error',
    );
  });

  it('an unknown kind', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => (r.kind = 'ratio')))).toThrow(
      'rule "sanitation-typical-range": unknown kind "ratio"',
    );
  });

  it('a field the kind does not have (a typo would otherwise be ignored)', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => (r.minimum = 90)))).toThrow(
      'rule "sanitation-typical-range": unknown field "minimum" for kind typical-range',
    );
  });

  it('an id used twice, or not kebab-case', () => {
    expect(parse(withRule('electricity-access-typical-range', (r) => (r.id = 'sanitation-typical-range')))).toThrow(
      'rule "sanitation-typical-range": id used twice',
    );
    expect(parse(withRule('electricity-access-typical-range', (r) => (r.id = 'Electricity Access')))).toThrow(
      'rule 5: id must be kebab-case, got "Electricity Access"',
    );
  });

  it('a missing reason, check or source', () => {
    expect(parse(withRule('plausible-range', (r) => delete r.reason))).toThrow('rule "plausible-range": reason must be a non-empty string');
    expect(parse(withRule('plausible-range', (r) => (r.check = ' ')))).toThrow('rule "plausible-range": check must be a non-empty string');
    expect(parse(withRule('plausible-range', (r) => (r.source = { document: 'VM' })))).toThrow(
      'rule "plausible-range": source must be {document, page}',
    );
  });

  it('a typical range without bounds, or with bands out of order', () => {
    expect(parse(withRule('sanitation-typical-range', (r) => delete r.min))).toThrow('rule "sanitation-typical-range": give min, max or both');
    expect(
      parse(
        withRule('travel-time-index-guidance', (r) => {
          r.bands = [
            { upTo: 2.5, label: 'b' },
            { upTo: 1.5, label: 'a' },
            { upTo: null, label: 'c' },
          ];
        }),
      ),
    ).toThrow('rule "travel-time-index-guidance": bands must be in ascending order');
  });

  it('a threshold that is not {absolute} or {relative} above 0', () => {
    expect(parse(withRule('change-from-baseline', (r) => (r.default = { percentage: { points: 20 }, other: { relative: 50 } })))).toThrow(
      'rule "change-from-baseline": default.percentage: must be {absolute} or {relative}, a number above 0',
    );
    expect(parse(withRule('change-from-baseline', (r) => (r.default = { percentage: { absolute: 0 }, other: { relative: 50 } })))).toThrow(
      'default.percentage: must be {absolute} or {relative}, a number above 0',
    );
  });

  it('a file for another edition of the catalogue', () => {
    expect(parse({ ...(rulesFile as object), edition: '2017' })).toThrow('edition "2017" is not the catalogue\'s ("2022")');
  });
});
