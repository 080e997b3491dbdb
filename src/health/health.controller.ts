import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/principal';

/** `GET /health`: 200 `{status: "ok"}` once the database answers and every migration has run. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: the database answers and migrations ran' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { connection: this.db }),
      async () => {
        const indicator = this.indicators.check('migrations');
        const pending = await this.db.showMigrations();
        return pending ? indicator.down({ pending: true }) : indicator.up();
      },
    ]);
  }
}
