import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment, usesEmbeddedDatabase } from '../config/environment';
import { lockDataDir } from './data-dir-lock';
import { dataSourceOptions } from './data-source-options';

/** The advisory lock under which one server at a time migrates a PostgreSQL database (any fixed number; this one spells U4SSC). */
const MIGRATION_LOCK = 0x55345353;

/**
 * Runs the pending migrations. On PostgreSQL several servers may start at once: each waits for the
 * session-level advisory lock, so one migrates and the others then find nothing pending (without it,
 * two servers applied the same migration at once and one failed to start). The embedded database has
 * one process (DATA_DIR is locked) and a single connection, which the lock's session would take.
 */
async function migrate(dataSource: DataSource, env: Environment): Promise<void> {
  if (usesEmbeddedDatabase(env)) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await session.release();
  }
}

/**
 * Opens the database for the environment and runs every pending migration. On the embedded
 * database, DATA_DIR is locked first and released when the data source is destroyed.
 */
export async function openDatabase(env: Environment): Promise<DataSource> {
  const release = usesEmbeddedDatabase(env) ? lockDataDir(env.DATA_DIR) : () => undefined;
  try {
    const dataSource = new DataSource(dataSourceOptions(env));
    await dataSource.initialize();
    const destroy = dataSource.destroy.bind(dataSource);
    dataSource.destroy = async () => {
      try {
        await destroy();
      } finally {
        release();
      }
    };
    await migrate(dataSource, env);
    return dataSource;
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The database connection: one data source for the whole application, opened by openDatabase
 * (TypeORM's core module makes the DataSource injectable everywhere). Each feature module
 * registers the repositories of its own entities with TypeOrmModule.forFeature.
 */
@Module({})
export class DatabaseModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(env), retryAttempts: 0 }),
          dataSourceFactory: () => openDatabase(env),
        }),
      ],
    };
  }
}
