import { roleConflict, type Appointee } from './roles';

const member = (memberRoles: Appointee['memberRoles'] = [], more: Partial<Appointee> = {}): Appointee => ({
  globalRole: 'member',
  isEngagementManager: false,
  memberRoles,
  ...more,
});

describe('roleConflict: verification stays independent', () => {
  it('lets an outside member become a verifier, and a verifier an approver or observer', () => {
    expect(roleConflict('verifier', member())).toBeNull();
    expect(roleConflict('verifier', member(['approver', 'observer']))).toBeNull();
    expect(roleConflict('approver', member(['verifier']))).toBeNull();
  });

  it('refuses the manager, programme staff and the city’s own people as verifiers', () => {
    expect(roleConflict('verifier', member([], { isEngagementManager: true }))).toMatch(/programme manager/);
    expect(roleConflict('verifier', member([], { globalRole: 'programme_manager' }))).toMatch(/programme staff/);
    expect(roleConflict('verifier', member([], { globalRole: 'admin' }))).toMatch(/programme staff/);
    expect(roleConflict('verifier', member(['data_contributor']))).toMatch(/data contributor/);
    expect(roleConflict('verifier', member(['city_coordinator']))).toMatch(/city coordinator/);
  });

  it('refuses to make a verifier one of the city’s people', () => {
    expect(roleConflict('data_contributor', member(['verifier']))).toMatch(/verifier/);
    expect(roleConflict('city_coordinator', member(['verifier']))).toMatch(/verifier/);
  });
});
