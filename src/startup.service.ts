import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SigningKeyService } from './auth/signing-key.service';
import { DemoSeedService } from './demo/demo-seed.service';
import { UsersService } from './users/users.service';

/** After migrations: the first administrator, the token signing key, and the demo data. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    private readonly keys: SigningKeyService,
    private readonly demo: DemoSeedService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureFirstAdmin();
    await this.keys.signingKey();
    await this.demo.seedIfEmpty();
  }
}
