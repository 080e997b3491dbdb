/**
 * Reads the consistency rule file and checks it against the catalogue: an unknown kind, code, data
 * point, operator or severity, a missing or unknown field, throws an error naming the file and the
 * rule. Called at boot, so that a bad rule file stops the server instead of flagging nothing.
 */
import { loadCatalogue } from '../catalogue/catalogue';
import rulesFile from '../catalogue/u4ssc-2022.consistency-rules.json';
import {
  FLAG_SEVERITIES,
  RELATION_OPS,
  RULE_KINDS,
  type BaselineChangeOverride,
  type ChangeThreshold,
  type ConsistencyCatalogue,
  type ConsistencyRule,
  type ConsistencyRules,
  type GuidanceBand,
  type ItemRef,
  type RuleSource,
} from './types';

export const RULE_FILE = 'u4ssc-2022.consistency-rules.json';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

const FIELDS: Record<string, readonly string[]> = {
  common: ['id', 'kind', 'severity', 'reason', 'check', 'source'],
  relation: ['left', 'op', 'right', 'expected'],
  'typical-range': ['item', 'min', 'max', 'bands', 'expected'],
  'plausible-range': [],
  'baseline-change': ['default', 'perKpi'],
};

/** Checks one rule file's content against the catalogue; throws naming the rule at the first problem. */
export function parseConsistencyRules(data: unknown, catalogue: ConsistencyCatalogue, file = RULE_FILE): ConsistencyRules {
  const fail = (where: string, problem: string): never => {
    throw new Error(`${file}: ${where}: ${problem}`);
  };
  if (!isObject(data)) return fail('file', 'not a JSON object');
  if (!isText(data.edition)) fail('file', 'edition must be a string');
  const edition = data.edition as string;
  if (catalogue.edition !== undefined && edition !== catalogue.edition) {
    fail('file', `edition "${edition}" is not the catalogue's ("${catalogue.edition}")`);
  }
  if (!Array.isArray(data.rules)) return fail('file', 'rules must be a list');

  const kpis = new Map(catalogue.kpis.map((k) => [k.code, k]));
  const seen = new Set<string>();

  return {
    edition,
    rules: data.rules.map((raw: unknown, index: number): ConsistencyRule => {
      if (!isObject(raw)) return fail(`rule ${index + 1}`, 'not an object');
      const id = raw.id;
      if (!isText(id) || !KEBAB.test(id)) return fail(`rule ${index + 1}`, `id must be kebab-case, got ${JSON.stringify(id)}`);
      const where = `rule "${id}"`;
      if (seen.has(id)) fail(where, 'id used twice');
      seen.add(id);
      const kind = raw.kind;
      if (!oneOf(RULE_KINDS, kind)) return fail(where, `unknown kind ${JSON.stringify(kind)}: one of ${RULE_KINDS.join(', ')}`);
      const allowed = new Set([...FIELDS.common, ...FIELDS[kind]]);
      for (const field of Object.keys(raw)) if (!allowed.has(field)) fail(where, `unknown field "${field}" for kind ${kind}`);
      if (!oneOf(FLAG_SEVERITIES, raw.severity)) {
        fail(where, `bad severity ${JSON.stringify(raw.severity)}: one of ${FLAG_SEVERITIES.join(', ')}`);
      }
      const text = (field: string): string => (isText(raw[field]) ? raw[field] : fail(where, `${field} must be a non-empty string`));
      const base = {
        id,
        severity: raw.severity as ConsistencyRule['severity'],
        reason: text('reason'),
        check: text('check'),
        source: sourceOf(raw.source, (p) => fail(where, p)),
      };

      /** A KPI item: known code; a data point exactly where the KPI has them (optional when `wholeKpi`). */
      const item = (value: unknown, field: string, wholeKpi = false): ItemRef => {
        if (!isObject(value) || !isText(value.code)) return fail(where, `${field} must be {code, dataPoint?}`);
        for (const key of Object.keys(value)) if (key !== 'code' && key !== 'dataPoint') fail(where, `${field}: unknown field "${key}"`);
        const kpi = kpis.get(value.code) ?? fail(where, `${field}: unknown KPI code "${value.code}"`);
        const keys = kpi.dataPoints.map((d) => d.key);
        if (value.dataPoint === undefined) {
          if (keys.length > 0 && !wholeKpi) fail(where, `${field}: ${kpi.code} has data points, name one of ${keys.join(', ')}`);
          return { code: kpi.code };
        }
        if (!isText(value.dataPoint) || !keys.includes(value.dataPoint)) {
          return fail(
            where,
            keys.length === 0
              ? `${field}: ${kpi.code} has no data points, got "${String(value.dataPoint)}"`
              : `${field}: unknown data point "${String(value.dataPoint)}" of ${kpi.code}: one of ${keys.join(', ')}`,
          );
        }
        return { code: kpi.code, dataPoint: value.dataPoint };
      };

      switch (kind) {
        case 'relation': {
          if (!oneOf(RELATION_OPS, raw.op)) fail(where, `bad op ${JSON.stringify(raw.op)}: one of ${RELATION_OPS.join(', ')}`);
          const left = item(raw.left, 'left');
          const right = item(raw.right, 'right');
          if (left.code === right.code && left.dataPoint === right.dataPoint) fail(where, 'left and right are the same item');
          return { ...base, kind, left, op: raw.op as 'lte' | 'gte', right, expected: text('expected') };
        }
        case 'typical-range': {
          const bound = (field: 'min' | 'max'): number | undefined =>
            raw[field] === undefined ? undefined : isNumber(raw[field]) ? raw[field] : fail(where, `${field} must be a number`);
          const min = bound('min');
          const max = bound('max');
          if (min === undefined && max === undefined) fail(where, 'give min, max or both');
          if (min !== undefined && max !== undefined && min > max) fail(where, 'min is above max');
          const rule = { ...base, kind, item: item(raw.item, 'item'), expected: text('expected') };
          return {
            ...rule,
            ...(min === undefined ? {} : { min }),
            ...(max === undefined ? {} : { max }),
            ...(raw.bands === undefined ? {} : { bands: bandsOf(raw.bands, (p) => fail(where, p)) }),
          };
        }
        case 'plausible-range':
          return { ...base, kind };
        case 'baseline-change': {
          const defaults = raw.default;
          if (!isObject(defaults) || Object.keys(defaults).sort().join() !== 'other,percentage') {
            return fail(where, 'default must be {percentage, other}');
          }
          const threshold = (value: unknown, field: string) => thresholdOf(value, (p) => fail(where, `${field}: ${p}`));
          if (!Array.isArray(raw.perKpi)) return fail(where, 'perKpi must be a list');
          const overridden = new Set<string>();
          const perKpi = raw.perKpi.map((entry: unknown, i: number): BaselineChangeOverride => {
            const field = `perKpi[${i}]`;
            if (!isObject(entry)) return fail(where, `${field} must be an object`);
            for (const key of Object.keys(entry)) {
              if (!['code', 'dataPoint', 'threshold', 'note'].includes(key)) fail(where, `${field}: unknown field "${key}"`);
            }
            const ref = item({ code: entry.code, ...(entry.dataPoint === undefined ? {} : { dataPoint: entry.dataPoint }) }, field, true);
            const key = `${ref.code}#${ref.dataPoint ?? ''}`;
            if (overridden.has(key)) fail(where, `${field}: ${ref.code}${ref.dataPoint ? ` / ${ref.dataPoint}` : ''} listed twice`);
            overridden.add(key);
            if (!isText(entry.note)) fail(where, `${field}: note must say why`);
            return {
              ...ref,
              threshold: entry.threshold === null ? null : threshold(entry.threshold, `${field}.threshold`),
              note: entry.note as string,
            };
          });
          return {
            ...base,
            kind,
            default: { percentage: threshold(defaults.percentage, 'default.percentage'), other: threshold(defaults.other, 'default.other') },
            perKpi,
          };
        }
      }
    }),
  };
}

