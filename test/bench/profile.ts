/** Reading the .cpuprofile files `node --cpu-prof` writes: the functions that took the most self time. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileFigures, ProfileLine } from './model';

/** The parts of V8's CPU profile format (.cpuprofile) this reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** The node sampled, per sample. */
  samples: number[];
  /** Microseconds since the previous sample, per sample. */
  timeDeltas: number[];
}

/** Where a function is, shorter: node_modules/<package>/… or the path under the project, 1-based line. */
export function shortWhere(url: string, lineNumber: number, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  const short = inModules >= 0 ? path.slice(inModules + 1) : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  return short ? `${short}:${lineNumber + 1}` : '(native)';
}

/**
 * Self time summed per function (name, file and line: two anonymous functions of one file stay apart),
 * over every profile given; the `top` most, with their share of all sampled time. Each sample's time
 * delta counts for the function sampled (as Chrome DevTools does).
 */
export function topSelfTime(profiles: readonly CpuProfile[], top: number, root = ''): { totalMs: number; top: ProfileLine[] } {
  const byFunction = new Map<string, ProfileLine>();
  let totalUs = 0;
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((nodeId, i) => {
      const frame = frames.get(nodeId);
      const us = profile.timeDeltas[i] ?? 0;
      if (!frame || us <= 0) return;
      totalUs += us;
      const functionName = frame.functionName || '(anonymous)';
      const where = shortWhere(frame.url, frame.lineNumber, root);
      const key = `${functionName} ${where}`;
      const line = byFunction.get(key) ?? { functionName, where, selfMs: 0, share: 0 };
      line.selfMs += us / 1000;
      byFunction.set(key, line);
    });
  }
  const totalMs = totalUs / 1000;
  const lines = [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top);
  return { totalMs, top: lines.map((l) => ({ ...l, share: totalMs > 0 ? l.selfMs / totalMs : 0 })) };
}

/** Every .cpuprofile in a directory (one per thread that ran), summed. */
export function readProfiles(directory: string, top: number, root: string): ProfileFigures {
  const files = readdirSync(directory).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${directory}: did the server exit normally?`);
  const profiles = files.map((f) => JSON.parse(readFileSync(join(directory, f), 'utf8')) as CpuProfile);
  return { directory, ...topSelfTime(profiles, top, root) };
}
