import { Module } from '@nestjs/common';
import { EngagementsModule } from '../engagements/engagements.module';
import { AccessService } from './access.service';
import { PermissionGuard } from './permission.guard';

/** Who may do what: the permission table (permissions.ts), AccessService and the guard that checks a route's permission. */
@Module({
  imports: [EngagementsModule],
  providers: [AccessService, PermissionGuard],
  exports: [AccessService, PermissionGuard],
})
export class AccessModule {}
