import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, Repository } from 'typeorm';
import { AccessService, EngagementAccess } from '../../access/access.service';
import { ApiError, badRequest, conflict, notFound } from '../../common/api-error';
import { EngagementChange, EngagementWriter, HistoryNote } from '../../engagements/engagement-writer';
import { type CatalogueKpi, findKpi } from '../catalogue/catalogue';
import { itemKey } from '../../scoring/engine';
import { EngagementMember } from '../../engagements/engagement-member.entity';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { type FlagNoteKind, itemDataPoint, KpiAnswer, KpiFlagNote, KpiQuestion, KpiValue, storedDataPoint } from '../values/kpi-value.entity';
import { toQuestionView, toValueView, valueNote } from '../values/kpi-value-views';
import { type ReviewedFlag, verificationBlockers } from '../values/flag-review';
import { type EngagementFlags, flagsOf, ValueFlagsService } from '../values/value-flags.service';
import type { KpiQuestionView } from '../values/kpi-values.dto';
import { dataPointOf, dataPointProblems } from '../values/value-rules';
import { AcknowledgementDto, AnswerQuestionDto, type Decision, BulkSkippedView, BulkVerificationDto, BulkVerificationView, FlagAcknowledgementDto, FlagAnswerDto, FlagWriteView, QuestionWriteView, RaiseQuestionDto, ResolveQuestionDto, VerificationDto, VerificationResultView } from './verification.dto';

/** An item key (itemKey: `code#dataPoint`) in words. */
const keyName = (key: string) => {
  const [code, dataPoint] = key.split('#');
  return dataPoint ? `${code} data point ${dataPoint}` : code;
};

const itemName = (kpi: CatalogueKpi, dataPoint: string | null) => (dataPoint ? `${kpi.code} data point ${dataPoint}` : kpi.code);

const questionResolved = (question: KpiQuestion) =>
  conflict('QUESTION_RESOLVED', 'This question is resolved: it takes no more answers (raise a new question to reopen the matter)', {
    resolvedAt: question.resolvedAt,
    resolvedBy: question.resolvedBy,
  });

/** A verifier's decision on a submitted value, saved; its history row. */
async function recordDecision(
  repo: Repository<KpiValue>,
  row: KpiValue,
  decision: Decision,
  by: string,
  at: Date,
  comment: string | null,
  extra: Record<string, unknown> = {},
): Promise<HistoryNote> {
  Object.assign(row, { status: decision, decidedBy: by, decidedAt: at, decisionComment: comment, updatedAt: at });
  await repo.save(row);
  return valueNote(decision === 'verified' ? 'KPI_VALUE_VERIFIED' : 'KPI_VALUE_REJECTED', row, 'submitted', { comment, ...extra });
}

/** One flag of a value in an error's details: which item, which rule, what it says. */
const flagItem = (kpi: CatalogueKpi, row: KpiValue, flag: ReviewedFlag) => ({
  code: kpi.code,
  dataPoint: itemDataPoint(row.dataPoint),
  rule: flag.rule,
  severity: flag.severity,
  message: flag.message,
});

/** The flags of a value as the change leaves them: acknowledged in this request, they are no longer open. */
function flagsAfter(flags: EngagementFlags, row: KpiValue, notes: readonly HistoryNote[]): ReviewedFlag[] {
  const acknowledged = new Map<string, { text: string; by: string; at: Date }>();
  for (const note of notes) {
    if (note.type !== 'KPI_FLAG_ACKNOWLEDGED') continue;
    const payload = note.payload as { fingerprint: string; comment: string; by: string; at: Date };
    acknowledged.set(payload.fingerprint, { text: payload.comment, by: payload.by, at: payload.at });
  }
  return flagsOf(flags, row.code, row.dataPoint).map((f) =>
    acknowledged.has(f.fingerprint) ? { ...f, acknowledgement: acknowledged.get(f.fingerprint) ?? null, open: f.severity === 'error' && f.answer === null } : f,
  );
}

