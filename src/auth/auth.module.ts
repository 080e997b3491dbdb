import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { UsersModule } from '../users/users.module';
import { AccessTokenGuard } from './access-token.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SigningKeyService } from './signing-key.service';

/** Signing in: login, access tokens (their signing key and the guard that checks them), password change. */
@Module({
  imports: [JwtModule.register({}), UsersModule],
  controllers: [AuthController],
  providers: [AuthService, SigningKeyService, AccessTokenGuard],
  exports: [AuthService, SigningKeyService, AccessTokenGuard, UsersModule],
})
export class AuthModule {}
