/** @module Accepting an invitation (`/portal/invite#token=…`): choose a password, and be signed in. */
import type { PortalSession } from '@linkway/contracts'
import { useLocation } from 'preact-iso'
import { useState } from 'preact/hooks'
import { useSessionContext } from '../session.js'
import { useFormSubmit } from '../ui.js'
import { AuthCard, fragmentToken } from './auth-form.js'
import { PasswordFields } from './password-fields.js'

export default function InvitePage() {
  const { api, signedIn } = useSessionContext()
  const location = useLocation()
  const [token] = useState(fragmentToken)
  const [password, setPassword] = useState('')
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const session = await api.post<PortalSession>('/portal/api/invitations/accept', { token, password })
    history.replaceState(null, '', '/portal/invite')
    signedIn(session)
    location.route('/portal/companies', true)
  })
  if (!token) {
    return (
      <AuthCard title="Join your team">
        <p>
          This page needs the invitation link a colleague sent you (it ends in <code>#token=…</code>). Ask them for a new one, or <a href="/portal/login">sign in</a>.
        </p>
      </AuthCard>
    )
  }
  return (
    <AuthCard title="Join your team" intro={<p>Choose a password for your Portal account. The invitation works once, for seven days.</p>}>
      {errorNotice}
      <form onSubmit={submit}>
        <PasswordFields password={password} onPassword={setPassword} />
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Joining…' : 'Join'}
        </button>
      </form>
    </AuthCard>
  )
}
