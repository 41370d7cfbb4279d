/**
 * @module Developers › Webhooks: the client's consumers (add with a URL and event types, enable or
 * disable, delete), and one consumer's signing secret (revealed on request, rotated after a
 * confirmation) and message log: filtered by event type, status and company, paged, each message
 * with its attempts and what the receiver answered; resend one, recover every failure since a
 * time, send a test event. Which consumer and which filters are in the page's address, so Back,
 * Reload and a shared link show the same log.
 */
import type { Companies, RecoverDeliveriesResult, WebhookConsumer, WebhookConsumers, WebhookDeliveries, WebhookDelivery, WebhookEventTypes, WebhookSecret } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { useSession } from '../session.js'
import { ActionButton, ConfirmDialog, CopyField, DateTime, ErrorNotice, Loading, PageHeader, Pager, SuccessNotice, useAsync, useFormSubmit } from '../ui.js'

const PAGE_SIZE = 20
const STATUSES: Array<WebhookDelivery['status']> = ['Sending', 'Attempting', 'Success', 'Failure']
const STATUS_TONES: Record<WebhookDelivery['status'], string> = { Sending: 'waiting', Attempting: 'waiting', Success: 'good', Failure: 'bad' }

interface LogFilter {
  consumer: string
  eventType: string
  status: string
  companyId: string
  page: number
}

function addressOf(filter: Partial<LogFilter>): string {
  const params = new URLSearchParams()
  if (filter.consumer) params.set('consumer', filter.consumer)
  if (filter.eventType) params.set('eventType', filter.eventType)
  if (filter.status) params.set('status', filter.status)
  if (filter.companyId) params.set('companyId', filter.companyId)
  if ((filter.page ?? 1) > 1) params.set('page', String(filter.page))
  const text = params.toString()
  return text ? `/portal/webhooks?${text}` : '/portal/webhooks'
}

