/**
 * @module Companies: the searchable, paged list (name, tags, connection status, last sync), "Add
 * company" and "Invite company". The search box takes a name, or an expression of the query
 * language as the API has it (`tags.region=uk && lastSync<2026-11-01`); what the list shows is in
 * the page's address, so Back, Reload and a shared link show the same list.
 */
import type { Companies, Company } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useEffect, useState } from 'preact/hooks'
import { useSession } from '../session.js'
import { CopyField, DateTime, ErrorNotice, Loading, PageHeader, Pager, StatusBadge, useAsync, useFormSubmit } from '../ui.js'

const PAGE_SIZE = 25

/** A plain name becomes `name~"…"` (contains); text with an operator of the query language is sent as written. */
export function companySearchQuery(text: string): string | undefined {
  const trimmed = text.trim()
  if (!trimmed) return undefined
  if (/(~|!=|=|<|>|&&|\|\|)/.test(trimmed)) return trimmed
  return `name~"${trimmed.replace(/[\\"]/g, (character) => `\\${character}`)}"`
}

export default function CompaniesPage() {
  const { api, canChange } = useSession()
  const location = useLocation()
  const search = location.query.q ?? ''
  const tags = location.query.tags ?? ''
  const page = Math.max(1, Number.parseInt(location.query.page ?? '1', 10) || 1)
  const [searchText, setSearchText] = useState(search)
  const [tagsText, setTagsText] = useState(tags)
  // Back and Forward change the address: the boxes follow it.
  useEffect(() => {
    setSearchText(search)
    setTagsText(tags)
  }, [search, tags])
  const list = useAsync(() => api.get<Companies>('/companies', { page, pageSize: PAGE_SIZE, query: companySearchQuery(search), tags: tags.trim() || undefined, orderBy: '-created' }), [search, tags, page])
  const show = (next: { q?: string; tags?: string; page?: number }) => {
    const params = new URLSearchParams()
    const q = next.q ?? search
    const t = next.tags ?? tags
    if (q) params.set('q', q)
    if (t) params.set('tags', t)
    if ((next.page ?? 1) > 1) params.set('page', String(next.page))
    const text = params.toString()
    location.route(text ? `/portal/companies?${text}` : '/portal/companies')
  }
  const [isAdding, setAdding] = useState(false)
  const [isInviting, setInviting] = useState(false)
  return (
    <>
      <PageHeader
        title="Companies"
        description="Each of your customers is a company. Send its Link URL to the person who connects its platforms."
        actions={
          canChange ? (
            <>
              <button type="button" class="pt-button" aria-expanded={isInviting} onClick={() => setInviting(!isInviting)}>
                Invite company
              </button>
              <button type="button" class="pt-button pt-button-primary" aria-expanded={isAdding} onClick={() => setAdding(!isAdding)}>
                Add company
              </button>
            </>
          ) : null
        }
      />
      {isInviting ? <InvitePanel /> : null}
      {isAdding ? <AddCompanyForm onCancel={() => setAdding(false)} onAdded={(company) => location.route(`/portal/companies/${company.id}`)} /> : null}
      <form
        class="pt-toolbar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault()
          show({ q: searchText.trim(), tags: tagsText.trim(), page: 1 })
        }}
      >
        <div class="pt-field">
          <label for="company-search">Search</label>
          <input id="company-search" class="pt-input" type="search" placeholder="Name, or a query such as lastSync<2026-11-01" value={searchText} onInput={(event) => setSearchText(event.currentTarget.value)} />
        </div>
        <div class="pt-field">
          <label for="company-tags">Tags</label>
          <input id="company-tags" class="pt-input" type="search" placeholder="region=uk && team=lending" value={tagsText} onInput={(event) => setTagsText(event.currentTarget.value)} />
        </div>
        <button type="submit" class="pt-button">
          Search
        </button>
        {search || tags ? (
          <button type="button" class="pt-button" onClick={() => show({ q: '', tags: '', page: 1 })}>
            Clear
          </button>
        ) : null}
      </form>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.data ? <CompanyTable companies={list.data.results} /> : list.isLoading ? <Loading /> : null}
      {list.data ? <Pager label="Companies pages" page={page} pageSize={PAGE_SIZE} totalResults={list.data.totalResults} onPage={(next) => show({ page: next })} /> : null}
    </>
  )
}

function CompanyTable(props: { companies: Company[] }) {
  if (props.companies.length === 0) return <p class="pt-card">No company matches. Add one, or clear the search.</p>
  return (
    <div class="pt-table-wrap">
      <table class="pt-table">
        <caption class="pt-skip">Companies</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Tags</th>
            <th scope="col">Connections</th>
            <th scope="col">Last sync</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {props.companies.map((company) => (
            <tr key={company.id}>
              <td>
                <a href={`/portal/companies/${company.id}`}>{company.name}</a>
              </td>
              <td>
                {Object.entries(company.tags).map(([key, value]) => (
                  <span class="pt-tag" key={key}>
                    {key}={value}
                  </span>
                ))}
              </td>
              <td>
                {company.dataConnections.length === 0 ? (
                  <span class="pt-muted">None yet</span>
                ) : (
                  company.dataConnections.map((connection) => (
                    <div key={connection.id}>
                      {connection.platformName} <StatusBadge status={connection.status} />
                    </div>
                  ))
                )}
              </td>
              <td>
                <DateTime value={company.lastSync} />
              </td>
              <td>
                <DateTime value={company.created} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function AddCompanyForm(props: { onCancel: () => void; onAdded: (company: Company) => void }) {
  const { api } = useSession()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const company = await api.post<Company>('/companies', { name, ...(description.trim() ? { description } : {}) })
    props.onAdded(company)
  })
  return (
    <form class="pt-card" aria-labelledby="add-company-title" onSubmit={submit}>
      <h2 id="add-company-title">Add company</h2>
      {errorNotice}
      <div class="pt-field">
        <label for="new-company-name">Name</label>
        <input id="new-company-name" class="pt-input" required maxLength={200} value={name} onInput={(event) => setName(event.currentTarget.value)} />
      </div>
      <div class="pt-field">
        <label for="new-company-description">Description (optional)</label>
        <input id="new-company-description" class="pt-input" value={description} onInput={(event) => setDescription(event.currentTarget.value)} />
      </div>
      <div class="pt-actions">
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Adding…' : 'Add'}
        </button>
        <button type="button" class="pt-button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

function InvitePanel() {
  const { api } = useSession()
  const invite = useAsync(() => api.get<{ url: string; enabled: boolean }>('/linkSettings/inviteUrl'), [])
  return (
    <section class="pt-card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite company</h2>
      <ErrorNotice error={invite.error} onRetry={invite.reload} />
      {invite.data ? (
        invite.data.enabled ? (
          <CopyField label="Invite URL" value={invite.data.url} hint="Whoever opens it types their company's name, which creates the company, and connects its platforms straight away." />
        ) : (
          <p>
            The invite page is switched off. Switch it on under <a href="/portal/settings/link">Settings › Link</a>.
          </p>
        )
      ) : invite.isLoading ? (
        <Loading />
      ) : null}
    </section>
  )
}
