import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { Principal } from '../common/principal';
import { City } from '../cities/city.entity';
import { TasksService } from '../checklists/tasks.service';
import { Environment, usesEmbeddedDatabase } from '../config/environment';
import { PortfolioService } from '../portfolio/portfolio.service';
import { AccessService } from '../access/access.service';
import { UsersService } from '../users/users.service';
import type { MemberRole } from '../../workflows/roles';
import { KpiValuesService } from '../kpis/values/kpi-values.service';
import { VerificationService } from '../kpis/verification/verification.service';
import { KpiEvidenceService } from '../kpis/evidence/kpi-evidence.service';
import { User } from '../users/user.entity';
import { ActionsService } from '../plans/actions.service';
import { ProcurementService } from '../plans/procurement.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import type { EngagementAccess } from '../access/access.service';
import { InvestmentProjectsService } from '../financing/investment-projects.service';

/** `YYYY-MM-DD`, `days` before today (measurements may not be in the future). */
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

interface DemoPerson {
  email: string;
  name: string;
  role?: MemberRole;
  stakeholderGroup?: string;
}

const DEMO_PEOPLE: DemoPerson[] = [
  { email: 'coordinator@demo.u4ssc.local', name: 'Ingrid Coordinator', role: 'city_coordinator' },
  { email: 'data@demo.u4ssc.local', name: 'Lars Data Contributor', role: 'data_contributor' },
  { email: 'verifier@demo.u4ssc.local', name: 'Vera Verifier', role: 'verifier' },
  { email: 'council@demo.u4ssc.local', name: 'Camilla Council', role: 'approver', stakeholderGroup: 'city_council' },
  { email: 'observer@demo.u4ssc.local', name: 'Ola Observer', role: 'observer' },
];

/** A one-page PDF saying `text`: the demo's evidence file. */
function demoPdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Illustrative values for the demo city (not real measurements). */
const DEMO_VALUES_CSV = [
  'code,dataPoint,value,year,source,dataQuality',
  'EC-ICT-ICT-1C,,96,2025,Household survey (demo),survey_extrapolation',
  'EC-ICT-ICT-2C,,71,2025,Telecom regulator (demo),accurate_measurement',
  'EC-ICT-ICT-4C,3g,100,2025,Telecom regulator (demo),accurate_measurement',
  'EC-ICT-ICT-4C,4g,98,2025,Telecom regulator (demo),accurate_measurement',
  'EC-P-EM-1C,,3.4,2025,Labour force survey (demo),survey_extrapolation',
  'EC-I-WS-1C,,100,2025,Water utility (demo),accurate_measurement',
  'EC-I-WS-3C,,21,2025,Water utility (demo),accurate_measurement',
  'EC-I-WS-5C,,86,2025,Census (demo),accurate_measurement',
  'EN-EN-AQ-1C,pm10,14,2025,Air quality monitoring (demo),accurate_measurement',
  'EN-EN-AQ-1C,pm2-5,7,2025,Air quality monitoring (demo),accurate_measurement',
  'EN-EN-AQ-1C,no2,19,2025,Air quality monitoring (demo),accurate_measurement',
  'EN-EN-AQ-1C,so2,2,2025,Air quality monitoring (demo),accurate_measurement',
  'EN-EN-AQ-1C,o3,55,2025,Air quality monitoring (demo),accurate_measurement',
  'EN-E-E-1C,,62,2025,Energy statistics (demo),higher_level_extrapolation',
  'SC-EH-ED-4C,,99,2025,Census (demo),accurate_measurement',
  'SC-SH-SI-1C,,0.87,2025,Tax records (demo),accurate_measurement',
  'SC-SH-SA-9C,,1.9,2025,Police records (demo),accurate_measurement',
].join('\n');

