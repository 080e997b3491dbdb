import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { Principal } from '../auth/principal';
import { City } from '../cities/city.entity';
import { Environment, usesEmbeddedDatabase } from '../config/environment';
import { EngagementsService } from '../engagements/engagements.service';
import { AccessService } from '../access/access.service';
import { UsersService } from '../users/users.service';
import { EngagementRole } from '../engagements/engagement-member.entity';

interface DemoPerson {
  email: string;
  name: string;
  role?: EngagementRole;
  stakeholderGroup?: string;
}

const DEMO_PEOPLE: DemoPerson[] = [
  { email: 'coordinator@demo.u4ssc.local', name: 'Ingrid Coordinator', role: 'city_coordinator' },
  { email: 'data@demo.u4ssc.local', name: 'Lars Data Contributor', role: 'data_contributor' },
  { email: 'verifier@demo.u4ssc.local', name: 'Vera Verifier', role: 'verifier' },
  { email: 'council@demo.u4ssc.local', name: 'Camilla Council', role: 'approver', stakeholderGroup: 'city_council' },
  { email: 'observer@demo.u4ssc.local', name: 'Ola Observer', role: 'observer' },
];

/**
 * A new user of the embedded database meets something real at once: one demo city with an
 * engagement and its people. Runs only on an empty database (no city yet); on by default for the
 * embedded database, off for DATABASE_URL unless SEED_DEMO=true.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly env: Environment,
    private readonly users: UsersService,
    private readonly engagements: EngagementsService,
    private readonly access: AccessService,
    @InjectRepository(City) private readonly cities: Repository<City>,
  ) {}

  wanted(): boolean {
    return this.env.SEED_DEMO ?? usesEmbeddedDatabase(this.env);
  }

  async seedIfEmpty(): Promise<void> {
    if (!this.wanted() || (await this.cities.count()) > 0) return;
    const password = randomBytes(9).toString('base64url');
    const manager = await this.users.insertIfAbsent('manager@demo.u4ssc.local', 'Maria Programme Manager', 'programme_manager', password);
    const principal: Principal = { id: manager.id, email: manager.email, name: manager.name, role: manager.role };
    const city = await this.cities.save(this.cities.create({ name: 'Ålesund (demo)', country: 'Norway', population: 67000, createdBy: manager.id }));
    const engagement = await this.engagements.create({ cityId: city.id, title: 'Ålesund — U4SSC roadmap, cycle 1 (demo)' }, principal);
    const access = await this.access.engagement(principal, engagement.id);
    for (const person of DEMO_PEOPLE) {
      const user = await this.users.insertIfAbsent(person.email, person.name, 'member', password);
      if (person.role) {
        await this.engagements.addMember(access, { userId: user.id, role: person.role, stakeholderGroup: person.stakeholderGroup });
      }
    }
    this.logger.warn(
      `Demo data created: city "${city.name}", engagement "${engagement.title}". Demo users (password ${password}, shown once): ` +
        ['manager@demo.u4ssc.local', ...DEMO_PEOPLE.map((p) => p.email)].join(', '),
    );
  }
}
