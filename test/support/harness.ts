import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { Environment, validateEnvironment } from '../../src/config/environment';
import { freshTestDatabase, TestDatabase } from './test-database';

export const ADMIN = { email: 'admin@u4ssc.test', password: 'admin-password-1' };

export type Http = ReturnType<typeof request>;

/** One running application on a fresh database, as a test file sees it. */
export class TestServer {
  app!: INestApplication;
  http!: Http;
  env!: Environment;
  adminToken = '';
  private counter = 0;

  private constructor(readonly database: TestDatabase, private readonly overrides: Record<string, string>) {}

  /** Starts the application on a fresh database (PGlite by default, PostgreSQL with DATABASE_URL). */
  static async start(overrides: Record<string, string> = {}): Promise<TestServer> {
    const server = new TestServer(await freshTestDatabase(), overrides);
    await server.boot();
    return server;
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /**
   * The SQL statements the application sends to the database while `work` runs (BEGIN and COMMIT
   * included), counted at TypeORM's query runner, which every query of the application passes
   * through. Tests run one request at a time, and the outbox worker and the sweep run only when a
   * test says so, so what is counted is the request's own.
   */
  async statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const logger = this.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const statements: string[] = [];
    logger.logQuery = (query, parameters, runner) => {
      statements.push(query.replace(/\s+/g, ' ').trim());
      return original(query, parameters, runner);
    };
    try {
      return { result: await work(), statements };
    } finally {
      logger.logQuery = original;
    }
  }

  /** Stops the application and starts it again on the same data (DATA_DIR or database). */
  async restart(): Promise<void> {
    await this.app.close();
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.database.drop();
  }

  private async boot(): Promise<void> {
    this.env = validateEnvironment({
      ...this.database.env,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: undefined,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      BCRYPT_ROUNDS: '4',
      LOGIN_RATE_LIMIT: '1000',
      // The outbox worker and the deadline sweep run when a test says so (drainOutbox, sweep), never on a timer.
      OUTBOX_POLL_MS: '0',
      SWEEP_INTERVAL_MS: '0',
      ...this.overrides,
    });
    this.app = await createApp(this.env);
    this.app.useLogger(false);
    await this.app.init();
    this.http = request(this.app.getHttpServer());
    this.adminToken = await this.login(ADMIN.email, ADMIN.password);
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  /** Creates a user through the API (as admin) and signs them in. */
  async person(role: 'admin' | 'programme_manager' | 'member', name: string = role): Promise<{ id: string; email: string; token: string }> {
    const email = `${name.replace(/\W+/g, '-')}-${++this.counter}@u4ssc.test`;
    const password = 'password-123';
    const res = await this.http.post('/api/users').set(auth(this.adminToken)).send({ email, name, password, role });
    if (res.status !== 201) throw new Error(`creating ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, email, token: await this.login(email, password) };
  }

  async city(token: string, name = 'Testville'): Promise<string> {
    const res = await this.http.post('/api/cities').set(auth(token)).send({ name, country: 'Norway', population: 50000 });
    if (res.status !== 201) throw new Error(`creating city failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  async engagement(token: string, cityId: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string; version: number }> {
    const res = await this.http.post('/api/engagements').set(auth(token)).send({ cityId, title: 'Roadmap', ...body });
    if (res.status !== 201) throw new Error(`creating engagement failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async member(token: string, engagementId: string, userId: string, role: string, stakeholderGroup?: string): Promise<string> {
    const res = await this.http
      .post(`/api/engagements/${engagementId}/members`)
      .set(auth(token))
      .send({ userId, role, ...(stakeholderGroup ? { stakeholderGroup } : {}) });
    if (res.status !== 201) throw new Error(`adding member failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The shared error shape of API.md. */
export function expectErrorShape(body: Record<string, unknown>, status: number, code?: string): void {
  expect(body).toEqual(expect.objectContaining({ statusCode: status, error: expect.any(String), code: code ?? expect.any(String), message: expect.any(String) }));
}
