/**
 * @module The optional state file: JSON read once at start and rewritten after each change. A
 * write goes to a temporary file beside it and is renamed over it, so a crash mid-write leaves
 * the previous state, never half of one.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { RandomBytes } from './secret-values.js'

/** The parsed file, or undefined when there is none yet. A file that is not JSON is an error: better to stop than to start empty and overwrite it. */
export function readStateFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new Error(`The sandbox state file ${path} is not valid JSON; move it away to start afresh.`)
  }
}

export function writeStateFile(path: string, state: unknown, random: RandomBytes): void {
  // Owner only (0700, 0600): the file holds client secrets and the digests of live tokens.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const temporary = `${path}.${random(6).toString('hex')}.tmp`
  try {
    // Created 0600 and renamed over the old file, so the state is never readable by others, even
    // where an older version left the file 0644.
    writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 })
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
