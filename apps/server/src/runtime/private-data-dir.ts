/**
 * @module Embedded mode's DATA_DIR is private to the user running Linkway: the database in it holds
 * company names, invoices and (sealed) tokens, next to the key that opens them. The folder is made
 * 0700 before anything in it is opened, files are created private from then on, and a tree left
 * readable (by an earlier version, or by PGlite itself) is tightened.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import path from 'node:path'

/** Folders 0700, files 0600: the owner only. */
const GROUP_AND_OTHER_BITS = 0o077

export interface PrivateDirOptions {
  /** Told once, with a count, when an existing tree had to be tightened. */
  warn: (message: string) => void
}

/**
 * Sets the process umask to 0077, creates `dir` 0700 (or tightens it), and takes group and other
 * access away from every folder and file already under it, with one warning saying how many. Call
 * it before anything opens a file in `dir`.
 *
 * @example
 * securePrivateDir(config.dataDir, { warn: (message) => logger.warn(message) })
 * const database = await createDatabase({ backend: 'pglite', dataDir: path.join(config.dataDir, 'pglite') })
 */
export function securePrivateDir(dir: string, { warn }: PrivateDirOptions): void {
  // Process-wide, and never restored: in embedded mode every file this process creates is in
  // DATA_DIR (the lock, the keys, the sandbox state, the database's folders) and should be private.
  // Set before the folder is created, so it is never created open.
  process.umask(GROUP_AND_OTHER_BITS)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tightened = tightenPrivateDir(dir)
  if (tightened > 0) {
    warn(`${dir} was readable by other users: took their access away from ${tightened} ${tightened === 1 ? 'file or folder' : 'files and folders'} (folders are now 0700, files 0600).`)
  }
}

/**
 * Takes group and other access away from `dir` and everything under it; returns how many folders
 * and files changed. Only bits are taken away, never added (a file its owner made read-only stays
 * so), and symbolic links are neither changed nor followed.
 *
 * Needed after PGlite opens the database too: it sets some files' modes itself, past the umask (a
 * new database's files 0666, the relation cache files it rewrites at start 0644). The 0700 folder
 * already keeps other users out of them; this makes the files themselves private as well.
 */
export function tightenPrivateDir(dir: string): number {
  return tightenTree(dir)
}

function tightenTree(entry: string): number {
  const stats = lstatSync(entry)
  if (stats.isSymbolicLink()) return 0
  let tightened = 0
  if ((stats.mode & GROUP_AND_OTHER_BITS) !== 0) {
    chmodSync(entry, stats.mode & 0o700)
    tightened++
  }
  if (stats.isDirectory()) {
    for (const name of readdirSync(entry)) tightened += tightenTree(path.join(entry, name))
  }
  return tightened
}
