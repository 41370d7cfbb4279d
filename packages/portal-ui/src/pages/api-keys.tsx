/**
 * @module API keys: the client's keys (name, created, the masked hint the API lists), creating one (the
 * key is shown once, here, and kept only in this page's memory: leaving or reloading forgets it,
 * since the server stores only its hash), and deleting one. The Portal itself signs in with its
 * session, so deleting any key leaves it working; the server refuses to delete the last key.
 */
import type { ApiKeyDetails, ApiKeys } from '@linkway/contracts'
import { useState } from 'preact/hooks'
import { useSession } from '../session.js'
import { ConfirmDialog, CopyField, DateTime, ErrorNotice, Loading, PageHeader, useAsync, useFormSubmit } from '../ui.js'

export default function ApiKeysPage() {
  const { api, canChange } = useSession()
  const keys = useAsync(() => api.get<ApiKeys>('/apiKeys'), [])
  const [created, setCreated] = useState<ApiKeyDetails | undefined>(undefined)
  const [deleting, setDeleting] = useState<ApiKeyDetails | undefined>(undefined)
  return (
    <>
      <PageHeader title="API keys" description="Your backend authenticates to Linkway's API with one of these keys. Give each system its own, so you can delete one without stopping the others." />
      {canChange ? (
        <CreateKeyForm
          onCreated={(key) => {
            setCreated(key)
            keys.reload()
          }}
        />
      ) : null}
      {created ? (
        <section class="pt-card pt-card-warning" aria-labelledby="new-key-title">
          <h2 id="new-key-title">Your new key{created.name ? `: ${created.name}` : ''}</h2>
          <p>
            <strong>Copy it now: it will not be shown again.</strong> Linkway keeps only a fingerprint of it. Leave or reload this page and it is gone; if you lose it, create another.
          </p>
          <CopyField label="API key" value={created.apiKey} hint="Send it as Authorization: Basic followed by the key encoded in base64." />
          <button type="button" class="pt-button" onClick={() => setCreated(undefined)}>
            I have stored it
          </button>
        </section>
      ) : null}
      <ErrorNotice error={keys.error} onRetry={keys.reload} />
      {keys.data ? (
        keys.data.results.length === 0 ? (
          <p class="pt-card">No API key yet.</p>
        ) : (
          <div class="pt-table-wrap">
            <table class="pt-table">
              <caption class="pt-skip">API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Created</th>
                  {canChange ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {keys.data.results.map((key) => (
                  <tr key={key.id}>
                    <td>{key.name ?? <span class="pt-muted">No name</span>}</td>
                    <td>
                      <span class="pt-mono">{key.apiKey}</span>
                    </td>
                    <td>
                      <DateTime value={key.createdDate} />
                    </td>
                    {canChange ? (
                      <td>
                        <button type="button" class="pt-button pt-button-small" onClick={() => setDeleting(key)}>
                          Delete<span class="pt-skip"> the key {key.name ?? ''} {key.apiKey}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : keys.isLoading ? (
        <Loading />
      ) : null}
      <ConfirmDialog
        title="Delete this API key?"
        confirmLabel="Delete key"
        isOpen={deleting !== undefined}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          await api.delete(`/apiKeys/${deleting!.id}`)
          if (created?.id === deleting!.id) setCreated(undefined)
          keys.reload()
        }}
      >
        <p>
          Every request with the key {deleting?.name ? <strong>{deleting.name}</strong> : null} (<span class="pt-mono">{deleting?.apiKey}</span>) is refused from now on. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  )
}

function CreateKeyForm(props: { onCreated: (key: ApiKeyDetails) => void }) {
  const { api } = useSession()
  const [name, setName] = useState('')
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const key = await api.post<ApiKeyDetails>('/apiKeys', name.trim() ? { name: name.trim() } : {})
    setName('')
    props.onCreated(key)
  })
  return (
    <section class="pt-card" aria-labelledby="create-key-title">
      <h2 id="create-key-title">Create a key</h2>
      {errorNotice}
      <form class="pt-toolbar" onSubmit={submit}>
        <div class="pt-field">
          <label for="new-key-name">Name (optional)</label>
          <input id="new-key-name" class="pt-input" maxLength={50} placeholder="e.g. Billing backend" value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </div>
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Creating…' : 'Create key'}
        </button>
      </form>
    </section>
  )
}
