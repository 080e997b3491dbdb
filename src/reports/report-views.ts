/**
 * The view models of the reports: what each template shows, computed here from the numbers the
 * system already has (scorecard, gap analysis, gate records, monitoring), so that a template holds
 * no arithmetic and no rule. Pure TypeScript: no framework, no database; unit-tested beside it.
 */
import type { DataQualitySummary } from '../kpis/values/data-quality-summary';
import type { Catalogue, CatalogueKpi } from '../kpis/catalogue/catalogue';
import { bandStyle } from '../rendering/format';
import { wheelOf } from '../rendering/wheel';
import type { AggregateRow, Band, Completeness, GapReason, KpiType, Scorecard, ScoredItem, ValueStatus } from '../scoring/engine/types';

// ---------------------------------------------------------------- shared

export interface CityFacts {
  name: string;
  country: string;
  population: number | null;
}

export interface EngagementFacts {
  title: string;
  cycle: number;
  stage: string;
  step: string | null;
  createdAt: Date;
}

/** What the engagement's records say about one KPI item, besides the scorecard. */
export interface ItemRecord {
  code: string;
  dataPoint: string | null;
  status: ValueStatus;
  value: number | null;
  year: number | null;
  source: string | null;
  dataQuality: string | null;
  notes: string | null;
  notAvailableReason: string | null;
  decisionComment: string | null;
}

const key = (code: string, dataPoint: string | null): string => (dataPoint ? `${code}/${dataPoint}` : code);

/** The catalogue's words for one KPI item: its code and name, the data point's label, the unit. */
export interface ItemWords {
  officialCode: string;
  name: string;
  dataPoint: string | null;
  unit: string;
  type: KpiType;
  dimension: string;
  subdimension: string;
  category: string;
}

export function itemWords(kpi: CatalogueKpi, dataPoint: string | null): ItemWords {
  const dp = dataPoint ? kpi.dataPoints.find((d) => d.key === dataPoint) : undefined;
  return {
    officialCode: kpi.officialCode,
    name: kpi.name,
    dataPoint: dataPoint ? (dp?.label ?? dataPoint) : null,
    unit: dp?.unit ?? kpi.unit,
    type: kpi.type,
    dimension: kpi.dimension,
    subdimension: kpi.subdimension,
    category: kpi.category,
  };
}

function kpiIndex(catalogue: Catalogue): Map<string, CatalogueKpi> {
  return new Map(catalogue.kpis.map((k) => [k.code, k]));
}

/** The hierarchy in catalogue order: dimension → sub-dimensions → categories. */
function hierarchyOf(catalogue: Catalogue): { dimension: string; subdimensions: { name: string; categories: string[] }[] }[] {
  const out: { dimension: string; subdimensions: { name: string; categories: string[] }[] }[] = [];
  for (const k of catalogue.kpis) {
    let d = out.find((x) => x.dimension === k.dimension);
    if (!d) out.push((d = { dimension: k.dimension, subdimensions: [] }));
    let s = d.subdimensions.find((x) => x.name === k.subdimension);
    if (!s) d.subdimensions.push((s = { name: k.subdimension, categories: [] }));
    if (!s.categories.includes(k.category)) s.categories.push(k.category);
  }
  return out;
}

export interface AggregateView {
  name: string;
  percent: number | null;
  band: Band;
  scored: number;
  noTarget: number;
  noData: number;
}

const aggregateView = (row: AggregateRow<string | number> | undefined, name: string): AggregateView => ({
  name,
  percent: row?.percent ?? null,
  band: row?.band ?? 'no_data',
  scored: row?.counts.scored ?? 0,
  noTarget: row?.counts.noTarget ?? 0,
  noData: row?.counts.noData ?? 0,
});

const rowOf = (rows: readonly AggregateRow[], name: string) => rows.find((r) => r.name === name);

// ---------------------------------------------------------------- the matrix (city snapshot)

export interface MatrixCell extends AggregateView {
  categories: AggregateView[];
}

export interface MatrixRow extends AggregateView {
  cells: MatrixCell[];
  /** Empty cells that square the table off (a dimension with fewer sub-dimensions). */
  padding: { none: true }[];
}

