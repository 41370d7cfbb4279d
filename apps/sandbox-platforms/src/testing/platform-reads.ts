/**
 * @module Linkway's own data sources driven against a running emulation: each one from its first
 * request, following `next` to its last page, so every request Linkway makes of a platform (and
 * every request a new data source adds) is one a test sees, with the answer the emulation gave.
 */
import type { DataType } from '@linkway/contracts'
import type { DataSource, PageCursor, PlatformDataSources, PlatformRequest, PlatformResponse, SourceContext } from '@linkway/platform-data'

/** One request a data source made and the emulation's answer to it. */
export interface PlatformExchange {
  dataType: string
  request: PlatformRequest
  response: PlatformResponse
}

/** A read that never ends is a bug of its own; this many pages is far more than any test dataset holds. */
const MAX_PAGES_PER_READ = 200

/**
 * Every exchange of a whole read of each data source, as the sync engine would make them: the
 * source's headers, the platform's token header, `Accept: application/json`. A source whose answer
 * it cannot read throws here, naming the data type, as a sync would end in MapError.
 */
export async function readEveryDataSource(sources: PlatformDataSources, context: SourceContext, tokenHeaders: Readonly<Record<string, string>>): Promise<PlatformExchange[]> {
  const exchanges: PlatformExchange[] = []
  for (const [dataType, source] of Object.entries(sources) as Array<[DataType, DataSource<DataType> | undefined]>) {
    if (source === undefined) continue
    let cursor: PageCursor | undefined
    for (let pages = 0; ; pages++) {
      if (pages === MAX_PAGES_PER_READ) throw new Error(`The ${dataType} read did not end within ${MAX_PAGES_PER_READ} pages.`)
      const request = source.request(context, cursor)
      const response = await fetchPlatformResponse(request, tokenHeaders)
      exchanges.push({ dataType, request, response })
      if (response.status < 200 || response.status > 299) break
      try {
        cursor = source.read(response, context, cursor).next
      } catch (error) {
        throw new Error(`${dataType}: ${request.url} answered what its data source cannot read: ${(error as Error).message}`)
      }
      if (cursor === undefined) break
    }
  }
  return exchanges
}

/**
 * A request as the sync engine makes it (its method, and a POST's body as JSON), read whole: lower-case header names,
 * the body parsed when it is JSON.
 */
export async function fetchPlatformResponse(request: PlatformRequest, tokenHeaders: Readonly<Record<string, string>>): Promise<PlatformResponse> {
  if (!request.url.startsWith('http://127.0.0.1:')) throw new Error(`Tests stay on loopback: ${request.url}`)
  const hasBody = request.body !== undefined
  const response = await fetch(request.url, {
    method: request.method ?? 'GET',
    headers: { accept: 'application/json', ...tokenHeaders, ...request.headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
  })
  const text = await response.text()
  const isJson = (response.headers.get('content-type') ?? '').includes('json')
  return { status: response.status, headers: Object.fromEntries(response.headers), body: isJson && text !== '' ? (JSON.parse(text) as unknown) : text }
}
