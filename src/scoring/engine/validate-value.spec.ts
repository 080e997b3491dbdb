import { findKpi, loadCatalogue } from '../../kpis/catalogue/catalogue';
import type { CatalogueKpi } from '../../kpis/catalogue/catalogue';
import { validateValue } from './validate-value';

const catalogue = loadCatalogue();
const kpi = (code: string): CatalogueKpi => {
  const found = findKpi(catalogue, code);
  if (!found) throw new Error(`no KPI ${code}`);
  return found;
};

const internet = kpi('EC-ICT-ICT-1C'); // Percentage, single value
const air = kpi('EN-EN-AQ-1C'); // data points pm10, pm2-5, no2, so2, o3
const openData = kpi('EC-ICT-PS-1A'); // percent (0–100) and number (no upper bound)
const planning = kpi('EC-I-UP-2A'); // yes / no per principle
const resilience = kpi('SC-SH-SA-3A'); // yes / no
const gini = kpi('SC-SH-SI-2C'); // coefficient 0–1
const enrolment = kpi('SC-EH-ED-2C'); // a percentage that may exceed 100
const outage = kpi('EC-I-ES-2C'); // minutes
const life = kpi('SC-EH-H-1C'); // years: possible 0–125, plausible 40–95

describe('validateValue', () => {
  it('accepts a plausible value', () => {
    expect(validateValue(internet, null, 87.5)).toEqual([]);
    expect(validateValue(internet, undefined, 0)).toEqual([]);
    expect(validateValue(air, 'pm2-5', 12)).toEqual([]);
    expect(validateValue(openData, 'number', 5400)).toEqual([]);
    expect(validateValue(planning, 'compact', 0.5)).toEqual([]);
    expect(validateValue(enrolment, null, 104)).toEqual([]);
    expect(validateValue(outage, null, 95)).toEqual([]);
  });

  it('requires a data point for a KPI with data points, naming them', () => {
    expect(validateValue(air, null, 12)).toEqual([
      { field: 'dataPoint', message: 'dataPoint is required for EN-EN-AQ-1C: one of pm10, pm2-5, no2, so2, o3' },
    ]);
    expect(validateValue(air, '', 12)).toHaveLength(1);
  });

  it('refuses a data point for a single-value KPI', () => {
    expect(validateValue(internet, 'pm10', 50)).toEqual([
      { field: 'dataPoint', message: 'dataPoint is not allowed: EC-ICT-ICT-1C has a single value' },
    ]);
  });

  it('names an unknown data point', () => {
    expect(validateValue(air, 'PM2.5', 12)).toEqual([
      { field: 'dataPoint', message: 'unknown data point "PM2.5" for EN-EN-AQ-1C: one of pm10, pm2-5, no2, so2, o3' },
    ]);
  });

  it.each([['87'], [null], [undefined], [Number.NaN], [Number.POSITIVE_INFINITY], [{}]])(
    'refuses %p: value must be a finite number',
    (bad) => {
      expect(validateValue(internet, null, bad)).toEqual([{ field: 'value', message: 'value must be a finite number' }]);
    },
  );

  it('keeps a value within the plausible range of its unit', () => {
    expect(validateValue(internet, null, 100.5)).toEqual([
      { field: 'value', message: 'value must be between 0 and 100 (Percentage)' },
    ]);
    expect(validateValue(internet, null, -1)).toEqual([
      { field: 'value', message: 'value must be between 0 and 100 (Percentage)' },
    ]);
    expect(validateValue(openData, 'percent', 120)).toEqual([
      { field: 'value', message: 'value must be between 0 and 100 (% of inventoried datasets published as open data)' },
    ]);
    expect(validateValue(air, 'no2', -3)).toEqual([
      { field: 'value', message: 'value must be at least 0 (µg/m³, annual mean)' },
    ]);
    expect(validateValue(resilience, null, 2)).toEqual([
      { field: 'value', message: 'value must be between 0 and 1 (Yes / No)' },
    ]);
    expect(validateValue(gini, null, 1.2)).toEqual([
      { field: 'value', message: 'value must be between 0 and 1 (Coefficient (0-1))' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(validateValue(air, 'pm1', 'high').map((p) => p.field)).toEqual(['dataPoint', 'value']);
  });
});

describe('possible ranges (the plausible range is a consistency check: src/kpis/consistency)', () => {
  it('refuses a value outside the possible range, naming the range', () => {
    expect(validateValue(life, null, 500)).toEqual([{ field: 'value', message: 'value must be between 0 and 125 (Years)' }]);
    expect(validateValue(life, null, 25)).toEqual([]);
  });
});
