import { describe, expect, it } from 'vitest'
import { needsSandboxBadge } from './sandbox-badge.js'

describe('the Sandbox badge', () => {
  it('is left off where the name already says Sandbox, in any language of the badge', () => {
    for (const name of ['Sandbox accounting', 'Sandbox bank', 'Sandbox commerce', 'My SANDBOX ledger']) {
      expect(needsSandboxBadge({ name, isSandbox: true }, 'Sandbox')).toBe(false)
      expect(needsSandboxBadge({ name, isSandbox: true }, 'Bac à sable')).toBe(false)
    }
    expect(needsSandboxBadge({ name: 'Bac à sable comptable', isSandbox: true }, 'Bac à sable')).toBe(false)
  })

  it('stays on a sandbox whose name does not say it, and never appears on a real platform', () => {
    expect(needsSandboxBadge({ name: 'Test ledger', isSandbox: true }, 'Sandbox')).toBe(true)
    expect(needsSandboxBadge({ name: 'Sandboxed Books', isSandbox: true }, 'Sandbox')).toBe(true)
    expect(needsSandboxBadge({ name: 'Xero', isSandbox: false }, 'Sandbox')).toBe(false)
  })
})
