import { DEFAULT_QUORUM, quorumStatus, type GateDecision, type QuorumFacts } from './quorum';

const approvers = [
  { userId: 'council-1', stakeholderGroup: 'City council' },
  { userId: 'council-2', stakeholderGroup: 'City council' },
  { userId: 'bank-1', stakeholderGroup: 'Funding partner' },
];
const yes = (userId: string, asManager = false): GateDecision => ({ userId, decision: 'approve', asManager });
const facts = (decisions: GateDecision[], more: Partial<QuorumFacts> = {}): QuorumFacts => ({
  managerId: 'pm',
  approvers,
  decisions,
  submittedBy: 'coordinator',
  ...more,
});
const missing = (f: QuorumFacts) => quorumStatus(DEFAULT_QUORUM, f).missing.map((m) => m.condition);

describe('quorumStatus', () => {
  it('needs the programme manager and one approver of each stakeholder group', () => {
    expect(missing(facts([]))).toEqual(['quorum:programme-manager', 'quorum:group:City council', 'quorum:group:Funding partner']);
    expect(missing(facts([yes('pm', true), yes('council-2')]))).toEqual(['quorum:group:Funding partner']);
    expect(quorumStatus(DEFAULT_QUORUM, facts([yes('pm', true), yes('council-2'), yes('bank-1')]))).toEqual({ met: true, missing: [] });
  });

  it('names the group in the message', () => {
    const [, council] = quorumStatus(DEFAULT_QUORUM, facts([])).missing;
    expect(council.message).toContain('City council');
  });

  it('with no stakeholder groups, the programme manager suffices', () => {
    expect(quorumStatus(DEFAULT_QUORUM, facts([yes('pm', true)], { approvers: [] })).met).toBe(true);
    expect(quorumStatus(DEFAULT_QUORUM, facts([yes('pm', true)], { approvers: [{ userId: 'x', stakeholderGroup: null }] })).met).toBe(true);
  });

  it('never counts the submitter (four-eyes)', () => {
    const f = facts([yes('pm', true), yes('council-1'), yes('bank-1')], { submittedBy: 'council-1' });
    expect(missing(f)).toEqual(['quorum:group:City council']);
    const bySelf = facts([yes('pm', true), yes('council-1'), yes('bank-1')], { submittedBy: 'pm' });
    expect(missing(bySelf)).toEqual(['quorum:programme-manager']);
  });

  it('counts only approvals, and a user’s latest decision', () => {
    const changed: GateDecision[] = [yes('pm', true), yes('council-1'), { userId: 'council-1', decision: 'request_changes', asManager: false }, yes('bank-1')];
    expect(missing(facts(changed))).toEqual(['quorum:group:City council']);
  });

  it('the manager is recognised by id as well as by seat', () => {
    expect(missing(facts([yes('pm'), yes('council-1'), yes('bank-1')]))).toEqual([]);
  });

  it('follows the rule: two per group, or no manager', () => {
    const rule = { programmeManager: false, approverPerStakeholderGroup: 2 };
    const status = quorumStatus(rule, facts([yes('council-1'), yes('council-2'), yes('bank-1')]));
    expect(status.missing).toEqual([{ condition: 'quorum:group:Funding partner', message: expect.stringContaining('1 more approval') }]);
  });
});
