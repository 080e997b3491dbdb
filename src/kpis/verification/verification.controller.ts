import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { IdParam } from '../../common/id-param.pipe';
import { AnswerQuestionDto, FlagAcknowledgementDto, FlagAnswerDto, FlagWriteView, QuestionWriteView, RaiseQuestionDto, ResolveQuestionDto, VerificationDto, VerificationResultView } from './verification.dto';
import { VerificationService } from './verification.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@ApiParam({ name: 'code', example: 'EC-ICT-ICT-1C', description: 'URL-safe or official KPI code' })
@Controller('api/engagements/:id/kpi-values/:code')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Post('verification')
  @HttpCode(200)
  @RequirePermission('kpi-values.verify')
  @ApiOperation({
    summary:
      'Verify or reject submitted values (verifiers of the engagement only). No dataPoint: every data point of the KPI ' +
      '(those marked not available are left as they are). A rejection needs a comment; a value that is not submitted is 409 VALUE_NOT_SUBMITTED. ' +
      'To verify, every error flag must be answered by the city (409 FLAGS_UNANSWERED) and every warning acknowledged by a verifier, earlier or ' +
      'in this request (acknowledgements: [{rule, dataPoint?, comment}]; else 409 FLAGS_UNACKNOWLEDGED).',
  })
  @ApiOkResponse({ type: VerificationResultView })
  async decide(@Access() access: EngagementAccess, @Param('code') code: string, @Body() dto: VerificationDto): Promise<VerificationResultView> {
    return this.verification.decide(access, code, dto);
  }

  @Post('flags/:rule/answer')
  @HttpCode(201)
  @RequirePermission('kpi-flags.answer')
  @ApiOperation({
    summary:
      "The city answers a consistency flag on a value (data contributors, city coordinators, the manager, programme staff): an error holds back " +
      'verification until answered. The answer holds for the figures it was given on; a changed figure makes a new flag. No such flag is 404.',
  })
  @ApiParam({ name: 'rule', example: 'potable-within-basic-water' })
  @ApiCreatedResponse({ type: FlagWriteView })
  async answerFlag(@Access() access: EngagementAccess, @Param('code') code: string, @Param('rule') rule: string, @Body() dto: FlagAnswerDto): Promise<FlagWriteView> {
    return this.verification.answerFlag(access, code, rule, dto);
  }

  @Post('flags/:rule/acknowledgement')
  @HttpCode(201)
  @RequirePermission('kpi-flags.acknowledge')
  @ApiOperation({
    summary:
      'A verifier acknowledges a warning on a value with a comment (also possible with the verification itself: acknowledgements). ' +
      'An error is not acknowledged but answered by the city (409 FLAG_IS_ERROR); no such flag is 404.',
  })
  @ApiParam({ name: 'rule', example: 'sanitation-typical-range' })
  @ApiCreatedResponse({ type: FlagWriteView })
  async acknowledgeFlag(
    @Access() access: EngagementAccess,
    @Param('code') code: string,
    @Param('rule') rule: string,
    @Body() dto: FlagAcknowledgementDto,
  ): Promise<FlagWriteView> {
    return this.verification.acknowledgeFlag(access, code, rule, dto);
  }

  @Post('questions')
  @HttpCode(201)
  @RequirePermission('kpi-questions.raise')
  @ApiOperation({ summary: 'Raise a question on a value (verifiers of the engagement only); the city answers it, a verifier resolves it' })
  @ApiCreatedResponse({ type: QuestionWriteView })
  async raise(@Access() access: EngagementAccess, @Param('code') code: string, @Body() dto: RaiseQuestionDto): Promise<QuestionWriteView> {
    return this.verification.raiseQuestion(access, code, dto);
  }

  @Post('questions/:questionId/answers')
  @HttpCode(201)
  @RequirePermission('kpi-questions.answer')
  @ApiOperation({
    summary:
      "Answer a verifier's question (data contributors, city coordinators, the engagement manager) or follow up on it (verifiers of the engagement); " +
      'a resolved question answers 409 QUESTION_RESOLVED',
  })
  @ApiCreatedResponse({ type: QuestionWriteView })
  async answer(
    @Access() access: EngagementAccess,
    @Param('code') code: string,
    @Param('questionId', new IdParam('Question')) questionId: string,
    @Body() dto: AnswerQuestionDto,
  ): Promise<QuestionWriteView> {
    return this.verification.answer(access, code, questionId, dto);
  }

  @Post('questions/:questionId/resolve')
  @RequirePermission('kpi-questions.resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolve a question (any verifier of the engagement): the question shows resolvedAt and resolvedBy and takes no more answers; ' +
      'resolving it again answers 409 QUESTION_RESOLVED',
  })
  @ApiOkResponse({ type: QuestionWriteView })
  async resolve(
    @Access() access: EngagementAccess,
    @Param('code') code: string,
    @Param('questionId', new IdParam('Question')) questionId: string,
    @Body() dto: ResolveQuestionDto,
  ): Promise<QuestionWriteView> {
    return this.verification.resolveQuestion(access, code, questionId, dto);
  }
}
