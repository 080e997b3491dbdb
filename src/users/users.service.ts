import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { ApiError, conflict, notFound } from '../common/api-error';
import { Environment } from '../config/environment';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { hashPassword } from './passwords';
import type { GlobalRole } from '../../workflows/roles';
import { User } from './user.entity';
import { CreateUserDto, MeView, UpdateUserDto, UserView } from './users.dto';

export const toUserView = (u: User): UserView => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active, createdAt: u.createdAt });

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly env: Environment,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(EngagementMember) private readonly members: Repository<EngagementMember>,
  ) {}

  async create(dto: CreateUserDto): Promise<UserView> {
    const email = dto.email.trim().toLowerCase();
    if (await this.users.existsBy({ email })) throw conflict('EMAIL_TAKEN', `A user with email ${email} already exists`);
    const user = this.users.create({
      email,
      name: dto.name.trim(),
      role: dto.role,
      passwordHash: await hashPassword(dto.password, this.env.BCRYPT_ROUNDS),
    });
    return toUserView(await this.users.save(user));
  }

  /**
   * Deactivates or reactivates a user (admin only). Deactivating ends the user's tokens at once and
   * for good (a later reactivation does not revive them). An admin cannot deactivate themselves, so
   * at least one active admin always remains.
   */
  async update(callerId: string, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (id === callerId && dto.active === false) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'CANNOT_DEACTIVATE_SELF', 'An admin cannot deactivate themselves; ask another admin');
    }
    const change = dto.active ? { active: true } : { active: false, tokenGeneration: () => 'token_generation + 1' };
    const result = await this.users.createQueryBuilder().update(User).set(change).where('id = :id', { id }).execute();
    if (!result.affected) throw notFound('User');
    return toUserView(await this.users.findOneByOrFail({ id }));
  }

  async list(): Promise<UserView[]> {
    return (await this.users.find({ order: { email: 'ASC' } })).map(toUserView);
  }

  async me(id: string): Promise<MeView> {
    const user = await this.users.findOneByOrFail({ id });
    const memberships = await this.members.find({ where: { userId: id }, order: { createdAt: 'ASC' } });
    return {
      ...toUserView(user),
      memberships: memberships.map((m) => ({ id: m.id, engagementId: m.engagementId, role: m.role, stakeholderGroup: m.stakeholderGroup })),
    };
  }

  /**
   * The first administrator, when no user exists: ADMIN_EMAIL / ADMIN_PASSWORD, or a random
   * password printed once to the log.
   */
  async ensureFirstAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const generated = !this.env.ADMIN_PASSWORD;
    const password = this.env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    const { created } = await this.insertOnce(this.env.ADMIN_EMAIL, 'Administrator', 'admin', password);
    // Another server starting at the same moment may have created it: then this password was never stored.
    if (!created) return;
    if (generated) {
      this.logger.warn(`First administrator created: ${this.env.ADMIN_EMAIL} with password ${password} (shown once; change it or set ADMIN_PASSWORD)`);
    } else {
      this.logger.log(`First administrator created: ${this.env.ADMIN_EMAIL}`);
    }
  }

  /** Creates a user unless one with that email exists; returns the user either way. */
  async insertIfAbsent(email: string, name: string, role: GlobalRole, password: string): Promise<User> {
    return (await this.insertOnce(email, name, role, password)).user;
  }

  /** insertIfAbsent, saying whether this call created the user. */
  private async insertOnce(email: string, name: string, role: GlobalRole, password: string): Promise<{ user: User; created: boolean }> {
    const existing = await this.users.findOneBy({ email: email.toLowerCase() });
    if (existing) return { user: existing, created: false };
    const passwordHash = await hashPassword(password, this.env.BCRYPT_ROUNDS);
    // Two servers starting at once on an empty database may both get here: the second inserts nothing.
    const inserted = await this.users.createQueryBuilder().insert().values({ email: email.toLowerCase(), name, role, passwordHash }).orIgnore().execute();
    return { user: await this.users.findOneByOrFail({ email: email.toLowerCase() }), created: (inserted.raw as unknown[]).length > 0 };
  }
}
