import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { notFound } from '../common/api-error';
import { toEngagementView } from '../engagements/engagement.dto';
import type { Engagement } from '../engagements/engagement.entity';
import { EngagementDetailView, MemberView } from './engagement-detail.dto';
import { NextEventsService } from './next-events.service';

/** The engagement's members with their names, oldest first, as one JSON array (empty: '[]'). */
const MEMBERS = `COALESCE((
  SELECT json_agg(json_build_object('id', m.id, 'userId', m.user_id, 'name', COALESCE(u.name, ''), 'email', COALESCE(u.email, ''),
                                    'role', m.role, 'stakeholderGroup', m.stakeholder_group) ORDER BY m.created_at, m.id)
  FROM engagement_member m LEFT JOIN app_user u ON u.id = m.user_id
  WHERE m.engagement_id = e.id), '[]'::json)`;

/** An engagement as a caller sees it: its city, its members, and what the caller may do next. */
@Injectable()
export class EngagementDetailsService {
  constructor(
    private readonly nextEvents: NextEventsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** The engagement with what the caller may do next, and its members: the city's name and the members in one statement. */
  async detail(access: EngagementAccess): Promise<EngagementDetailView> {
    const { cityName, members } = await this.cityAndMembers(access.engagement);
    return {
      ...toEngagementView(access.engagement, cityName),
      baseline: access.engagement.baseline,
      ...(await this.nextEvents.describe(access)),
      members,
    };
  }

  async membersOf(access: EngagementAccess): Promise<MemberView[]> {
    return (await this.cityAndMembers(access.engagement)).members;
  }

  private async cityAndMembers(engagement: Engagement): Promise<{ cityName: string; members: MemberView[] }> {
    const rows: { cityName: string; members: MemberView[] }[] = await this.db.query(
      `SELECT c.name AS "cityName", ${MEMBERS} AS members
         FROM engagement e JOIN city c ON c.id = e.city_id WHERE e.id = $1`,
      [engagement.id],
    );
    if (rows.length === 0) throw notFound('Engagement');
    return { cityName: rows[0].cityName, members: rows[0].members };
  }
}
