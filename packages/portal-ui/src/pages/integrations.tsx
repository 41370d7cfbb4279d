/**
 * @module Settings › Integrations: every platform of `/integrations`, whether this client offers
 * it, and its OAuth app's credentials (`/integrations/{key}/credentials`: the client id, and the
 * secret, which is write-only: the page says only whether one is set). The redirect URI to
 * register at the platform is the server's. "Test connection" makes a throwaway test company and
 * opens its connection's Link URL in a new tab: the real sign-in at the platform, with these
 * credentials. Which platform's form is open is in the page's address (`?edit=gbol`).
 */
import type { Company, Connection, Integration, Integrations, PlatformCredentials } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useId, useRef, useState } from 'preact/hooks'
import { PortalApiError } from '../api.js'
import { useSession } from '../session.js'
import { ActionButton, CopyField, ErrorNotice, Loading, PageHeader, SuccessNotice, useAsync, useFormSubmit } from '../ui.js'

const SOURCE_TYPES = ['Accounting', 'Banking', 'Commerce'] as const

/** Platforms whose credentials can be set: neither Linkway's sandboxes nor the offline ones (never enabled). */
const isConfigurable = (integration: Integration) => !integration.isSandbox && !integration.isOfflineConnector

interface PlatformRow {
  integration: Integration
  credentials: PlatformCredentials | undefined
}

