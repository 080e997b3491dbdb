import { linkNextPage } from '../common/pages';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../access/require-permission';
import { IdParam } from '../common/id-param.pipe';
import { Caller, Principal } from '../common/principal';
import { WEBHOOK_MAX_ATTEMPTS } from './webhook-channel';
import { CreateWebhookDto, DeleteWebhookQuery, DeliveriesQuery, DeliveryView, WebhookView } from './webhooks.dto';
import { DELIVERIES_DEFAULT_LIMIT, WebhooksService } from './webhooks.service';

const DELIVERY_TEXT =
  'Each delivery is `POST url` with JSON `{id, type, occurredAt, engagementId, data}` and the headers `U4SSC-Delivery: <id>` ' +
  '(the same on every retry) and `U4SSC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. ' +
  `A 2xx answer delivers it; anything else (another status, a redirect — never followed —, no answer within WEBHOOK_TIMEOUT_MS) ` +
  `is a failed attempt, retried after WEBHOOK_RETRY_BASE_MS, then doubling, with up to 20 % jitter, ${WEBHOOK_MAX_ATTEMPTS} attempts in all.`;

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('webhooks.manage')
  @ApiOperation({
    summary:
      "Subscribes a URL to engagement events: one engagement's (engagementId) or the whole portfolio's (programme staff). " +
      'The URL must be http(s), without credentials, and resolve to public addresses only unless WEBHOOK_ALLOW_HOSTS names it (else 400). ' +
      `The secret (at least 16 characters) is write-only. ${DELIVERY_TEXT}`,
  })
  @ApiCreatedResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: 'engagementId names no engagement the caller may read' })
  create(@Caller() caller: Principal, @Body() dto: CreateWebhookDto): Promise<WebhookView> {
    return this.webhooks.create(caller, dto);
  }

  @Get()
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: "The live webhook subscriptions the caller may see, newest first (never the secret): an administrator's every one, a programme manager's their own" })
  @ApiOkResponse({ type: [WebhookView] })
  list(@Caller() caller: Principal): Promise<WebhookView[]> {
    return this.webhooks.list(caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: 'Deletes a subscription: it receives nothing more (retries waiting are dropped); its deliveries are no longer listed' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The webhook' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such webhook, or not one the caller may see (a programme manager sees their own)' })
  async remove(@Caller() caller: Principal, @Param('id', new IdParam('Webhook')) id: string, @Query() _query: DeleteWebhookQuery): Promise<void> {
    await this.webhooks.remove(caller, id);
  }

  @Get(':id/deliveries')
  @RequirePermission('webhooks.manage')
  @ApiOperation({
    summary:
      "The webhook's deliveries, newest first, each with its attempts (status, start, duration, response code, error), a page at a time " +
      '(?limit=, default 50, at most 200). When more remain, the X-Next-Cursor header carries the cursor of the next page (send it as ' +
      `?cursor=) and the Link header its URL (rel="next"). ${DELIVERY_TEXT}`,
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The webhook' })
  @ApiOkResponse({
    type: [DeliveryView],
    headers: {
      'X-Next-Cursor': { description: 'Opaque cursor of the next (older) page; absent on the last page', schema: { type: 'string' } },
      Link: { description: '</api/webhooks/:id/deliveries?limit=…&cursor=…>; rel="next", absent on the last page', schema: { type: 'string' } },
    },
  })
  @ApiNotFoundResponse({ description: 'No such webhook, or not one the caller may see (a programme manager sees their own)' })
  async deliveries(
    @Caller() caller: Principal,
    @Param('id', new IdParam('Webhook')) id: string,
    @Query() query: DeliveriesQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DeliveryView[]> {
    const { items, nextCursor } = await this.webhooks.deliveries(caller, id, query);
    linkNextPage(res, `/api/webhooks/${id}/deliveries`, query.limit ?? DELIVERIES_DEFAULT_LIMIT, nextCursor);
    return items;
  }
}
