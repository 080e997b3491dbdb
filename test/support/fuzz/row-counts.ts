import { DataSource } from 'typeorm';

/** Per table: how many rows, and the newest transaction that wrote one of them (max xmin). */
export type TableState = Map<string, { rows: number; lastWrite: string }>;

/**
 * Every table's row count and the newest xmin among its rows, in one statement (a UNION ALL built
 * once from information_schema): a refused request that inserts, deletes or updates a row shows up
 * as a change. xmin is the id of the transaction that wrote a row version: an insert or an update
 * raises a table's max(xmin); a delete lowers its count.
 */
export class RowCounts {
  private constructor(
    private readonly db: DataSource,
    private readonly sql: string,
    readonly tables: string[],
  ) {}

  static async of(db: DataSource): Promise<RowCounts> {
    const rows = (await db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )) as { table_name: string }[];
    const tables = rows.map((r) => r.table_name);
    const sql = tables
      .map((t) => `SELECT '${t}' AS t, count(*)::int AS n, coalesce(max(xmin::text::bigint), 0)::text AS x FROM "${t.replace(/"/g, '""')}"`)
      .join(' UNION ALL ');
    return new RowCounts(db, sql, tables);
  }

  /**
   * The next transaction id the database will hand out. A transaction gets one only when it writes
   * (or locks a row): while it stays the same, nothing was written, and the counts need not be read.
   */
  async nextTransaction(): Promise<string> {
    const [row] = (await this.db.query('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x')) as { x: string }[];
    return row.x;
  }

  async take(): Promise<TableState> {
    const rows = (await this.db.query(this.sql)) as { t: string; n: number; x: string }[];
    return new Map(rows.map((r) => [r.t, { rows: Number(r.n), lastWrite: String(r.x) }]));
  }

  /** The tables that changed between two states, in words ("kpi_value: 12 → 13 rows"). */
  static changes(before: TableState, after: TableState, except: ReadonlySet<string> = new Set()): string[] {
    const out: string[] = [];
    for (const [table, a] of after) {
      if (except.has(table)) continue;
      const b = before.get(table);
      if (!b) out.push(`${table}: new table`);
      else if (b.rows !== a.rows) out.push(`${table}: ${b.rows} → ${a.rows} rows`);
      else if (b.lastWrite !== a.lastWrite) out.push(`${table}: a row written (max xmin ${b.lastWrite} → ${a.lastWrite})`);
    }
    return out;
  }
}