export interface Matrix {
  columns: number;
  rows: MatrixRow[];
}

/** Dimension × sub-dimension, each cell in its band, its categories listed (as the U4SSC City Snapshot). */
export function matrixOf(scorecard: Pick<Scorecard, 'dimensions' | 'subdimensions' | 'categories'>, catalogue: Catalogue): Matrix {
  const tree = hierarchyOf(catalogue);
  const columns = Math.max(0, ...tree.map((d) => d.subdimensions.length));
  return {
    columns,
    rows: tree.map((d) => ({
      ...aggregateView(rowOf(scorecard.dimensions, d.dimension), d.dimension),
      cells: d.subdimensions.map((s) => ({
        ...aggregateView(rowOf(scorecard.subdimensions, s.name), s.name),
        categories: s.categories.map((c) => aggregateView(rowOf(scorecard.categories, c), c)),
      })),
      padding: Array.from({ length: columns - d.subdimensions.length }, () => ({ none: true as const })),
    })),
  };
}

// ---------------------------------------------------------------- completeness

export interface CompletenessRow {
  label: string;
  total: number;
  reported: number;
  verified: number;
  notReported: number;
  reportedNotVerified: number;
  /** Shares 0–1 for the bars. */
  reportedShare: number | null;
  verifiedShare: number | null;
}

const completenessRow = (label: string, c: { total: number; reported: number; verified: number }): CompletenessRow => ({
  label,
  ...c,
  notReported: c.total - c.reported,
  reportedNotVerified: c.reported - c.verified,
  reportedShare: c.total > 0 ? c.reported / c.total : null,
  verifiedShare: c.total > 0 ? c.verified / c.total : null,
});

/** KPIs (or data points) core, advanced and all: total, reported, verified, and what is missing. */
export function completenessRows(completeness: Completeness, of: 'kpis' | 'dataPoints'): CompletenessRow[] {
  const pick = (t: 'core' | 'advanced') => (of === 'kpis' ? completeness[t] : completeness[t].dataPoints);
  const core = pick('core');
  const advanced = pick('advanced');
  return [
    completenessRow('Core', core),
    completenessRow('Advanced', advanced),
    completenessRow('All', { total: core.total + advanced.total, reported: core.reported + advanced.reported, verified: core.verified + advanced.verified }),
  ];
}

// ---------------------------------------------------------------- the assessment (verification) report

export interface GapNote {
  code: string;
  dataPoint: string | null;
  band: Band;
  value: number | null;
  target: number | null;
  distance: number | null;
  type: KpiType;
  reason: GapReason;
  actions: { title: string; status: string }[];
  deferral: { reason: string; by: string | null; at: Date | string } | null;
}

export interface AssessmentGateFacts {
  status: string;
  round: number;
  submittedBy: string;
  submittedAt: Date | string;
  decidedAt: Date | string | null;
  approvedBy: string[];
}

export interface AssessmentInput {
  city: CityFacts;
  engagement: EngagementFacts;
  catalogue: Catalogue;
  scorecard: Scorecard;
  gaps: GapNote[];
  records: ItemRecord[];
  /** Who decided the values (names), and when the first and last decision was made. */
  verifiedBy: string[];
  verifierMembers: string[];
  decisions: { first: Date | null; last: Date | null };
  assessmentGate: AssessmentGateFacts | null;
  /** The data-quality summary, and each value's flags with what was said about them. */
  quality: { summary: DataQualitySummary; flagged: FlaggedValueFacts[] };
  generatedAt: Date;
}

/** One consistency flag of a value, for the report: the city's answer and the verifier's acknowledgement as text. */
export interface FlaggedValueFacts {
  code: string;
  dataPoint: string | null;
  value: number | null;
  rule: string;
  severity: 'warning' | 'error';
  message: string;
  source: string;
  answer: string | null;
  acknowledgement: string | null;
}

export interface ResultRow extends ItemWords {
  categoryFirst: boolean;
  value: number | null;
  target: number | null;
  progress: number | null;
  band: Band;
  year: number | null;
  source: string | null;
  verified: boolean;
  statusLabel: string;
}

