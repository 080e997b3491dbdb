import { ApiError } from './api-error';
import { fieldChanges } from './field-changes';

describe('fieldChanges', () => {
  it('lists the fields that differ, lists and objects by content', () => {
    const before = { title: 'A', ids: ['x'], budget: 1, note: null as string | null };
    expect(fieldChanges(before, { ...before, ids: ['x'], budget: 2 }, ['title', 'ids', 'budget', 'note'], 'action')).toEqual({ budget: { from: 1, to: 2 } });
    expect(fieldChanges(before, { ...before, note: 'n', ids: ['x', 'y'] }, ['title', 'ids', 'note'], 'action')).toEqual({
      ids: { from: ['x'], to: ['x', 'y'] },
      note: { from: null, to: 'n' },
    });
  });

  it('refuses an edit that changes nothing, naming what was edited', () => {
    const before = { title: 'A' };
    expect(() => fieldChanges(before, { title: 'A' }, ['title'], 'task')).toThrow(ApiError);
    expect(() => fieldChanges(before, { title: 'A' }, ['title'], 'task')).toThrow('Nothing to change: send at least one field that differs from the task as it is');
  });
});
