import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '../../workflows/engagement.machine';
import { mayActorSend } from '../../workflows/roadmap.definition';
import { holds, mayHold, MEMBER_ROLE_NAMES, Permission, PERMISSIONS, permissionsMarkdown, refusal, Who } from './permissions';

const who = (w: Partial<Who>): Who => ({ globalRole: 'member', isEngagementManager: false, memberRoles: [], ...w });
const admin = who({ globalRole: 'admin' });
const staff = who({ globalRole: 'programme_manager' });
const manager = who({ globalRole: 'programme_manager', isEngagementManager: true });
const coordinator = who({ memberRoles: ['city_coordinator'] });
const contributor = who({ memberRoles: ['data_contributor'] });
const verifier = who({ memberRoles: ['verifier'] });
const approver = who({ memberRoles: ['approver'] });
const observer = who({ memberRoles: ['observer'] });
const outsider = who({});

const holders = (permission: Permission, facts = {}) =>
  Object.entries({ admin, staff, manager, coordinator, contributor, verifier, approver, observer, outsider })
    .filter(([, w]) => holds(PERMISSIONS[permission], w, facts))
    .map(([name]) => name);

describe('the permission table', () => {
  it('lets every member, the manager and programme staff read an engagement, and nobody else', () => {
    expect(holders('engagement.read')).toEqual(['admin', 'staff', 'manager', 'coordinator', 'contributor', 'verifier', 'approver', 'observer']);
    expect(PERMISSIONS['engagement.read'].memberRoles).toEqual(MEMBER_ROLE_NAMES);
  });

  it('says any signed-in user may read a published investment project, and nobody an unpublished one', () => {
    const rule = PERMISSIONS['marketplace.read'];
    expect(holders('marketplace.read', { published: true })).toEqual(
      ['admin', 'staff', 'manager', 'coordinator', 'contributor', 'verifier', 'approver', 'observer', 'outsider'],
    );
    expect(holders('marketplace.read', { published: false })).toEqual([]);
    expect(mayHold(rule, outsider)).toBe(true);
  });

  it('lets the manager, city coordinators and programme staff manage the financing', () => {
    expect(holders('financing.manage')).toEqual(['admin', 'staff', 'manager', 'coordinator']);
  });

  it('keeps a verifier of the engagement from submitting values, whatever else they are (independence)', () => {
    expect(holders('kpi-values.submit')).toEqual(['admin', 'staff', 'manager', 'coordinator', 'contributor']);
    expect(holders('kpi-evidence.attach')).toEqual(holders('kpi-values.submit'));
    const both = who({ globalRole: 'admin', isEngagementManager: true, memberRoles: ['data_contributor', 'verifier'] });
    expect(holds(PERMISSIONS['kpi-values.submit'], both)).toBe(false);
    expect(mayHold(PERMISSIONS['kpi-values.submit'], both)).toBe(false);
    expect(refusal(PERMISSIONS['kpi-values.submit'], both)).toBe('A verifier of this engagement may not submit or import KPI values: verification must stay independent');
    expect(holds(PERMISSIONS['kpi-evidence.attach'], both)).toBe(false);
  });

  it('lets only verifier members verify and raise questions: never the manager or staff as such', () => {
    expect(holders('kpi-values.verify')).toEqual(['verifier']);
    expect(holders('kpi-questions.raise')).toEqual(['verifier']);
    expect(holds(PERMISSIONS['kpi-values.verify'], who({ isEngagementManager: true, memberRoles: ['verifier'] }))).toBe(true);
    expect(refusal(PERMISSIONS['kpi-values.verify'], admin)).toBe('Only verifiers of the engagement may verify or reject KPI values');
  });

  it('lets the city and the manager answer questions and verifiers follow up; only verifiers resolve them', () => {
    expect(holders('kpi-questions.answer')).toEqual(['manager', 'coordinator', 'contributor', 'verifier']);
    expect(holders('kpi-questions.resolve')).toEqual(['verifier']);
    expect(holds(PERMISSIONS['kpi-questions.resolve'], who({ memberRoles: ['city_coordinator'] }))).toBe(false);
  });

  it('lets a data contributor change a task only when it is assigned to them, and never assign', () => {
    const rule = PERMISSIONS['tasks.update'];
    expect(holders('tasks.update')).toEqual(['admin', 'staff', 'manager', 'coordinator']);
    expect(holders('tasks.update', { assignee: true })).toEqual(['admin', 'staff', 'manager', 'coordinator', 'contributor']);
    expect(mayHold(rule, contributor)).toBe(true);
    expect(mayHold(rule, verifier)).toBe(false);
    expect(holders('tasks.assign', { assignee: true })).toEqual(['admin', 'staff', 'manager', 'coordinator']);
    expect(refusal(rule, contributor)).toContain('data contributors of the engagement when the task is assigned to them');
  });

  it('leaves roadmap events to the workflow: the same answer as mayActorSend for every event and role', () => {
    for (const w of [admin, staff, manager, coordinator, contributor, verifier, approver, observer, outsider]) {
      for (const event of EVENT_TYPES) expect(holds(PERMISSIONS['roadmap.event'], w, { event })).toBe(mayActorSend(event, w));
      expect(holds(PERMISSIONS['roadmap.event'], w)).toBe(false); // no event named: nothing is granted
      expect(mayHold(PERMISSIONS['roadmap.event'], w)).toBe(EVENT_TYPES.some((event) => mayActorSend(event, w)));
      expect(holds(PERMISSIONS['gates.decide'], w)).toBe(false); // the seat decides: the service says whether they hold one
      expect(holds(PERMISSIONS['gates.decide'], w, { seated: true })).toBe(true);
    }
    expect(refusal(PERMISSIONS['roadmap.event'], observer, { event: 'CANCEL' })).toBe("Only admin or the engagement's programme manager may send CANCEL");
  });

  it('keeps global permissions to global roles', () => {
    expect(holders('users.create')).toEqual(['admin']);
    expect(holders('users.list')).toEqual(['admin', 'staff', 'manager']);
    expect(holders('cities.create')).toEqual(['admin', 'staff', 'manager']);
    expect(holders('engagements.create')).toEqual(['admin', 'staff', 'manager']);
    for (const [name, rule] of Object.entries(PERMISSIONS)) {
      if (rule.scope !== 'global') continue;
      expect([name, rule.engagementManager ?? false, rule.memberRoles ?? [], rule.excluded ?? [], rule.senders]).toEqual([name, false, [], [], undefined]);
    }
  });
});

const DOC = join(__dirname, '..', '..', 'docs', 'architecture.md');
const START = '<!-- permissions:start -->';
const END = '<!-- permissions:end -->';

describe('docs/architecture.md', () => {
  it('prints the permission table as the code has it (npm run docs:permissions rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const printed = `${START}\n${permissionsMarkdown()}\n${END}`;
    if (process.env.UPDATE_PERMISSIONS_DOC === '1') {
      writeFileSync(DOC, doc.slice(0, start) + printed + doc.slice(end + END.length));
      return;
    }
    expect(doc.slice(start, end + END.length)).toBe(printed);
  });
});
