import { linkNextPage } from '../common/pages';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../access/require-permission';
import { Caller, Principal } from '../common/principal';
import {
  MarkAllReadDto,
  MarkedReadView,
  NotificationPreferencesView,
  NotificationsQuery,
  NotificationView,
  PutNotificationPreferencesDto,
} from './notifications.dto';
import { NOTIFICATIONS_DEFAULT_LIMIT, NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @RequirePermission('me.notifications')
  @ApiOperation({
    summary:
      "The caller's own notifications: unread first, then read, newest first in each, a page at a time (?limit=, default 50, at most 200). " +
      'When more remain, the X-Next-Cursor header carries the cursor of the next page (send it as ?cursor=) and the Link header its URL ' +
      '(rel="next"); the last page has neither. A bad limit or cursor is 400. Whoever caused an event is never notified of it.',
  })
  @ApiOkResponse({
    type: [NotificationView],
    headers: {
      'X-Next-Cursor': { description: 'Opaque cursor of the next page; absent on the last page', schema: { type: 'string' } },
      Link: { description: '</api/me/notifications?limit=…&cursor=…>; rel="next", absent on the last page', schema: { type: 'string' } },
    },
  })
  async list(@Caller() caller: Principal, @Query() query: NotificationsQuery, @Res({ passthrough: true }) res: Response): Promise<NotificationView[]> {
    const { items, nextCursor } = await this.notifications.page(caller.id, query);
    linkNextPage(res, '/api/me/notifications', query.limit ?? NOTIFICATIONS_DEFAULT_LIMIT, nextCursor);
    return items;
  }

  @Post('notifications/read')
  @HttpCode(200)
  @RequirePermission('me.notifications')
  @ApiOperation({ summary: "Marks every unread notification of the caller read (an empty body, or none)" })
  @ApiOkResponse({ type: MarkedReadView })
  markAllRead(@Caller() caller: Principal, @Body() _dto: MarkAllReadDto): Promise<MarkedReadView> {
    return this.notifications.markAllRead(caller.id);
  }

  @Post('notifications/:notificationId/read')
  @HttpCode(200)
  @RequirePermission('me.notifications')
  @ApiOperation({ summary: "Marks one of the caller's notifications read; another person's notification is 404" })
  @ApiParam({ name: 'notificationId', format: 'uuid' })
  @ApiOkResponse({ type: NotificationView })
  @ApiNotFoundResponse({ description: 'No such notification of the caller' })
  markRead(@Caller() caller: Principal, @Body() _dto: MarkAllReadDto, @Param('notificationId') id: string): Promise<NotificationView> {
    return this.notifications.markRead(caller.id, id);
  }

  @Get('notification-preferences')
  @RequirePermission('me.notifications')
  @ApiOperation({ summary: 'How the caller is told of each notification type: in_app (the default) or email (in-app and e-mail too)' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  preferences(@Caller() caller: Principal): Promise<NotificationPreferencesView> {
    return this.notifications.preferencesOf(caller.id);
  }

  @Put('notification-preferences')
  @RequirePermission('me.notifications')
  @ApiOperation({ summary: 'Sets the channel of some notification types (`{channels: {type: in_app|email}}`); the others keep theirs' })
  @ApiOkResponse({ type: NotificationPreferencesView })
  setPreferences(@Caller() caller: Principal, @Body() dto: PutNotificationPreferencesDto): Promise<NotificationPreferencesView> {
    return this.notifications.setPreferences(caller.id, dto);
  }
}
