import { describe, expect, it } from 'vitest'
import { isPlatformOutcome } from './platform-window.js'

const companyId = '00000000-0000-4000-8000-000000000001'
const connectionId = '00000000-0000-4000-8000-000000000002'

describe('the message a popup journey ends with', () => {
  it('counts only the outcome of this connection of this company, with a known status', () => {
    const message = { type: 'linkway:link-result', companyId, connectionId, statusCode: '200' }
    expect(isPlatformOutcome(message, companyId, connectionId)).toBe(true)
    for (const statusCode of ['201', '403', '500', '501']) expect(isPlatformOutcome({ ...message, statusCode }, companyId, connectionId)).toBe(true)
    expect(isPlatformOutcome({ ...message, connectionId: companyId }, companyId, connectionId)).toBe(false)
    expect(isPlatformOutcome({ ...message, companyId: connectionId }, companyId, connectionId)).toBe(false)
    expect(isPlatformOutcome({ ...message, statusCode: 200 }, companyId, connectionId)).toBe(false)
    expect(isPlatformOutcome({ ...message, statusCode: '302' }, companyId, connectionId)).toBe(false)
    expect(isPlatformOutcome({ ...message, type: 'other' }, companyId, connectionId)).toBe(false)
    expect(isPlatformOutcome('linkway:link-result', companyId, connectionId)).toBe(false)
    expect(isPlatformOutcome(null, companyId, connectionId)).toBe(false)
  })
})