export default function IntegrationsPage() {
  const { api, canChange } = useSession()
  const location = useLocation()
  const editing = location.query.edit ?? ''
  const rows = useAsync(async (): Promise<PlatformRow[]> => {
    const list = await api.get<Integrations>('/integrations', { pageSize: 100 })
    return await Promise.all(
      list.results.map(async (integration) => ({
        integration,
        credentials: isConfigurable(integration) ? await api.get<PlatformCredentials>(`/integrations/${integration.key}/credentials`).catch((error: unknown) => notFoundAsNone(error)) : undefined,
      })),
    )
  }, [])
  const [error, setError] = useState<unknown>(undefined)
  const [notice, setNotice] = useState('')
  const edit = (key: string) => location.route(key ? `/portal/settings/integrations?edit=${key}` : '/portal/settings/integrations')
  const redirectUri = rows.data?.find((row) => row.credentials)?.credentials?.redirectUri ?? `${window.location.origin}/link/oauth/callback`

  const setEnabled = async (row: PlatformRow, isEnabled: boolean) => {
    setError(undefined)
    setNotice('')
    try {
      await api.patch(`/integrations/${row.integration.key}/credentials`, { enabled: isEnabled })
      setNotice(`${row.integration.name} is ${isEnabled ? 'enabled' : 'disabled'}.`)
    } catch (failure) {
      setError(failure)
    }
    rows.reload()
  }

  const testConnection = async (integration: Integration) => {
    setError(undefined)
    setNotice('')
    // Opened in the click itself (a tab opened after an await is a popup the browser blocks), then sent on.
    const tab = window.open('about:blank', '_blank')
    try {
      // One test company for every test, found by its tag: clicks do not pile up companies.
      const existing = await api.get<{ results: Company[] }>('/companies', { tags: 'purpose=connection-test', pageSize: 1 })
      const company = existing.results[0] ?? (await api.post<Company>('/companies', { name: 'Connection test', tags: { purpose: 'connection-test' } }))
      const connection = await api.post<Connection>(`/companies/${company.id}/connections`, { platformKey: integration.key })
      if (tab) {
        tab.opener = null
        tab.location.href = connection.linkUrl
      } else {
        window.open(connection.linkUrl, '_blank', 'noopener')
      }
      setNotice(`The sign-in at ${integration.name} opened in a new tab, for the test company "${company.name}" (listed under Companies, tagged purpose=connection-test; every test uses it).`)
    } catch (failure) {
      tab?.close()
      setError(failure)
    }
  }

  return (
    <>
      <PageHeader title="Integrations" description="The platforms a company can connect. Linkway signs people in with your own OAuth app at each platform: set its client id and secret here." />
      <div class="pt-card">
        <CopyField label="Redirect URI" value={redirectUri} hint="Register this exact URL as the redirect (callback) URI of your app at every platform." />
      </div>
      {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
      <ErrorNotice error={error ?? rows.error} onRetry={rows.error ? rows.reload : undefined} />
      {!rows.data ? (
        rows.isLoading ? <Loading /> : null
      ) : (
        SOURCE_TYPES.map((sourceType) => (
          <section key={sourceType} aria-labelledby={`integrations-${sourceType}`}>
            <h2 id={`integrations-${sourceType}`}>{sourceType}</h2>
            <div class="pt-table-wrap">
              <table class="pt-table pt-integrations">
                <thead>
                  <tr>
                    <th scope="col">Platform</th>
                    <th scope="col">Status</th>
                    <th scope="col">Credentials</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {(rows.data ?? [])
                    .filter((row) => row.integration.sourceType === sourceType)
                    .map((row) => (
                      <IntegrationRow
                        key={row.integration.key}
                        row={row}
                        canChange={canChange}
                        isEditing={editing === row.integration.key}
                        onEdit={() => edit(editing === row.integration.key ? '' : row.integration.key)}
                        onEnabled={(isEnabled) => setEnabled(row, isEnabled)}
                        onTest={() => testConnection(row.integration)}
                        onSaved={(message) => {
                          setNotice(message)
                          edit('')
                          rows.reload()
                        }}
                      />
                    ))}
                </tbody>
              </table>
            </div>
          </section>
        ))
      )}
    </>
  )
}

function notFoundAsNone(error: unknown): undefined {
  if (error instanceof PortalApiError && error.statusCode === 404) return undefined
  throw error
}

interface RowProps {
  row: PlatformRow
  canChange: boolean
  isEditing: boolean
  onEdit(): void
  onEnabled(isEnabled: boolean): Promise<void>
  onTest(): Promise<void>
  onSaved(message: string): void
}

function IntegrationRow({ row, canChange, isEditing, onEdit, onEnabled, onTest, onSaved }: RowProps) {
  const { integration, credentials } = row
  const name = integration.name
  const kind = integration.isSandbox ? 'Sandbox' : integration.isOfflineConnector ? 'Offline' : integration.isBeta ? 'Beta' : ''
  return (
    <>
      <tr>
        <th scope="row">
          {name} <span class="pt-mono pt-muted">{integration.key}</span>
          {kind ? <span class="pt-tag pt-kind">{kind}</span> : null}
        </th>
        <td>
          <span class={`pt-badge pt-badge-${integration.enabled ? 'good' : 'neutral'}`}>{integration.enabled ? 'Enabled' : 'Not enabled'}</span>
        </td>
        <td>
          {integration.isSandbox ? (
            <span class="pt-muted">Built in: none needed</span>
          ) : integration.isOfflineConnector ? (
            <span class="pt-muted">Not linkable online</span>
          ) : credentials ? (
            <>
              Client id <span class="pt-mono">{credentials.clientId}</span>
              <br />
              Secret: set
            </>
          ) : (
            <span class="pt-muted">Not set</span>
          )}
        </td>
        <td>
          <div class="pt-actions">
            {canChange && credentials ? <EnabledSwitch name={name} isEnabled={credentials.enabled} onChange={onEnabled} /> : null}
            {canChange && isConfigurable(integration) ? (
              <button type="button" class="pt-button pt-button-small" aria-expanded={isEditing} onClick={onEdit}>
                {credentials ? `Change credentials` : `Set credentials`}
                <span class="pt-skip-text"> of {name}</span>
              </button>
            ) : null}
            {canChange && integration.enabled ? (
              <ActionButton onAction={onTest} busyLabel="Opening…">
                Test connection<span class="pt-skip-text"> to {name}</span>
              </ActionButton>
            ) : null}
          </div>
        </td>
      </tr>
      {isEditing && canChange && isConfigurable(integration) ? (
        <tr>
          <td colSpan={4}>
            <CredentialsForm integration={integration} credentials={credentials} onSaved={onSaved} onCancel={onEdit} />
          </td>
        </tr>
      ) : null}
    </>
  )
}

function EnabledSwitch(props: { name: string; isEnabled: boolean; onChange(isEnabled: boolean): Promise<void> }) {
  // Not disabled while it saves: a disabled control loses the keyboard's focus. A change meanwhile is ignored.
  const isBusy = useRef(false)
  const [isSaving, setSaving] = useState(false)
  const id = useId()
  return (
    <span class="pt-check pt-check-inline">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={props.isEnabled}
        aria-busy={isSaving}
        onChange={(event) => {
          const input = event.currentTarget
          if (isBusy.current) {
            input.checked = props.isEnabled
            return
          }
          isBusy.current = true
          setSaving(true)
          void props.onChange(input.checked).finally(() => {
            isBusy.current = false
            setSaving(false)
          })
        }}
      />
      <label for={id}>
        Enabled<span class="pt-skip-text"> ({props.name})</span>
      </label>
    </span>
  )
}

function CredentialsForm(props: { integration: Integration; credentials: PlatformCredentials | undefined; onSaved(message: string): void; onCancel(): void }) {
  const { api } = useSession()
  const { integration, credentials } = props
  const [clientId, setClientId] = useState(credentials?.clientId ?? '')
  const [clientSecret, setClientSecret] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const ids = { clientId: useId(), clientSecret: useId() }
  const form = useFormSubmit(async () => {
    setFieldErrors({})
    try {
      // Credentials already set: only what changed, so an empty secret box keeps the stored secret.
      if (credentials) await api.patch(`/integrations/${integration.key}/credentials`, { clientId, ...(clientSecret ? { clientSecret } : {}) })
      else await api.put(`/integrations/${integration.key}/credentials`, { clientId, clientSecret, enabled: true })
    } catch (error) {
      if (error instanceof PortalApiError) setFieldErrors(error.fieldErrors)
      throw error
    }
    setClientSecret('')
    props.onSaved(`The credentials of ${integration.name} are saved.`)
  })
  return (
    <form class="pt-credentials-form" onSubmit={form.submit} aria-label={`Credentials of ${integration.name}`}>
      <h3>Credentials of {integration.name}</h3>
      <div class="pt-field">
        <label for={ids.clientId}>Client id</label>
        <input id={ids.clientId} class="pt-input pt-mono" autocomplete="off" spellcheck={false} value={clientId} aria-invalid={fieldErrors.clientId ? true : undefined} onInput={(event) => setClientId(event.currentTarget.value)} />
        {fieldErrors.clientId ? <p class="pt-field-error">{fieldErrors.clientId}</p> : null}
      </div>
      <div class="pt-field">
        <label for={ids.clientSecret}>Client secret</label>
        <input
          id={ids.clientSecret}
          class="pt-input pt-mono"
          type="password"
          autocomplete="new-password"
          spellcheck={false}
          value={clientSecret}
          aria-describedby={`${ids.clientSecret}-hint`}
          aria-invalid={fieldErrors.clientSecret ? true : undefined}
          onInput={(event) => setClientSecret(event.currentTarget.value)}
        />
        <p class="pt-hint" id={`${ids.clientSecret}-hint`}>
          {credentials ? 'A secret is set. It is never shown; type a new one to replace it, or leave this empty to keep it.' : 'Stored encrypted and never shown again.'}
        </p>
        {fieldErrors.clientSecret ? <p class="pt-field-error">{fieldErrors.clientSecret}</p> : null}
      </div>
      {form.errorNotice}
      <div class="pt-actions">
        <button type="submit" class="pt-button pt-button-primary" disabled={form.isBusy} aria-busy={form.isBusy}>
          {form.isBusy ? 'Saving…' : 'Save credentials'}
        </button>
        <button type="button" class="pt-button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