export interface ResultsChapter extends AggregateView {
  rows: ResultRow[];
}

export interface NotReportedRow {
  officialCode: string;
  name: string;
  type: KpiType;
  category: string;
  /** "All data points", or the data points missing of a partly reported KPI. */
  missing: string;
  partly: boolean;
  reason: string;
}

export interface NotVerifiedRow extends ItemWords {
  value: number | null;
  status: string;
  comment: string | null;
}

export interface NextStepRow extends ItemWords {
  band: Band;
  value: number | null;
  target: number | null;
  progress: number | null;
  actions: { title: string; status: string }[];
  deferral: { reason: string; by: string | null; at: Date | string } | null;
  unaddressed: boolean;
}

/** 'design', 'inReview' → 'Design, in review'. */
export const stageWords = (e: Pick<EngagementFacts, 'stage' | 'step'>): string =>
  `${e.stage.charAt(0).toUpperCase()}${e.stage.slice(1)}${e.step ? `, ${e.step.replace(/([A-Z])/g, ' $1').toLowerCase()}` : ''}`;

const STATUS_WORDS: Record<ValueStatus | 'not_reported', string> = {
  verified: 'Verified',
  submitted: 'Reported, not verified',
  rejected: 'Rejected by the verifier',
  draft: 'Draft',
  not_available: 'Not available',
  not_reported: 'Not reported',
};

