/**
 * Who may do what: every permission the server checks, in one table. Pure TypeScript (no framework):
 * AccessService checks it on every route (`@RequirePermission`), the services check it again with
 * the item at hand (`AccessService.require`), test/permissions.e2e-spec.ts runs every route for
 * every role against it, and docs/architecture.md prints it (`npm run docs:permissions`).
 *
 * Who sends which roadmap event is the workflow's rule (workflows/roadmap.definition.ts → senders);
 * the table points there (`senders`) rather than repeating it.
 */
import { EVENT_TYPES, type EngagementEventType } from '../../workflows/engagement.machine';
import { type Actor, type GlobalRole, type MemberRole, mayActorSend, roadmapDefinition } from '../../workflows/roadmap.definition';

export type { GlobalRole, MemberRole };

export const GLOBAL_ROLE_NAMES: readonly GlobalRole[] = ['admin', 'programme_manager', 'member'];
export const MEMBER_ROLE_NAMES: readonly MemberRole[] = ['city_coordinator', 'data_contributor', 'verifier', 'approver', 'observer'];

/** Who is asking: their global role, and what they are to the engagement at hand (nothing, for a global permission). */
export type Who = Actor;

/**
 * A condition on the item at hand that only the service can evaluate (it has the item): a grant
 * that names one holds only when the service says the condition holds.
 */
export const QUALIFIERS = {
  assignee: 'the task is assigned to them',
  seated: 'they hold a seat at the open gate (fixed when it was submitted), or advise it',
  published: 'the investment project is published',
} as const;
export type Qualifier = keyof typeof QUALIFIERS;

/** What the service knows about the item at hand when it checks a permission a second time. */
export type Facts = Partial<Record<Qualifier, boolean>> & {
  /** The roadmap event asked for, for a permission that delegates to the workflow's senders. */
  event?: EngagementEventType;
};

export interface PermissionRule {
  /** `global`: checked on the caller alone; `engagement`: on the caller and the engagement of the route's `:id`. */
  scope: 'global' | 'engagement';
  /** What the permission lets one do, completing "Only … may …". */
  does: string;
  /** Any signed-in user holds it. */
  anySignedIn?: boolean;
  /** Global roles that hold it everywhere (on every engagement, for an engagement permission). */
  globalRoles?: readonly GlobalRole[];
  /** The engagement's programme manager (its managerId) holds it. */
  engagementManager?: boolean;
  /** Members of the engagement with one of these roles hold it. */
  memberRoles?: readonly MemberRole[];
  /** Grants that hold only when a condition on the item holds (the service evaluates it). */
  qualified?: readonly { who: MemberRole | 'anySignedIn'; when: Qualifier }[];
  /** Members with one of these roles never hold it, whatever else they are, and why. */
  excluded?: readonly { role: MemberRole; why: string }[];
  /**
   * The workflow decides (roadmap.definition.ts → senders, `mayActorSend`): for this one event, or
   * for the event the request sends (`requested`; at the route: whoever may send any event).
   */
  senders?: EngagementEventType | 'requested';
  /** A list answers only with the rows the caller may read. */
  seesOnly?: string;
  /** Anything else the reader of the table must know. */
  note?: string;
}

const STAFF: readonly GlobalRole[] = ['admin', 'programme_manager'];
const INDEPENDENT = { role: 'verifier', why: 'verification must stay independent' } as const;

