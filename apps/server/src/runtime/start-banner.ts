/** @module What a person sees when Linkway starts: where it is, how to call it, where the docs are. */
import type { Config } from '../config.js'

export interface BannerFacts {
  config: Config
  backend: string
  /** Known only at first start, or when embedded mode remembers it, or when LINKWAY_API_KEY is set. */
  apiKey: string | undefined
  encryptionKeyIds: string[]
  /** The address the server actually bound (PORT=0 picks a free port). */
  listeningAt: string | undefined
  /** Where the sandbox platforms run, when this process runs them. */
  sandboxUrl?: string | undefined
  /** Where their admin token can be read, when this process runs them. */
  sandboxAdminToken?: SandboxAdminTokenSource | undefined
  /** The Portal's first admin: a setup URL while there is none, or the admin just made from the environment. */
  portal?: PortalBanner | undefined
}

export interface PortalBanner {
  setupUrl?: string
  createdAdmin?: string
}

/**
 * Where the sandbox admin token is: the file embedded mode wrote, the variable the operator set,
 * or nowhere (a random token no caller can learn, so only the in-process admin works).
 */
export type SandboxAdminTokenSource = { kind: 'file'; path: string } | { kind: 'environment' } | { kind: 'unset' }

/** The banner names where the token is instead of printing it: a banner often ends up in a log. */
function sandboxAdminLine(source: SandboxAdminTokenSource): string {
  switch (source.kind) {
    case 'file':
      return `admin API: -H "Authorization: Bearer $(cat '${source.path.replaceAll("'", "'\\''")}')"`
    case 'environment':
      return 'admin API: -H "Authorization: Bearer $SANDBOX_ADMIN_TOKEN"'
    case 'unset':
      return 'admin API: set SANDBOX_ADMIN_TOKEN to use it'
  }
}

export function startBanner({ config, backend, apiKey, encryptionKeyIds, listeningAt, sandboxUrl, sandboxAdminToken, portal }: BannerFacts): string {
  const lines = [
    '',
    `  Linkway is running (${config.role === 'all' ? 'all roles' : `role: ${config.role}`}, database: ${backend})`,
    '',
    `  API          ${config.publicUrl}`,
    `  API docs     ${config.publicUrl}/docs`,
    `  OpenAPI      ${config.publicUrl}/openapi.json`,
    `  Embedded     ${config.publicUrl}/sdk/link.js (import it in your page: docs/embedded-link.md)`,
  ]
  if (config.role === 'worker') {
    return `\n  Linkway worker running (database: ${backend}); token encryption keys: ${encryptionKeyIds.join(', ')}\n`
  }
  lines.push(`  Listening    ${listeningAt ?? `http://${config.host}:${config.port}`}`, `  Token keys   ${encryptionKeyIds.join(', ')} (encryption at rest)`)
  if (sandboxUrl) lines.push(`  Sandboxes    ${sandboxUrl} (accounting mqjo, banking bsbx, commerce aiwb; SANDBOX_PLATFORMS=false turns them off)`)
  if (sandboxAdminToken) lines.push(`               ${sandboxAdminLine(sandboxAdminToken)}`)
  lines.push(`  Portal       ${config.publicUrl}/portal (companies, Link settings, webhooks, keys: docs/portal.md)`)
  // The password is never printed: the admin knows it, it came from their environment.
  if (portal?.createdAdmin) lines.push(`               first admin ${portal.createdAdmin} created from LINKWAY_ADMIN_EMAIL`)
  if (portal?.setupUrl) lines.push(`  Portal setup ${portal.setupUrl}`, '               one use, valid one hour; or set LINKWAY_ADMIN_EMAIL and LINKWAY_ADMIN_PASSWORD')
  if (apiKey) {
    lines.push(
      '',
      `  API key      ${apiKey}`,
      `  Header       Authorization: Basic ${Buffer.from(apiKey).toString('base64')}`,
      '',
      '  Try it:',
      `    curl -s -X POST ${config.publicUrl}/companies \\`,
      `      -H 'Authorization: Basic ${Buffer.from(apiKey).toString('base64')}' \\`,
      `      -H 'Content-Type: application/json' -d '{"name":"Toft stores"}'`,
    )
  } else {
    lines.push('', '  API key      shown at first start only; create another with POST /apiKeys')
  }
  lines.push('')
  return lines.join('\n')
}
