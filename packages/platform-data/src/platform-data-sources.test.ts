/** @module The registry: every platform with data sources is a connector, and each source reads data of that connector's kind. */
import { platformDefinitions } from '@linkway/connectors'
import { DATA_TYPE_DEFINITIONS } from '@linkway/contracts'
import { describe, expect, it } from 'vitest'
import { dataSourcesOf, platformDataSources } from './platform-data-sources.js'
import { accountingSandboxDataSources, bankingSandboxDataSources, commerceSandboxDataSources } from './platforms/sandbox/index.js'

describe('platformDataSources', () => {
  it('finds the sandboxes by their connectors’ keys', () => {
    expect(dataSourcesOf('mqjo')).toBe(accountingSandboxDataSources)
    expect(dataSourcesOf('bsbx')).toBe(bankingSandboxDataSources)
    expect(dataSourcesOf('aiwb')).toBe(commerceSandboxDataSources)
  })

  it('finds nothing for a platform it does not read, nor for names on Object.prototype', () => {
    expect(dataSourcesOf('hbql')).toBeUndefined()
    expect(dataSourcesOf('constructor')).toBeUndefined()
    expect(dataSourcesOf('__proto__')).toBeUndefined()
  })

  it.each(Object.keys(platformDataSources))('%s: is a connector, and its sources read its own kind of data under their own keys', (platformKey) => {
    const connector = platformDefinitions.find((definition) => definition.key === platformKey)
    expect(connector, platformKey).toBeDefined()
    for (const [dataType, source] of Object.entries(platformDataSources[platformKey]!)) {
      expect(source.dataType).toBe(dataType)
      expect(DATA_TYPE_DEFINITIONS[source.dataType].sourceType).toBe(connector!.sourceType)
    }
  })
})