const TABLE = {
  // ─── global ────────────────────────────────────────────────────────────────────────────────
  'me.read': { scope: 'global', does: 'read their own profile and memberships', anySignedIn: true },
  'me.update': { scope: 'global', does: 'change their own password', anySignedIn: true },
  'me.notifications': {
    scope: 'global',
    does: 'read their own notifications, mark them read and choose how they are told',
    anySignedIn: true,
    seesOnly: 'their own notifications: another person\'s is 404',
  },
  'me.verification-queue': {
    scope: 'global',
    does: 'read the KPI values waiting for their verification',
    anySignedIn: true,
    seesOnly: 'submitted values of the engagements where they are a verifier, not those they submitted',
  },
  'users.create': { scope: 'global', does: 'create users', globalRoles: ['admin'] },
  'users.update': { scope: 'global', does: 'deactivate or reactivate users', globalRoles: ['admin'], note: 'never themselves' },
  'users.list': { scope: 'global', does: 'list every user', globalRoles: STAFF },
  'cities.create': { scope: 'global', does: 'register cities', globalRoles: STAFF },
  'cities.read': {
    scope: 'global',
    does: 'read cities',
    anySignedIn: true,
    seesOnly: 'cities with an engagement the caller may read (engagement.read); programme staff: every city',
  },
  'engagements.create': { scope: 'global', does: 'open engagements', globalRoles: STAFF },
  'engagements.list': { scope: 'global', does: 'list engagements', anySignedIn: true, seesOnly: 'engagements the caller may read (engagement.read)' },
  'kpis.read': { scope: 'global', does: 'read the KPI catalogue', anySignedIn: true },
  'webhooks.manage': {
    scope: 'global',
    does: 'register, list and delete webhooks and read their deliveries',
    globalRoles: STAFF,
    seesOnly: "an administrator every webhook; a programme manager the webhooks they registered (another's is 404)",
    note:
      'a webhook for one engagement also needs engagement.webhooks on it (an engagement the caller may not read is 404); ' +
      'one for the whole portfolio (no engagementId) is programme staff\'s alone; the secret is never returned',
  },
  'marketplace.read': {
    scope: 'global',
    does: 'read an investment project in the marketplace',
    qualified: [{ who: 'anySignedIn', when: 'published' }],
  },
  // ─── one engagement ────────────────────────────────────────────────────────────────────────
  'engagement.read': {
    scope: 'engagement',
    does: 'read this engagement',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: MEMBER_ROLE_NAMES,
    note: 'everything under it too: members, tasks, gates, history, KPI values, targets, scorecard, gap analysis; whoever lacks it gets 404 on every route of the engagement',
  },
  'members.manage': { scope: 'engagement', does: 'add or remove members of this engagement', globalRoles: STAFF, engagementManager: true },
  'tasks.update': {
    scope: 'engagement',
    does: 'change this task',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['city_coordinator'],
    qualified: [{ who: 'data_contributor', when: 'assignee' }],
    note: 'a contributor changes status and note only (tasks.assign)',
  },
  'tasks.assign': {
    scope: 'engagement',
    does: 'assign tasks and set due dates',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['city_coordinator'],
  },
  'roadmap.event': { scope: 'engagement', does: 'send roadmap events', senders: 'requested' },
  'gates.decide': {
    scope: 'engagement',
    does: 'decide a gate (approve or request changes)',
    qualified: [{ who: 'anySignedIn', when: 'seated' }],
    note:
      'the seats are fixed when the gate opens (workflows/quorum.ts): the manager, the approvers of each stakeholder group; ' +
      'approvers outside a group and administrators advise (their approval fills no seat); whoever submitted the gate may not decide it (four-eyes)',
  },
  'engagement.webhooks': {
    scope: 'engagement',
    does: "subscribe a webhook to this engagement's events",
    globalRoles: STAFF,
    engagementManager: true,
    note: 'checked by POST /api/webhooks on its engagementId (the route itself needs webhooks.manage)',
  },
  'next-cycle.open': { scope: 'engagement', does: 'open the next cycle', globalRoles: STAFF, engagementManager: true },
  'kpi-values.submit': {
    scope: 'engagement',
    does: 'submit or import KPI values',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['data_contributor', 'city_coordinator'],
    excluded: [INDEPENDENT],
  },
  'kpi-evidence.attach': {
    scope: 'engagement',
    does: 'attach evidence files to submitted KPI values',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['data_contributor', 'city_coordinator'],
    excluded: [INDEPENDENT],
    note: 'as kpi-values.submit: the city documents its values; whoever may read the engagement (engagement.read) downloads them',
  },
  'kpi-values.verify': {
    scope: 'engagement',
    does: 'verify or reject KPI values',
    memberRoles: ['verifier'],
    note: 'never the manager or programme staff as such; whoever submitted a value may not decide it (four-eyes)',
  },
  'kpi-flags.answer': {
    scope: 'engagement',
    does: 'answer a consistency flag on a KPI value (an error holds back verification until answered)',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['data_contributor', 'city_coordinator'],
    excluded: [INDEPENDENT],
  },
  'kpi-flags.acknowledge': {
    scope: 'engagement',
    does: 'acknowledge a consistency warning on a KPI value with a comment',
    memberRoles: ['verifier'],
    note: 'also given with a verification (acknowledgements); an error is not acknowledged: the city answers it',
  },
  'kpi-questions.raise': { scope: 'engagement', does: 'raise questions on KPI values', memberRoles: ['verifier'] },
  'kpi-questions.answer': {
    scope: 'engagement',
    does: 'answer verification questions',
    engagementManager: true,
    memberRoles: ['data_contributor', 'city_coordinator', 'verifier'],
    note: 'the city answers; a verifier follows up in the same thread',
  },
  'kpi-questions.resolve': { scope: 'engagement', does: 'resolve verification questions', memberRoles: ['verifier'] },
  'measurements.submit': {
    scope: 'engagement',
    does: 'record or delete KPI measurements (monitoring)',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['data_contributor', 'city_coordinator'],
    excluded: [INDEPENDENT],
    note: 'as KPI values: the city measures, the verifier checks the implementation (its QA task)',
  },
  'measurements.verify': {
    scope: 'engagement',
    does: 'verify or reject KPI measurements (monitoring)',
    memberRoles: ['verifier'],
    note: 'whoever recorded a measurement may not decide it (four-eyes)',
  },
  'targets.override': { scope: 'engagement', does: "override this engagement's KPI targets", globalRoles: STAFF, engagementManager: true },
  'actions.manage': {
    scope: 'engagement',
    does: 'add, change or delete actions of the action plan, and defer lowest-band gaps',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['city_coordinator'],
  },
  'procurement.manage': {
    scope: 'engagement',
    does: 'add, change or delete items of the procurement plan',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['city_coordinator'],
  },
  'engagement.publish': {
    scope: 'engagement',
    does: "publish or withdraw this engagement's verified snapshot (its approved Assessment gate) for anyone to read",
    globalRoles: STAFF,
    engagementManager: true,
    note: 'only verified values are ever shown publicly (/public/cities/:id)',
  },
  'financing.manage': {
    scope: 'engagement',
    does: 'add, change or delete business cases and investment projects, and publish projects on the marketplace',
    globalRoles: STAFF,
    engagementManager: true,
    memberRoles: ['city_coordinator'],
  },
} satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof TABLE;

