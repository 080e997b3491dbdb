import 'reflect-metadata';
import { createApp } from './app';
import { Environment, usesEmbeddedDatabase, validateEnvironment } from './config/environment';

async function main(): Promise<void> {
  let env: Environment;
  try {
    env = validateEnvironment(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const started = Date.now();
  const app = await createApp(env);
  await app.listen(env.PORT);
  const where = usesEmbeddedDatabase(env) ? `embedded PostgreSQL in ${env.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`U4SSC Roadmap ready at http://localhost:${env.PORT} on ${where} in ${Date.now() - started} ms — API docs at /api/docs`);
}

main().catch((error: Error) => {
  console.error(`U4SSC Roadmap could not start: ${error.message}`);
  process.exit(1);
});
