/** The processes the bench measures: the built server and the ceiling fixture, each a Node process of its own. */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** dist/: where the built server and the bench live (this file is dist/test/bench/processes.js). */
export const DIST = `${__dirname}/../..`;

export class NodeProcess {
  output = '';
  exitCode: number | null = null;
  /** performance.now() at spawn. */
  readonly spawnedAt = performance.now();
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  /** Runs `node [nodeArgs] script` with exactly `env` (plus PATH), keeping its output; with `ipc`, a channel for ask(). */
  constructor(script: string, env: Record<string, string>, nodeArgs: readonly string[] = [], ipc = false) {
    this.child = spawn(process.execPath, [...nodeArgs, script], {
      env: { PATH: process.env.PATH ?? '', ...env, NODE_OPTIONS: '' },
      stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve((this.exitCode = code ?? (signal ? 128 : 1)))));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the process did not start');
    return this.child.pid;
  }

  /** Milliseconds from spawn to the first 200 of `url`, polled every 10 ms; rejects with the output if the process ends first. */
  async ready(url: string, timeoutMs = 60_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.exitCode !== null) throw new Error(`process exited with ${this.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - this.spawnedAt;
      } catch {
        /* not listening yet */
      }
      await sleep(10);
    }
    throw new Error(`not ready after ${timeoutMs} ms:\n${this.output}`);
  }

  /** Sends `message` over the IPC channel and waits for `answer` (or rejects if the process ends first). */
  ask(message: string, answer: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${answer} within ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      const onMessage = (m: unknown): void => (m === answer ? done() : undefined);
      const onExit = (): void => done(new Error(`process exited with ${this.exitCode} before ${answer}:\n${this.output}`));
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send(message);
    });
  }

  /** VmRSS and VmHWM of the process, in MiB (Linux). */
  memory(): { rssMiB: number; hwmMiB: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
  }

  /** Samples VmRSS every `everyMs` until the returned function is called, which gives the highest, in MiB. */
  samplePeakRss(everyMs = 200): () => number {
    let peak = this.memory().rssMiB;
    const timer = setInterval(() => {
      if (this.exitCode === null) peak = Math.max(peak, this.memory().rssMiB);
    }, everyMs);
    return () => {
      clearInterval(timer);
      return Math.max(peak, this.exitCode === null ? this.memory().rssMiB : 0);
    };
  }

  /** SIGTERM, and wait for the exit (the server shuts down gracefully). */
  async stop(): Promise<number | null> {
    if (this.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
