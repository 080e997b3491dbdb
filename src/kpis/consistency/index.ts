// STUB for the integrator's branch: replaced by the consistency branch on merge.
import { itemKey } from '../../scoring/engine';

export type FlagSeverity = 'warning' | 'error';
export interface ComparedNumber { label: string; code: string | null; dataPoint: string | null; value: number }
export interface ConsistencyFlag {
  rule: string;
  severity: FlagSeverity;
  message: string;
  compared: ComparedNumber[];
  reason: string;
  source: string;
  range?: { min: number; max: number | null };
  fingerprint: string;
}
export interface CheckedValue { code: string; dataPoint: string | null; value: number | null }
export interface BaselineItem { code: string; dataPoint: string | null; value: number | null; year?: number | null }
export type ConsistencyRules = { stub: true };
export const loadConsistencyRules = (_catalogue?: unknown): ConsistencyRules => ({ stub: true });

export function checkConsistency(_rules: ConsistencyRules, _catalogue: unknown, values: readonly CheckedValue[], _baseline: readonly BaselineItem[]): Map<string, ConsistencyFlag[]> {
  const out = new Map<string, ConsistencyFlag[]>();
  const of = (code: string) => values.find((v) => v.code === code && v.value !== null);
  const potable = of('EC-I-WS-2C');
  const basic = of('EC-I-WS-1C');
  if (potable && basic && (potable.value as number) > (basic.value as number)) {
    const fp = `potable-within-basic-water|${potable.value}|${basic.value}`;
    const f = (m: string): ConsistencyFlag => ({ rule: 'potable-within-basic-water', severity: 'error', message: m, compared: [], reason: 'r', source: 's', fingerprint: fp });
    out.set(itemKey('EC-I-WS-2C', null), [f('potable above basic')]);
    out.set(itemKey('EC-I-WS-1C', null), [f('basic below potable')]);
  }
  const san = of('EC-I-WS-5C');
  if (san && (san.value as number) < 90) {
    out.set(itemKey('EC-I-WS-5C', null), [{ rule: 'sanitation-typical-range', severity: 'warning', message: 'below 90', compared: [], reason: 'r', source: 's', fingerprint: `san|${san.value}` }]);
  }
  return out;
}
export const ruleIdsOf = (_rules: ConsistencyRules): string[] => ['potable-within-basic-water', 'sanitation-typical-range'];
