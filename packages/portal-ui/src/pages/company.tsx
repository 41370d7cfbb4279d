/**
 * @module A company's page: its facts (editable by admins), the Link URL to request its data
 * (and, with one-time Link URLs on, a new one on demand), its connections (unlink, delete, a
 * pending one's Link URL), its data status and pull history with a refresh that is followed until
 * it ends, the webhook messages about it, and deleting it. Everything comes from the public API,
 * as an API key would see it; a company that is not the client's is the API's 404, shown as such.
 * What should survive Back and Reload (editing, the history page, the webhook consumer shown) is
 * in the page's address.
 */
import type { Company, Connection, DataStatus, Integration, LinkSettings, PullOperation, WebhookConsumer, WebhookDelivery } from '@linkway/contracts'
import { useLocation, useRoute } from 'preact-iso'
import { useEffect, useRef, useState } from 'preact/hooks'
import { PortalApiError } from '../api.js'
import { useSession } from '../session.js'
import { ActionButton, ConfirmDialog, CopyButton, CopyField, DateTime, ErrorNotice, Loading, PageHeader, Pager, StatusBadge, SuccessNotice, useAsync, useFormSubmit } from '../ui.js'
import { SyncSettingsForm } from './sync-settings-table.js'

const HISTORY_PAGE_SIZE = 10
const DELIVERIES_PAGE_SIZE = 20
/** How often a running pull is looked at again. */
const POLL_MS = 1500
/** A pull in one of these has not ended yet (the API's running statuses the page can see). */
const RUNNING_STATUSES = new Set(['Initial', 'Queued', 'Fetching', 'MapQueued', 'Mapping', 'ProcessingQueued', 'Processing', 'ValidationQueued', 'Validating'])

type DataStatuses = Record<string, DataStatus>
type PullOperations = { results: PullOperation[]; totalResults: number }
type PageQuery = { edit?: string; history?: string; webhook?: string }

export default function CompanyPage() {
  const { api } = useSession()
  const { params } = useRoute()
  const companyId = params.companyId ?? ''
  const company = useAsync(() => api.get<Company>(`/companies/${encodeURIComponent(companyId)}`), [companyId])
  // The API answers 404 for another client's company and 400 for an id that is not a GUID: to a person, both are "no such company".
  if (company.error instanceof PortalApiError && (company.error.statusCode === 404 || company.error.statusCode === 400)) return <CompanyNotFound />
  if (!company.data) return company.error ? <ErrorNotice error={company.error} onRetry={company.reload} /> : <Loading />
  return <CompanyView company={company.data} reload={company.reload} />
}

function CompanyNotFound() {
  return (
    <>
      <PageHeader title="Company not found" />
      <p class="pt-card">
        There is no company with this address in your account: it may have been deleted, or the link is wrong. <a href="/portal/companies">Go to the companies</a>.
      </p>
    </>
  )
}

