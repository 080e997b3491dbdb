import type { HistoryNote } from '../../engagements/engagement-writer';
import type { ReviewedFlag } from './flag-review';
import { itemDataPoint, type KpiAnswer, type KpiQuestion, type KpiValue } from './kpi-value.entity';
import type { KpiQuestionView, KpiValueView } from './kpi-values.dto';

/** Engagement-history types that concern one KPI value (their payload carries `code` and `dataPoint`). */
export const KPI_VALUE_HISTORY_TYPES = [
  'KPI_VALUE_SUBMITTED',
  'KPI_VALUE_NOT_AVAILABLE',
  'KPI_VALUE_VERIFIED',
  'KPI_VALUE_REJECTED',
  'KPI_QUESTION_RAISED',
  'KPI_QUESTION_ANSWERED',
  'KPI_QUESTION_RESOLVED',
  'KPI_EVIDENCE_ATTACHED',
  'KPI_FLAG_ANSWERED',
  'KPI_FLAG_ACKNOWLEDGED',
] as const;
export type KpiValueHistoryType = (typeof KPI_VALUE_HISTORY_TYPES)[number];

/** A value as the API shows it, with its consistency flags (computed from all values: ValueFlagsService). */
export function toValueView(v: KpiValue, flags: readonly ReviewedFlag[]): KpiValueView {
  return {
    id: v.id,
    code: v.code,
    dataPoint: itemDataPoint(v.dataPoint),
    status: v.status,
    version: v.version,
    submission: v.submission,
    value: v.value,
    year: v.year,
    source: v.source,
    dataQuality: v.dataQuality,
    evidenceUrl: v.evidenceUrl,
    notes: v.notes,
    dataOrigin: v.dataOrigin,
    notAvailableReason: v.notAvailableReason,
    submittedBy: v.submittedBy,
    submittedAt: v.submittedAt,
    decidedBy: v.decidedBy,
    decidedAt: v.decidedAt,
    decisionComment: v.decisionComment,
    flags: [...flags],
    updatedAt: v.updatedAt,
  };
}

/** A history row about one value: who did what is the row's; what the value became is in the payload. */
export function valueNote(
  type: KpiValueHistoryType,
  v: KpiValue,
  fromStatus: string | null,
  extra: Record<string, unknown> = {},
): HistoryNote {
  const { id, code, dataPoint, status, value, year, source, dataQuality, evidenceUrl, notes, dataOrigin, notAvailableReason } = toValueView(v, []);
  return {
    type,
    payload: {
      valueId: id,
      code,
      dataPoint,
      fromStatus,
      toStatus: status,
      value,
      year,
      source,
      dataQuality,
      evidenceUrl,
      notes,
      dataOrigin,
      notAvailableReason,
      ...extra,
    },
  };
}

/** A verifier's question on a value, with its answers in order: open until answered, resolved when a verifier closes it. */
export function toQuestionView(question: KpiQuestion, value: KpiValue, answers: readonly KpiAnswer[]): KpiQuestionView {
  return {
    id: question.id,
    code: value.code,
    dataPoint: itemDataPoint(value.dataPoint),
    text: question.text,
    askedBy: question.askedBy,
    askedAt: question.askedAt,
    status: question.resolvedAt ? 'resolved' : answers.length > 0 ? 'answered' : 'open',
    resolvedAt: question.resolvedAt ?? null,
    resolvedBy: question.resolvedBy ?? null,
    answers: answers.map((a) => ({ id: a.id, text: a.text, answeredBy: a.answeredBy, answeredAt: a.answeredAt })),
  };
}
