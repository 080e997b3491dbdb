import { tasksForStage } from './checklists';
import { STAGES } from './engagement.machine';

describe('checklists', () => {
  it.each(STAGES)('%s: unique kebab-case keys, something to act on, both cross-cutting tasks', (stage) => {
    const tasks = tasksForStage(stage);
    const keys = tasks.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const task of tasks) {
      expect(task.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(task.title.length).toBeGreaterThan(3);
      expect(task.description.length).toBeGreaterThan(40);
    }
    expect(keys).toEqual(expect.arrayContaining(['knowledge-transfer', 'stakeholder-engagement']));
    expect(tasks.some((t) => t.required)).toBe(true);
  });

  it('follows the roadmap', () => {
    const own = (stage: (typeof STAGES)[number]) =>
      tasksForStage(stage).filter((t) => !['knowledge-transfer', 'stakeholder-engagement'].includes(t.key)).length;
    expect(STAGES.map(own)).toEqual([3, 6, 4, 2]);
    expect(tasksForStage('design').map((t) => t.key)).toContain('ssc-action-plan');
  });
});
