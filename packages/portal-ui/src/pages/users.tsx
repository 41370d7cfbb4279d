/**
 * @module Users (admins): the team's Portal accounts; invite a colleague (a link to hand over,
 * since Linkway sends no email), change a role, remove someone (their sessions end at once).
 * A viewer sees the page without its controls; the server refuses them anyway.
 */
import type { PortalInvitationLink, PortalInvitations, PortalRole, PortalUsers } from '@linkway/contracts'
import { useState } from 'preact/hooks'
import { useSession } from '../session.js'
import { ConfirmDialog, CopyField, DateTime, ErrorNotice, Loading, PageHeader, useAsync, useFormSubmit } from '../ui.js'

type PortalUserRow = PortalUsers['results'][number]

export default function UsersPage() {
  const { api, session, canChange } = useSession()
  const users = useAsync(() => api.get<PortalUsers>('/portal/api/users'), [])
  const invitations = useAsync(() => (canChange ? api.get<PortalInvitations>('/portal/api/invitations') : Promise.resolve({ results: [] })), [canChange])
  const [revoking, setRevoking] = useState<PortalInvitations['results'][number] | undefined>(undefined)
  const [removing, setRemoving] = useState<PortalUserRow | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const changeRole = async (user: PortalUserRow, role: PortalRole) => {
    setError(undefined)
    try {
      await api.post(`/portal/api/users/${user.id}/role`, { role })
    } catch (failure) {
      setError(failure)
    }
    users.reload()
  }
  return (
    <>
      <PageHeader title="Users" description="Everyone of your team who signs in to the Portal. Admins change anything; viewers read." />
      {canChange ? <InviteForm onInvited={() => invitations.reload()} /> : null}
      <ErrorNotice error={error ?? users.error} onRetry={users.error ? users.reload : undefined} />
      {users.data ? (
        <div class="pt-table-wrap">
          <table class="pt-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                {canChange ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {users.data.results.map((user) => {
                const isMe = user.id === session.user.id
                return (
                  <tr key={user.id}>
                    <td>
                      {user.email}
                      {isMe ? <span class="pt-muted"> (you)</span> : null}
                    </td>
                    <td>
                      {canChange && !isMe ? (
                        <select class="pt-select" aria-label={`Role of ${user.email}`} value={user.role} onChange={(event) => void changeRole(user, event.currentTarget.value as PortalRole)}>
                          <option value="admin">admin</option>
                          <option value="viewer">viewer</option>
                        </select>
                      ) : (
                        user.role
                      )}
                    </td>
                    <td>
                      <DateTime value={user.createdDate} />
                    </td>
                    {canChange ? (
                      <td>
                        {isMe ? null : (
                          <button type="button" class="pt-button pt-button-small" onClick={() => setRemoving(user)}>
                            Remove<span class="pt-skip"> {user.email}</span>
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : users.isLoading ? (
        <Loading />
      ) : null}
      <ConfirmDialog
        title="Remove this user?"
        confirmLabel="Remove"
        isOpen={removing !== undefined}
        onClose={() => setRemoving(undefined)}
        onConfirm={async () => {
          await api.delete(`/portal/api/users/${removing!.id}`)
          users.reload()
        }}
      >
        <p>
          {removing?.email} can no longer sign in, and is signed out everywhere now.
        </p>
      </ConfirmDialog>
      {invitations.data && invitations.data.results.length > 0 ? (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">Invitations not yet accepted</h2>
          <div class="pt-table-wrap">
            <table class="pt-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Invited by</th>
                  <th scope="col">Works until</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.data.results.map((invitation) => (
                  <tr key={invitation.id}>
                    <td>{invitation.email}</td>
                    <td>{invitation.role}</td>
                    <td>{invitation.invitedBy ?? <span class="pt-muted">a removed user</span>}</td>
                    <td>
                      <DateTime value={invitation.expiresDate} />
                    </td>
                    <td>
                      <button type="button" class="pt-button pt-button-small" onClick={() => setRevoking(invitation)}>
                        Revoke<span class="pt-skip"> the invitation of {invitation.email}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <ConfirmDialog
        title="Revoke this invitation?"
        confirmLabel="Revoke"
        isOpen={revoking !== undefined}
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          await api.delete(`/portal/api/invitations/${revoking!.id}`)
          invitations.reload()
        }}
      >
        <p>The link sent to {revoking?.email} stops working now.</p>
      </ConfirmDialog>
      <p>
        <a href="/portal/audit">Audit log</a>: every change made in the Portal, by whom and when.
      </p>
    </>
  )
}

function InviteForm(props: { onInvited: () => void }) {
  const { api } = useSession()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<PortalRole>('viewer')
  const [link, setLink] = useState<string | undefined>(undefined)
  const { isBusy, submit, errorNotice } = useFormSubmit(async () => {
    const invitation = await api.post<PortalInvitationLink>('/portal/api/invitations', { email, role })
    setLink(invitation.url)
    setEmail('')
    props.onInvited()
  })
  return (
    <section class="pt-card" aria-labelledby="invite-user-title">
      <h2 id="invite-user-title">Invite a colleague</h2>
      {errorNotice}
      <form class="pt-toolbar" onSubmit={submit}>
        <div class="pt-field">
          <label for="invite-email">Email</label>
          <input id="invite-email" class="pt-input" type="email" required value={email} onInput={(event) => setEmail(event.currentTarget.value)} />
        </div>
        <div class="pt-field">
          <label for="invite-role">Role</label>
          <select id="invite-role" class="pt-select" value={role} onChange={(event) => setRole(event.currentTarget.value as PortalRole)}>
            <option value="viewer">viewer (reads)</option>
            <option value="admin">admin (changes anything)</option>
          </select>
        </div>
        <button type="submit" class="pt-button pt-button-primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? 'Inviting…' : 'Create invitation link'}
        </button>
      </form>
      {link ? <CopyField label="Invitation link" value={link} hint="Send it to your colleague yourself: it works once, for seven days. Linkway sends no email." /> : null}
    </section>
  )
}
