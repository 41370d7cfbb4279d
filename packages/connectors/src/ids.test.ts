import { describe, expect, it } from 'vitest'
import { integrationIdOf, sourceIdOf } from './ids.js'
import { platformDefinitions } from './platforms/index.js'

// Version 8 in the third group, variant 10xx (8, 9, a or b) in the fourth.
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('ids', () => {
  it('are UUID-shaped (version 8, RFC variant)', () => {
    for (const { key } of platformDefinitions) {
      expect(integrationIdOf(key)).toMatch(UUID_V8)
      expect(sourceIdOf(key)).toMatch(UUID_V8)
    }
  })

  it('are deterministic: the same key gives the same ids on every install', () => {
    expect(integrationIdOf('gbol')).toBe(integrationIdOf('gbol'))
    // Pinned: a change here changes ids clients have stored.
    expect(integrationIdOf('gbol')).toBe('fe79913b-c98a-8223-899c-8770c8b7356e')
    expect(sourceIdOf('gbol')).toBe('712d9d83-766a-89a9-aaa2-03ddac5f1c83')
  })

  it('are distinct across platforms and between the two kinds', () => {
    const ids = platformDefinitions.flatMap(({ key }) => [integrationIdOf(key), sourceIdOf(key)])
    expect(new Set(ids).size).toBe(ids.length)
  })
})
