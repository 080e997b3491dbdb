/**
 * Preloaded (`node --require`) into the server by `npm run bench -- --profile`, which spawns it with an
 * IPC channel: the message "profile:start" starts V8's CPU profiler (1 ms sampling, as --cpu-prof),
 * "profile:stop" stops it, writes $BENCH_PROFILE_DIR/events-<pid>.cpuprofile and answers
 * "profile:written". The profile so holds the event load alone — not start-up and warm-up, which
 * `--cpu-prof` (a whole process life) would mix in — and the server need not exit to write it.
 * (Not signals: the server's shutdown hooks take SIGUSR2, SIGHUP… and SIGUSR1 opens the inspector.)
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const directory = process.env.BENCH_PROFILE_DIR ?? '.';
const session = new Session();

function post<T>(method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

async function start(): Promise<void> {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  process.send?.('profile:started');
}

async function stop(): Promise<void> {
  const { profile } = await post<{ profile: unknown }>('Profiler.stop');
  session.disconnect();
  writeFileSync(join(directory, `events-${process.pid}.cpuprofile`), JSON.stringify(profile));
  process.send?.('profile:written');
}

process.on('message', (message) => {
  const step = message === 'profile:start' ? start : message === 'profile:stop' ? stop : null;
  step?.().catch((error: Error) => process.stderr.write(`profile failed: ${error.message}\n`));
});
// The channel alone does not keep the server running.
(process as NodeJS.Process & { channel?: { unref(): void } }).channel?.unref();
