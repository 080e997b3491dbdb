import { DAY_MS, gateDueAt, noticesDue, taskDueAt, taskHorizon } from './deadline-rules';

const settings = { reminderDays: 2, graceDays: 3 };
const due = new Date('2027-03-10T00:00:00.000Z');
const at = (days: number) => new Date(due.getTime() + days * DAY_MS);

describe('deadline rules', () => {
  it('reminds within the reminder window before the due time, and not earlier', () => {
    expect(noticesDue(due, at(-2.01), settings)).toEqual([]);
    expect(noticesDue(due, at(-2), settings)).toEqual(['reminder']);
    expect(noticesDue(due, at(-0.001), settings)).toEqual(['reminder']);
    expect(noticesDue(due, at(-1), { ...settings, reminderDays: 0 })).toEqual([]);
  });

  it('is overdue from the due time, and escalates after the grace period', () => {
    expect(noticesDue(due, at(0), settings)).toEqual(['overdue']);
    expect(noticesDue(due, at(2.99), settings)).toEqual(['overdue']);
    expect(noticesDue(due, at(3), settings)).toEqual(['overdue', 'escalation']);
    expect(noticesDue(due, at(0), { ...settings, graceDays: 0 })).toEqual(['overdue', 'escalation']);
  });

  it('takes a task as due at the end of its due day (UTC), and a gate reviewDays after it opened', () => {
    expect(taskDueAt('2027-03-09').toISOString()).toBe('2027-03-10T00:00:00.000Z');
    expect(gateDueAt(new Date('2027-03-01T12:00:00Z'), 14).toISOString()).toBe('2027-03-15T12:00:00.000Z');
    expect(taskHorizon(new Date('2027-03-01T23:00:00Z'), settings)).toBe('2027-03-03');
  });
});
