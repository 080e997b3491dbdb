/**
 * Who people are in the programme, declared once: entities, DTOs, the permission table and the
 * roadmap definition all derive from these lists.
 */

/** A person's role across the whole programme. */
export const GLOBAL_ROLES = ['admin', 'programme_manager', 'member'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

/** A person's role in one engagement (a person may hold several). */
export const MEMBER_ROLES = ['city_coordinator', 'data_contributor', 'verifier', 'approver', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The city's own roles: whoever holds one of them on an engagement is not independent of its data. */
const CITY_ROLES: readonly MemberRole[] = ['city_coordinator', 'data_contributor'];

/** Who someone is to an engagement, when a role is about to be given to them. */
export interface Appointee {
  globalRole: GlobalRole;
  /** They are the engagement's programme manager. */
  isEngagementManager: boolean;
  /** The roles they already hold on the engagement. */
  memberRoles: readonly MemberRole[];
}

/**
 * Why this role may not be given to this person on this engagement, or null. Verification is
 * independent: a verifier is neither the engagement's programme manager, nor programme staff, nor
 * one of the city's own people (coordinator, data contributor) — and a verifier is not made one of them.
 */
export function roleConflict(role: MemberRole, who: Appointee): string | null {
  if (role === 'verifier') {
    if (who.isEngagementManager) return "the engagement's programme manager cannot verify its values: verification must stay independent";
    if (who.globalRole !== 'member') return 'programme staff cannot verify values: verification must stay independent';
    const city = who.memberRoles.find((r) => CITY_ROLES.includes(r));
    if (city) return `a ${city.replace('_', ' ')} of the engagement cannot verify its values: verification must stay independent`;
  }
  if (CITY_ROLES.includes(role) && who.memberRoles.includes('verifier')) {
    return `a verifier of the engagement cannot also be its ${role.replace('_', ' ')}: verification must stay independent`;
  }
  return null;
}
