import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { forbidden, notFound } from '../common/api-error';
import { isProgrammeStaff, Principal } from '../common/principal';
import type { MemberRole } from '../../workflows/roles';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { Engagement } from '../engagements/engagement.entity';
import { Facts, holds, mayHold, Permission, PERMISSIONS, refusal, Who } from './permissions';

/** What the caller is to one engagement. */
export interface EngagementAccess {
  engagement: Engagement;
  principal: Principal;
  /** The caller's roles as a member of this engagement (several are possible). */
  memberRoles: MemberRole[];
  /** The caller is the engagement's programme manager. */
  isManager: boolean;
  /** Admin or programme manager: sees and manages every engagement. */
  isStaff: boolean;
}

/**
 * The engagement a route acts on and the caller's roles on it, read by AccessTokenGuard in the
 * statement that reads the caller: PermissionGuard checks them without reading again.
 */
export interface EngagementAtHand {
  userId: string;
  engagementId: string;
  /** null: no such engagement. */
  engagement: Engagement | null;
  memberRoles: MemberRole[];
}

/** The caller as the permission table sees them, on one engagement or none. */
export const whoOf = (access: EngagementAccess): Who => ({
  globalRole: access.principal.role,
  isEngagementManager: access.isManager,
  memberRoles: access.memberRoles,
});

const nobodyOn = (principal: Principal): Who => ({ globalRole: principal.role, isEngagementManager: false, memberRoles: [] });

/**
 * The one gate every route passes through, by permission name (src/access/permissions.ts). A caller
 * who may not read an engagement does not learn it exists (404), so one city's people never learn
 * of another city's engagement; one who reads it but lacks the permission gets 403 saying who may.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectRepository(Engagement) private readonly engagements: Repository<Engagement>,
    @InjectRepository(EngagementMember) private readonly members: Repository<EngagementMember>,
  ) {}

  /**
   * The engagement as the caller may see it: 404 unless they hold `engagement.read`, 403 unless they
   * may hold `permission` (a qualified grant counts here: the service checks it with the item, through
   * require()). Pass a transaction's manager to read inside it.
   */
  async engagement(principal: Principal, engagementId: string, permission: Permission = 'engagement.read', db?: EntityManager): Promise<EngagementAccess> {
    const engagements = db ? db.getRepository(Engagement) : this.engagements;
    const members = db ? db.getRepository(EngagementMember) : this.members;
    const engagement = await engagements.findOneBy({ id: engagementId });
    const memberRoles = engagement ? (await members.findBy({ engagementId, userId: principal.id })).map((m) => m.role) : [];
    return this.check(principal, engagement, memberRoles, permission);
  }

  /** What `engagement()` decides, on an engagement and roles already read (null: no such engagement). */
  check(principal: Principal, engagement: Engagement | null, memberRoles: MemberRole[], permission: Permission): EngagementAccess {
    if (!engagement) throw notFound('Engagement');
    const access: EngagementAccess = {
      engagement,
      principal,
      memberRoles,
      isManager: engagement.managerId === principal.id,
      isStaff: isProgrammeStaff(principal),
    };
    const who = whoOf(access);
    if (!holds(PERMISSIONS['engagement.read'], who)) throw notFound('Engagement');
    const rule = PERMISSIONS[permission];
    if (!mayHold(rule, who)) throw forbidden(refusal(rule, who));
    return access;
  }

  /** A second check within a handler, with what the service knows of the item at hand: 403 unless held. */
  require(access: EngagementAccess, permission: Permission, facts: Facts = {}): void {
    const rule = PERMISSIONS[permission];
    const who = whoOf(access);
    if (!holds(rule, who, facts)) throw forbidden(refusal(rule, who, facts));
  }

  /** A global permission (scope `global`): 403 unless the caller may hold it. */
  requireGlobal(principal: Principal, permission: Permission): void {
    const rule = PERMISSIONS[permission];
    if (!mayHold(rule, nobodyOn(principal))) throw forbidden(refusal(rule, nobodyOn(principal)));
  }

  /**
   * `engagement.read` as SQL on an engagement aliased `e`, for lists: undefined when the caller reads
   * every engagement (a global role that holds it).
   */
  readable(principal: Principal): { where: string; params: Record<string, unknown> } | undefined {
    const read = PERMISSIONS['engagement.read'];
    if (holds(read, nobodyOn(principal))) return undefined;
    // One semi-join on the caller's own rows (engagement_manager_idx, engagement_member_user_idx): an OR
    // of the two ways would have the database test every engagement of the programme.
    const ways = [
      ...(read.engagementManager ? ['SELECT mine.id FROM engagement mine WHERE mine.manager_id = :caller'] : []),
      ...(read.memberRoles?.length ? ['SELECT m.engagement_id FROM engagement_member m WHERE m.user_id = :caller AND m.role IN (:...readRoles)'] : []),
    ];
    return { where: ways.length === 0 ? 'FALSE' : `e.id IN (${ways.join(' UNION ALL ')})`, params: { caller: principal.id, readRoles: read.memberRoles ?? [] } };
  }

  /** Restricts an engagement query (alias `e`) to what the caller may read (`engagement.read`). */
  visibleTo<T extends object>(principal: Principal, query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    const readable = this.readable(principal);
    return readable ? query.andWhere(readable.where, readable.params) : query;
  }
}
