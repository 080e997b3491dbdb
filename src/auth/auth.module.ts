import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { AccessTokenGuard } from './access-token.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { PageSession } from './page-session.entity';
import { PageSessions } from './page-sessions.service';
import { SigningKeyService } from './signing-key.service';

/** Signing in: login, access tokens (their signing key and the guard that checks them), the dashboard's page sessions, password change. */
@Module({
  imports: [JwtModule.register({}), TypeOrmModule.forFeature([PageSession]), UsersModule],
  controllers: [AuthController],
  providers: [AuthService, SigningKeyService, PageSessions, AccessTokenGuard],
  exports: [AuthService, SigningKeyService, PageSessions, AccessTokenGuard, UsersModule],
})
export class AuthModule {}
