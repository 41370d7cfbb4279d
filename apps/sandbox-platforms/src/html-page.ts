/**
 * @module The HTML the sandbox shows a person: one page shell, escaping, and the headers every
 * page goes out with. No scripts anywhere, so the policy can forbid them outright.
 */
import type { FastifyReply } from 'fastify'

/** No script, no framing (clickjacking on a consent page approves for the victim); forms may post to the app's redirect. */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The authorize URL carries the state and code challenge; a page's links should not pass it on.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d2330; margin: 0; }
  main { max-width: 34rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.1rem; color: #4a5568; margin: 0 0 1rem; }
  h2 { font-size: 1.4rem; margin: 0 0 1rem; }
  h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
  code { background: #edf0f4; padding: 0 .25rem; border-radius: 3px; }
  .error { color: #9b1c1c; }
  fieldset { border: 1px solid #cbd2dc; border-radius: 6px; margin: 1.5rem 0 0; }
  label { display: block; margin: .35rem 0; }
  .actions { display: flex; gap: 1rem; margin-top: 2rem; }
  button { font: inherit; padding: .6rem 1.4rem; border-radius: 6px; border: 1px solid #1d4ed8; cursor: pointer; }
  button[value="approve"] { background: #1d4ed8; color: #fff; }
  button[value="deny"] { background: #fff; color: #1d4ed8; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e2e6ec; vertical-align: top; }
`

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

/** A whole document around `body` (which must already be escaped HTML). */
export function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).headers(PAGE_SECURITY_HEADERS).type('text/html; charset=utf-8').send(html)
}
