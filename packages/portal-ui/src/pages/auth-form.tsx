/**
 * @module The three ways in (sign in, first-admin setup, accepting an invitation): one centred card
 * with a form that reports the server's refusal and cannot be sent twice.
 */
import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'

export function AuthCard(props: { title: string; intro?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${props.title} · Linkway Portal`
  }, [props.title])
  return (
    <main class="pt-auth" id="main">
      <p class="pt-muted">Linkway Portal</p>
      <div class="pt-card">
        <h1>{props.title}</h1>
        {props.intro}
        {props.children}
      </div>
    </main>
  )
}

/** The token of a setup or invitation link: in the fragment, which the browser never sends to a server. */
export function fragmentToken(): string {
  return new URLSearchParams(location.hash.slice(1)).get('token') ?? ''
}