function CompanyView(props: { company: Company; reload(): void }) {
  const { api, canChange } = useSession()
  const location = useLocation()
  const { company } = props
  const query = location.query as PageQuery
  /** Changes the page's address (one history entry per step a person would go Back to). */
  const show = (next: PageQuery, replace = false) => {
    const merged = { ...query, ...next }
    const search = new URLSearchParams()
    for (const [name, value] of Object.entries(merged)) if (value) search.set(name, value)
    const text = search.toString()
    location.route(`/portal/companies/${company.id}${text ? `?${text}` : ''}`, replace)
  }
  const [isDeleting, setDeleting] = useState(false)
  return (
    <>
      <PageHeader
        title={company.name}
        description={
          <>
            <a href="/portal/companies">Companies</a> › {company.name}
          </>
        }
        actions={
          canChange ? (
            <button type="button" class="pt-button pt-button-danger" onClick={() => setDeleting(true)}>
              Delete company
            </button>
          ) : null
        }
      />
      <div class="pt-grid-2">
        <FactsCard company={company} isEditing={canChange && query.edit === '1'} onEdit={(isEditing) => show({ edit: isEditing ? '1' : '' }, !isEditing)} onSaved={props.reload} />
        <RequestDataCard company={company} onNewUrl={props.reload} />
      </div>
      <ConnectionsSection company={company} onChanged={props.reload} />
      <DataSection company={company} historyPage={Math.max(1, Number.parseInt(query.history ?? '1', 10) || 1)} onHistoryPage={(page) => show({ history: page > 1 ? String(page) : '' })} onSyncEnded={props.reload} />
      <CompanySyncSettingsSection companyId={company.id} />
      <WebhookMessagesSection companyId={company.id} webhookId={query.webhook} onWebhook={(webhookId) => show({ webhook: webhookId })} />
      {canChange ? (
        <ConfirmDialog
          title={`Delete ${company.name}?`}
          confirmLabel="Delete company"
          isOpen={isDeleting}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete(`/companies/${company.id}`)
            location.route('/portal/companies')
          }}
        >
          <p>
            {company.dataConnections.length === 0 ? (
              <>
                <strong>{company.name}</strong> is deleted for good. Its Link URL stops working.
              </>
            ) : (
              <>
                <strong>{company.name}</strong>, its {company.dataConnections.length === 1 ? 'connection' : `${company.dataConnections.length} connections`} and all the data read from them are deleted for good. Its Link URL stops working.
              </>
            )}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

/** Tags as the edit box shows them: one `key=value` a line. */
function tagsText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
}

function FactsCard(props: { company: Company; isEditing: boolean; onEdit(isEditing: boolean): void; onSaved(): void }) {
  const { canChange } = useSession()
  const { company } = props
  if (props.isEditing) return <EditCompanyForm company={company} onDone={props.onEdit} onSaved={props.onSaved} />
  const tags = Object.entries(company.tags)
  return (
    <section class="pt-card" aria-labelledby="facts-title">
      <div class="pt-section-header">
        <h2 id="facts-title">Facts</h2>
        {canChange ? (
          <button type="button" class="pt-button pt-button-small" onClick={() => props.onEdit(true)}>
            Edit<span class="pt-skip"> name, description and tags</span>
          </button>
        ) : null}
      </div>
      <dl class="pt-facts">
        <dt>Name</dt>
        <dd>{company.name}</dd>
        <dt>Description</dt>
        <dd>{company.description ? company.description : <span class="pt-muted">None</span>}</dd>
        <dt>Tags</dt>
        <dd>
          {tags.length === 0 ? (
            <span class="pt-muted">None</span>
          ) : (
            tags.map(([key, value]) => (
              <span class="pt-tag" key={key}>
                {key}={value}
              </span>
            ))
          )}
        </dd>
        <dt>Products</dt>
        <dd>
          {company.products.length === 0 ? (
            <span class="pt-muted">None</span>
          ) : (
            company.products.map((product) => (
              <span class="pt-tag" key={product}>
                {product}
              </span>
            ))
          )}
        </dd>
        <dt>Created</dt>
        <dd>
          <DateTime value={company.created} />
        </dd>
        <dt>Last sync</dt>
        <dd>
          <DateTime value={company.lastSync} />
        </dd>
        <dt>Company id</dt>
        <dd class="pt-mono">{company.id}</dd>
      </dl>
    </section>
  )
}

function EditCompanyForm(props: { company: Company; onDone(isEditing: boolean): void; onSaved(): void }) {
  const { api } = useSession()
  const [name, setName] = useState(props.company.name)
  const [description, setDescription] = useState(props.company.description ?? '')
  const [tags, setTags] = useState(tagsText(props.company.tags))
  const [tagsError, setTagsError] = useState<string | undefined>(undefined)
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const parsed: Record<string, string> = {}
    for (const line of tags.split('\n')) {
      if (!line.trim()) continue
      const at = line.indexOf('=')
      // Only the box's own format is read here; the limits on tags are the server's to check.
      if (at < 1) {
        setTagsError(`“${line.trim()}” is not key=value.`)
        return
      }
      parsed[line.slice(0, at).trim()] = line.slice(at + 1).trim()
    }
    setTagsError(undefined)
    // PUT replaces: what is left out is cleared, which is what an emptied box means.
    await api.put<Company>(`/companies/${props.company.id}`, { name, ...(description.trim() ? { description } : {}), tags: parsed })
    props.onSaved()
    props.onDone(false)
  })
  return (
    <form class="pt-card" aria-labelledby="edit-company-title" onSubmit={submit}>
      <h2 id="edit-company-title">Edit facts</h2>
      {errorNotice}
      <div class="pt-field">
        <label for="company-name">Name</label>
        <input id="company-name" class="pt-input" required maxLength={255} value={name} onInput={(event) => setName(event.currentTarget.value)} />
      </div>
      <div class="pt-field">
        <label for="company-description">Description</label>
        <textarea id="company-description" class="pt-textarea" maxLength={4000} value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
      </div>
      <div class="pt-field">
        <label for="company-tags-edit">Tags</label>
        <textarea
          id="company-tags-edit"
          class="pt-textarea"
          aria-describedby={tagsError ? 'company-tags-hint company-tags-error' : 'company-tags-hint'}
          aria-invalid={tagsError ? 'true' : undefined}
          value={tags}
          onInput={(event) => setTags(event.currentTarget.value)}
        />
        <p class="pt-hint" id="company-tags-hint">
          One a line, as key=value (for example region=uk).
        </p>
        {tagsError ? (
          <p class="pt-field-error" id="company-tags-error">
            {tagsError}
          </p>
        ) : null}
      </div>
      <div class="pt-actions">
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" class="pt-button" onClick={() => props.onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function RequestDataCard(props: { company: Company; onNewUrl(): void }) {
  const { api } = useSession()
  const settings = useAsync(() => api.get<LinkSettings>('/linkSettings'), [])
  const isOneTime = settings.data?.oneTimeLinks === true
  return (
    <section class="pt-card" aria-labelledby="request-data-title">
      <h2 id="request-data-title">Request data</h2>
      <CopyField
        label={isOneTime ? 'One-time Link URL' : 'Link URL'}
        value={props.company.redirect}
        hint={
          isOneTime
            ? 'One-time Link URLs are on: this URL works once, for one day. Make a new one for each person you send.'
            : 'Send this to the person who connects the company’s platforms.'
        }
      />
      {isOneTime ? (
        <ActionButton onAction={async () => props.onNewUrl()} busyLabel="Making…">
          Make a new one-time URL
        </ActionButton>
      ) : null}
      <ErrorNotice error={settings.error} onRetry={settings.reload} />
    </section>
  )
}