function sourceOf(value: unknown, fail: (problem: string) => never): RuleSource {
  if (!isObject(value) || !isText(value.document) || !isText(value.page) || Object.keys(value).length !== 2) {
    return fail('source must be {document, page}');
  }
  return { document: value.document, page: value.page };
}

function thresholdOf(value: unknown, fail: (problem: string) => never): ChangeThreshold {
  if (!isObject(value) || Object.keys(value).length !== 1) return fail('must be {absolute} or {relative}');
  if ('absolute' in value && isNumber(value.absolute) && value.absolute > 0) return { absolute: value.absolute };
  if ('relative' in value && isNumber(value.relative) && value.relative > 0) return { relative: value.relative };
  return fail('must be {absolute} or {relative}, a number above 0');
}

function bandsOf(value: unknown, fail: (problem: string) => never): GuidanceBand[] {
  if (!Array.isArray(value) || value.length === 0) return fail('bands must be a non-empty list');
  const bands = value.map((band: unknown): GuidanceBand => {
    if (!isObject(band) || !isText(band.label) || !(band.upTo === null || isNumber(band.upTo))) {
      return fail('each band must be {upTo: number | null, label}');
    }
    return { upTo: band.upTo, label: band.label };
  });
  bands.forEach((band, i) => {
    const last = i === bands.length - 1;
    if ((band.upTo === null) !== last) fail('bands: only the last band is unbounded (upTo null), and it must be');
    const previous = bands[i - 1]?.upTo;
    if (i > 0 && band.upTo !== null && previous !== null && previous !== undefined && band.upTo <= previous) {
      fail('bands must be in ascending order');
    }
  });
  return bands;
}

/** The 2022 rule file, checked against the 2022 catalogue. Throws on a bad rule (call it at boot). */
export function loadConsistencyRules(): ConsistencyRules {
  return parseConsistencyRules(rulesFile, loadCatalogue());
}
