/**
 * @module Settings › Redirects & sync: where Link sends a person when they finish (the profile's
 * redirect template and its allow-list, `PUT /profile`), and the client's default sync settings
 * (`/profile/syncSettings`). The server decides what is safe (a placeholder in the host needs an
 * allow-list entry it can match); this page shows its answer at the field it is about.
 */
import type { Profile } from '@linkway/contracts'
import { useLayoutEffect, useState } from 'preact/hooks'
import { PortalApiError } from '../api.js'
import { useSession } from '../session.js'
import { ErrorNotice, Field, Loading, PageHeader, SuccessNotice, useAsync, useFormSubmit } from '../ui.js'
import { SyncSettingsForm } from './sync-settings-table.js'

export default function RedirectsPage() {
  return (
    <>
      <PageHeader title="Redirects & sync" description="Where Link sends a person when they are done, and how often Linkway reads your companies' data." />
      <RedirectSection />
      <SyncSection />
    </>
  )
}

/** The allow-list as the person typed it: one URL a line, blank lines ignored. */
function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

function RedirectSection() {
  const { api, canChange } = useSession()
  const profile = useAsync(() => api.get<Profile>('/profile'), [])
  const [template, setTemplate] = useState('')
  const [allowList, setAllowList] = useState('')
  const [isSaved, setSaved] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  // Before the paint: the form is drawn with the loaded values, never empty first (typing in that frame was lost).
  useLayoutEffect(() => {
    if (!profile.data) return
    setTemplate(profile.data.redirectUrl)
    setAllowList(profile.data.whiteListUrls.join('\n'))
  }, [profile.data])
  const { isBusy, submit, error } = useFormSubmit(async () => {
    setSaved(false)
    setFieldErrors({})
    const current = profile.data!
    try {
      // PUT replaces the profile: the name and logos go back as they are.
      await api.put<Profile>('/profile', {
        name: current.name,
        ...(current.logoUrl ? { logoUrl: current.logoUrl } : {}),
        ...(current.iconUrl ? { iconUrl: current.iconUrl } : {}),
        redirectUrl: template.trim(),
        whiteListUrls: linesOf(allowList),
      })
    } catch (failure) {
      if (failure instanceof PortalApiError) setFieldErrors(failure.fieldErrors)
      throw failure
    }
    setSaved(true)
    profile.reload()
  })
  const allowListError = Object.entries(fieldErrors)
    .filter(([itemId]) => itemId === 'whiteListUrls' || itemId.startsWith('whiteListUrls.'))
    .map(([itemId, message]) => {
      const line = Number(itemId.split('.')[1])
      return Number.isInteger(line) ? `Line ${line + 1}: ${message}` : message
    })
    .join(' ')
  // The server's message is at the field it is about; anything else goes above the form.
  const isAboutAField = fieldErrors.redirectUrl !== undefined || allowListError !== ''
  return (
    <section class="pt-card" aria-labelledby="redirect-title">
      <h2 id="redirect-title">After Link</h2>
      <ErrorNotice error={profile.error} onRetry={profile.reload} />
      {profile.data ? (
        canChange ? (
          <form onSubmit={submit} noValidate>
            {error && !isAboutAField ? <ErrorNotice error={error} /> : null}
            {isSaved ? <SuccessNotice>Saved. Link uses it from the next journey on.</SuccessNotice> : null}
            <Field
              label="Redirect URL"
              error={fieldErrors.redirectUrl}
              hint={
                <>
                  Empty: Linkway shows its own "done" page. Placeholders are filled in: <code>{'{companyId}'}</code>, <code>{'{connectionId}'}</code>, <code>{'{statusCode}'}</code>, <code>{'{errorMessage}'}</code>, and any other <code>{'{name}'}</code> from
                  the Link URL's query. A placeholder in the host needs the allow-list below.
                </>
              }
            >
              {({ id, describedBy, isInvalid }) => (
                <input id={id} class="pt-input pt-mono" aria-describedby={describedBy} aria-invalid={isInvalid} maxLength={2000} placeholder="https://app.example.com/linked/{companyId}?status={statusCode}" value={template} onInput={(event) => setTemplate(event.currentTarget.value)} />
              )}
            </Field>
            <Field label="Allowed redirect URLs" error={allowListError || undefined} hint="One URL a line. A redirect whose host comes from a placeholder goes only to a URL at or below one of these.">
              {({ id, describedBy, isInvalid }) => (
                <textarea id={id} class="pt-textarea pt-mono" aria-describedby={describedBy} aria-invalid={isInvalid} value={allowList} onInput={(event) => setAllowList(event.currentTarget.value)} />
              )}
            </Field>
            <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
              {isBusy ? 'Saving…' : 'Save redirect'}
            </button>
          </form>
        ) : (
          <dl class="pt-facts">
            <dt>Redirect URL</dt>
            <dd class="pt-mono">{profile.data.redirectUrl || <span class="pt-muted">Linkway's own "done" page</span>}</dd>
            <dt>Allowed redirect URLs</dt>
            <dd class="pt-mono">{profile.data.whiteListUrls.length ? profile.data.whiteListUrls.map((url) => <div key={url}>{url}</div>) : <span class="pt-muted">None</span>}</dd>
          </dl>
        )
      ) : profile.isLoading ? (
        <Loading />
      ) : null}
    </section>
  )
}

/** The client's defaults; a company's own settings are on its page (the same form). */
function SyncSection() {
  return (
    <SyncSettingsForm
      path="/profile/syncSettings"
      titleId="sync-title"
      caption="Sync settings by data type"
      savedMessage="Saved. Scheduled syncs follow them from now on."
      intro={
        <p class="pt-muted">
          Your defaults for every company: whether a data type is read as soon as a platform is linked, and how often after that. A company can have its own settings, which replace these; they are on the company's page under{' '}
          <a href="/portal/companies">Companies</a>.
        </p>
      }
    />
  )
}
