import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { EngagementAccess } from '../../access/access.service';
import { Access, RequirePermission } from '../../access/require-permission';
import { Caller, Principal } from '../../common/principal';
import { linkNextPage } from '../../common/pages';
import { BulkVerificationDto, BulkVerificationView } from './verification.dto';
import { VerificationService } from './verification.service';
import { QueueItemView, QueueSummaryView, VerificationQueueQuery } from './verification-queue.dto';
import { QUEUE_DEFAULT_LIMIT, VerificationQueueService } from './verification-queue.service';

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/me')
export class VerificationQueueController {
  constructor(private readonly queue: VerificationQueueService) {}

  @Get('verification-queue')
  @RequirePermission('me.verification-queue')
  @ApiOperation({
    summary:
      'The submitted KPI values waiting for the caller as verifier, across the engagements where they are a verifier (not the values they ' +
      'submitted themselves, not completed or cancelled engagements): flagged first, then oldest. ?engagementId= and ?flag= (a rule id, or ' +
      'flagged / unflagged / error / warning) filter it; a page at a time (?limit=, default 50, at most 200; X-Next-Cursor and Link name the next page).',
  })
  @ApiOkResponse({ type: [QueueItemView] })
  async list(@Caller() caller: Principal, @Query() query: VerificationQueueQuery, @Res({ passthrough: true }) res: Response): Promise<QueueItemView[]> {
    const { items, nextCursor } = await this.queue.page(caller.id, query);
    const kept = new URLSearchParams({ ...(query.engagementId ? { engagementId: query.engagementId } : {}), ...(query.flag ? { flag: query.flag } : {}) }).toString();
    linkNextPage(res, `/api/me/verification-queue${kept ? `?${kept}` : ''}`, query.limit ?? QUEUE_DEFAULT_LIMIT, nextCursor);
    return items;
  }

  @Get('verification-queue/summary')
  @RequirePermission('me.verification-queue')
  @ApiOperation({ summary: 'How much waits for the caller (in all, flagged, per engagement) and how many values they verified and rejected this week (from Monday 00:00 UTC)' })
  @ApiOkResponse({ type: QueueSummaryView })
  summary(@Caller() caller: Principal): Promise<QueueSummaryView> {
    return this.queue.summary(caller.id);
  }
}

@ApiTags('KPIs and scoring')
@ApiBearerAuth()
@Controller('api/engagements/:id/kpi-values')
export class BulkVerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Post('bulk-verification')
  @HttpCode(200)
  @RequirePermission('kpi-values.verify')
  @ApiOperation({
    summary:
      'Verify many submitted values of the engagement at once (verifiers of the engagement): the items listed, or every submitted value without ' +
      'flags that someone else submitted. Each is recorded in the history on its own. A listed value not submitted, flagged or submitted by the ' +
      'caller refuses the request (409 BULK_REFUSED, nothing written); nothing to verify is 409 NOTHING_TO_VERIFY.',
  })
  @ApiOkResponse({ type: BulkVerificationView })
  bulk(@Access() access: EngagementAccess, @Body() dto: BulkVerificationDto): Promise<BulkVerificationView> {
    return this.verification.bulkVerify(access, dto);
  }
}
