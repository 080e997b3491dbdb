import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders this process holds the lock of (a second server in the same process must be refused too). */
const heldHere = new Set<string>();

export class DataDirInUseError extends Error {}

/**
 * PGlite does not lock its data directory, and two processes on one directory lose writes
 * (stack-notes.md, trap 2). The server therefore holds DATA_DIR/server.lock, containing its pid,
 * for as long as it runs. A lock left by a process that no longer exists (killed abruptly) is taken over.
 * Returns the function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, 'server.lock');
  if (heldHere.has(dir)) throw inUse(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(dir);
      return () => {
        heldHere.delete(dir);
        try {
          if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw inUse(dir, owner);
      unlinkSync(lockFile); // stale: its process is gone
    }
  }
  throw inUse(dir, NaN);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dir: string, pid: number): DataDirInUseError {
  return new DataDirInUseError(
    `DATA_DIR ${dir} is in use by another U4SSC Roadmap server (pid ${pid}). ` +
      'Stop that server, or set DATA_DIR to another folder. The embedded database must not be opened by two servers at once.',
  );
}
