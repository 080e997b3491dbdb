import { approvalCompletesQuorum, DEFAULT_QUORUM, gateDecisionOutlook, quorumStatus, seatOf, seatsFor, type GateDecision, type SeatingFacts } from './quorum';

const approvers = [
  { userId: 'council-1', stakeholderGroup: 'City council' },
  { userId: 'council-2', stakeholderGroup: 'City council' },
  { userId: 'bank-1', stakeholderGroup: 'Funding partner' },
];
const base: SeatingFacts = { managerId: 'pm', approvers, submittedBy: 'coordinator' };
const seating = (more: Partial<SeatingFacts> = {}, rule = DEFAULT_QUORUM) => seatsFor(rule, { ...base, ...more }).seating;
const yes = (userId: string, seat: string): GateDecision => ({ userId, decision: 'approve', seat });
const missing = (s = seating(), decisions: GateDecision[] = []) => quorumStatus(s, decisions).missing.map((m) => m.condition);

describe('seatsFor and quorumStatus', () => {
  it('needs the programme manager and one approver of each stakeholder group', () => {
    expect(missing()).toEqual(['quorum:programme-manager', 'quorum:group:City council', 'quorum:group:Funding partner']);
    expect(missing(seating(), [yes('pm', 'programme-manager'), yes('council-2', 'group:City council')])).toEqual(['quorum:group:Funding partner']);
    const all = [yes('pm', 'programme-manager'), yes('council-2', 'group:City council'), yes('bank-1', 'group:Funding partner')];
    expect(quorumStatus(seating(), all)).toEqual({ met: true, missing: [] });
  });

  it('names the group in the message', () => {
    const [, council] = quorumStatus(seating(), []).missing;
    expect(council.message).toContain('City council');
  });

  it('with no stakeholder groups, the programme manager suffices; an approver outside any group advises', () => {
    const s = seating({ approvers: [{ userId: 'x', stakeholderGroup: null }] });
    expect(quorumStatus(s, [yes('pm', 'programme-manager')]).met).toBe(true);
    expect(seatOf(s, { userId: 'x', isAdmin: false })).toBe('adviser');
  });

  it('gives the submitter no seat (four-eyes), and an administrator the manager seat when the manager submitted', () => {
    const byCouncil = seating({ submittedBy: 'council-1' });
    expect(seatOf(byCouncil, { userId: 'council-1', isAdmin: false })).toBeNull();
    const byManager = seating({ submittedBy: 'pm' });
    expect(seatOf(byManager, { userId: 'pm', isAdmin: false })).toBeNull();
    expect(seatOf(byManager, { userId: 'root', isAdmin: true })).toBe('programme-manager');
    expect(quorumStatus(byManager, []).missing[0].message).toMatch(/an administrator must approve in the programme manager's seat/);
    expect(seatOf(seating(), { userId: 'root', isAdmin: true })).toBe('adviser');
  });

  it('seats one person once: a manager who is also a group approver holds only the manager seat', () => {
    const s = seating({ approvers: [...approvers, { userId: 'pm', stakeholderGroup: 'U4SSC' }, { userId: 'itu-1', stakeholderGroup: 'U4SSC' }] });
    expect(seatOf(s, { userId: 'pm', isAdmin: false })).toBe('programme-manager');
    expect(s.seats.find((x) => x.seat === 'group:U4SSC')!.holders).toEqual(['itu-1']);
    expect(missing(s, [yes('pm', 'programme-manager'), yes('council-1', 'group:City council'), yes('bank-1', 'group:Funding partner')])).toEqual(['quorum:group:U4SSC']);
  });

  it('says which seats nobody could fill', () => {
    const { unfillable } = seatsFor(DEFAULT_QUORUM, { ...base, approvers: [...approvers, { userId: 'pm', stakeholderGroup: 'U4SSC' }] });
    expect(unfillable.map((u) => u.condition)).toEqual(['quorum:group:U4SSC:no-eligible-approver']);
    expect(seatsFor(DEFAULT_QUORUM, { ...base, submittedBy: 'bank-1' }).unfillable.map((u) => u.condition)).toEqual(['quorum:group:Funding partner:no-eligible-approver']);
  });

  it('counts only approvals, and a user’s latest decision', () => {
    const changed: GateDecision[] = [yes('pm', 'programme-manager'), yes('council-1', 'group:City council'), { userId: 'council-1', decision: 'request_changes', seat: 'group:City council' }, yes('bank-1', 'group:Funding partner')];
    expect(missing(seating(), changed)).toEqual(['quorum:group:City council']);
  });

  it('follows the rule: two per group, or no manager', () => {
    const rule = { programmeManager: false, approverPerStakeholderGroup: 2 };
    const s = seating({}, rule);
    const status = quorumStatus(s, [yes('council-1', 'group:City council'), yes('council-2', 'group:City council'), yes('bank-1', 'group:Funding partner')]);
    expect(status.missing).toEqual([{ condition: 'quorum:group:Funding partner', message: expect.stringContaining('1 more approval') }]);
  });

  it('tells whether one more approval completes the quorum', () => {
    const decisions = [yes('council-1', 'group:City council'), yes('bank-1', 'group:Funding partner')];
    expect(approvalCompletesQuorum(seating(), decisions, yes('pm', 'programme-manager'))).toBe(true);
    expect(approvalCompletesQuorum(seating(), decisions, yes('council-2', 'group:City council'))).toBe(false);
  });
});

describe('gateDecisionOutlook', () => {
  const pm = { userId: 'pm', isAdmin: false };
  const council = { userId: 'council-1', isAdmin: false };
  const why = (o: ReturnType<typeof gateDecisionOutlook>) => (o.may ? null : o.why.condition);

  it('refuses the submitter first (four-eyes), then someone without a seat, then someone who has decided', () => {
    expect(why(gateDecisionOutlook(seating(), 'coordinator', [], { userId: 'coordinator', isAdmin: false }))).toBe('gate:four-eyes');
    expect(why(gateDecisionOutlook(seating(), 'coordinator', [], { userId: 'stranger', isAdmin: false }))).toBe('gate:no-seat');
    expect(why(gateDecisionOutlook(seating(), 'coordinator', [yes('council-1', 'group:City council')], council))).toBe('gate:already-decided');
  });

  it('lets a seat holder decide, and says when their approval completes the quorum', () => {
    expect(gateDecisionOutlook(seating(), 'coordinator', [], pm)).toEqual({ may: true, seat: 'programme-manager', approvalCompletesQuorum: false });
    const others = [yes('council-2', 'group:City council'), yes('bank-1', 'group:Funding partner')];
    expect(gateDecisionOutlook(seating(), 'coordinator', others, pm)).toEqual({ may: true, seat: 'programme-manager', approvalCompletesQuorum: true });
  });

  it('lets an administrator advise (no seat counted) or fill the manager seat the manager left by submitting', () => {
    const root = { userId: 'root', isAdmin: true };
    expect(gateDecisionOutlook(seating(), 'coordinator', [], root)).toEqual({ may: true, seat: 'adviser', approvalCompletesQuorum: false });
    expect(gateDecisionOutlook(seating({ submittedBy: 'pm' }), 'pm', [], root)).toEqual({ may: true, seat: 'programme-manager', approvalCompletesQuorum: false });
  });
});
