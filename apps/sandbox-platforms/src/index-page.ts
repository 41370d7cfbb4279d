/** @module `GET /`: a page naming the platforms and emulations this origin serves, with their URLs. */
import { DATASETS } from './datasets/index.js'
import { escapeHtml, renderPage } from './html-page.js'
import { GENERIC_PLATFORMS } from './generic-platforms.js'
import { EMULATED_PLATFORMS } from './platform-catalogue.js'
import { urlTemplateOf, type PlatformDefinition } from './platform-definition.js'

export function renderIndexPage(publicUrl: string): string {
  const section = (platform: PlatformDefinition, datasets: readonly string[]): string => {
    const rows: [string, string | undefined][] = [
      ['Authorize', platform.paths.authorize],
      ['Token', platform.paths.token],
      ['Revoke', platform.paths.revoke],
      ['API', platform.paths.apiBase],
    ]
    return `<h3>${escapeHtml(platform.displayName)}</h3>
<table>
${rows
  .filter((row): row is [string, string] => row[1] !== undefined)
  .map(([label, path]) => `<tr><th scope="row">${label}</th><td><code>${escapeHtml(urlTemplateOf(publicUrl, path))}</code></td></tr>`)
  .join('\n')}
<tr><th scope="row">Scopes</th><td>${Object.keys(platform.scopes).map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ')}</td></tr>
<tr><th scope="row">Datasets</th><td>${datasets.map((name) => `<code>${escapeHtml(name)}</code>`).join(' ')}</td></tr>
</table>`
  }
  return renderPage(
    'Sandbox platforms',
    `<h1>Linkway</h1>
<h2>Sandbox platforms</h2>
<p>Emulated third-party platforms: each is an OAuth 2.0 authorization server (PKCE, rotating refresh tokens, revocation) with a data API over generated data. No real account is involved.</p>
<h2>Platforms</h2>
${GENERIC_PLATFORMS.map((platform) => section(platform, Object.keys(DATASETS[platform.family]))).join('\n')}
<h2>Emulations of real platforms</h2>
${EMULATED_PLATFORMS.map((platform) => section(platform, Object.keys(platform.datasets))).join('\n')}`,
  )
}
