/**
 * @module Each step of Link as a browser history entry: the step is written in the address's
 * fragment (`#lw=consent.accounting.mqjo`), which never reaches the server, so a reload shows the
 * same step and Back/Forward move between steps. Optional: the hosted page passes
 * `browserStepHistory()`; an embedding page that owns its history passes nothing.
 */
import type { Screen } from './journey.js'
import type { FileUploadCategory } from '@linkway/contracts'
import type { LinkCategory, StepHistory } from './types.js'

export type { StepHistory }

const CATEGORIES: readonly string[] = ['accounting', 'banking', 'commerce']
const isCategory = (value: string | undefined): value is LinkCategory => value !== undefined && CATEGORIES.includes(value)
const PLATFORM_KEY = /^[a-z]{4}$/

/** The steps worth an entry; loading, failures and "Taking you to…" are moments, not places. */
export function stepOf(screen: Screen): string | null {
  switch (screen.name) {
    case 'landing':
    case 'categories':
    case 'done':
      return screen.name
    case 'platforms':
      return `platforms.${screen.category}`
    case 'consent':
      return `consent.${screen.category}.${screen.platformKey}`
    case 'share':
      return `share.${screen.category}.${screen.returnTo}`
    default:
      return null
  }
}

/** The screen a step names, or null for anything else (a stale or hand-edited address). */
export function screenOf(step: string | null): Screen | null {
  const [name, first, second, ...rest] = (step ?? '').split('.')
  if (rest.length > 0) return null
  if ((name === 'landing' || name === 'categories' || name === 'done') && first === undefined) return { name }
  if (name === 'platforms' && isCategory(first) && second === undefined) return { name, category: first }
  if (name === 'consent' && isCategory(first) && second !== undefined && PLATFORM_KEY.test(second)) return { name, category: first, platformKey: second }
  if (name === 'share' && isCategory(first) && (second === 'categories' || second === 'platforms')) return { name, category: first, returnTo: second }
  return null
}

/** The upload screen's entry (`upload.accounting`): a step over the categories, not a journey screen. */
export const UPLOAD_STEP_PREFIX = 'upload.'
const UPLOAD_CATEGORIES: readonly string[] = ['accounting', 'banking', 'businessDocuments']

/** The category an upload entry names, or null for any other step. */
export function uploadStepCategory(step: string | null): FileUploadCategory | null {
  if (!step?.startsWith(UPLOAD_STEP_PREFIX)) return null
  const category = step.slice(UPLOAD_STEP_PREFIX.length)
  return UPLOAD_CATEGORIES.includes(category) ? (category as FileUploadCategory) : null
}

const FRAGMENT = /(?:^#|&)lw=([^&]*)/

interface EntryState {
  linkwayStep: string
  /** How many Link steps lie before this entry in this document's history. */
  linkwayDepth: number
}

const entryState = (value: unknown): EntryState | null =>
  typeof value === 'object' && value !== null && typeof (value as EntryState).linkwayStep === 'string' ? (value as EntryState) : null

/** The browser's own history, with the step in `location.hash`. */
export function browserStepHistory(win: Window = window): StepHistory {
  const urlWith = (step: string) => {
    const url = new URL(win.location.href)
    url.hash = `lw=${step}`
    return url.href
  }
  const depth = () => entryState(win.history.state)?.linkwayDepth ?? 0
  return {
    current() {
      const match = FRAGMENT.exec(win.location.hash)
      if (!match) return null
      // A hand-edited address (`#lw=%E0`) names no step, rather than breaking the page.
      try {
        return decodeURIComponent(match[1]!)
      } catch {
        return null
      }
    },
    push(step) {
      win.history.pushState({ linkwayStep: step, linkwayDepth: depth() + 1 } satisfies EntryState, '', urlWith(step))
    },
    replace(step) {
      win.history.replaceState({ linkwayStep: step, linkwayDepth: depth() } satisfies EntryState, '', urlWith(step))
    },
    canGoBack: () => depth() > 0,
    back: () => win.history.back(),
    subscribe(listener) {
      win.addEventListener('popstate', listener)
      return () => win.removeEventListener('popstate', listener)
    },
  }
}