/** Every permission the server checks → who holds it. */
export const PERMISSIONS: Record<Permission, PermissionRule> = TABLE;

export const isPermission = (name: string): name is Permission => Object.hasOwn(PERMISSIONS, name);

/** A member role of the caller that excludes them from the permission, if any. */
export function exclusionOf(r: PermissionRule, who: Who): { role: MemberRole; why: string } | undefined {
  return r.excluded?.find((e) => who.memberRoles.includes(e.role));
}

const unqualified = (r: PermissionRule, who: Who): boolean =>
  !!r.anySignedIn ||
  (r.globalRoles ?? []).includes(who.globalRole) ||
  (!!r.engagementManager && who.isEngagementManager) ||
  (r.memberRoles ?? []).some((role) => who.memberRoles.includes(role));

const qualifiedGrants = (r: PermissionRule, who: Who) =>
  (r.qualified ?? []).filter((q) => q.who === 'anySignedIn' || who.memberRoles.includes(q.who));

/**
 * Whether `who` holds the permission, given what is known of the item at hand. A qualified grant
 * holds only when its qualifier is true in `facts`; a `requested` delegation needs `facts.event`.
 */
export function holds(r: PermissionRule, who: Who, facts: Facts = {}): boolean {
  if (exclusionOf(r, who)) return false;
  if (r.senders) {
    const event = r.senders === 'requested' ? facts.event : r.senders;
    return event !== undefined && mayActorSend(event, who);
  }
  return unqualified(r, who) || qualifiedGrants(r, who).some((q) => facts[q.when] === true);
}

