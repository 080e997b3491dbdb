import { resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { Environment, usesEmbeddedDatabase } from '../config/environment';
import { embeddedDriver } from './embedded-driver';
import { ENTITIES } from './entities';

/**
 * One schema, two databases: PostgreSQL through `pg` when DATABASE_URL is set, otherwise embedded
 * PostgreSQL (PGlite) on disk under DATA_DIR. Both run the same migrations; synchronize is never on.
 */
export function dataSourceOptions(env: Environment): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    // Ids come from gen_random_uuid() (built in since PostgreSQL 13); PGlite has no uuid-ossp.
    installExtensions: false,
  };
  if (usesEmbeddedDatabase(env)) {
    return { ...common, driver: embeddedDriver(resolve(env.DATA_DIR, 'pgdata')), poolSize: 1 };
  }
  return { ...common, url: env.DATABASE_URL, poolSize: 10 };
}
