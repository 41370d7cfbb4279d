/**
 * @module The first admin: the one-time setup link the start banner prints (`/portal/setup#token=…`).
 * The token stays in the fragment; once used (or an hour old) the server refuses it and this page says so.
 */
import type { PortalSession } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useState } from 'preact/hooks'
import { useSessionContext } from '../session.js'
import { useFormSubmit } from '../ui.js'
import { AuthCard, fragmentToken } from './auth-form.js'
import { PasswordFields } from './password-fields.js'

export default function SetupPage() {
  const { api, signedIn } = useSessionContext()
  const location = useLocation()
  const [token] = useState(fragmentToken)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const session = await api.post<PortalSession>('/portal/api/setup', { token, email, password })
    // The link is spent: it leaves the address bar and the history entry.
    history.replaceState(null, '', '/portal/setup')
    signedIn(session)
    location.route('/portal/companies', true)
  })
  if (!token) {
    return (
      <AuthCard title="Set up the Portal">
        <p>
          This page needs the setup link Linkway printed when it started (it ends in <code>#token=…</code>). Open that link, or <a href="/portal/login">sign in</a> if the Portal is set up already.
        </p>
      </AuthCard>
    )
  }
  return (
    <AuthCard title="Set up the Portal" intro={<p>Create the first admin account. This link works once, within an hour of Linkway printing it.</p>}>
      {errorNotice}
      <form onSubmit={submit}>
        <div class="pt-field">
          <label for="setup-email">Your email</label>
          <input id="setup-email" class="pt-input" type="email" autocomplete="username" required value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </div>
        <PasswordFields password={password} onPassword={setPassword} />
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Creating…' : 'Create the admin account'}
        </button>
      </form>
    </AuthCard>
  )
}
