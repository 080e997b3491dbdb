import { EVENT_TYPES, STAGES, type EngagementEventType } from './engagement.machine';
import { mayActorSend, roadmapDefinition, type Actor } from './roadmap.definition';

const actor = (a: Partial<Actor>): Actor => ({ globalRole: 'member', isEngagementManager: false, memberRoles: [], ...a });
const admin = actor({ globalRole: 'admin' });
const manager = actor({ globalRole: 'programme_manager', isEngagementManager: true });
const otherManager = actor({ globalRole: 'programme_manager' });
const coordinator = actor({ memberRoles: ['city_coordinator'] });
const approver = actor({ memberRoles: ['approver'] });
const contributor = actor({ memberRoles: ['data_contributor', 'observer'] });

const may = (a: Actor) => EVENT_TYPES.filter((type) => mayActorSend(type, a));

describe('roadmap definition', () => {
  it('names gate criteria and a quorum for every stage', () => {
    for (const stage of STAGES) {
      expect(roadmapDefinition.gates[stage].criteria[0]).toBe('required-tasks-settled');
      expect(roadmapDefinition.gates[stage].quorum).toEqual({ programmeManager: true, approverPerStakeholderGroup: 1 });
    }
  });

  it.each<[string, Actor, EngagementEventType[]]>([
    ['a global admin', admin, [...EVENT_TYPES]],
    ['the engagement’s programme manager', manager, ['SUBMIT_FOR_REVIEW', 'APPROVE', 'REQUEST_CHANGES', 'PUT_ON_HOLD', 'RESUME', 'CANCEL', 'REOPEN']],
    ['another programme manager', otherManager, ['REOPEN']],
    ['a city coordinator', coordinator, ['SUBMIT_FOR_REVIEW']],
    ['an approver', approver, ['APPROVE', 'REQUEST_CHANGES']],
    ['a data contributor', contributor, []],
  ])('%s may send', (_name, a, expected) => {
    expect(may(a)).toEqual(expected);
  });

  it('an engagement manager without the programme_manager global role may not reopen', () => {
    expect(mayActorSend('REOPEN', actor({ isEngagementManager: true }))).toBe(false);
    expect(mayActorSend('CANCEL', actor({ isEngagementManager: true }))).toBe(true);
  });
});
