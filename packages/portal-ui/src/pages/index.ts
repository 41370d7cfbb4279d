/**
 * @module Every Portal page: its path, its place in the navigation, and its code, loaded when the
 * page is first opened (each page is a chunk of its own; the first page a person sees loads only
 * what it needs). Paths are under /portal; the server answers every one of them with the same shell.
 */
import lazy from 'preact-iso/lazy'
import type { AnyComponent } from 'preact'

export type NavSection = 'Companies' | 'Settings' | 'Developers' | 'Team'

export interface PortalPage {
  path: string
  /** In the navigation, under its section; absent for pages reached from another (a company's page). */
  nav?: { section: NavSection; label: string }
  component: AnyComponent
}

/** Pages for a person who is not signed in: they open without a session. */
export const PUBLIC_PAGES: PortalPage[] = [
  { path: '/portal/login', component: lazy(() => import('./login.js')) },
  { path: '/portal/setup', component: lazy(() => import('./setup.js')) },
  { path: '/portal/invite', component: lazy(() => import('./invite.js')) },
]

const companies = lazy(() => import('./companies.js'))

export const PAGES: PortalPage[] = [
  { path: '/portal', component: companies },
  { path: '/portal/companies', nav: { section: 'Companies', label: 'Companies' }, component: companies },
  { path: '/portal/users', nav: { section: 'Team', label: 'Users' }, component: lazy(() => import('./users.js')) },
  { path: '/portal/settings/redirects', nav: { section: 'Settings', label: 'Redirects & sync' }, component: lazy(() => import('./redirects.js')) },
  { path: '/portal/webhooks', nav: { section: 'Developers', label: 'Webhooks' }, component: lazy(() => import('./webhooks.js')) },
  { path: '/portal/api-keys', nav: { section: 'Developers', label: 'API keys' }, component: lazy(() => import('./api-keys.js')) },
]

export const NAV_SECTIONS: NavSection[] = ['Companies', 'Settings', 'Developers', 'Team']