export function assessmentView(input: AssessmentInput) {
  const { catalogue, scorecard } = input;
  const kpis = kpiIndex(catalogue);
  const records = new Map(input.records.map((r) => [key(r.code, r.dataPoint), r]));
  const items = scorecard.kpis.flatMap((item) => {
    const kpi = kpis.get(item.code);
    return kpi ? [{ item, kpi, words: itemWords(kpi, item.dataPoint), record: records.get(key(item.code, item.dataPoint)) }] : [];
  });
  const coreKpis = catalogue.kpis.filter((k) => k.type === 'core').length;

  const results: ResultsChapter[] = hierarchyOf(catalogue).map(({ dimension }) => {
    let lastCategory = '';
    const rows = items
      .filter((x) => x.kpi.dimension === dimension)
      .map(({ item, words, record }): ResultRow => {
        const categoryFirst = words.category !== lastCategory;
        lastCategory = words.category;
        const status = record?.status ?? 'not_reported';
        return {
          ...words,
          categoryFirst,
          value: item.value,
          target: item.target,
          progress: item.progress,
          band: item.band,
          year: item.value === null ? null : (record?.year ?? null),
          source: item.value === null ? null : (record?.source ?? null),
          verified: item.value !== null && status === 'verified',
          statusLabel: STATUS_WORDS[item.value === null && status !== 'not_available' ? 'not_reported' : status],
        };
      });
    return { ...aggregateView(rowOf(scorecard.dimensions, dimension), dimension), rows };
  });

  // KPIs not reported: every KPI with an item without a value (a rejected value is listed as not verified).
  const notReported: NotReportedRow[] = [];
  for (const kpi of catalogue.kpis) {
    const own = items.filter((x) => x.kpi.code === kpi.code);
    const missing = own.filter((x) => x.item.value === null && x.record?.status !== 'rejected');
    if (missing.length === 0) continue;
    const reasons = [...new Set(missing.map((x) => x.record?.notAvailableReason).filter((r): r is string => !!r))];
    const partly = missing.length < own.length;
    notReported.push({
      officialCode: kpi.officialCode,
      name: kpi.name,
      type: kpi.type,
      category: kpi.category,
      missing: kpi.dataPoints.length === 0 ? '—' : partly ? missing.map((x) => x.words.dataPoint).join(', ') : 'All data points',
      partly,
      reason: reasons.length > 0 ? `Not available: ${reasons.join('; ')}` : 'Not reported',
    });
  }
  notReported.sort((a, b) => (a.type === b.type ? 0 : a.type === 'core' ? -1 : 1));

  // KPIs not verified: reported (or rejected) and not verified.
  const notVerified: NotVerifiedRow[] = items
    .filter((x) => x.record && (x.record.status === 'submitted' || x.record.status === 'rejected' || x.record.status === 'draft'))
    .map((x) => ({ ...x.words, value: x.record!.value, status: STATUS_WORDS[x.record!.status], comment: x.record!.decisionComment }))
    .sort((a, b) => (a.type === b.type ? 0 : a.type === 'core' ? -1 : 1));

  // Next steps: the gaps below target, in the gap analysis' order, with what the plan says about each.
  const progressOf = new Map(scorecard.kpis.map((i: ScoredItem) => [key(i.code, i.dataPoint), i.progress]));
  const focus: NextStepRow[] = input.gaps
    .filter((g) => g.band !== 'no_data')
    .flatMap((g) => {
      const kpi = kpis.get(g.code);
      if (!kpi) return [];
      return [
        {
          ...itemWords(kpi, g.dataPoint),
          band: g.band,
          value: g.value,
          target: g.target,
          progress: progressOf.get(key(g.code, g.dataPoint)) ?? null,
          actions: g.actions,
          deferral: g.deferral,
          unaddressed: g.actions.length === 0 && g.deferral === null,
        },
      ];
    });
  const lowest = focus.filter((f) => f.band === 'below_one_third' || f.band === 'one_to_two_thirds');
  const notReportedCore = input.gaps.filter((g) => g.band === 'no_data' && g.type === 'core').length;
  const notReportedAdvanced = input.gaps.filter((g) => g.band === 'no_data' && g.type === 'advanced').length;

  // Data quality: the six-level scale and evidence as shares of the values reported; each flag with what was said.
  const { summary } = input.quality;
  const shareOf = (count: number) => (summary.reported === 0 ? null : count / summary.reported);
  const dataQuality = {
    ...summary,
    levels: summary.byLevel.map((l) => ({ ...l, share: shareOf(l.count) })),
    evidenceRows: [
      { label: 'Evidence files attached', count: summary.evidence.withFiles, share: shareOf(summary.evidence.withFiles) },
      { label: 'A link to the evidence only', count: summary.evidence.urlOnly, share: shareOf(summary.evidence.urlOnly) },
      { label: 'No evidence', count: summary.evidence.none, share: shareOf(summary.evidence.none) },
    ],
    flagged: input.quality.flagged.flatMap((f) => {
      const kpi = kpis.get(f.code);
      if (!kpi) return [];
      const settled = f.severity === 'error' ? f.answer !== null : f.acknowledgement !== null;
      return [{ ...itemWords(kpi, f.dataPoint), value: f.value, rule: f.rule, severityWords: f.severity === 'error' ? 'Error' : 'Warning', severity: f.severity, message: f.message, source: f.source, answer: f.answer, acknowledgement: f.acknowledgement, settled }];
    }),
  };

  const kpiCompleteness = completenessRows(scorecard.completeness, 'kpis');
  const dataPointCompleteness = completenessRows(scorecard.completeness, 'dataPoints');
  return {
    title: `U4SSC verification report — ${input.city.name}`,
    city: input.city,
    engagement: { ...input.engagement, stageLabel: stageWords(input.engagement) },
    generatedAt: input.generatedAt,
    catalogue: {
      edition: catalogue.edition,
      source: catalogue.source,
      kpis: catalogue.kpis.length,
      core: coreKpis,
      advanced: catalogue.kpis.length - coreKpis,
      items: scorecard.kpis.length,
    },
    verification: {
      verifiedBy: input.verifiedBy,
      verifierMembers: input.verifierMembers,
      first: input.decisions.first,
      last: input.decisions.last,
      gate: input.assessmentGate ? { ...input.assessmentGate, statusWords: input.assessmentGate.status.replace(/_/g, ' ') } : null,
    },
    kpiCompleteness,
    dataPointCompleteness,
    allKpis: kpiCompleteness[2],
    allDataPoints: dataPointCompleteness[2],
    dimensions: scorecard.dimensions.map((r) => aggregateView(r, r.name)),
    subdimensions: hierarchyOf(catalogue).flatMap((d) =>
      d.subdimensions.map((s) => ({ dimension: d.dimension, ...aggregateView(rowOf(scorecard.subdimensions, s.name), s.name) })),
    ),
    sdgs: scorecard.sdgs.map((r) => aggregateView(r, `SDG ${r.name}`)),
    matrix: matrixOf(scorecard, catalogue),
    wheel: wheelOf(input.city.name, scorecard, catalogue),
    results,
    notReported,
    notVerified,
    dataQuality,
    nextSteps: {
      focus,
      lowest: lowest.length,
      unaddressed: focus.filter((f) => f.unaddressed).length,
      notReportedCore,
      notReportedAdvanced,
      notVerified: notVerified.length,
    },
  };
}
export type AssessmentView = ReturnType<typeof assessmentView>;

