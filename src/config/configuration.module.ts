import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment } from './environment';

/** The validated environment, injectable everywhere as `Environment`. */
@Global()
@Module({})
export class ConfigurationModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: ConfigurationModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ ...env })] })],
      providers: [{ provide: Environment, useValue: env }],
      exports: [Environment],
    };
  }
}
