import { Body, Controller, HttpCode, HttpStatus, Post, Put, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsString, MaxLength } from 'class-validator';
import { ApiError } from '../common/api-error';
import { AuthService } from './auth.service';
import { RequirePermission } from '../access/require-permission';
import { Caller, Principal, Public } from '../common/principal';
import { ChangePasswordDto } from '../users/users.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin@u4ssc.local' }) @IsString() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(200) password!: string;
}

export class AccessTokenView {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
}

/** Sets Retry-After on a 429 of the service before it reaches the error filter. */
export async function withRetryAfter<T>(res: { setHeader(name: string, value: string): unknown }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const seconds = error instanceof ApiError ? error.extra.retryAfterSeconds : undefined;
    if (typeof seconds === 'number') res.setHeader('Retry-After', String(seconds));
    throw error;
  }
}

@ApiTags('people')
@Controller('api')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: 'Exchange email and password for an access token',
    description:
      'Rate-limited per client (LOGIN_RATE_LIMIT attempts per minute per address) and per account: after ' +
      'LOGIN_ACCOUNT_FAILURE_LIMIT failed attempts within LOGIN_ACCOUNT_LOCK_SECONDS that e-mail answers 429 with ' +
      'Retry-After, whether or not the account exists. A deactivated account answers like a wrong password.',
  })
  @ApiOkResponse({ type: AccessTokenView })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS: email or password is wrong (or the account is deactivated)' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many attempts from this client or for this account; see Retry-After' })
  login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown }): Promise<AccessTokenView> {
    return withRetryAfter(res, () => this.auth.login(dto.email, dto.password));
  }

  @Put('me/password')
  @ApiBearerAuth()
  @HttpCode(204)
  @RequirePermission('me.update')
  @ApiOperation({
    summary: 'Change the calling user\'s password',
    description:
      'Needs the current password. The new one must meet the password policy. Every access token issued before ' +
      '(this one included) stops working: sign in again. A wrong currentPassword counts as a failed sign-in for the account.',
  })
  @ApiNoContentResponse({ description: 'Changed; earlier tokens no longer work' })
  @ApiBadRequestResponse({ description: 'WRONG_PASSWORD: currentPassword is wrong; VALIDATION_FAILED: newPassword breaks the policy' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many failed attempts for this account; see Retry-After' })
  async changePassword(
    @Caller() caller: Principal,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown },
  ): Promise<void> {
    await withRetryAfter(res, () => this.auth.changePassword(caller.id, dto.currentPassword, dto.newPassword));
  }
}
