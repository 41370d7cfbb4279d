/**
 * @module Sending one file to hosted Link's upload endpoint with its progress. XMLHttpRequest, not
 * fetch: only it reports upload progress in every browser. The page's token goes in `X-Link-Token`
 * as with every other change (api-client.ts).
 */
import type { FileUploadCategory, LinkUploadedFile } from '@linkway/contracts'
import { LinkApiError } from './api-client.js'

export interface UploadOptions {
  apiBaseUrl: string
  companyId: string
  linkToken?: string
  /** Embedded Link: as api-client.ts sends them. */
  accessToken?: string
  embedded?: boolean
  category: FileUploadCategory
  file: File
  /** From 0 to 1 as the bytes leave the browser. */
  onProgress(fraction: number): void
}

/** Resolves with the file as the server kept it; rejects with a LinkApiError (its status says why). */
export function uploadLinkFile(options: UploadOptions): Promise<LinkUploadedFile> {
  const url = `${options.apiBaseUrl.replace(/\/+$/, '')}/link/api/companies/${encodeURIComponent(options.companyId)}/files?category=${options.category}`
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', url)
    request.setRequestHeader('accept', 'application/json')
    if (options.linkToken) request.setRequestHeader('x-link-token', options.linkToken)
    if (options.accessToken) request.setRequestHeader('authorization', `Bearer ${options.accessToken}`)
    if (options.embedded) request.setRequestHeader('x-link-embedded', '1')
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(event.loaded / event.total)
    }
    request.onerror = () => reject(new LinkApiError('network_error', 0, `Could not reach ${url}`))
    request.onabort = request.onerror
    request.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(request.responseText)
      } catch {
        body = undefined
      }
      const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined
      if (request.status < 200 || request.status >= 300) {
        reject(new LinkApiError('http_error', request.status, typeof record?.error === 'string' ? record.error : `HTTP ${request.status}`))
        return
      }
      if (!record || typeof record.fileName !== 'string' || typeof record.sizeBytes !== 'number') {
        reject(new LinkApiError('invalid_response', request.status, 'The upload answer is not a file'))
        return
      }
      options.onProgress(1)
      resolve(record as unknown as LinkUploadedFile)
    }
    const form = new FormData()
    form.append('file', options.file, options.file.name)
    request.send(form)
  })
}
