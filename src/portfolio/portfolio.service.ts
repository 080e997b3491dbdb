import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { AccessService, EngagementAccess } from '../access/access.service';
import { isProgrammeStaff, Principal } from '../common/principal';
import { badRequest, conflict, notFound } from '../common/api-error';
import { decodeCursor, encodeCursor } from '../common/pages';
import { isUuid } from '../common/id-param.pipe';
import { City } from '../cities/city.entity';
import { User } from '../users/user.entity';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { EngagementWriter } from '../engagements/engagement-writer';
import { Engagement } from '../engagements/engagement.entity';
import { EngagementView, toEngagementView } from '../engagements/engagement.dto';
import { MemberView } from '../roadmap/engagement-detail.dto';
import { AddMemberDto, CreateEngagementDto, ListEngagementsQuery } from './portfolio.dto';
import { openEngagement } from '../roadmap/open-engagement';
import { roleConflict } from '../../workflows/roles';

/** A portfolio page's cursor: the id of the last engagement given out. */
const listCursor = (id: string): string => encodeCursor({ after: id });
const listCursorEngagement = (cursor: string): string =>
  decodeCursor(cursor, (f) => (typeof f.after === 'string' && isUuid(f.after) ? f.after.toLowerCase() : undefined));

/**
 * The programme's portfolio: open an engagement for a city, list the engagements a caller may see,
 * and manage who is a member of each.
 */
@Injectable()
export class PortfolioService {
  constructor(
    private readonly access: AccessService,
    private readonly writer: EngagementWriter,
    @InjectRepository(Engagement) private readonly engagements: Repository<Engagement>,
    @InjectRepository(City) private readonly cities: Repository<City>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** Opens an engagement for a city at assessment / inProgress, version 1, with a history row. */
  async create(dto: CreateEngagementDto, principal: Principal): Promise<EngagementView> {
    const city = await this.cities.findOneBy({ id: dto.cityId });
    if (!city) throw badRequest('cityId names no city', [{ field: 'cityId', rule: 'exists', message: 'cityId names no city' }]);
    const managerId = dto.managerId ?? principal.id;
    const manager = await this.users.findOneBy({ id: managerId });
    if (!manager || !isProgrammeStaff(manager)) {
      const message = 'managerId must name a programme manager or admin';
      throw badRequest(message, [{ field: 'managerId', rule: 'isProgrammeManager', message }]);
    }
    return this.engagements.manager.transaction(async (tx) => {
      const engagement = await openEngagement(tx, { cityId: city.id, title: dto.title.trim(), managerId, cycle: 1, createdBy: principal.id });
      return toEngagementView(engagement, city.name);
    });
  }

  /**
   * The engagements the caller may read, newest first (created_at DESC, id), a page at a time: by
   * keyset (`cursor`, the X-Next-Cursor of the page before: no row skipped or repeated, and a deep page
   * costs what the first does) or by `offset`; `total` counts every match.
   */
  async list(principal: Principal, query: ListEngagementsQuery): Promise<{ items: EngagementView[]; total: number; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    if (query.cursor !== undefined && query.offset !== undefined) {
      const message = 'send either offset or cursor, not both';
      throw badRequest(message, [{ field: 'cursor', rule: 'cursor', message }]);
    }
    const filtered = <T extends object>(q: SelectQueryBuilder<T>): SelectQueryBuilder<T> => {
      if (query.stage) q.andWhere('e.stage = :stage', { stage: query.stage });
      if (query.cityId) q.andWhere('e.city_id = :cityId', { cityId: query.cityId });
      return this.access.visibleTo(principal, q);
    };
    // Every engagement has its city (a foreign key): the count needs neither the join nor DISTINCT.
    const counted = await filtered(this.engagements.createQueryBuilder('e').select('COUNT(*)', 'n')).getRawOne<{ n: string }>();
    const q = filtered(this.engagements.createQueryBuilder('e').innerJoin(City, 'c', 'c.id = e.city_id').addSelect('c.name', 'city_name'));
    if (query.cursor !== undefined) {
      const after = listCursorEngagement(query.cursor);
      // After the cursor's row in (created_at DESC, id): the first condition bounds the index scan (engagement_newest_idx).
      const at = '(SELECT x.created_at FROM engagement x WHERE x.id = :after)';
      q.andWhere(`e.created_at <= ${at} AND (e.created_at < ${at} OR e.id > :after)`, { after });
    }
    const { entities, raw } = await q
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit + 1)
      .offset(query.cursor === undefined ? (query.offset ?? 0) : 0)
      .getRawAndEntities<{ city_name: string }>();
    const items = entities.slice(0, limit).map((e, i) => toEngagementView(e, raw[i].city_name));
    return { items, total: Number(counted?.n ?? 0), nextCursor: entities.length > limit ? listCursor(items[items.length - 1].id) : null };
  }

