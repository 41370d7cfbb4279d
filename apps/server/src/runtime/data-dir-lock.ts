/**
 * @module The embedded database belongs to one process: PGlite has no lock of its own, and two
 * processes writing one folder corrupt it. A pid file in DATA_DIR says who owns it; a file left by
 * a process that no longer runs is taken over.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs'
import path from 'node:path'

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `Another Linkway process (pid ${ownerPid}) is using ${dataDir}. Stop it first, or give this one its own DATA_DIR ` +
        '(or set DATABASE_URL to share a PostgreSQL between processes).',
    )
    this.name = 'DataDirLockedError'
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface DataDirLock {
  release(): void
}

export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = path.join(dataDir, 'linkway.pid')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx' fails if the file exists: creating it is the atomic claim.
      const fd = openSync(lockPath, 'wx', 0o600)
      writeSync(fd, String(pid))
      closeSync(fd)
      return {
        release() {
          try {
            if (readFileSync(lockPath, 'utf8').trim() === String(pid)) rmSync(lockPath)
          } catch {
            // Already gone: nothing to release.
          }
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const ownerPid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10)
      if (Number.isInteger(ownerPid) && ownerPid > 0 && ownerPid !== pid && isRunning(ownerPid)) {
        throw new DataDirLockedError(dataDir, ownerPid)
      }
      // Stale (its process is gone) or unreadable: remove and claim again.
      rmSync(lockPath, { force: true })
    }
  }
  throw new Error(`Could not claim ${lockPath}; another process keeps recreating it`)
}