export default function WebhooksPage() {
  const { api, canChange } = useSession()
  const location = useLocation()
  const filter: LogFilter = {
    consumer: location.query.consumer ?? '',
    eventType: location.query.eventType ?? '',
    status: location.query.status ?? '',
    companyId: location.query.companyId ?? '',
    page: Math.max(1, Number.parseInt(location.query.page ?? '1', 10) || 1),
  }
  const consumers = useAsync(() => api.get<WebhookConsumers>('/webhooks'), [])
  const eventTypes = useAsync(() => api.get<WebhookEventTypes>('/webhooks/eventTypes'), [])
  const [isAdding, setAdding] = useState(false)
  const [deleting, setDeleting] = useState<WebhookConsumer | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const selected = consumers.data?.results.find((consumer) => consumer.id === filter.consumer)
  const setDisabled = async (consumer: WebhookConsumer, disabled: boolean) => {
    setError(undefined)
    await api.patch(`/webhooks/${consumer.id}`, { disabled })
    consumers.reload()
  }
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Linkway tells your backend about every change with a signed HTTP POST to each consumer subscribed to the event."
        actions={
          canChange ? (
            <button type="button" class="pt-button pt-button-primary" aria-expanded={isAdding} onClick={() => setAdding(!isAdding)}>
              Add consumer
            </button>
          ) : null
        }
      />
      {isAdding && eventTypes.data ? (
        <AddConsumerForm
          eventTypes={eventTypes.data.results}
          onCancel={() => setAdding(false)}
          onAdded={(consumer) => {
            setAdding(false)
            consumers.reload()
            location.route(addressOf({ consumer: consumer.id }))
          }}
        />
      ) : null}
      <ErrorNotice error={error ?? consumers.error ?? eventTypes.error} onRetry={consumers.error ? consumers.reload : undefined} />
      {consumers.data ? (
        consumers.data.results.length === 0 ? (
          <p class="pt-card">No consumer yet. Add one with the URL of your endpoint and the events it wants.</p>
        ) : (
          <div class="pt-table-wrap">
            <table class="pt-table">
              <caption class="pt-skip">Webhook consumers</caption>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Events</th>
                  <th scope="col">State</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {consumers.data.results.map((consumer) => (
                  <tr key={consumer.id} aria-current={consumer.id === filter.consumer ? 'true' : undefined} class={consumer.id === filter.consumer ? 'pt-row-selected' : undefined}>
                    <td class="pt-mono">{consumer.url}</td>
                    <td>
                      {consumer.eventTypes.map((eventType) => (
                        <span class="pt-tag" key={eventType}>
                          {eventType}
                        </span>
                      ))}
                      {consumer.companyTags.length ? <div class="pt-muted">Only companies tagged {consumer.companyTags.join(', ')}</div> : null}
                    </td>
                    <td>
                      <span class={`pt-badge pt-badge-${consumer.disabled ? 'neutral' : 'good'}`}>{consumer.disabled ? 'Disabled' : 'Enabled'}</span>
                    </td>
                    <td>
                      <div class="pt-actions">
                        <a class="pt-button" href={addressOf({ consumer: consumer.id })} aria-current={consumer.id === filter.consumer ? 'page' : undefined}>
                          Messages<span class="pt-skip"> to {consumer.url}</span>
                        </a>
                        {canChange ? (
                          <>
                            <ActionButton onError={setError} onAction={() => setDisabled(consumer, !consumer.disabled)} busyLabel="Saving…">
                              {consumer.disabled ? 'Enable' : 'Disable'}
                              <span class="pt-skip"> {consumer.url}</span>
                            </ActionButton>
                            <button type="button" class="pt-button" onClick={() => setDeleting(consumer)}>
                              Delete<span class="pt-skip"> {consumer.url}</span>
                            </button>
                          </>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : consumers.isLoading ? (
        <Loading />
      ) : null}
      {selected && eventTypes.data ? <ConsumerPanel key={selected.id} consumer={selected} filter={filter} eventTypes={eventTypes.data.results} /> : null}
      {filter.consumer && consumers.data && !selected ? <p class="pt-card">This consumer no longer exists. Pick another above.</p> : null}
      <ConfirmDialog
        title="Delete this consumer?"
        confirmLabel="Delete consumer"
        isOpen={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          await api.delete(`/webhooks/${deleting!.id}`)
          if (deleting!.id === filter.consumer) location.route(addressOf({}))
          consumers.reload()
        }}
      >
        <p>
          Linkway stops sending to <span class="pt-mono">{deleting?.url}</span> at once; messages still waiting for it are dropped, and its log goes with it.
        </p>
      </ConfirmDialog>
    </>
  )
}

function AddConsumerForm(props: { eventTypes: string[]; onCancel: () => void; onAdded: (consumer: WebhookConsumer) => void }) {
  const { api } = useSession()
  const [url, setUrl] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    props.onAdded(await api.post<WebhookConsumer>('/webhooks', { url: url.trim(), eventTypes: chosen }))
  })
  return (
    <form class="pt-card" aria-labelledby="add-consumer-title" onSubmit={submit}>
      <h2 id="add-consumer-title">Add consumer</h2>
      {errorNotice}
      <div class="pt-field">
        <label for="consumer-url">Endpoint URL</label>
        <input id="consumer-url" class="pt-input pt-mono" type="url" required maxLength={2048} placeholder="https://api.example.com/linkway/webhooks" value={url} onInput={(event) => setUrl(event.currentTarget.value)} />
      </div>
      <fieldset class="pt-fieldset">
        <legend class="pt-legend">Event types</legend>
        <div class="pt-checks">
          {props.eventTypes.map((eventType) => (
            <label key={eventType} class="pt-check">
              <input
                type="checkbox"
                checked={chosen.includes(eventType)}
                onChange={(event) => {
                  const isChecked = event.currentTarget.checked
                  setChosen((current) => (isChecked ? [...current, eventType] : current.filter((type) => type !== eventType)))
                }}
              />{' '}
              <span class="pt-mono">{eventType}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="pt-actions">
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Adding…' : 'Add consumer'}
        </button>
        <button type="button" class="pt-button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function ConsumerPanel(props: { consumer: WebhookConsumer; filter: LogFilter; eventTypes: string[] }) {
  const { api, canChange } = useSession()
  const { consumer, filter } = props
  const location = useLocation()
  const log = useAsync(
    () =>
      api.get<WebhookDeliveries>(`/webhooks/${consumer.id}/deliveries`, {
        page: filter.page,
        pageSize: PAGE_SIZE,
        eventType: filter.eventType || undefined,
        status: filter.status || undefined,
        companyId: filter.companyId || undefined,
      }),
    [consumer.id, filter.eventType, filter.status, filter.companyId, filter.page],
  )
  const companies = useAsync(() => api.get<Companies>('/companies', { pageSize: 100, orderBy: 'name' }), [])
  const [eventType, setEventType] = useState(filter.eventType)
  const [status, setStatus] = useState(filter.status)
  const [companyId, setCompanyId] = useState(filter.companyId)
  // Back and Forward change the address: the filter's boxes follow it.
  useEffect(() => {
    setEventType(filter.eventType)
    setStatus(filter.status)
    setCompanyId(filter.companyId)
  }, [filter.eventType, filter.status, filter.companyId])
  const [notice, setNotice] = useState<string | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const act = async (action: () => Promise<string>) => {
    setNotice(undefined)
    setError(undefined)
    setNotice(await action())
    log.reload()
  }
  const hasFilter = Boolean(filter.eventType || filter.status || filter.companyId)
  return (
    <section class="pt-card" aria-labelledby="consumer-title">
      <h2 id="consumer-title">
        Messages to <span class="pt-mono">{consumer.url}</span>
      </h2>
      <SecretPanel consumer={consumer} />
      {notice ? <SuccessNotice>{notice}</SuccessNotice> : null}
      <ErrorNotice error={error} />
      {canChange ? (
        <div class="pt-toolbar">
          <ActionButton onError={setError} busyLabel="Sending…" onAction={() => act(async () => (await api.post(`/webhooks/${consumer.id}/test`), 'A test event (webhook.test) is on its way. Refresh the log to see its attempt.'))}>
            Send test event
          </ActionButton>
          <RecoverForm consumerId={consumer.id} onRecovered={(recovered) => act(async () => (recovered === 1 ? 'One failed message is being sent again.' : `${recovered} failed messages are being sent again.`))} onError={setError} />
        </div>
      ) : null}
      <h3>Message log</h3>
      <form
        class="pt-toolbar"
        aria-label="Filter the message log"
        onSubmit={(event) => {
          event.preventDefault()
          location.route(addressOf({ consumer: consumer.id, eventType, status, companyId, page: 1 }))
        }}
      >
        <div class="pt-field">
          <label for="log-event-type">Event type</label>
          <select id="log-event-type" class="pt-select" value={eventType} onChange={(event) => setEventType(event.currentTarget.value)}>
            <option value="">Any event type</option>
            {props.eventTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </div>
        <div class="pt-field">
          <label for="log-status">Status</label>
          <select id="log-status" class="pt-select" value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
            <option value="">Any status</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <div class="pt-field">
          <label for="log-company">Company</label>
          <select id="log-company" class="pt-select" value={companyId} onChange={(event) => setCompanyId(event.currentTarget.value)}>
            <option value="">Any company</option>
            {companies.data?.results.map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
            {filter.companyId && companies.data && !companies.data.results.some((company) => company.id === filter.companyId) ? <option value={filter.companyId}>{filter.companyId}</option> : null}
          </select>
        </div>
        <button type="submit" class="pt-button">
          Filter
        </button>
        {hasFilter ? (
          <a class="pt-button" href={addressOf({ consumer: consumer.id })}>
            Clear filter
          </a>
        ) : null}
        <button
          type="button"
          class="pt-button"
          onClick={() => {
            log.reload()
            companies.reload()
          }}
        >
          Refresh
        </button>
      </form>
      <ErrorNotice error={log.error} onRetry={log.reload} />
      {log.data ? (
        <>
          <p class="pt-muted" role="status">
            {log.data.totalResults === 1 ? '1 message' : `${log.data.totalResults} messages`}
            {hasFilter ? (log.data.totalResults === 1 ? ' matches the filter' : ' match the filter') : ''}.
          </p>
          {log.data.results.length === 0 ? null : <DeliveryTable consumerId={consumer.id} deliveries={log.data.results} onResent={() => act(async () => 'The message is being sent again.')} onError={setError} />}
          <Pager label="Message log pages" page={filter.page} pageSize={PAGE_SIZE} totalResults={log.data.totalResults} onPage={(page) => location.route(addressOf({ ...filter, page }))} />
        </>
      ) : log.isLoading ? (
        <Loading />
      ) : null}
    </section>
  )
}

function SecretPanel(props: { consumer: WebhookConsumer }) {
  const { api, canChange } = useSession()
  const [secret, setSecret] = useState<string | undefined>(undefined)
  const [isRotating, setRotating] = useState(false)
  const [isRotated, setRotated] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  return (
    <div class="pt-secret">
      <h3>Signing secret</h3>
      <p class="pt-muted">Your endpoint checks each message's signature with it (Standard Webhooks, HMAC-SHA256). Keep it out of code and logs.</p>
      <ErrorNotice error={error} />
      {isRotated ? <SuccessNotice>A new secret is in use. For 24 hours messages are signed with the old one too, so you can switch without losing any.</SuccessNotice> : null}
      {secret ? <CopyField label="Signing secret" value={secret} /> : null}
      <div class="pt-actions">
        {/* Admins only (the server refuses a viewer): with the secret, anyone could sign a message as Linkway. */}
        {!canChange ? (
          <p class="pt-muted">Only admins reveal the signing secret.</p>
        ) : secret ? (
          <button type="button" class="pt-button" onClick={() => setSecret(undefined)}>
            Hide secret
          </button>
        ) : (
          <ActionButton onError={setError} busyLabel="Revealing…" onAction={async () => setSecret((await api.get<WebhookSecret>(`/webhooks/${props.consumer.id}/secret`)).secret)}>
            Reveal secret
          </ActionButton>
        )}
        {canChange ? (
          <button type="button" class="pt-button" onClick={() => setRotating(true)}>
            Rotate secret
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        title="Rotate the signing secret?"
        confirmLabel="Rotate secret"
        isOpen={isRotating}
        onClose={() => setRotating(false)}
        onConfirm={async () => {
          const rotated = await api.post<WebhookSecret>(`/webhooks/${props.consumer.id}/secret/rotate`)
          setSecret(rotated.secret)
          setRotated(true)
        }}
      >
        <p>A new secret signs every message from now on. The old one also signs them for 24 hours: put the new one in your endpoint within that time.</p>
      </ConfirmDialog>
    </div>
  )
}

/** An `<input type="datetime-local">`'s value (the person's local time) for an instant. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

function RecoverForm(props: { consumerId: string; onRecovered: (recovered: number) => Promise<void>; onError: (error: unknown) => void }) {
  const { api } = useSession()
  const [since, setSince] = useState(() => localInputValue(new Date(Date.now() - 24 * 60 * 60 * 1000)))
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const instant = new Date(since)
    if (Number.isNaN(instant.getTime())) throw new Error('Give a date and time to recover failures since.')
    const result = await api.post<RecoverDeliveriesResult>(`/webhooks/${props.consumerId}/recover`, { since: instant.toISOString() })
    await props.onRecovered(result.recovered)
  })
  return (
    <form class="pt-toolbar pt-inline-form" onSubmit={submit}>
      {errorNotice}
      <div class="pt-field">
        <label for="recover-since">Recover failures since</label>
        <input id="recover-since" class="pt-input" type="datetime-local" required value={since} onInput={(event) => setSince(event.currentTarget.value)} />
      </div>
      <button type="submit" class="pt-button" disabled={isBusy} aria-busy={isBusy}>
        {isBusy ? 'Recovering…' : 'Recover failures'}
      </button>
    </form>
  )
}

function DeliveryTable(props: { consumerId: string; deliveries: WebhookDelivery[]; onResent: () => Promise<void>; onError: (error: unknown) => void }) {
  const { api, canChange } = useSession()
  return (
    <div class="pt-table-wrap">
      <table class="pt-table">
        <caption class="pt-skip">Messages</caption>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            {canChange ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.deliveries.map((delivery) => (
            <tr key={delivery.id}>
              <td>
                <DateTime value={delivery.created} />
              </td>
              <td>
                <span class="pt-mono">{delivery.eventType}</span>
                <div class="pt-muted pt-mono pt-small">{delivery.messageId}</div>
              </td>
              <td>
                <span class={`pt-badge pt-badge-${STATUS_TONES[delivery.status]}`}>{delivery.status}</span>
                {delivery.nextAttempt ? (
                  <div class="pt-muted pt-small">
                    Next: <DateTime value={delivery.nextAttempt} />
                  </div>
                ) : null}
              </td>
              <td>
                {delivery.attempts.length === 0 ? (
                  <span class="pt-muted">Not attempted yet</span>
                ) : (
                  <ol class="pt-attempts">
                    {delivery.attempts.map((attempt, index) => (
                      <li key={index}>
                        <DateTime value={attempt.attemptedAt} /> · {attempt.httpStatus === null ? 'no answer' : `HTTP ${attempt.httpStatus}`} · {attempt.durationMs} ms
                        {attempt.error && attempt.error !== `HTTP ${attempt.httpStatus}` ? <span class="pt-field-error"> · {attempt.error}</span> : null}
                        {attempt.responseBody ? <pre class="pt-excerpt" aria-label="The receiver's answer">{attempt.responseBody}</pre> : null}
                      </li>
                    ))}
                  </ol>
                )}
              </td>
              {canChange ? (
                <td>
                  <ActionButton

                    busyLabel="Resending…"
                    onError={props.onError}
                    onAction={async () => {
                      await api.post(`/webhooks/${props.consumerId}/deliveries/${delivery.id}/resend`)
                      await props.onResent()
                    }}
                  >
                    Resend<span class="pt-skip"> {delivery.eventType} of {delivery.created}</span>
                  </ActionButton>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
