/**
 * Contract tests, continued: products per company (add, remove, refresh) and a dataset's validation
 * results, through the public Codat SDK (`@codat/platform`) over a real socket. A Sandbox
 * connection is linked while no worker runs, so its first read is still in progress for the first
 * refresh; then workers run it to the end.
 */
import type { CodatPlatform } from '@codat/platform'
import { testedBackends } from '@linkway/test-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHarness, type SyncHarness } from '../src/testing/sync-harness.js'
import { expectErrorMessage, expectUndeclaredError, rejection, sdkFactory } from './codat-sdk-kit.js'

describe.each(testedBackends())('the Codat SDK (@codat/platform) on products and validation results, against Linkway on %s', (backend) => {
  let h: SyncHarness
  const seen: string[] = []
  const sdkFor = sdkFactory(() => h.t.url, seen)
  let sdk: CodatPlatform
  let companyId: string

  beforeAll(async () => {
    h = await createSyncHarness(backend)
    sdk = sdkFor(h.client.apiKey)
    ;({ companyId } = await h.linkSandbox('mqjo'))
  })
  afterAll(async () => {
    await h?.close()
  })

  it('addProduct and removeProduct resolve (204), and the company the SDK reads lists what is enabled', async () => {
    await sdk.companies.addProduct({ companyId, productIdentifier: 'lending' })
    await sdk.companies.addProduct({ companyId, productIdentifier: 'accounting' })
    await sdk.companies.addProduct({ companyId, productIdentifier: 'bank-feeds' })
    await sdk.companies.removeProduct({ companyId, productIdentifier: 'bank-feeds' })
    expect(seen).toContain(`PUT /companies/${companyId}/products/lending 204`)
    expect(seen).toContain(`DELETE /companies/${companyId}/products/bank-feeds 204`)
    expect((await sdk.companies.get({ companyId })).products).toEqual(['lending', 'accounting'])
    const listed = await sdk.companies.list({ query: `id=${companyId}` })
    expect(listed.results?.map((company) => company.products)).toEqual([['lending', 'accounting']])
  })

  it('an unknown product and another client’s company: ErrorMessage 404; a NUL byte: 400, which add-product does not declare', async () => {
    expectErrorMessage(await rejection(sdk.companies.addProduct({ companyId, productIdentifier: 'payroll' })), 404, 'No product was found with identifier "payroll"')
    const stranger = sdkFor((await h.t.createClient()).apiKey)
    expectErrorMessage(await rejection(stranger.companies.removeProduct({ companyId, productIdentifier: 'lending' })), 404, `No company was found with ID ${companyId}`)
    const nul = await rejection(sdk.companies.addProduct({ companyId, productIdentifier: 'lend\u0000ing' }))
    expectUndeclaredError(nul, 400, 'The request is invalid: productIdentifier: must not contain the NUL character (U+0000)')
  })

  it('refreshProductData: the reference’s ErrorMessage 400 while a read is in progress, then 202 once it has finished', async () => {
    const during = await rejection(sdk.companies.refreshProductData({ companyId, productIdentifier: 'accounting' }))
    expectErrorMessage(during, 400, 'Data cannot be refreshed while a read operation is in progress. Allow the read to complete before attempting to refresh.')
    await h.startWorkers()
    await h.waitForSyncs(companyId)
    await sdk.companies.refreshProductData({ companyId, productIdentifier: 'accounting', requestBody: { dataTypes: ['invoices'] } })
    expect(seen).toContain(`POST /companies/${companyId}/products/accounting/refresh 202`)
    const history = await h.waitForSyncs(companyId)
    expect(history.filter((dataset) => dataset['dataType'] === 'invoices')).toHaveLength(2)
  })

  it('refreshProductData for a product that writes: ErrorMessage 400 in the reference’s words', async () => {
    await sdk.companies.addProduct({ companyId, productIdentifier: 'bank-feeds' })
    expectErrorMessage(await rejection(sdk.companies.refreshProductData({ companyId, productIdentifier: 'bank-feeds' })), 400, "Bank Feeds doesn't support data refreshing. For more information, refer to your solution’s documentation.")
  })

  it('getValidationResults parses a dataset’s result; an unknown dataset is ErrorMessage 404', async () => {
    const [dataset] = await h.waitForSyncs(companyId)
    expect(await sdk.readData.getValidationResults({ companyId, datasetId: dataset!['id'] as string })).toEqual({ errors: [], warnings: [] })
    const unknown = crypto.randomUUID()
    expectErrorMessage(await rejection(sdk.readData.getValidationResults({ companyId, datasetId: unknown })), 404, `No dataset was found with ID ${unknown}`)
  })
})
