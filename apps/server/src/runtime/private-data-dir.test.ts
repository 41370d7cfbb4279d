import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { securePrivateDir } from './private-data-dir.js'

const modeOf = (file: string): number => statSync(file).mode & 0o777

let scratch: string
let umaskBefore: number
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'linkway-private-'))
  // The test runner's umask, as most shells leave it: new files 0644, folders 0755.
  umaskBefore = process.umask(0o022)
})
afterEach(() => {
  process.umask(umaskBefore)
  rmSync(scratch, { recursive: true, force: true })
})

describe('securePrivateDir', () => {
  it('creates the folder 0700, and makes every file created afterwards private', () => {
    const dataDir = path.join(scratch, 'new', 'data')
    const warnings: string[] = []
    securePrivateDir(dataDir, { warn: (message) => warnings.push(message) })
    expect(modeOf(dataDir)).toBe(0o700)
    expect(warnings).toEqual([])

    // As PGlite and writeFileSync do: ask for 0666 / 0777 and let the umask decide.
    writeFileSync(path.join(dataDir, 'wal'), 'x', { mode: 0o666 })
    mkdirSync(path.join(dataDir, 'base'), { mode: 0o777 })
    expect(modeOf(path.join(dataDir, 'wal'))).toBe(0o600)
    expect(modeOf(path.join(dataDir, 'base'))).toBe(0o700)
  })

  it('tightens a tree an earlier version left readable, with one warning naming how many', () => {
    const dataDir = path.join(scratch, 'data')
    mkdirSync(path.join(dataDir, 'pglite', 'pg_wal'), { recursive: true })
    const files = ['sandbox-platforms.json', 'pglite/PG_VERSION', 'pglite/pg_wal/000000010000000000000001']
    for (const file of files) writeFileSync(path.join(dataDir, file), 'x')
    for (const dir of ['', 'pglite', 'pglite/pg_wal']) chmodSync(path.join(dataDir, dir), 0o755)
    for (const file of files) chmodSync(path.join(dataDir, file), 0o666)
    // Already private: left as it is, and not counted.
    writeFileSync(path.join(dataDir, 'encryption-keys'), 'x', { mode: 0o600 })
    // Made read-only by its owner: loses the others' access, and is not made writable.
    writeFileSync(path.join(dataDir, 'pglite', 'read-only'), 'x', { mode: 0o444 })
    chmodSync(path.join(dataDir, 'pglite', 'read-only'), 0o444)
    // A link out of the folder is not followed: its target is not Linkway's to change.
    const outside = path.join(scratch, 'outside.txt')
    writeFileSync(outside, 'x')
    chmodSync(outside, 0o644)
    symlinkSync(outside, path.join(dataDir, 'link'))

    const warnings: string[] = []
    securePrivateDir(dataDir, { warn: (message) => warnings.push(message) })

    for (const dir of ['', 'pglite', 'pglite/pg_wal']) expect(modeOf(path.join(dataDir, dir)), dir).toBe(0o700)
    for (const file of [...files, 'encryption-keys']) expect(modeOf(path.join(dataDir, file)), file).toBe(0o600)
    expect(modeOf(path.join(dataDir, 'pglite', 'read-only'))).toBe(0o400)
    expect(modeOf(outside)).toBe(0o644)
    expect(warnings).toEqual([
      `${dataDir} was readable by other users: took their access away from 7 files and folders (folders are now 0700, files 0600).`,
    ])

    warnings.length = 0
    securePrivateDir(dataDir, { warn: (message) => warnings.push(message) })
    expect(warnings).toEqual([])
  })
})
