/**
 * @module Every Portal page: its path, its place in the navigation, and its code, loaded when the
 * page is first opened (each page is a chunk of its own; the first page a person sees loads only
 * what it needs). Paths are under /portal; the server answers every one of them with the same shell.
 */
import lazy from 'preact-iso/lazy'
import { h, type AnyComponent } from 'preact'
import { PageLoadFailed } from '../ui.js'

export type NavSection = 'Companies' | 'Settings' | 'Developers' | 'Team'

export interface PortalPage {
  path: string
  /** In the navigation, under its section; absent for pages reached from another (a company's page). */
  nav?: { section: NavSection; label: string }
  component: AnyComponent
}

/**
 * A page's code, loaded when the page first opens. A file that fails to load (the network, or a
 * release that replaced it while the tab stayed open) becomes a page that says so and offers a
 * reload: preact-iso's lazy() would otherwise wait on the failed import for ever, showing nothing.
 */
function page(load: () => Promise<{ default: AnyComponent }>): AnyComponent {
  return lazy(() => load().catch((error: unknown) => ({ default: () => h(PageLoadFailed, { error }) })))
}

/** Pages for a person who is not signed in: they open without a session. */
export const PUBLIC_PAGES: PortalPage[] = [
  { path: '/portal/login', component: page(() => import('./login.js')) },
  { path: '/portal/setup', component: page(() => import('./setup.js')) },
  { path: '/portal/invite', component: page(() => import('./invite.js')) },
]

const companies = page(() => import('./companies.js'))

export const PAGES: PortalPage[] = [
  { path: '/portal', component: companies },
  { path: '/portal/companies', nav: { section: 'Companies', label: 'Companies' }, component: companies },
  { path: '/portal/conversion', nav: { section: 'Companies', label: 'Conversion' }, component: page(() => import('./conversion.js')) },
  { path: '/portal/users', nav: { section: 'Team', label: 'Users' }, component: page(() => import('./users.js')) },
  { path: '/portal/audit', nav: { section: 'Team', label: 'Audit log' }, component: page(() => import('./audit.js')) },
  { path: '/portal/companies/:companyId', component: page(() => import('./company.js')) },
  { path: '/portal/settings/link', nav: { section: 'Settings', label: 'Link' }, component: page(() => import('./link-settings.js')) },
  { path: '/portal/settings/integrations', nav: { section: 'Settings', label: 'Integrations' }, component: page(() => import('./integrations.js')) },
  { path: '/portal/settings/redirects', nav: { section: 'Settings', label: 'Redirects & sync' }, component: page(() => import('./redirects.js')) },
  { path: '/portal/webhooks', nav: { section: 'Developers', label: 'Webhooks' }, component: page(() => import('./webhooks.js')) },
  { path: '/portal/api-keys', nav: { section: 'Developers', label: 'API keys' }, component: page(() => import('./api-keys.js')) },
]

export const NAV_SECTIONS: NavSection[] = ['Companies', 'Settings', 'Developers', 'Team']