/**
 * A new user of the embedded database meets something real at once: one demo city with an
 * engagement and its people, KPI values, an action plan with a procurement item, and measurements. Runs only on an empty database (no city yet); on by default for the
 * embedded database, off for DATABASE_URL unless SEED_DEMO=true.
 */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly env: Environment,
    private readonly users: UsersService,
    private readonly engagements: PortfolioService,
    private readonly access: AccessService,
    private readonly kpiValues: KpiValuesService,
    private readonly verification: VerificationService,
    private readonly evidence: KpiEvidenceService,
    private readonly actions: ActionsService,
    private readonly procurement: ProcurementService,
    private readonly monitoring: MonitoringService,
    private readonly projects: InvestmentProjectsService,
    private readonly tasks: TasksService,
    @InjectRepository(City) private readonly cities: Repository<City>,
  ) {}

  /** A few KPI values as a data contributor would enter them, some already verified: a scorecard to look at. */
  private async firstMeasurements(engagementId: string, contributor: User, verifier: User): Promise<void> {
    const as = (u: User) => this.access.engagement({ id: u.id, email: u.email, name: u.name, role: u.role }, engagementId);
    await this.kpiValues.import(await as(contributor), 'text/csv', DEMO_VALUES_CSV, undefined);
    for (const code of ['EC-ICT-ICT-1C', 'EC-ICT-ICT-4C', 'EC-I-WS-1C', 'EN-EN-AQ-1C']) {
      await this.verification.decide(await as(verifier), code, { decision: 'verified', comment: 'Checked against the national statistics (demo)' });
    }
    // Evidence for a value the verifier has still to decide; Household Sanitation (86 %) waits with a warning: below the 90 % the manual calls normal.
    await this.evidence.attach(await as(contributor), 'EC-ICT-ICT-2C', { originalname: 'telecom-regulator-2025.pdf', buffer: demoPdf('Fixed broadband subscriptions 2025 (demo)') }, undefined, undefined);
  }

  /**
   * The later stages filled in, so a new user sees them: a small action plan (two actions with
   * targets on KPIs whose values are not verified yet, so their re-measurements need no baseline
   * date), one needing procurement with its procurement item, and a few measurements (one verified).
   */
  private async laterStages(manager: EngagementAccess, contributor: EngagementAccess, verifier: EngagementAccess): Promise<void> {
    const broadband = await this.actions.create(
      manager,
      {
        title: 'Fibre to every household (demo)',
        description: 'Co-funded roll-out of fibre in the districts below 80 % coverage',
        kpiCodes: ['EC-ICT-ICT-2C'],
        expectedValues: { 'EC-ICT-ICT-2C': 90 },
        budget: 2_500_000,
        ownerId: manager.principal.id,
        startDate: daysAgo(400),
        endDate: '2030-12-31',
        requiresProcurement: true,
        status: 'in_progress',
      },
      undefined,
    );
    await this.procurement.create(
      manager,
      { actionId: broadband.id, title: 'Fibre roll-out, districts north (demo)', method: 'open_tender', estimatedCost: 1_800_000, scheduledStart: daysAgo(300), scheduledEnd: '2027-06-30' },
      undefined,
    );
    await this.actions.create(
      manager,
      {
        title: 'Smart water leak detection (demo)',
        kpiCodes: ['EC-I-WS-3C'],
        expectedValues: { 'EC-I-WS-3C': 12 },
        budget: 400_000,
        startDate: daysAgo(200),
        endDate: '2029-12-31',
        requiresProcurement: false,
        status: 'planned',
      },
      undefined,
    );
    const measure = (code: string, value: number, days: number, source: string) =>
      this.monitoring.record(contributor, { code, value, date: daysAgo(days), source });
    const first = await measure('EC-ICT-ICT-2C', 74, 180, 'Telecom regulator, half-year report (demo)');
    await measure('EC-ICT-ICT-2C', 78, 30, 'Telecom regulator, half-year report (demo)');
    await measure('EC-I-WS-3C', 19, 60, 'Water utility, leak survey (demo)');
    await this.monitoring.verify(verifier, first.id, { decision: 'verified', comment: 'Matches the regulator’s report (demo)' });
    // Financing: the fibre roll-out co-funded by the city fund, and offered on the investment marketplace.
    await this.projects.create(
      manager,
      { title: 'Fibre to every household: city fund share (demo)', actionIds: [broadband.id], amount: 1_000_000, fundingSource: 'city_fund', published: false, status: 'funded' },
      undefined,
    );
    await this.projects.create(
      manager,
      {
        title: 'Fibre to every household: investors sought (demo)',
        description: 'Co-investment in the fibre roll-out of the northern districts',
        actionIds: [broadband.id],
        amount: 1_500_000,
        fundingSource: 'marketplace',
        published: true,
        status: 'seeking_funding',
      },
      undefined,
    );
  }

  /**
   * Two Assessment tasks assigned with due dates, so that the deadlines show: one due tomorrow (a
   * reminder to the contributor), one four days overdue (the coordinator told, the manager escalated
   * to) — the sweep sends them within a minute of the start.
   */
  private async deadlines(manager: EngagementAccess, coordinator: User, contributor: User): Promise<void> {
    const open = (await this.tasks.list(manager, 'assessment')).filter((t) => t.status === 'open');
    const plan: [User, number][] = [
      [contributor, -1],
      [coordinator, 4],
    ];
    for (const [task, [person, days]] of open.slice(0, plan.length).map((t, i) => [t, plan[i]] as const)) {
      await this.tasks.update(manager, task.id, { assigneeId: person.id, dueDate: daysAgo(days) }, undefined);
    }
  }

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
    const people = new Map<string, User>();
    for (const person of DEMO_PEOPLE) {
      const user = await this.users.insertIfAbsent(person.email, person.name, 'member', password);
      people.set(person.email, user);
      if (person.role) {
        await this.engagements.addMember(access, { userId: user.id, role: person.role, stakeholderGroup: person.stakeholderGroup });
      }
    }
    const contributor = people.get(DEMO_PEOPLE[1].email)!;
    const verifier = people.get(DEMO_PEOPLE[2].email)!;
    await this.firstMeasurements(engagement.id, contributor, verifier);
    const as = (u: User) => this.access.engagement({ id: u.id, email: u.email, name: u.name, role: u.role }, engagement.id);
    await this.laterStages(await this.access.engagement(principal, engagement.id), await as(contributor), await as(verifier));
    await this.deadlines(await this.access.engagement(principal, engagement.id), people.get(DEMO_PEOPLE[0].email)!, contributor);
    this.logger.warn(
      `Demo data created: city "${city.name}", engagement "${engagement.title}". Demo users (password ${password}, shown once): ` +
        ['manager@demo.u4ssc.local', ...DEMO_PEOPLE.map((p) => p.email)].join(', '),
    );
  }
}