/**
 * Whether `who` could hold the permission, before the item is known: what the route checks. A
 * qualified grant counts (the service decides with the item); a `requested` delegation counts when
 * `who` may send any event.
 */
export function mayHold(r: PermissionRule, who: Who): boolean {
  if (exclusionOf(r, who)) return false;
  if (r.senders === 'requested') return EVENT_TYPES.some((event) => mayActorSend(event, who));
  if (r.senders) return mayActorSend(r.senders, who);
  return unqualified(r, who) || qualifiedGrants(r, who).length > 0;
}

const MEMBER_WORDS: Record<MemberRole, string> = {
  city_coordinator: 'city coordinators',
  data_contributor: 'data contributors',
  verifier: 'verifiers',
  approver: 'approvers',
  observer: 'observers',
};

const list = (parts: string[]): string =>
  parts.length <= 1 ? (parts[0] ?? 'nobody') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;

/** Who holds a sender rule of the workflow, in words (admins always may: mayActorSend). */
function sendersInWords(event: EngagementEventType): string[] {
  const s = roadmapDefinition.senders[event];
  return [
    ...new Set(['admin', ...s.globalRoles]),
    ...(s.engagementManager ? ["the engagement's programme manager"] : []),
    ...s.memberRoles.map((m) => `${MEMBER_WORDS[m]} of the engagement`),
  ];
}

/** Who holds the permission, in words, as error messages and the docs say it. */
export function whoInWords(r: PermissionRule, facts: Facts = {}): string {
  if (r.senders) {
    const event = r.senders === 'requested' ? facts.event : r.senders;
    return list(event ? sendersInWords(event) : [...new Set(EVENT_TYPES.flatMap(sendersInWords))]);
  }
  const parts = [
    ...(r.anySignedIn ? ['any signed-in user'] : []),
    ...(r.globalRoles ?? []),
    ...(r.engagementManager ? ["the engagement's programme manager"] : []),
    ...(r.memberRoles ?? []).map((m) => `${MEMBER_WORDS[m]} of the engagement`),
    ...(r.qualified ?? []).map((q) => `${q.who === 'anySignedIn' ? 'any signed-in user' : `${MEMBER_WORDS[q.who]} of the engagement`} when ${QUALIFIERS[q.when]}`),
  ];
  return list(parts);
}

/** The 403 message for someone who does not hold the permission. */
export function refusal(r: PermissionRule, who: Who, facts: Facts = {}): string {
  const excluded = exclusionOf(r, who);
  if (excluded) return `A ${excluded.role.replace('_', ' ')} of this engagement may not ${r.does}: ${excluded.why}`;
  const does = r.senders === 'requested' && facts.event ? `send ${facts.event}` : r.does;
  return `Only ${whoInWords(r, facts)} may ${does}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The table as docs/architecture.md prints it (between its permissions markers). */
export function permissionsMarkdown(): string {
  const rows = (Object.entries(PERMISSIONS) as [Permission, PermissionRule][]).map(([name, r]) => {
    const who = r.senders
      ? r.senders === 'requested'
        ? `the workflow (\`roadmap.definition.ts\` → \`senders\`, \`mayActorSend\`), for the event sent: ${EVENT_TYPES.map((e) => `${e}: ${list(sendersInWords(e))}`).join('; ')}`
        : `the workflow: \`roadmap.definition.ts\` → \`senders.${r.senders}\`: ${whoInWords(r)}`
      : whoInWords(r);
    const never = (r.excluded ?? []).map((e) => `${MEMBER_WORDS[e.role]} of the engagement (${e.why})`).join('; ');
    const notes = [r.seesOnly ? `sees only ${r.seesOnly}` : '', r.note ?? ''].filter(Boolean).join('; ');
    return `| \`${name}\` | ${r.scope} | ${cell(r.does)} | ${cell(who)} | ${cell(never || '—')} | ${cell(notes || '—')} |`;
  });
  return [
    '| permission | scope | lets one | who holds it | never | notes |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
