import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsString, MaxLength } from 'class-validator';
import { Repository } from 'typeorm';
import { ApiError } from '../common/api-error';
import { Environment } from '../config/environment';
import { passwordMatches } from '../users/passwords';
import { User } from '../users/user.entity';
import { Public } from './principal';
import { SigningKeyService } from './signing-key.service';

export class LoginDto {
  @ApiProperty({ example: 'admin@u4ssc.local' }) @IsString() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MaxLength(200) password!: string;
}

export class AccessTokenView {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
}

@ApiTags('people')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly env: Environment,
    private readonly jwt: JwtService,
    private readonly keys: SigningKeyService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @ApiOperation({ summary: 'Exchange email and password for an access token (rate-limited per client)' })
  @ApiOkResponse({ type: AccessTokenView })
  @ApiTooManyRequestsResponse({ description: 'Too many login attempts; wait a minute' })
  async login(@Body() dto: LoginDto): Promise<AccessTokenView> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: dto.email.trim().toLowerCase() })
      .getOne();
    if (!user || !(await passwordMatches(dto.password, user.passwordHash))) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Email or password is wrong');
    }
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role },
      { secret: await this.keys.signingKey(), expiresIn: this.env.JWT_TTL_SECONDS },
    );
    return { accessToken, expiresIn: this.env.JWT_TTL_SECONDS };
  }
}