// ---------------------------------------------------------------- the city snapshot

export interface SnapshotInput {
  city: CityFacts;
  engagement: EngagementFacts;
  catalogue: Catalogue;
  scorecard: Scorecard;
  generatedAt: Date;
}

export function snapshotView(input: SnapshotInput) {
  return {
    title: `U4SSC city snapshot — ${input.city.name}`,
    city: input.city,
    engagement: input.engagement,
    generatedAt: input.generatedAt,
    edition: input.catalogue.edition,
    matrix: matrixOf(input.scorecard, input.catalogue),
    wheel: wheelOf(input.city.name, input.scorecard, input.catalogue),
    kpiCompleteness: completenessRows(input.scorecard.completeness, 'kpis'),
  };
}
export type SnapshotView = ReturnType<typeof snapshotView>;

// ---------------------------------------------------------------- the gate decision record

export interface GateRecordInput {
  city: CityFacts;
  engagement: EngagementFacts;
  catalogue: Catalogue;
  gate: {
    id: string;
    stage: string;
    round: number;
    status: string;
    submittedBy: string;
    submittedAt: Date | string;
    decidedAt: Date | string | null;
    seats: { seat: string; holders: string[]; delegatedTo?: 'admin'; needs: number }[];
    advisers: string[];
    approvals: { approverId: string; decision: string; comment: string | null; seat: string; decidedAt: Date | string }[];
    quorum: { met: boolean; missing: { condition: string; message: string }[] };
    criteria: Record<string, unknown>;
    scorecardAtSubmission: Record<string, unknown> | null;
    scorecardAtDecision: Record<string, unknown> | null;
  };
  /** user id → name (an id nobody knows shows as "a former user"). */
  names: Map<string, string>;
  generatedAt: Date;
}

interface Evaluation {
  evaluatedAt?: string;
  checked?: string[];
  unmet?: { condition: string; message: string }[];
  facts?: Record<string, unknown>;
}

const OUTCOME: Record<string, string> = {
  open: 'In review: waiting for the decisions of its seats',
  approved: 'Approved: the quorum was met and the engagement moved to the next stage',
  changes_requested: 'Changes requested: the stage went back to work',
  withdrawn: 'Withdrawn (the engagement was cancelled while in review)',
};

export const seatLabel = (seat: string): string =>
  seat === 'programme-manager' ? 'Programme manager' : seat.startsWith('group:') ? `Stakeholder group “${seat.slice('group:'.length)}”` : seat === 'adviser' ? 'Adviser (no seat)' : seat;

/** A criterion's facts in a line each: how many items, by status where they have one. */
function factLines(facts: Record<string, unknown> | undefined): { name: string; summary: string }[] {
  if (!facts) return [];
  return Object.entries(facts).map(([name, value]) => {
    if (!Array.isArray(value)) return { name, summary: typeof value === 'object' && value !== null ? `${Object.keys(value).length} entries` : String(value) };
    const byStatus = new Map<string, number>();
    for (const item of value as { status?: unknown }[]) {
      if (item && typeof item.status === 'string') byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
    }
    const parts = [...byStatus].map(([status, n]) => `${n} ${status.replace(/_/g, ' ')}`);
    return { name, summary: `${value.length} item${value.length === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}` };
  });
}