function ConnectionsSection(props: { company: Company; onChanged(): void }) {
  const { api, canChange } = useSession()
  const connections = props.company.dataConnections
  const platformKeys = [...new Set(connections.map((connection) => connection.integrationKey))].sort()
  const logos = useAsync(async () => {
    const integrations = await Promise.all(platformKeys.map((key) => api.get<Integration>(`/integrations/${key}`).catch(() => undefined)))
    return new Map(integrations.filter((integration) => integration !== undefined).map((integration) => [integration.key, integration.logoUrl]))
  }, [platformKeys.join(',')])
  const [unlinking, setUnlinking] = useState<Connection | undefined>(undefined)
  const [deleting, setDeleting] = useState<Connection | undefined>(undefined)
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">Connections</h2>
      {connections.length === 0 ? (
        <p class="pt-card">No connection yet. Send the Link URL above; the platforms the person connects appear here.</p>
      ) : (
        <div class="pt-table-wrap">
          <table class="pt-table">
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last sync</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {connections.map((connection) => {
                const logoUrl = logos.data?.get(connection.integrationKey)
                return (
                  <tr key={connection.id}>
                    <td>
                      <span class="pt-platform">
                        {logoUrl ? <img src={logoUrl} alt="" width={24} height={24} /> : null}
                        {connection.platformName}
                      </span>
                      <span class="pt-muted pt-small"> {connection.sourceType}</span>
                    </td>
                    <td>
                      <StatusBadge status={connection.status} />
                    </td>
                    <td>
                      <DateTime value={connection.created} />
                    </td>
                    <td>
                      <DateTime value={connection.lastSync} />
                    </td>
                    <td>
                      <div class="pt-actions">
                        {connection.status === 'PendingAuth' ? <CopyButton text={connection.linkUrl} label="Copy Link URL" /> : null}
                        {canChange && connection.status === 'Linked' ? (
                          <button type="button" class="pt-button pt-button-small" onClick={() => setUnlinking(connection)}>
                            Unlink<span class="pt-skip"> {connection.platformName}</span>
                          </button>
                        ) : null}
                        {canChange ? (
                          <button type="button" class="pt-button pt-button-small" onClick={() => setDeleting(connection)}>
                            Delete<span class="pt-skip"> {connection.platformName}</span>
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {canChange ? (
        <>
          <ConfirmDialog
            title={`Unlink ${unlinking?.platformName ?? ''}?`}
            confirmLabel="Unlink"
            isOpen={unlinking !== undefined}
            onClose={() => setUnlinking(undefined)}
            onConfirm={async () => {
              await api.patch(`/companies/${props.company.id}/connections/${unlinking!.id}`, { status: 'Unlinked' })
              props.onChanged()
            }}
          >
            <p>Linkway stops reading from {unlinking?.platformName} and gives up its access there. The data read so far stays. The person can link it again through the Link URL.</p>
          </ConfirmDialog>
          <ConfirmDialog
            title={`Delete the ${deleting?.platformName ?? ''} connection?`}
            confirmLabel="Delete connection"
            isOpen={deleting !== undefined}
            onClose={() => setDeleting(undefined)}
            onConfirm={async () => {
              await api.delete(`/companies/${props.company.id}/connections/${deleting!.id}`)
              props.onChanged()
            }}
          >
            <p>The connection and its access to {deleting?.platformName} are deleted for good. To read from it again, the person connects it anew.</p>
          </ConfirmDialog>
        </>
      ) : null}
    </section>
  )
}

function DataSection(props: { company: Company; historyPage: number; onHistoryPage(page: number): void; onSyncEnded(): void }) {
  const { api, canChange } = useSession()
  const companyPath = `/companies/${props.company.id}`
  const statuses = useAsync(() => api.get<DataStatuses>(`${companyPath}/dataStatus`), [companyPath])
  const history = useAsync(() => api.get<PullOperations>(`${companyPath}/data/history`, { page: props.historyPage, pageSize: HISTORY_PAGE_SIZE }), [companyPath, props.historyPage])
  const [actionError, setActionError] = useState<unknown>(undefined)
  const isRunning =
    Object.values(statuses.data ?? {}).some((status) => status.currentStatus !== undefined && RUNNING_STATUSES.has(status.currentStatus)) ||
    (history.data?.results ?? []).some((operation) => !operation.isCompleted)
  // While a pull runs, look again shortly; the timer goes with the page (and with each answer), so leaving stops it.
  useEffect(() => {
    if (!isRunning) return
    const timer = setTimeout(() => {
      statuses.reload()
      history.reload()
    }, POLL_MS)
    return () => clearTimeout(timer)
  }, [isRunning, statuses.data, history.data])
  // The company's and its connections' last sync move when a pull ends.
  const wasRunning = useRef(false)
  useEffect(() => {
    if (wasRunning.current && !isRunning) props.onSyncEnded()
    wasRunning.current = isRunning
  }, [isRunning])
  const hasLinked = props.company.dataConnections.some((connection) => connection.status === 'Linked')
  const afterQueueing = () => {
    setActionError(undefined)
    statuses.reload()
    history.reload()
  }
  const rows = Object.values(statuses.data ?? {}).sort((a, b) => a.dataType.localeCompare(b.dataType))
  return (
    <section aria-labelledby="data-title">
      <div class="pt-section-header">
        <h2 id="data-title">Data</h2>
        {canChange ? (
          <ActionButton
            variant="primary"
            disabled={!hasLinked}
            busyLabel="Queuing…"
            onError={setActionError}
            onAction={async () => {
              await api.post(`${companyPath}/data/all`)
              afterQueueing()
            }}
          >
            Refresh all data
          </ActionButton>
        ) : null}
      </div>
      {canChange && !hasLinked ? <p class="pt-hint">Data is read from Linked connections: there is none yet.</p> : null}
      {isRunning ? <p class="pt-muted" role="status">Reading data… this page follows it until it ends.</p> : <span role="status" />}
      <ErrorNotice error={actionError} />
      <ErrorNotice error={statuses.error} onRetry={statuses.reload} />
      <h3>Data status</h3>
      {statuses.data ? (
        rows.length === 0 ? (
          <p class="pt-card">Nothing read yet.</p>
        ) : (
          <div class="pt-table-wrap">
            <table class="pt-table" aria-label="Data status">
              <thead>
                <tr>
                  <th scope="col">Data type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last successful sync</th>
                  {canChange ? <th scope="col">Refresh</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((status) => (
                  <tr key={status.dataType}>
                    <td class="pt-mono">{status.dataType}</td>
                    <td>{status.currentStatus ? <StatusBadge status={status.currentStatus} /> : <span class="pt-muted">Never read</span>}</td>
                    <td>
                      <DateTime value={status.lastSuccessfulSync} />
                    </td>
                    {canChange ? (
                      <td>
                        <ActionButton
                          disabled={!hasLinked || (status.currentStatus !== undefined && RUNNING_STATUSES.has(status.currentStatus))}
                          busyLabel="Queuing…"
                          onError={setActionError}
                          onAction={async () => {
                            await api.post(`${companyPath}/data/queue/${encodeURIComponent(status.dataType)}`)
                            afterQueueing()
                          }}
                        >
                          Refresh<span class="pt-skip"> {status.dataType}</span>
                        </ActionButton>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : statuses.isLoading ? (
        <Loading />
      ) : null}
      <h3>Pull history</h3>
      <ErrorNotice error={history.error} onRetry={history.reload} />
      {history.data ? (
        history.data.results.length === 0 ? (
          <p class="pt-card">No pull yet.</p>
        ) : (
          <div class="pt-table-wrap">
            <table class="pt-table" aria-label="Pull history">
              <thead>
                <tr>
                  <th scope="col">Data type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Requested</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Records</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {history.data.results.map((operation) => (
                  <tr key={operation.id}>
                    <td class="pt-mono">{operation.dataType}</td>
                    <td>
                      <StatusBadge status={operation.status} />
                      {!operation.isCompleted ? <span class="pt-muted pt-small"> {operation.progress}%</span> : null}
                    </td>
                    <td>
                      <DateTime value={operation.requested} />
                    </td>
                    <td>
                      <DateTime value={operation.completed} />
                    </td>
                    <td>
                      {operation.recordsRead} read, {operation.recordsModified} changed
                    </td>
                    <td>
                      {operation.errorMessage ? <span class="pt-error-text">{operation.errorMessage}</span> : null}
                      {operation.statusDescription ? <span class="pt-muted"> {operation.statusDescription}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : history.isLoading ? (
        <Loading />
      ) : null}
      {history.data ? <Pager label="Pull history pages" page={props.historyPage} pageSize={HISTORY_PAGE_SIZE} totalResults={history.data.totalResults} onPage={props.onHistoryPage} /> : null}
    </section>
  )
}

function WebhookMessagesSection(props: { companyId: string; webhookId: string | undefined; onWebhook(webhookId: string): void }) {
  const { api } = useSession()
  const consumers = useAsync(() => api.get<{ results: WebhookConsumer[] }>('/webhooks'), [])
  const list = consumers.data?.results ?? []
  const consumer = list.find((candidate) => candidate.id === props.webhookId) ?? list[0]
  const deliveries = useAsync(
    async () => (consumer ? await api.get<{ results: WebhookDelivery[]; totalResults: number }>(`/webhooks/${consumer.id}/deliveries`, { companyId: props.companyId, pageSize: DELIVERIES_PAGE_SIZE }) : undefined),
    [consumer?.id, props.companyId],
  )
  return (
    <section aria-labelledby="webhook-messages-title">
      <h2 id="webhook-messages-title">Webhook messages</h2>
      <ErrorNotice error={consumers.error} onRetry={consumers.reload} />
      {consumers.data && list.length === 0 ? <p class="pt-card">No webhook consumer is set up, so no message is sent about this company.</p> : null}
      {list.length > 1 ? (
        <div class="pt-field">
          <label for="webhook-consumer">Consumer</label>
          <select id="webhook-consumer" class="pt-select" value={consumer?.id} onChange={(event) => props.onWebhook(event.currentTarget.value)}>
            {list.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.url}
                {candidate.disabled ? ' (disabled)' : ''}
              </option>
            ))}
          </select>
        </div>
      ) : consumer ? (
        <p class="pt-muted">
          Sent to <span class="pt-mono">{consumer.url}</span>
        </p>
      ) : null}
      <ErrorNotice error={deliveries.error} onRetry={deliveries.reload} />
      {deliveries.data ? (
        deliveries.data.results.length === 0 ? (
          <p class="pt-card">No message about this company has been sent to this consumer.</p>
        ) : (
          <div class="pt-table-wrap">
            <table class="pt-table" aria-label="Webhook messages">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last attempt</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.results.map((delivery) => {
                  const last = delivery.attempts.at(-1)
                  return (
                    <tr key={delivery.id}>
                      <td class="pt-mono">{delivery.eventType}</td>
                      <td>
                        <StatusBadge status={delivery.status} />
                      </td>
                      <td>
                        <DateTime value={delivery.created} />
                      </td>
                      <td>
                        {last ? (
                          <>
                            <DateTime value={last.attemptedAt} /> {last.error ? <span class="pt-error-text">{last.error}</span> : <span>HTTP {last.httpStatus}</span>}
                            <span class="pt-muted pt-small"> ({delivery.attempts.length} {delivery.attempts.length === 1 ? 'attempt' : 'attempts'})</span>
                          </>
                        ) : (
                          <span class="pt-muted">Not attempted yet</span>
                        )}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )
      ) : consumer && deliveries.isLoading ? (
        <Loading />
      ) : null}
      {deliveries.data && deliveries.data.totalResults > deliveries.data.results.length ? (
        <p class="pt-hint">
          The {deliveries.data.results.length} newest of {deliveries.data.totalResults}.
        </p>
      ) : null}
    </section>
  )
}

/**
 * The company's own sync settings, when it should not follow the client's defaults (a lender who
 * needs one customer's bank transactions hourly). Switching "its own settings" off keeps what was
 * set, unused, as the API does.
 */
function CompanySyncSettingsSection(props: { companyId: string }) {
  return (
    <SyncSettingsForm
      path={`/companies/${props.companyId}/syncSettings`}
      titleId="company-sync-title"
      caption="This company's sync settings by data type"
      savedMessage="Saved."
      canOverride={{
        label: 'This company has its own sync settings',
        defaults: (
          <>
            It follows your defaults (<a href="/portal/settings/redirects">Settings › Redirects &amp; sync</a>).
          </>
        ),
      }}
    />
  )
}
