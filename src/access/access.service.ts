import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { forbidden, notFound } from '../common/api-error';
import { isProgrammeStaff, Principal } from '../auth/principal';
import type { MemberRole } from '../../workflows/roles';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { Engagement } from '../engagements/engagement.entity';

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
 * The one gate every engagement-scoped route passes through. A caller sees an engagement only as
 * its member, its manager, or programme staff (admin, programme_manager); for anyone else it does
 * not exist (404), so one city's people never learn of another city's engagement.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectRepository(Engagement) private readonly engagements: Repository<Engagement>,
    @InjectRepository(EngagementMember) private readonly members: Repository<EngagementMember>,
  ) {}

  /** The engagement as the caller may see it, or 404. Pass a transaction's manager to read inside it. */
  async engagement(principal: Principal, engagementId: string, db?: EntityManager): Promise<EngagementAccess> {
    const engagements = db ? db.getRepository(Engagement) : this.engagements;
    const members = db ? db.getRepository(EngagementMember) : this.members;
    const engagement = await engagements.findOneBy({ id: engagementId });
    if (!engagement) throw notFound('Engagement');
    const memberRoles = (await members.findBy({ engagementId, userId: principal.id })).map((m) => m.role);
    const isManager = engagement.managerId === principal.id;
    const isStaff = isProgrammeStaff(principal);
    if (!isStaff && !isManager && memberRoles.length === 0) throw notFound('Engagement');
    return { engagement, principal, memberRoles, isManager, isStaff };
  }

  /** 403 unless the caller holds one of these member roles, is the manager, or is staff (when allowed). */
  requireRole(
    access: EngagementAccess,
    roles: MemberRole[],
    options: { manager?: boolean; staff?: boolean; action: string },
  ): void {
    const { manager = true, staff = true } = options;
    if (staff && access.isStaff) return;
    if (manager && access.isManager) return;
    if (roles.some((r) => access.memberRoles.includes(r))) return;
    const who = [...roles, ...(manager ? ['the engagement manager'] : []), ...(staff ? ['programme staff'] : [])];
    throw forbidden(`Only ${who.join(', ')} may ${options.action}`);
  }

  /** Restricts an engagement query (alias `e`) to what the caller may see. */
  visibleTo<T extends object>(principal: Principal, query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    if (isProgrammeStaff(principal)) return query;
    return query.andWhere(
      '(e.manager_id = :caller OR EXISTS (SELECT 1 FROM engagement_member m WHERE m.engagement_id = e.id AND m.user_id = :caller))',
      { caller: principal.id },
    );
  }
}
