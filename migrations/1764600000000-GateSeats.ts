import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seats of a gate, fixed when it opens (`gate.seats`), and the seat each decision filled
 * (`gate_approval.seat`). Gates opened before this migration get the seats their engagement's
 * approvers give them now, the closest record there is of who could decide them.
 */
export class GateSeats1764600000000 implements MigrationInterface {
  name = 'GateSeats1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE gate ADD COLUMN seats jsonb`);
    await db.query(`ALTER TABLE gate_approval ADD COLUMN seat text`);
    const gates: { id: string; engagement_id: string; submitted_by: string; manager_id: string; quorum_rule: { programmeManager?: boolean; approverPerStakeholderGroup?: number } }[] =
      await db.query(`SELECT g.id, g.engagement_id, g.submitted_by, e.manager_id, g.quorum_rule FROM gate g JOIN engagement e ON e.id = g.engagement_id`);
    for (const gate of gates) {
      const approvers: { user_id: string; stakeholder_group: string | null }[] = await db.query(
        `SELECT user_id, stakeholder_group FROM engagement_member WHERE engagement_id = $1 AND role = 'approver' ORDER BY created_at`,
        [gate.engagement_id],
      );
      const seats: { seat: string; holders: string[]; needs: number; delegatedTo?: string }[] = [];
      if (gate.quorum_rule.programmeManager !== false) {
        seats.push(gate.submitted_by === gate.manager_id ? { seat: 'programme-manager', holders: [], needs: 1, delegatedTo: 'admin' } : { seat: 'programme-manager', holders: [gate.manager_id], needs: 1 });
      }
      const groups = new Map<string, string[]>();
      const advisers: string[] = [];
      for (const a of approvers) {
        if (a.stakeholder_group === null) {
          if (a.user_id !== gate.manager_id && a.user_id !== gate.submitted_by) advisers.push(a.user_id);
          continue;
        }
        const holders = groups.get(a.stakeholder_group) ?? [];
        groups.set(a.stakeholder_group, holders);
        if (a.user_id !== gate.manager_id && a.user_id !== gate.submitted_by) holders.push(a.user_id);
      }
      for (const [group, holders] of groups) seats.push({ seat: `group:${group}`, holders, needs: gate.quorum_rule.approverPerStakeholderGroup ?? 1 });
      await db.query(`UPDATE gate SET seats = $2 WHERE id = $1`, [gate.id, JSON.stringify({ seats, advisers })]);
    }
    await db.query(`
      UPDATE gate_approval SET seat = CASE
        WHEN as_manager THEN 'programme-manager'
        WHEN stakeholder_group IS NOT NULL THEN 'group:' || stakeholder_group
        ELSE 'adviser' END`);
    await db.query(`ALTER TABLE gate ALTER COLUMN seats SET NOT NULL`);
    await db.query(`ALTER TABLE gate_approval ALTER COLUMN seat SET NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE gate_approval DROP COLUMN seat`);
    await db.query(`ALTER TABLE gate DROP COLUMN seats`);
  }
}
