import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService, EngagementAccess } from '../../access/access.service';
import { ApiError, badRequest, conflict, notFound } from '../../common/api-error';
import { EngagementChange, EngagementWriter, HistoryNote } from '../../engagements/engagement-writer';
import type { CatalogueKpi } from '../catalogue/catalogue';
import { KpiCatalogueService } from '../kpi-catalogue.service';
import { itemDataPoint, KpiAnswer, KpiQuestion, KpiValue, storedDataPoint } from '../values/kpi-value.entity';
import { toQuestionView, toValueView, valueNote } from '../values/kpi-value-views';
import type { KpiQuestionView } from '../values/kpi-values.dto';
import { dataPointOf, dataPointProblems } from '../values/value-rules';
import { AnswerQuestionDto, QuestionWriteView, RaiseQuestionDto, ResolveQuestionDto, VerificationDto, VerificationResultView } from './verification.dto';

const itemName = (kpi: CatalogueKpi, dataPoint: string | null) => (dataPoint ? `${kpi.code} data point ${dataPoint}` : kpi.code);

const questionResolved = (question: KpiQuestion) =>
  conflict('QUESTION_RESOLVED', 'This question is resolved: it takes no more answers (raise a new question to reopen the matter)', {
    resolvedAt: question.resolvedAt,
    resolvedBy: question.resolvedBy,
  });

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
  ) {}

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
        const rows = await repo.findBy({ engagementId: engagement.id, code: kpi.code });
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
        const now = new Date();
        const notes: HistoryNote[] = [];
        for (const row of toDecide) {
          Object.assign(row, { status: dto.decision, decidedBy: access.principal.id, decidedAt: now, decisionComment: comment, updatedAt: now });
          await repo.save(row);
          notes.push(valueNote(dto.decision === 'verified' ? 'KPI_VALUE_VERIFIED' : 'KPI_VALUE_REJECTED', row, 'submitted', { comment }));
        }
        const names = toDecide.map((r) => itemName(kpi, itemDataPoint(r.dataPoint))).join(', ');
        return {
          result: { decision: dto.decision, values: toDecide.map(toValueView) },
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
