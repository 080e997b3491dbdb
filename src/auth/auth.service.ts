import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { ApiError, badRequest } from '../common/api-error';
import { Environment } from '../config/environment';
import { passwordProblem } from '../common/password-policy';
import { hashPassword, passwordMatches, passwordTooLongForBcrypt } from '../users/passwords';
import { User } from '../users/user.entity';
import { LoginAttempts } from './login-attempts';
import { SigningKeyService } from './signing-key.service';

/** Access tokens are signed and checked with this algorithm only. */
export const TOKEN_ALGORITHM = 'HS256';

/** The claims of an access token this server issued and still accepts. */
export interface AccessClaims {
  sub: string;
  /** The user's token generation when the token was issued (absent in tokens from before generations: 0). */
  gen?: number;
  exp: number;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const invalidCredentials = () => new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Email or password is wrong');

/** 429 for one account, in the shared shape; the controller turns `retryAfterSeconds` into Retry-After. */
export const accountLocked = (retryAfterSeconds: number) =>
  new ApiError(
    HttpStatus.TOO_MANY_REQUESTS,
    'TOO_MANY_REQUESTS',
    `Too many failed sign-ins for this account; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );

/**
 * Signing in and credentials: the password check (the same bcrypt work whether or not the account
 * exists or is active, so timing tells nothing), the per-account lock on repeated failures, issuing
 * and checking access tokens, and changing one's password.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly attempts: LoginAttempts;
  private dummyHash?: Promise<string>;

  constructor(
    private readonly env: Environment,
    private readonly jwt: JwtService,
    private readonly keys: SigningKeyService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {
    this.attempts = new LoginAttempts(env.LOGIN_ACCOUNT_FAILURE_LIMIT, env.LOGIN_ACCOUNT_LOCK_SECONDS * 1000);
  }

  onModuleInit(): void {
    void this.hashToCompareWhenNoUser();
  }

  /** A hash of a random password at the configured cost: compared against when there is no (active) user. */
  private hashToCompareWhenNoUser(): Promise<string> {
    return (this.dummyHash ??= hashPassword(randomBytes(18).toString('base64url'), this.env.BCRYPT_ROUNDS));
  }

  async login(rawEmail: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
    const user = await this.authenticate(rawEmail, password);
    return { accessToken: await this.issue(user), expiresIn: this.env.JWT_TTL_SECONDS };
  }

  /**
   * The one check of an e-mail and password, for the API's tokens and the dashboard's sessions alike:
   * the account lock, bcrypt compared whether or not the account exists, a deactivated account
   * refused like a wrong password.
   */
  async authenticate(rawEmail: string, password: string): Promise<User> {
    const email = normaliseEmail(rawEmail);
    this.refuseWhileLocked(email);
    const user = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne();
    const candidate = user?.active ? user : null;
    const matches = await passwordMatches(password, candidate?.passwordHash ?? (await this.hashToCompareWhenNoUser()));
    if (!candidate || !matches || passwordTooLongForBcrypt(password)) {
      this.attempts.failed(email);
      throw invalidCredentials();
    }
    this.attempts.succeeded(email);
    return candidate;
  }

  async issue(user: Pick<User, 'id' | 'role' | 'tokenGeneration'>): Promise<string> {
    return this.jwt.signAsync(
      { sub: user.id, role: user.role, gen: user.tokenGeneration },
      { privateKey: await this.keys.signingKey(), algorithm: TOKEN_ALGORITHM, expiresIn: this.env.JWT_TTL_SECONDS },
    );
  }

  /** The claims of a token signed by this server with HS256 and carrying an expiry, or null. */
  async verify(token: string): Promise<AccessClaims | null> {
    try {
      // @nestjs/jwt types the key as string | Buffer; jsonwebtoken takes the KeyObject as it is.
      const key = (await this.keys.signingKey()) as unknown as Buffer;
      const claims = await this.jwt.verifyAsync<Partial<AccessClaims>>(token, { secret: key, algorithms: [TOKEN_ALGORITHM] });
      if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') return null;
      if (claims.gen !== undefined && !Number.isInteger(claims.gen)) return null;
      return claims as AccessClaims;
    } catch {
      return null;
    }
  }

  /** True when a token of this generation may still act for the user. */
  static tokenStillValid(claims: AccessClaims, user: Pick<User, 'active' | 'tokenGeneration'>): boolean {
    return user.active && (claims.gen ?? 0) === user.tokenGeneration;
  }

  /**
   * Changes the caller's password after checking the current one (failures count towards the
   * account's lock), and ends every token issued before.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :id', { id: userId }).getOneOrFail();
    this.refuseWhileLocked(user.email);
    if (!(await passwordMatches(currentPassword, user.passwordHash)) || passwordTooLongForBcrypt(currentPassword)) {
      this.attempts.failed(user.email);
      throw new ApiError(HttpStatus.BAD_REQUEST, 'WRONG_PASSWORD', 'currentPassword is not your current password', {
        details: [{ field: 'currentPassword', message: 'currentPassword is not your current password' }],
      });
    }
    const problem =
      passwordProblem(newPassword, user.email, 'newPassword') ?? (newPassword === currentPassword ? 'newPassword must differ from currentPassword' : null);
    if (problem) throw badRequest(`Invalid request: ${problem}`, [{ field: 'newPassword', message: problem }]);
    const passwordHash = await hashPassword(newPassword, this.env.BCRYPT_ROUNDS);
    await this.users
      .createQueryBuilder()
      .update(User)
      .set({ passwordHash, tokenGeneration: () => 'token_generation + 1' })
      .where('id = :id', { id: userId })
      .execute();
    this.attempts.succeeded(user.email);
  }

  private refuseWhileLocked(email: string): void {
    const ms = this.attempts.lockedForMs(email);
    if (ms > 0) throw accountLocked(Math.ceil(ms / 1000));
  }
}
