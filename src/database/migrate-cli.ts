import 'reflect-metadata';
import { validateEnvironment } from '../config/environment';
import { openDatabase } from './database.module';

/** `npm run migration:run`: applies every pending migration to the configured database, then exits. */
async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  const db = await openDatabase(env);
  const applied: { name: string }[] = await db.query('SELECT name FROM schema_migration ORDER BY id');
  console.log(`Migrations applied (${applied.length}): ${applied.map((m) => m.name).join(', ')}`);
  await db.destroy();
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
