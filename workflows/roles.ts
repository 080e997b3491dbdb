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