  async addMember(access: EngagementAccess, dto: AddMemberDto): Promise<MemberView> {
    this.access.require(access, 'members.manage');
    const user = await this.users.findOneBy({ id: dto.userId });
    if (!user) throw badRequest('userId names no user', [{ field: 'userId', rule: 'exists', message: 'userId names no user' }]);
    if (!user.active) {
      throw badRequest('userId names a deactivated user', [{ field: 'userId', rule: 'active', message: 'userId names a deactivated user' }]);
    }
    if (dto.role !== 'approver' && dto.stakeholderGroup !== undefined) {
      const message = 'stakeholderGroup is only for approvers: it names the group whose seat they fill';
      throw badRequest(message, [{ field: 'stakeholderGroup', rule: 'approverOnly', message }]);
    }
    const engagementId = access.engagement.id;
    const { result } = await this.writer.change(engagementId, access.principal.id, dto.expectedVersion, async (tx, engagement) => {
      const repo = tx.getRepository(EngagementMember);
      const held = await repo.findBy({ engagementId, userId: user.id });
      if (held.some((m) => m.role === dto.role)) {
        throw conflict('ALREADY_MEMBER', `${user.email} is already ${dto.role} of this engagement`);
      }
      const why = roleConflict(dto.role, { globalRole: user.role, isEngagementManager: engagement.managerId === user.id, memberRoles: held.map((m) => m.role) });
      if (why) throw conflict('ROLE_CONFLICT', `${user.email} cannot be ${dto.role} of this engagement: ${why}`);
      const member = await repo.save(
        repo.create({ engagementId, userId: user.id, role: dto.role, stakeholderGroup: await this.groupName(tx, engagementId, dto.stakeholderGroup) }),
      );
      const view: MemberView = {
        id: member.id,
        userId: user.id,
        name: user.name,
        email: user.email,
        role: member.role,
        stakeholderGroup: member.stakeholderGroup,
      };
      return { result: view, history: [{ type: 'MEMBER_ADDED', payload: { ...view } }] };
    }, { part: 'members' });
    return result;
  }

  /** The stakeholder group as the engagement already spells it (groups differ by more than case and spaces), or as given. */
  private async groupName(tx: EntityManager, engagementId: string, given: string | undefined): Promise<string | null> {
    const group = given?.trim().replace(/\s+/g, ' ');
    if (!group) return null;
    const known = await tx.getRepository(EngagementMember).find({ where: { engagementId, role: 'approver' }, select: { stakeholderGroup: true } });
    return known.map((m) => m.stakeholderGroup).find((g) => g?.toLocaleLowerCase() === group.toLocaleLowerCase()) ?? group;
  }

  async removeMember(access: EngagementAccess, memberId: string, expectedVersion?: number): Promise<void> {
    this.access.require(access, 'members.manage');
    const engagementId = access.engagement.id;
    await this.writer.change(engagementId, access.principal.id, expectedVersion, async (tx) => {
      const repo = tx.getRepository(EngagementMember);
      const member = await repo.findOneBy({ id: memberId, engagementId });
      if (!member) throw notFound('Member');
      await repo.delete({ id: member.id });
      return {
        result: undefined,
        history: [{ type: 'MEMBER_REMOVED', payload: { memberId, userId: member.userId, role: member.role } }],
      };
    }, { part: 'members' });
  }
}
