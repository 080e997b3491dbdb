import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const BUILD = join(ROOT, '.test-build');

/**
 * Compiles the server for the tests that run it as a real process (kill -9, a second server): once per
 * run however many test files ask (global-setup names the run; Jest's workers take turns through a
 * lock folder, and a later caller finds the run's stamp and builds nothing). Without a run id, it builds.
 */
export function buildServer(): string {
  const main = join(BUILD, 'src', 'main.js');
  const run = process.env.U4SSC_TEST_RUN;
  const stamp = join(BUILD, '.built-for-run');
  const lock = `${BUILD}.lock`;
  withLock(lock, () => {
    if (run && existsSync(main) && existsSync(stamp) && readFileSync(stamp, 'utf8') === run) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', BUILD], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    if (run) writeFileSync(stamp, run);
  });
  if (!existsSync(main)) throw new Error(`build did not produce ${main}`);
  return main;
}

/** Runs `work` holding a lock folder (its owner's pid inside); a lock whose owner is gone is taken over. */
function withLock(lock: string, work: () => void): void {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!ownerAlive(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} held for three minutes`, { cause: error });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // a synchronous wait: buildServer is synchronous
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function ownerAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return true; // just made, its pid not written yet
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** The server as `npm start` runs it, in its own process. */
export class ServerProcess {
  output = '';
  exitCode: number | null = null;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(main: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [main], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve((this.exitCode = code))));
  }

  /** Resolves once /health answers 200, or rejects with the output if the process ends first. */
  async ready(port: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== null) throw new Error(`server exited with ${this.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`server not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  /** Ends the process at once, as a power cut or `kill -9` would. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
