import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js'

describe('lockDataDir', () => {
  it('lets one process own the folder and refuses a second with a clear message', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linkway-lock-'))
    const lock = lockDataDir(dir, process.pid)
    expect(readFileSync(path.join(dir, 'linkway.pid'), 'utf8')).toBe(String(process.pid))
    // The test runner's parent process is alive: pretend it holds the lock.
    writeFileSync(path.join(dir, 'linkway.pid'), String(process.ppid))
    expect(() => lockDataDir(dir, process.pid)).toThrow(DataDirLockedError)
    expect(() => lockDataDir(dir, process.pid)).toThrow(`Another Linkway process (pid ${process.ppid}) is using ${dir}`)
    writeFileSync(path.join(dir, 'linkway.pid'), String(process.pid))
    lock.release()
    expect(existsSync(path.join(dir, 'linkway.pid'))).toBe(false)
  })

  it('takes over a lock left by a process that no longer runs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'linkway-lock-'))
    writeFileSync(path.join(dir, 'linkway.pid'), '2147483646')
    const lock = lockDataDir(dir, process.pid)
    expect(readFileSync(path.join(dir, 'linkway.pid'), 'utf8')).toBe(String(process.pid))
    lock.release()
  })
})
