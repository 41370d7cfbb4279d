/**
 * @module The person's consent receipts, to download: one link per linked connection that has one
 * (a connection consented to on this consent screen). Shown under the connections and on the done
 * screen. Self-contained: it asks the server which receipts exist, and links to each as a file.
 */
import { useEffect, useState } from 'preact/hooks'
import { interpolate } from '../interpolate.js'
import type { LinkConnection } from '../types.js'
import type { Ui } from './common.js'

export interface ReceiptDownloadsProps {
  ui: Ui
  apiBaseUrl: string
  companyId: string
  connections: readonly LinkConnection[]
  /**
   * Embedded Link's credentials (`Authorization`, `X-Link-Embedded`): sent when asking, and the
   * download is fetched with them too (a link cannot carry a header). The hosted page has none.
   */
  headers?: Record<string, string>
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch
}

/** The receipt's URL: the company's Link API, which answers it as a JSON file (`content-disposition: attachment`). */
export function consentReceiptUrl(apiBaseUrl: string, companyId: string, connectionId: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/link/api/companies/${encodeURIComponent(companyId)}/connections/${encodeURIComponent(connectionId)}/consent`
}

export function ReceiptDownloads(props: ReceiptDownloadsProps) {
  const { t } = props.ui
  const linked = props.connections.filter((connection) => connection.status === 'Linked')
  const key = linked.map((connection) => connection.id).join(',')
  const [withReceipt, setWithReceipt] = useState<readonly string[]>([])

  useEffect(() => {
    let isCurrent = true
    const fetchImpl = props.fetch ?? globalThis.fetch
    // A connection made through the API's Link URL has no consent screen, so no receipt: ask, and link only to those that exist.
    void Promise.all(
      linked.map(async (connection) => {
        try {
          const response = await fetchImpl(consentReceiptUrl(props.apiBaseUrl, props.companyId, connection.id), { headers: { accept: 'application/json', ...props.headers } })
          return response.ok ? connection.id : undefined
        } catch {
          return undefined
        }
      }),
    ).then((ids) => {
      if (isCurrent) setWithReceipt(ids.filter((id): id is string => id !== undefined))
    })
    return () => {
      isCurrent = false
    }
  }, [props.apiBaseUrl, props.companyId, key])

  const shown = linked.filter((connection) => withReceipt.includes(connection.id))
  if (shown.length === 0) return null
  return (
    <section class="lw-section lw-receipts" aria-labelledby="lw-receipts-title">
      <h2 id="lw-receipts-title">{t.consentReceiptsTitle}</h2>
      <p>{t.consentReceiptsIntro}</p>
      <ul>
        {shown.map((connection) => (
          <li key={connection.id}>
            <a
              href={consentReceiptUrl(props.apiBaseUrl, props.companyId, connection.id)}
              download={`consent-receipt-${connection.id}.json`}
              onClick={props.headers ? (event) => void downloadWithHeaders(event, props, connection.id) : undefined}
            >
              {interpolate(t.consentReceiptDownload, { platformName: connection.platformName })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * Embedded Link: the receipt is on Linkway's origin and needs the page's credentials, so it is
 * fetched and handed to the browser as a file of this page (a link to it would go without them).
 */
async function downloadWithHeaders(event: MouseEvent, props: ReceiptDownloadsProps, connectionId: string): Promise<void> {
  event.preventDefault()
  const fetchImpl = props.fetch ?? globalThis.fetch
  const response = await fetchImpl(consentReceiptUrl(props.apiBaseUrl, props.companyId, connectionId), { headers: { accept: 'application/json', ...props.headers } })
  if (!response.ok) return
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = `consent-receipt-${connectionId}.json`
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
