/**
 * @module The audit log (admins): every change made in the Portal or with its session — who, what,
 * when, and the change itself — filtered by action, user and time, newest first. The filter is in
 * the page's address, so a filtered view can be reloaded or shared with another admin.
 */
import type { AuditEntry, AuditPage as AuditPageBody, PortalUsers } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { useSession } from '../session.js'
import { DateTime, ErrorNotice, Loading, PageHeader, useAsync } from '../ui.js'

/** A date input's day as the instant its local midnight is (the API takes instants with offsets). */
function startOfDay(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined
  const date = new Date(`${day}T00:00:00`)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

function endOfDay(day: string): string | undefined {
  const start = startOfDay(day)
  return start ? new Date(new Date(start).getTime() + 24 * 60 * 60 * 1000).toISOString() : undefined
}

export default function AuditLogPage() {
  const { api, canChange } = useSession()
  const location = useLocation()
  const action = location.query.action ?? ''
  const userId = location.query.userId ?? ''
  const fromDay = location.query.from ?? ''
  const toDay = location.query.to ?? ''
  const page = Math.max(1, Number.parseInt(location.query.page ?? '1', 10) || 1)
  const [draft, setDraft] = useState({ action, userId, fromDay, toDay })
  useEffect(() => setDraft({ action, userId, fromDay, toDay }), [action, userId, fromDay, toDay])
  const users = useAsync(() => (canChange ? api.get<PortalUsers>('/portal/api/users') : Promise.resolve({ results: [] })), [canChange])
  const entries = useAsync(
    () => api.get<AuditPageBody>('/portal/api/audit', { action: action || undefined, userId: userId || undefined, from: startOfDay(fromDay), to: endOfDay(toDay), page }),
    [action, userId, fromDay, toDay, page],
  )
  const show = (next: { action: string; userId: string; fromDay: string; toDay: string; page?: number }) => {
    const params = new URLSearchParams()
    if (next.action) params.set('action', next.action)
    if (next.userId) params.set('userId', next.userId)
    if (next.fromDay) params.set('from', next.fromDay)
    if (next.toDay) params.set('to', next.toDay)
    if (next.page && next.page > 1) params.set('page', String(next.page))
    const text = params.toString()
    location.route(text ? `/portal/audit?${text}` : '/portal/audit')
  }
  if (!canChange) {
    return (
      <>
        <PageHeader title="Audit log" />
        <p>Only admins read the audit log.</p>
      </>
    )
  }
  return (
    <>
      <PageHeader title="Audit log" description="Every change made in the Portal: who, what, when, and what it changed." />
      <form
        class="pt-toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          show(draft)
        }}
      >
        <div class="pt-field">
          <label for="audit-action">Action</label>
          <input id="audit-action" class="pt-input" placeholder="e.g. PUT /profile or user.role" value={draft.action} onInput={(event) => setDraft({ ...draft, action: event.currentTarget.value })} />
        </div>
        <div class="pt-field">
          <label for="audit-user">User</label>
          <select id="audit-user" class="pt-select" value={draft.userId} onChange={(event) => setDraft({ ...draft, userId: event.currentTarget.value })}>
            <option value="">Everyone</option>
            {users.data?.results.map((user) => (
              <option key={user.id} value={user.id}>
                {user.email}
              </option>
            ))}
          </select>
        </div>
        <div class="pt-field">
          <label for="audit-from">From</label>
          <input id="audit-from" class="pt-input" type="date" value={draft.fromDay} onInput={(event) => setDraft({ ...draft, fromDay: event.currentTarget.value })} />
        </div>
        <div class="pt-field">
          <label for="audit-to">To</label>
          <input id="audit-to" class="pt-input" type="date" value={draft.toDay} onInput={(event) => setDraft({ ...draft, toDay: event.currentTarget.value })} />
        </div>
        <button type="submit" class="pt-button">
          Filter
        </button>
      </form>
      <ErrorNotice error={entries.error} onRetry={entries.reload} />
      {entries.data ? <AuditTable entries={entries.data.results} /> : entries.isLoading ? <Loading /> : null}
      {entries.data ? (
        <nav class="pt-pager" aria-label="Audit log pages">
          <button type="button" class="pt-button pt-button-small" disabled={page <= 1} onClick={() => show({ action, userId, fromDay, toDay, page: page - 1 })}>
            Newer
          </button>
          <span>Page {page}</span>
          <button type="button" class="pt-button pt-button-small" disabled={entries.data.results.length < entries.data.pageSize} onClick={() => show({ action, userId, fromDay, toDay, page: page + 1 })}>
            Older
          </button>
        </nav>
      ) : null}
    </>
  )
}

function AuditTable(props: { entries: AuditEntry[] }) {
  if (props.entries.length === 0) return <p class="pt-card">Nothing recorded for this filter.</p>
  return (
    <div class="pt-table-wrap">
      <table class="pt-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <DateTime value={entry.at} />
              </td>
              <td>{entry.userEmail}</td>
              <td>
                <span class="pt-mono">{entry.action}</span>
                {entry.status >= 400 ? <span class="pt-muted"> (refused, {entry.status})</span> : null}
                {Object.entries(entry.targetIds).map(([name, id]) => (
                  <div key={name} class="pt-muted pt-mono">
                    {name}: {id}
                  </div>
                ))}
              </td>
              <td>
                <ChangeView label="Before" value={entry.before} />
                <ChangeView label="After" value={entry.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ChangeView(props: { label: string; value: unknown }) {
  if (props.value === undefined || props.value === null) return null
  return (
    <details>
      <summary>{props.label}</summary>
      <pre class="pt-pre">{JSON.stringify(props.value, null, 2)}</pre>
    </details>
  )
}
