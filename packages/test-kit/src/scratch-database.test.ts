import { describe, expect, it } from 'vitest'
import { scratchDatabaseCreatedAt, scratchDatabaseName } from './scratch-database.js'

describe('scratch database names', () => {
  it('carry their creation time, so a cleanup leaves a run going on now alone', () => {
    const at = Date.parse('2026-12-04T21:00:00Z')
    const name = scratchDatabaseName('linkway_test', at)
    expect(name).toMatch(/^linkway_test_[0-9a-z]+_[0-9a-f]{8}$/)
    expect(scratchDatabaseCreatedAt(name)).toBe(at)
    // A name from before names carried the time counts as old: an interrupted run's.
    expect(scratchDatabaseCreatedAt('linkway_test_0123456789ab')).toBeUndefined()
  })
})
