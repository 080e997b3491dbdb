import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { EngagementAccess } from '../access/access.service';
import { City } from '../cities/city.entity';
import { EngagementView, toEngagementView } from '../engagements/engagement.dto';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { User } from '../users/user.entity';
import { EngagementDetailView, MemberView } from './engagement-detail.dto';
import { NextEventsService } from './next-events.service';

/** An engagement as a caller sees it: its city, its members, and what the caller may do next. */
@Injectable()
export class EngagementDetailsService {
  constructor(
    private readonly nextEvents: NextEventsService,
    @InjectRepository(EngagementMember) private readonly members: Repository<EngagementMember>,
    @InjectRepository(City) private readonly cities: Repository<City>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async view(access: EngagementAccess): Promise<EngagementView> {
    const city = await this.cities.findOneByOrFail({ id: access.engagement.cityId });
    return toEngagementView(access.engagement, city.name);
  }

  /** The engagement with what the caller may do next, and its members. */
  async detail(access: EngagementAccess): Promise<EngagementDetailView> {
    return {
      ...(await this.view(access)),
      baseline: access.engagement.baseline,
      ...(await this.nextEvents.describe(access)),
      members: await this.membersOf(access),
    };
  }

  async membersOf(access: EngagementAccess): Promise<MemberView[]> {
    const rows = await this.members.find({ where: { engagementId: access.engagement.id }, order: { createdAt: 'ASC' } });
    const users = await this.users.findBy({ id: In([...new Set(rows.map((r) => r.userId))]) });
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows.map((m) => ({
      id: m.id,
      userId: m.userId,
      name: byId.get(m.userId)?.name ?? '',
      email: byId.get(m.userId)?.email ?? '',
      role: m.role,
      stakeholderGroup: m.stakeholderGroup,
    }));
  }
}
