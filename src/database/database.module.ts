import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment, usesEmbeddedDatabase } from '../config/environment';
import { lockDataDir } from './data-dir-lock';
import { dataSourceOptions } from './data-source-options';

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
    await dataSource.runMigrations({ transaction: 'each' });
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