function evaluationView(label: string, evaluation: Evaluation | null | undefined) {
  if (!evaluation) return null;
  const unmet = evaluation.unmet ?? [];
  return { label, evaluatedAt: evaluation.evaluatedAt ?? null, held: unmet.length === 0, unmet, facts: factLines(evaluation.facts) };
}

function frozenScorecard(label: string, frozen: Record<string, unknown> | null, catalogue: Catalogue, centre: string, id: string) {
  if (!frozen || !Array.isArray(frozen.kpis)) return null;
  const card = frozen as unknown as Scorecard & { computedAt?: string; inputs?: { catalogueEdition?: string } };
  return {
    label,
    id,
    computedAt: card.computedAt ?? null,
    edition: card.inputs?.catalogueEdition ?? null,
    dimensions: card.dimensions.map((r) => aggregateView(r, r.name)),
    subdimensions: card.subdimensions.map((r) => aggregateView(r, r.name)),
    completeness: completenessRows(card.completeness, 'kpis'),
    wheel: wheelOf(centre, card, catalogue),
  };
}

export function gateRecordView(input: GateRecordInput) {
  const { gate } = input;
  const name = (id: string): string => input.names.get(id) ?? 'a former user';
  const decisions = gate.approvals.map((a) => ({
    name: name(a.approverId),
    decision: a.decision === 'approve' ? 'Approved' : 'Asked for changes',
    approve: a.decision === 'approve',
    comment: a.comment,
    seat: seatLabel(a.seat),
    at: a.decidedAt,
  }));
  const criteria = gate.criteria as { checked?: string[]; atSubmission?: Evaluation | null; atDecision?: Evaluation | null };
  const atSubmission = frozenScorecard('at submission', gate.scorecardAtSubmission, input.catalogue, input.city.name, 'gate-submission');
  const atDecision = frozenScorecard('at the decision', gate.scorecardAtDecision, input.catalogue, input.city.name, 'gate-decision');
  return {
    title: `Gate decision record — ${input.city.name}, ${gate.stage} (round ${gate.round})`,
    city: input.city,
    engagement: input.engagement,
    generatedAt: input.generatedAt,
    gate: {
      id: gate.id,
      stage: gate.stage,
      round: gate.round,
      status: gate.status,
      outcome: OUTCOME[gate.status] ?? gate.status,
      submittedBy: name(gate.submittedBy),
      submittedAt: gate.submittedAt,
      decidedAt: gate.decidedAt,
    },
    seats: gate.seats.map((s) => {
      const filled = gate.approvals.filter((a) => a.seat === s.seat);
      return {
        seat: seatLabel(s.seat),
        holders: s.holders.map(name),
        delegated: s.delegatedTo === 'admin',
        needs: s.needs,
        decisions: filled.map((a) => ({ name: name(a.approverId), decision: a.decision === 'approve' ? 'approved' : 'asked for changes', at: a.decidedAt })),
        met: filled.filter((a) => a.decision === 'approve').length >= s.needs,
      };
    }),
    advisers: gate.advisers.map(name),
    decisions,
    quorum: gate.quorum,
    criteria: {
      checked: criteria.checked ?? [],
      evaluations: [evaluationView('At submission', criteria.atSubmission), evaluationView('At the decision', criteria.atDecision)].filter((e) => e !== null),
    },
    scorecards: [atSubmission, atDecision].filter((s) => s !== null),
  };
}
export type GateRecordView = ReturnType<typeof gateRecordView>;

// ---------------------------------------------------------------- the monitoring report

export interface MonitoredInput {
  code: string;
  dataPoint: string | null;
  name: string;
  unit: string;
  targeted: boolean;
  actionIds: string[];
  baseline: { value: number; date: string; source: string } | null;
  series: { id: string; value: number; date: string; source: string; status: string }[];
  latest: { value: number; date: string } | null;
  target: number | null;
  direction: string;
  targetDate: string | null;
  progress: number | null;
  status: string;
  reason: string | null;
  projectedYear: number | null;
}

