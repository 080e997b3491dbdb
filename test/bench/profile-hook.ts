/**
 * Preloaded (`node --require`) into the server by `npm run bench -- --profile`: the first SIGUSR2
 * starts V8's CPU profiler (1 ms sampling, as --cpu-prof), the second stops it and writes
 * $BENCH_PROFILE_DIR/events-<pid>.cpuprofile, then prints "profile written". The profile so holds the
 * event load alone — not start-up and warm-up, which `--cpu-prof` (a whole process life) would
 * mix in — and the server need not exit to write it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const directory = process.env.BENCH_PROFILE_DIR ?? '.';
let session: Session | undefined;

function post<T>(s: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => s.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function start(): Promise<void> {
  session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 1000 });
  await post(session, 'Profiler.start');
}

async function stop(s: Session): Promise<void> {
  const { profile } = await post<{ profile: unknown }>(s, 'Profiler.stop');
  s.disconnect();
  writeFileSync(join(directory, `events-${process.pid}.cpuprofile`), JSON.stringify(profile));
  process.stderr.write('profile written\n');
}

process.on('SIGUSR2', () => {
  const running = session;
  session = undefined;
  (running ? stop(running) : start()).catch((error: Error) => process.stderr.write(`profile failed: ${error.message}\n`));
});