/**
 * The verifier's side: decide submitted values (verified / rejected), raise questions on them,
 * follow up in the thread and resolve it; the city answers the questions. Only verifiers of the engagement decide and ask (not the manager,
 * not programme staff: the verification is independent).
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    private readonly catalogue: KpiCatalogueService,
    private readonly flags: ValueFlagsService,
  ) {}

  /**
   * Before values are verified: no error the city has not answered (409 FLAGS_UNANSWERED), no warning
   * without a verifier's acknowledgement, earlier or in this request (409 FLAGS_UNACKNOWLEDGED). The
   * acknowledgements given are stored; their history rows are returned. An acknowledgement must name
   * a warning of the values decided (400).
   */
  private async clearForVerification(
    tx: EntityManager,
    kpi: CatalogueKpi,
    rows: readonly KpiValue[],
    flags: EngagementFlags,
    acknowledgements: readonly AcknowledgementDto[],
    verifierId: string,
    now: Date,
  ): Promise<HistoryNote[]> {
    const applies = (ack: AcknowledgementDto, row: KpiValue) => dataPointOf(ack.dataPoint) === null || dataPointOf(ack.dataPoint) === itemDataPoint(row.dataPoint);
    const unused = acknowledgements.filter((ack) => !rows.some((row) => applies(ack, row) && flagsOf(flags, row.code, row.dataPoint).some((f) => f.rule === ack.rule && f.severity === 'warning')));
    if (unused.length > 0) {
      const message = `No warning to acknowledge: ${unused.map((a) => `${a.rule}${a.dataPoint ? ` on ${a.dataPoint}` : ''}`).join(', ')} is not a warning of ${kpi.code} as decided`;
      throw badRequest(message, [{ field: 'acknowledgements', rule: 'flag', message }]);
    }
    const unanswered: ReturnType<typeof flagItem>[] = [];
    const unacknowledged: ReturnType<typeof flagItem>[] = [];
    const notes: HistoryNote[] = [];
    const written = new Set<string>();
    for (const row of rows) {
      const own = flagsOf(flags, row.code, row.dataPoint);
      const giving = acknowledgements.filter((ack) => applies(ack, row));
      const blockers = verificationBlockers(own, new Set(giving.map((a) => a.rule)));
      unanswered.push(...blockers.unanswered.map((f) => flagItem(kpi, row, f)));
      unacknowledged.push(...blockers.unacknowledged.map((f) => flagItem(kpi, row, f)));
      for (const flag of own) {
        const ack = giving.find((a) => a.rule === flag.rule);
        if (!ack || flag.severity !== 'warning' || written.has(`${row.id}|${flag.fingerprint}`)) continue;
        written.add(`${row.id}|${flag.fingerprint}`);
        notes.push(await this.writeNote(tx, row, flag, 'acknowledgement', ack.comment.trim(), verifierId, now));
      }
    }
    if (unanswered.length > 0) {
      throw conflict(
        'FLAGS_UNANSWERED',
        `The city must answer ${unanswered.length === 1 ? 'this error' : 'these errors'} before the value can be verified: ${unanswered.map((f) => f.message).join('; ')}`,
        { flags: unanswered },
      );
    }
    if (unacknowledged.length > 0) {
      throw conflict(
        'FLAGS_UNACKNOWLEDGED',
        `Acknowledge ${unacknowledged.length === 1 ? 'this warning' : 'these warnings'} with a comment (acknowledgements: [{rule, comment}]) to verify: ` +
          unacknowledged.map((f) => `${f.rule}: ${f.message}`).join('; '),
        { flags: unacknowledged },
      );
    }
    return notes;
  }

  /** Stores an answer or acknowledgement on a flag's figures; its history row names the value, the rule and the figures. */
  private async writeNote(tx: EntityManager, row: KpiValue, flag: ReviewedFlag, kind: FlagNoteKind, text: string, by: string, at: Date): Promise<HistoryNote> {
    const repo = tx.getRepository(KpiFlagNote);
    await repo.save(repo.create({ engagementId: row.engagementId, valueId: row.id, rule: flag.rule, fingerprint: flag.fingerprint, kind, text, writtenBy: by, writtenAt: at }));
    return valueNote(kind === 'answer' ? 'KPI_FLAG_ANSWERED' : 'KPI_FLAG_ACKNOWLEDGED', row, row.status, {
      rule: flag.rule,
      severity: flag.severity,
      fingerprint: flag.fingerprint,
      flag: flag.message,
      compared: flag.compared,
      ...(kind === 'answer' ? { text } : { comment: text }),
      by,
      at,
    });
  }

  /**
   * With a data point (or for a single-value KPI): that value must be `submitted`. Without one, on a
   * KPI with data points: every data point is decided; each must be `submitted`, except those
   * marked not available, which are left as they are. Anything else is 409 VALUE_NOT_SUBMITTED.
   */
  async decide(access: EngagementAccess, anyCode: string, dto: VerificationDto): Promise<VerificationResultView> {
    this.access.require(access, 'kpi-values.verify');
    const kpi = this.catalogue.kpi(anyCode);
    const one = dataPointOf(dto.dataPoint);
    if (one !== null) this.checkDataPoint(kpi, dto.dataPoint);
    const wholeKpi = one === null && kpi.dataPoints.length > 0;
    const items = wholeKpi ? kpi.dataPoints.map((d) => d.key) : [one];
    const comment = dto.comment?.trim() || null;

    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(KpiValue);
        // All of the engagement's values, read once: the flags compare them all; the decision takes this KPI's.
        const all = await repo.findBy({ engagementId: engagement.id });
        const rows = all.filter((r) => r.code === kpi.code);
        const rowOf = (dp: string | null) => rows.find((r) => r.dataPoint === storedDataPoint(dp));
        const states = items.map((dp) => ({ dataPoint: dp, status: rowOf(dp)?.status ?? 'not_reported' }));
        const refused = states.filter((i) => i.status !== 'submitted' && !(wholeKpi && i.status === 'not_available'));
        const toDecide = items.map(rowOf).filter((r): r is KpiValue => r?.status === 'submitted');
        const own = toDecide.filter((r) => r.submittedBy === access.principal.id);
        if (own.length > 0) {
          throw new ApiError(
            HttpStatus.FORBIDDEN,
            'FOUR_EYES',
            `You submitted ${own.map((r) => itemName(kpi, itemDataPoint(r.dataPoint))).join(', ')}: another verifier must verify or reject it (four-eyes)`,
          );
        }
        if (refused.length > 0 || toDecide.length === 0) {
          const named = refused.length > 0 ? refused : states;
          const what = named.map((i) => `${itemName(kpi, i.dataPoint)} is ${i.status.replace('_', ' ')}`).join('; ');
          throw conflict('VALUE_NOT_SUBMITTED', `Only submitted values can be verified or rejected: ${what}`, { items: named });
        }
        const flags = await this.flags.flagsFor(engagement, tx, all);
        const now = new Date();
        const notes: HistoryNote[] = [];
        if (dto.decision === 'verified') {
          notes.push(...(await this.clearForVerification(tx, kpi, toDecide, flags, dto.acknowledgements ?? [], access.principal.id, now)));
        } else if ((dto.acknowledgements ?? []).length > 0) {
          const message = 'acknowledgements go with a verification: a rejection needs only its comment';
          throw badRequest(message, [{ field: 'acknowledgements', rule: 'verification', message }]);
        }
        for (const row of toDecide) {
          notes.push(await recordDecision(repo, row, dto.decision, access.principal.id, now, comment));
        }
        const names = toDecide.map((r) => itemName(kpi, itemDataPoint(r.dataPoint))).join(', ');
        return {
          result: { decision: dto.decision, values: toDecide.map((r) => toValueView(r, flagsAfter(flags, r, notes))) },
          history: notes,
          outbox: [
            {
              type: dto.decision === 'verified' ? 'kpi.verified' : 'kpi.rejected',
              data: { code: kpi.code, comment, values: toDecide.map((r) => ({ valueId: r.id, dataPoint: itemDataPoint(r.dataPoint) })) },
              message:
                dto.decision === 'verified'
                  ? `${engagement.title}: ${names} verified`
                  : `${engagement.title}: your KPI value ${names} was rejected${comment ? `: ${comment}` : ''}`,
              // The latest submitter of each value rejected is told; a verification tells nobody.
              notify: dto.decision === 'rejected' ? toDecide.map((r) => r.submittedBy).filter((id): id is string => id !== null) : [],
            },
          ],
        };
      },
      { part: 'kpi-values' },
    );
    return { ...result, engagementVersion: changed.version };
  }

  /**
   * Verify many submitted values of one engagement at once: those listed, or every submitted value
   * without flags that someone else submitted. A listed value that is not submitted, carries flags
   * or was submitted by the caller refuses the whole request (409); each value verified gets its own
   * history row. Flagged values are verified one by one, with their acknowledgements.
   */
  async bulkVerify(access: EngagementAccess, dto: BulkVerificationDto): Promise<BulkVerificationView> {
    this.access.require(access, 'kpi-values.verify');
    const listed = (dto.items ?? []).map((item, i) => {
      const kpi = findKpi(this.catalogue.current(), item.code);
      if (!kpi) throw badRequest(`items[${i}].code names no KPI: ${item.code}`, [{ field: `items[${i}].code`, rule: 'kpi', message: `names no KPI: ${item.code}` }]);
      const problems = dataPointProblems(kpi, item.dataPoint);
      if (problems.length > 0) throw badRequest(`items[${i}]: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ ...p, field: `items[${i}].dataPoint` })));
      return { key: itemKey(kpi.code, dataPointOf(item.dataPoint)), version: item.version };
    });
    // Every unflagged value: only as the engagement was when the verifier looked (a value submitted since is not verified unseen).
    if (dto.items === undefined && dto.expectedVersion === undefined) {
      throw new ApiError(
        HttpStatus.PRECONDITION_REQUIRED,
        'VERSION_REQUIRED',
        'Verifying every unflagged value needs the engagement version you saw them at (expectedVersion), or list the values with their versions (items)',
        { details: [{ field: 'expectedVersion', message: 'expectedVersion is required without items' }] },
      );
    }
    const comment = dto.comment?.trim() || null;
    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const repo = tx.getRepository(KpiValue);
        const rows = await repo.findBy({ engagementId: engagement.id });
        const flags = await this.flags.flagsFor(engagement, tx, rows);
        const keyOf = (r: KpiValue) => itemKey(r.code, itemDataPoint(r.dataPoint));
        const submitted = rows.filter((r) => r.status === 'submitted');
        const skipped: BulkSkippedView[] = [];
        const toVerify: KpiValue[] = [];
        for (const row of submitted) {
          const reason = row.submittedBy === access.principal.id ? 'own' : flagsOf(flags, row.code, row.dataPoint).length > 0 ? 'flagged' : null;
          if (listed.length > 0 && !listed.some((l) => l.key === keyOf(row))) continue;
          if (reason) skipped.push({ code: row.code, dataPoint: itemDataPoint(row.dataPoint), reason });
          else toVerify.push(row);
        }
        if (listed.length > 0) {
          const notSubmitted = listed.filter((l) => !submitted.some((r) => keyOf(r) === l.key)).map((l) => l.key);
          const changedSince = listed.flatMap((l) => {
            const row = submitted.find((r) => keyOf(r) === l.key);
            return row && row.version !== l.version ? [{ item: l.key, version: row.version, expected: l.version }] : [];
          });
          if (changedSince.length > 0) {
            throw conflict(
              'STALE_ITEM',
              `Nothing was verified: ${changedSince.map((c) => `${keyName(c.item)} changed since you saw it (version ${c.version}, not ${c.expected})`).join('; ')}`,
              { items: changedSince },
            );
          }
          if (notSubmitted.length > 0 || skipped.length > 0) {
            const said = [
              ...notSubmitted.map((key) => `${keyName(key)} is not submitted`),
              ...skipped.map((s) => `${s.dataPoint ? `${s.code} data point ${s.dataPoint}` : s.code} ${s.reason === 'own' ? 'was submitted by you (four-eyes)' : 'carries flags: verify it on its own'}`),
            ];
            throw conflict('BULK_REFUSED', `Nothing was verified: ${said.join('; ')}`, { notSubmitted, skipped });
          }
        }
        if (toVerify.length === 0) {
          throw conflict(
            'NOTHING_TO_VERIFY',
            `No submitted value without flags waits for you in this engagement${skipped.length > 0 ? ` (${skipped.filter((s) => s.reason === 'flagged').length} flagged, ${skipped.filter((s) => s.reason === 'own').length} submitted by you)` : ''}`,
            { skipped },
          );
        }
        const now = new Date();
        const history: HistoryNote[] = [];
        for (const row of toVerify) {
          history.push(await recordDecision(repo, row, 'verified', access.principal.id, now, comment, { bulk: true }));
        }
        const codes = [...new Set(toVerify.map((r) => r.code))];
        return {
          result: { verified: toVerify.map((r) => toValueView(r, [])), skipped },
          history,
          outbox: codes.map((code) => {
            const of = toVerify.filter((r) => r.code === code);
            return {
              type: 'kpi.verified' as const,
              data: { code, comment, bulk: true, values: of.map((r) => ({ valueId: r.id, dataPoint: itemDataPoint(r.dataPoint) })) },
              message: `${engagement.title}: ${code}${of.length > 1 ? ` (${of.length} data points)` : ''} verified`,
              notify: [],
            };
          }),
        };
      },
      { part: 'kpi-values' },
    );
    return { ...result, engagementVersion: changed.version };
  }

  /** The city answers a flag on a value: an error holds back verification until it is answered. */
  async answerFlag(access: EngagementAccess, anyCode: string, rule: string, dto: FlagAnswerDto): Promise<FlagWriteView> {
    this.access.require(access, 'kpi-flags.answer');
    return this.noteOnFlag(access, anyCode, rule, dto.dataPoint, dto.expectedVersion, 'answer', dto.text);
  }

  /** A verifier acknowledges a warning on a value with a comment (also possible as they verify it). */
  async acknowledgeFlag(access: EngagementAccess, anyCode: string, rule: string, dto: FlagAcknowledgementDto): Promise<FlagWriteView> {
    this.access.require(access, 'kpi-flags.acknowledge');
    return this.noteOnFlag(access, anyCode, rule, dto.dataPoint, dto.expectedVersion, 'acknowledgement', dto.comment);
  }

  private async noteOnFlag(
    access: EngagementAccess,
    anyCode: string,
    rule: string,
    dataPoint: string | undefined,
    expectedVersion: number | undefined,
    kind: FlagNoteKind,
    text: string,
  ): Promise<FlagWriteView> {
    const kpi = this.catalogue.kpi(anyCode);
    this.checkDataPoint(kpi, dataPoint);
    const point = dataPointOf(dataPoint);
    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const value = await this.valueOf(tx, engagement.id, kpi, point);
        const flag = flagsOf(await this.flags.flagsFor(engagement, tx), value.code, value.dataPoint).find((f) => f.rule === rule);
        if (!flag) throw notFound(`Flag ${rule} on ${itemName(kpi, point)}`);
        if (kind === 'acknowledgement' && value.submittedBy === access.principal.id) {
          throw new ApiError(HttpStatus.FORBIDDEN, 'FOUR_EYES', `You submitted ${itemName(kpi, point)}: another verifier must acknowledge its warnings (four-eyes)`);
        }
        if (kind === 'acknowledgement' && flag.severity === 'error') {
          throw conflict('FLAG_IS_ERROR', `${rule} on ${itemName(kpi, point)} is an error: the city answers it (POST …/flags/${rule}/answer), then the value can be verified`);
        }
        const at = new Date();
        const note = await this.writeNote(tx, value, flag, kind, text.trim(), access.principal.id, at);
        const said = { text: text.trim(), by: access.principal.id, at };
        const reviewed = kind === 'answer' ? { ...flag, answer: said } : { ...flag, acknowledgement: said };
        const view: Omit<FlagWriteView, 'engagementVersion'> = {
          ...reviewed,
          open: reviewed.severity === 'error' ? reviewed.answer === null : reviewed.acknowledgement === null,
          code: kpi.code,
          dataPoint: point,
        };
        const verifiers = kind === 'answer' ? await tx.getRepository(EngagementMember).findBy({ engagementId: engagement.id, role: 'verifier' }) : [];
        return {
          result: view,
          history: [note],
          outbox:
            kind === 'answer'
              ? [
                  {
                    type: 'kpi.flag_answered' as const,
                    data: { code: kpi.code, dataPoint: point, valueId: value.id, rule, severity: flag.severity },
                    message: `${engagement.title}: the city answered the ${flag.severity} on ${itemName(kpi, point)}: ${said.text}`,
                    notify: verifiers.map((m) => m.userId),
                  },
                ]
              : [],
        };
      },
      { part: 'discussion' },
    );
    return { ...result, engagementVersion: changed.version };
  }

  async raiseQuestion(access: EngagementAccess, anyCode: string, dto: RaiseQuestionDto): Promise<QuestionWriteView> {
    this.access.require(access, 'kpi-questions.raise');
    const kpi = this.catalogue.kpi(anyCode);
    this.checkDataPoint(kpi, dto.dataPoint);
    const dataPoint = dataPointOf(dto.dataPoint);
    const { result, engagement: changed } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      dto.expectedVersion,
      async (tx, engagement) => {
        const value = await this.valueOf(tx, engagement.id, kpi, dataPoint);
        const question = await tx.getRepository(KpiQuestion).save(
          tx.getRepository(KpiQuestion).create({
            engagementId: engagement.id,
            valueId: value.id,
            text: dto.text.trim(),
            askedBy: access.principal.id,
            askedAt: new Date(),
          }),
        );
        const view = toQuestionView(question, value, []);
        return {
          result: view,
          outbox: [
            {
              type: 'kpi.questioned',
              data: { code: kpi.code, dataPoint, valueId: value.id, questionId: question.id },
              message: `${engagement.title}: a verifier asks about your KPI value ${itemName(kpi, dataPoint)}: ${question.text}`,
              notify: value.submittedBy ? [value.submittedBy] : [],
            },
          ],
          history: [valueNote('KPI_QUESTION_RAISED', value, value.status, { questionId: question.id, text: question.text })],
        };
      },
      { part: 'discussion' },
    );
    return { ...result, engagementVersion: changed.version };
  }

  /**
   * An answer in a question thread: the city (data contributors, city coordinators, the engagement
   * manager) or any verifier of the engagement (a follow-up). A resolved question takes no answers (409).
   */
  async answer(access: EngagementAccess, anyCode: string, questionId: string, dto: AnswerQuestionDto): Promise<QuestionWriteView> {
    this.access.require(access, 'kpi-questions.answer');
    const byVerifier = access.memberRoles.includes('verifier');
    return this.inOpenQuestion(access, anyCode, questionId, dto.expectedVersion, async (tx, question, value) => {
      const answers = tx.getRepository(KpiAnswer);
      const answer = await answers.save(
        answers.create({ questionId: question.id, text: dto.text.trim(), answeredBy: access.principal.id, answeredAt: new Date() }),
      );
      return {
        result: toQuestionView(question, value, await this.threadOf(tx, question.id)),
        history: [
          valueNote('KPI_QUESTION_ANSWERED', value, value.status, {
            questionId: question.id,
            answerId: answer.id,
            text: answer.text,
            by: byVerifier ? 'verifier' : 'city',
          }),
        ],
      };
    });
  }

  /** Any verifier of the engagement closes a question thread; it takes no answers after that. */
  async resolveQuestion(access: EngagementAccess, anyCode: string, questionId: string, dto: ResolveQuestionDto): Promise<QuestionWriteView> {
    this.access.require(access, 'kpi-questions.resolve');
    return this.inOpenQuestion(access, anyCode, questionId, dto.expectedVersion, async (tx, question, value) => {
      Object.assign(question, { resolvedAt: new Date(), resolvedBy: access.principal.id });
      await tx.getRepository(KpiQuestion).save(question);
      const thread = await this.threadOf(tx, question.id);
      return {
        result: toQuestionView(question, value, thread),
        history: [valueNote('KPI_QUESTION_RESOLVED', value, value.status, { questionId: question.id, answers: thread.length })],
      };
    });
  }

  /** A change to one open question thread of this engagement and KPI (404 if not theirs, 409 once resolved). */
  private async inOpenQuestion(
    access: EngagementAccess,
    anyCode: string,
    questionId: string,
    expectedVersion: number | undefined,
    work: (tx: EntityManager, question: KpiQuestion, value: KpiValue) => Promise<EngagementChange<KpiQuestionView>>,
  ): Promise<QuestionWriteView> {
    const kpi = this.catalogue.kpi(anyCode);
    const { result, engagement } = await this.writer.change(
      access.engagement.id,
      access.principal.id,
      expectedVersion,
      async (tx, engagement) => {
        const { question, value } = await this.questionOf(tx, engagement.id, kpi, questionId);
        if (question.resolvedAt) throw questionResolved(question);
        return work(tx, question, value);
      },
      { part: 'discussion' },
    );
    return { ...result, engagementVersion: engagement.version };
  }

  /** The question with its value, if it belongs to this engagement and KPI; else 404. */
  private async questionOf(
    tx: EntityManager,
    engagementId: string,
    kpi: CatalogueKpi,
    questionId: string,
  ): Promise<{ question: KpiQuestion; value: KpiValue }> {
    const question = await tx.getRepository(KpiQuestion).findOneBy({ id: questionId, engagementId });
    const value = question ? await tx.getRepository(KpiValue).findOneBy({ id: question.valueId }) : null;
    if (!question || !value || value.code !== kpi.code) throw notFound('Question');
    return { question, value };
  }

  private threadOf(tx: EntityManager, questionId: string): Promise<KpiAnswer[]> {
    return tx.getRepository(KpiAnswer).find({ where: { questionId }, order: { answeredAt: 'ASC', id: 'ASC' } });
  }

  private checkDataPoint(kpi: CatalogueKpi, dataPoint: string | undefined): void {
    const problems = dataPointProblems(kpi, dataPoint);
    if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join('; '), problems);
  }

  private async valueOf(tx: EntityManager, engagementId: string, kpi: CatalogueKpi, dataPoint: string | null): Promise<KpiValue> {
    const value = await tx.getRepository(KpiValue).findOneBy({ engagementId, code: kpi.code, dataPoint: storedDataPoint(dataPoint) });
    if (!value) throw notFound(`KPI value of ${itemName(kpi, dataPoint)}`);
    return value;
  }
}
