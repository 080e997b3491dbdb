/**
 * What an action targets, from the request's `kpiCodes` and `expectedValues`: each KPI must be in
 * the catalogue (URL-safe, official or alternative code), a data point one of the KPI's (required
 * for a KPI with data points, `<code>/<dataPoint>`), and each expected value a finite number within
 * the KPI's possible range. Plain code over the catalogue and the scoring engine's value rule.
 */
import { parseTargetKey, targetKey } from '../../workflows/action-plan';
import type { FieldProblem } from '../common/field-problems';
import { findKpi, type Catalogue } from '../kpis/catalogue/catalogue';
import { validateValue } from '../scoring/engine';

export interface ResolvedTarget {
  code: string;
  dataPoint: string | null;
  expectedValue: number;
}

export function resolveTargets(
  catalogue: Catalogue,
  kpiCodes: readonly string[],
  expectedValues: Record<string, unknown>,
): { targets: ResolvedTarget[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const wanted = new Map<string, { code: string; dataPoint: string | null }>();
  kpiCodes.forEach((given, i) => {
    const field = `kpiCodes[${i}]`;
    const { code, dataPoint } = parseTargetKey(given);
    const kpi = findKpi(catalogue, code);
    if (!kpi) {
      problems.push({ field, rule: 'unknownKpi', message: `unknown KPI "${code}": not in the KPI catalogue (GET /api/kpis)` });
      return;
    }
    const dp = validateValue(kpi, dataPoint, undefined).filter((p) => p.field === 'dataPoint');
    if (dp.length > 0) {
      for (const p of dp) problems.push({ field, rule: 'dataPoint', message: `${p.message} (write it as "${kpi.code}/<dataPoint>")` });
      return;
    }
    const key = targetKey(kpi.code, dataPoint);
    if (wanted.has(key)) problems.push({ field, rule: 'unique', message: `${key} is named twice in kpiCodes` });
    wanted.set(key, { code: kpi.code, dataPoint });
  });

  const valueOf = new Map<string, unknown>();
  for (const [given, value] of Object.entries(expectedValues)) {
    const field = `expectedValues.${given}`;
    const { code, dataPoint } = parseTargetKey(given);
    const kpi = findKpi(catalogue, code);
    const key = kpi ? targetKey(kpi.code, dataPoint) : undefined;
    if (!kpi || !key || !wanted.has(key)) {
      problems.push({ field, rule: 'inKpiCodes', message: `expectedValues has "${given}", which kpiCodes does not name` });
      continue;
    }
    for (const p of validateValue(kpi, dataPoint, value).filter((p) => p.field === 'value')) {
      problems.push({ field, rule: 'range', message: `expected value of ${key}: ${p.message.replace(/^value /, '')}` });
    }
    valueOf.set(key, value);
  }
  const targets: ResolvedTarget[] = [];
  for (const [key, item] of wanted) {
    if (!valueOf.has(key)) {
      problems.push({ field: `expectedValues.${key}`, rule: 'required', message: `expectedValues must give the value ${key} is expected to reach after the action` });
      continue;
    }
    targets.push({ ...item, expectedValue: valueOf.get(key) as number });
  }
  return { targets, problems };
}

/** The canonical keys (`<code>` or `<code>/<dataPoint>`) of the entries of kpiCodes that name a catalogue KPI. */
export function canonicalKeys(catalogue: Catalogue, kpiCodes: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const given of kpiCodes) {
    const { code, dataPoint } = parseTargetKey(given);
    const kpi = findKpi(catalogue, code);
    if (kpi) keys.add(targetKey(kpi.code, dataPoint));
  }
  return keys;
}
