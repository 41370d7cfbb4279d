/** @module The three dictionaries (the hosted page and the server carry all three), and which one a person gets. */
import type { LinkLang } from '../types.js'
import { de } from './de.js'
import { en, type Messages } from './en.js'
import { fr } from './fr.js'

export type { Messages }

export const MESSAGES: Readonly<Record<LinkLang, Messages>> = { en, fr, de }

export { isLinkLang, resolveLang } from './languages.js'