/** Monitoring statuses drawn with the band colours (and their words, never colour alone). */
const STATUS_BAND: Record<string, Band> = {
  target_reached: 'reached',
  on_track: 'above_two_thirds',
  needs_acceleration: 'one_to_two_thirds',
  limited_progress: 'below_one_third',
  deterioration: 'below_one_third',
  insufficient_data: 'no_data',
};

export interface Sparkline {
  width: number;
  height: number;
  points: string;
  dots: { cx: number; cy: number; title: string; baseline: boolean; rejected: boolean }[];
  target: { y: number; title: string } | null;
  label: string;
}

const SPARK = { width: 130, height: 40, pad: 4 };
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const r2 = (n: number): number => Math.round(n * 100) / 100;

/** A small trend line: the baseline and every measurement by date, the target as a dashed line. */
export function sparkline(item: Pick<MonitoredInput, 'baseline' | 'series' | 'target' | 'unit' | 'name'>): Sparkline | null {
  const points = [
    ...(item.baseline ? [{ value: item.baseline.value, date: item.baseline.date, baseline: true, rejected: false }] : []),
    ...item.series.map((p) => ({ value: p.value, date: p.date, baseline: false, rejected: p.status === 'rejected' })),
  ].filter((p) => Number.isFinite(p.value) && !Number.isNaN(dayOf(p.date)));
  if (points.length === 0) return null;
  points.sort((a, b) => dayOf(a.date) - dayOf(b.date));
  const values = points.map((p) => p.value).concat(item.target !== null ? [item.target] : []);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const t0 = dayOf(points[0].date);
  const t1 = dayOf(points[points.length - 1].date);
  const { width, height, pad } = SPARK;
  const x = (date: string): number => r2(t1 === t0 ? width / 2 : pad + ((dayOf(date) - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (value: number): number => r2(hi === lo ? height / 2 : height - pad - ((value - lo) / (hi - lo)) * (height - 2 * pad));
  const drawn = points.filter((p) => !p.rejected);
  return {
    width,
    height,
    points: drawn.map((p) => `${x(p.date)},${y(p.value)}`).join(' '),
    dots: points.map((p) => ({
      cx: x(p.date),
      cy: y(p.value),
      title: `${p.baseline ? 'Baseline' : p.rejected ? 'Rejected measurement' : 'Measurement'} ${p.date}: ${p.value} ${item.unit}`,
      baseline: p.baseline,
      rejected: p.rejected,
    })),
    target: item.target !== null ? { y: y(item.target), title: `Target ${item.target} ${item.unit}` } : null,
    label: `Trend of ${item.name}: ${points.length} value${points.length === 1 ? '' : 's'} from ${points[0].date} to ${points[points.length - 1].date}`,
  };
}

export interface MonitoringInput {
  city: CityFacts;
  engagement: EngagementFacts;
  catalogue: Catalogue;
  items: MonitoredInput[];
  actions: Map<string, string>;
  generatedAt: Date;
}

export function monitoringView(input: MonitoringInput) {
  const kpis = kpiIndex(input.catalogue);
  const items = input.items.map((item) => {
    const kpi = kpis.get(item.code);
    const words = kpi ? itemWords(kpi, item.dataPoint) : null;
    return {
      ...item,
      officialCode: words?.officialCode ?? item.code,
      dataPointLabel: words?.dataPoint ?? item.dataPoint,
      statusBand: STATUS_BAND[item.status] ?? 'no_data',
      statusMark: bandStyle(STATUS_BAND[item.status] ?? 'no_data').mark,
      actions: item.actionIds.map((id) => input.actions.get(id) ?? 'an action no longer in the plan'),
      spark: sparkline(item),
      seriesNewestFirst: [...item.series].reverse(),
    };
  });
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    title: `Monitoring report — ${input.city.name}`,
    city: input.city,
    engagement: input.engagement,
    generatedAt: input.generatedAt,
    targeted: items.filter((i) => i.targeted),
    untargeted: items.filter((i) => !i.targeted),
    summary: Object.keys(STATUS_BAND).map((status) => ({ status, band: STATUS_BAND[status], items: count(status) })),
  };
}
export type MonitoringView = ReturnType<typeof monitoringView>;
