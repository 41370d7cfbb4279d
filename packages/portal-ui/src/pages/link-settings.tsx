/**
 * @module Settings › Link: every setting of `GET/PUT /linkSettings` in one form, and beside it the
 * Link component itself, drawn from the DRAFT as the person will see it (the server's
 * `POST /linkSettings/preview` answers the view, so which platforms show and the client's name
 * are the server's rules, not copies). The preview's language is in the page's address.
 * Saving is one PUT; the server's refusals are shown at their fields.
 */
import type { Integrations, LinkSessionView, LinkSettings } from '@linkway/contracts'
import { Markdown, MESSAGES, mountLink, LinkApiError, type LinkClient } from '@linkway/link-ui'
import type { ComponentChildren } from 'preact'
import { useLocation } from 'preact-iso'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import { PortalApiError } from '../api.js'
import { useSession } from '../session.js'
import { ErrorNotice, Loading, PageHeader, SuccessNotice, useAsync, useFormSubmit } from '../ui.js'

const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
] as const
type PreviewLang = (typeof LANGUAGES)[number]['code']

const CATEGORY_NAMES = { accounting: 'Accounting', banking: 'Banking', commerce: 'Commerce', businessDocuments: 'Business documents' } as const
const DATA_TYPE_CATEGORIES = [
  { category: 'accounting', sourceType: 'Accounting' },
  { category: 'banking', sourceType: 'Banking' },
  { category: 'commerce', sourceType: 'Commerce' },
] as const

/** How long the preview waits for typing to pause before it asks the server. */
const PREVIEW_DELAY_MS = 250

type Path = string
function valueAt(settings: LinkSettings, path: Path): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], settings)
}
function withValueAt(settings: LinkSettings, path: Path, value: unknown): LinkSettings {
  const copy = structuredClone(settings) as unknown as Record<string, unknown>
  const keys = path.split('.')
  let node = copy
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>
  node[keys.at(-1)!] = value
  return copy as unknown as LinkSettings
}

export default function LinkSettingsPage() {
  const { api, canChange } = useSession()
  const location = useLocation()
  const lang: PreviewLang = LANGUAGES.some((language) => language.code === location.query.lang) ? (location.query.lang as PreviewLang) : 'en'
  const saved = useAsync(() => api.get<LinkSettings>('/linkSettings'), [])
  const integrations = useAsync(() => api.get<Integrations>('/integrations', { pageSize: 100 }), [])
  const [draft, setDraft] = useState<LinkSettings | undefined>(undefined)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [savedNotice, setSavedNotice] = useState(false)
  useEffect(() => {
    if (saved.data) setDraft(saved.data)
  }, [saved.data])

  const form = useFormSubmit(async () => {
    if (!draft) return
    setFieldErrors({})
    setSavedNotice(false)
    try {
      const stored = await api.put<LinkSettings>('/linkSettings', draft)
      setDraft(stored)
      setSavedNotice(true)
    } catch (error) {
      if (error instanceof PortalApiError) setFieldErrors(error.fieldErrors)
      throw error
    }
  })
  const update = (path: Path, value: unknown) => {
    setSavedNotice(false)
    setDraft((current) => (current ? withValueAt(current, path, value) : current))
  }
  const setLang = (code: PreviewLang) => location.route(code === 'en' ? '/portal/settings/link' : `/portal/settings/link?lang=${code}`)

  return (
    <>
      <PageHeader title="Link settings" description="What Link asks for and says to the person who connects a company's platforms. The preview shows your changes before you save them." />
      <ErrorNotice error={saved.error} onRetry={saved.reload} />
      {!draft ? (
        saved.isLoading ? <Loading /> : null
      ) : (
        <div class="pt-settings-layout">
          <form class="pt-settings-form" onSubmit={form.submit} noValidate>
            {/* A viewer reads every setting; the whole form is disabled for them (the server refuses a change anyway). */}
            <fieldset class="pt-plain-fieldset" disabled={!canChange}>
              <SettingsFields draft={draft} update={update} errors={fieldErrors} integrations={integrations.data?.results ?? []} />
            </fieldset>
            {canChange ? (
              <div class="pt-save-bar">
                {form.errorNotice}
                {savedNotice ? <SuccessNotice>Saved. Link shows these settings from now on.</SuccessNotice> : null}
                <button type="submit" class="pt-button pt-button-primary" disabled={form.isBusy} aria-busy={form.isBusy}>
                  {form.isBusy ? 'Saving…' : 'Save settings'}
                </button>
              </div>
            ) : (
              <p class="pt-muted">You can read these settings; an admin can change them.</p>
            )}
          </form>
          <LinkPreview draft={draft} lang={lang} onLang={setLang} isDraft={canChange} />
        </div>
      )}
    </>
  )
}

interface FieldsProps {
  draft: LinkSettings
  update(path: Path, value: unknown): void
  errors: Record<string, string>
  integrations: Integrations['results']
}

function SettingsFields({ draft, update, errors, integrations }: FieldsProps) {
  const check = (path: Path, label: string, hint?: string) => <CheckField path={path} label={label} hint={hint} draft={draft} update={update} error={errors[path]} />
  const text = (path: Path, label: string, options: { multiline?: boolean; hint?: string } = {}) => <TextField path={path} label={label} draft={draft} update={update} error={errors[path]} {...options} />
  return (
    <>
      <Section title="Categories" hint="Link asks for each enabled category in this order. An optional one can be skipped.">
        <div class="pt-table-wrap">
          <table class="pt-table">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Enabled</th>
                <th scope="col">Optional</th>
                <th scope="col">File upload</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(CATEGORY_NAMES) as Array<keyof typeof CATEGORY_NAMES>).map((category) => {
                const settings = draft.categories[category] as { enabled: boolean; optional: boolean; enableFileUpload?: boolean }
                const name = CATEGORY_NAMES[category]
                return (
                  <tr key={category}>
                    <th scope="row">{name}</th>
                    <td>
                      <input type="checkbox" aria-label={`${name}: enabled`} checked={settings.enabled} onChange={(event) => update(`categories.${category}.enabled`, event.currentTarget.checked)} />
                    </td>
                    <td>
                      <input type="checkbox" aria-label={`${name}: optional`} checked={settings.optional} onChange={(event) => update(`categories.${category}.optional`, event.currentTarget.checked)} />
                    </td>
                    <td>
                      {'enableFileUpload' in settings ? (
                        <input type="checkbox" aria-label={`${name}: file upload`} checked={settings.enableFileUpload} onChange={(event) => update(`categories.${category}.enableFileUpload`, event.currentTarget.checked)} />
                      ) : (
                        <span class="pt-muted">{category === 'businessDocuments' ? 'Always files' : '—'}</span>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title="Data types" hint="What the consent screen says you will read, per category: a connection made through it reads nothing else. By default it lists what your sync settings read; your own list replaces that.">
        {DATA_TYPE_CATEGORIES.map(({ category, sourceType }) => (
          <DataTypesField key={category} label={CATEGORY_NAMES[category]} path={`dataTypes.${category}`} selected={draft.dataTypes[category]} offered={dataTypesOf(integrations, sourceType)} update={update} error={errors[`dataTypes.${category}`]} />
        ))}
      </Section>

      <Section title="Landing page" hint="A first page before the categories, with your own title and text.">
        {check('landingPage.enabled', 'Show a landing page')}
        {text('landingPage.title', 'Title')}
        {text('landingPage.body', 'Text', { multiline: true })}
      </Section>

      <Section title="Consent screen" hint="Empty texts show Linkway's wording, translated into the person's language. Texts you write are shown as written, in every language.">
        {text('consent.title', 'Title')}
        {text('consent.subtitle', 'Subtitle', { multiline: true })}
        {text('consent.headers.purpose', 'Heading: purpose')}
        {text('consent.purpose', 'Purpose', { multiline: true })}
        {text('consent.headers.access', 'Heading: access')}
        {text('consent.access', 'Access', { multiline: true })}
        {text('consent.headers.accountInformation', 'Heading: account information')}
        {text('consent.accountInformation', 'Account information', { multiline: true })}
        {text('consent.headers.platformData', 'Heading: data from the platform')}
        {text('consent.headers.retention', 'Heading: retention')}
        {text('consent.retention', 'Retention', { multiline: true })}
        {text('consent.termsAndConditions', 'Terms and conditions', { multiline: true })}
      </Section>

      <Section title="Logo and colours">
        {text('branding.logoUrl', 'Logo URL', { hint: 'An https URL of an image. Empty: the logo of your profile.' })}
        <ColourField path="branding.primaryColor" label="Primary colour" hint="Buttons and links. Link darkens it if it is too light to read." draft={draft} update={update} error={errors['branding.primaryColor']} />
        <ColourField path="branding.secondaryColor" label="Secondary colour" hint="Headings and text accents." draft={draft} update={update} error={errors['branding.secondaryColor']} />
        {check('showPoweredBy', 'Show "Powered by Linkway"')}
      </Section>

      <Section title="Leaving Link">
        {check('exitConfirmation.enabled', 'Ask before the person leaves mid-way')}
        {text('exitConfirmation.message', 'Question asked', { multiline: true })}
      </Section>

      <Section title="Platforms and links">
        {check('showSandboxIntegrations', 'Show the sandbox platforms', 'Sample platforms for testing. Turn off before real customers use Link.')}
        {check('oneTimeLinks', 'One-time Link URLs', 'Each Link URL works once, in one browser. The invite page is off while this is on.')}
        {check('embeddedLinkRequiresToken', 'Embedded Link needs a company access token', 'Otherwise a page of one of your CORS origins may open it with the company id alone.')}
      </Section>

      <Section title="Invite page" hint="A page where a person types their company name and continues into Link.">
        {check('invitePage.enabled', 'Invite page on')}
        {text('invitePage.title', 'Title')}
        {text('invitePage.body', 'Text', { multiline: true })}
      </Section>

      <Section title="Sharing with a colleague" hint="The message a person can send to a colleague who can sign in to the platform.">
        {text('shareInvitation.subject', 'Subject')}
        {text('shareInvitation.body', 'Message', { multiline: true })}
      </Section>
    </>
  )
}

/** Data type names the platforms of this category offer (from `/integrations`), in their order. */
function dataTypesOf(integrations: Integrations['results'], sourceType: string): string[] {
  const names = new Set<string>()
  for (const integration of integrations) if (integration.sourceType === sourceType) for (const feature of integration.datatypeFeatures) names.add(feature.dataType)
  return [...names]
}

function Section(props: { title: string; hint?: string; children: ComponentChildren }) {
  const id = useId()
  return (
    <section class="pt-card pt-settings-section" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.hint ? <p class="pt-hint">{props.hint}</p> : null}
      {props.children}
    </section>
  )
}

interface FieldProps {
  path: Path
  label: string
  hint?: string | undefined
  draft: LinkSettings
  update(path: Path, value: unknown): void
  error?: string | undefined
}

function FieldMessages(props: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="pt-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="pt-field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </>
  )
}
const describedBy = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined

function CheckField({ path, label, hint, draft, update, error }: FieldProps) {
  const id = useId()
  return (
    <div class="pt-field pt-check">
      <input id={id} type="checkbox" checked={valueAt(draft, path) === true} aria-describedby={describedBy(id, hint, error)} onChange={(event) => update(path, event.currentTarget.checked)} />
      <label for={id}>{label}</label>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  )
}

function TextField({ path, label, hint, draft, update, error, multiline }: FieldProps & { multiline?: boolean | undefined }) {
  const id = useId()
  const value = String(valueAt(draft, path) ?? '')
  const common = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    onInput: (event: Event) => update(path, (event.currentTarget as HTMLInputElement).value),
  }
  return (
    <div class="pt-field">
      <label for={id}>{label}</label>
      {multiline ? <textarea class="pt-textarea" rows={3} {...common} /> : <input class="pt-input" type="text" {...common} />}
      <FieldMessages id={id} hint={hint} error={error} />
      {multiline && value.trim() ? (
        <details class="pt-md-preview">
          <summary>Markdown preview</summary>
          <Markdown source={value} vars={{ companyName: 'Example Company Ltd', platformName: 'Xero' }} opensInNewTab="(opens in a new tab)" />
        </details>
      ) : null}
    </div>
  )
}

function ColourField({ path, label, hint, draft, update, error }: FieldProps) {
  const id = useId()
  const value = String(valueAt(draft, path) ?? '')
  const isColour = /^#[0-9a-fA-F]{6}$/.test(value)
  return (
    <div class="pt-field">
      <label for={id}>{label}</label>
      <div class="pt-colour-row">
        <input
          id={id}
          class="pt-input pt-mono"
          type="text"
          value={value}
          spellcheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onInput={(event) => update(path, event.currentTarget.value)}
        />
        {/* The swatch picks a colour too; the text box is what a keyboard or a pasted value uses. */}
        <input type="color" class="pt-swatch" aria-label={`${label}: colour picker`} value={isColour ? value.toLowerCase() : '#000000'} onInput={(event) => update(path, event.currentTarget.value)} />
      </div>
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  )
}

function DataTypesField(props: { label: string; path: Path; selected: string[] | undefined; offered: string[]; update(path: Path, value: unknown): void; error?: string | undefined }) {
  const followsSyncSettings = props.selected === undefined
  const selected = props.selected ?? []
  // Names saved earlier that no platform offers now stay listed, so saving does not drop them unseen.
  const names = [...props.offered, ...selected.filter((name) => !props.offered.includes(name))]
  const toggle = (name: string, isOn: boolean) => props.update(props.path, isOn ? names.filter((candidate) => candidate === name || selected.includes(candidate)) : selected.filter((candidate) => candidate !== name))
  return (
    <fieldset class="pt-choices">
      <legend class="pt-legend">{props.label}</legend>
      <label class="pt-choice">
        {/* Unticked, the list starts from every data type offered: the client narrows it from there. */}
        <input type="checkbox" checked={followsSyncSettings} onChange={(event) => props.update(props.path, event.currentTarget.checked ? undefined : [...props.offered])} /> List what the sync settings read (recommended)
      </label>
      {followsSyncSettings ? null : names.length === 0 ? <p class="pt-muted">Loading the platforms' data types…</p> : null}
      {followsSyncSettings
        ? null
        : names.map((name) => (
            <label key={name} class="pt-choice">
              <input type="checkbox" checked={selected.includes(name)} onChange={(event) => toggle(name, event.currentTarget.checked)} /> <span class="pt-mono">{name}</span>
            </label>
          ))}
      {props.error ? <p class="pt-field-error">{props.error}</p> : null}
    </fieldset>
  )
}

/**
 * The Link component as a person will see it, from the draft: the server answers the view; the
 * component draws it with a client that changes nothing (its buttons say it is a preview).
 */
function LinkPreview(props: { draft: LinkSettings; lang: PreviewLang; onLang(code: PreviewLang): void; isDraft: boolean }) {
  const { api } = useSession()
  const [view, setView] = useState<LinkSessionView | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const target = useRef<HTMLDivElement>(null)
  const selectId = useId()

  useEffect(() => {
    let isCurrent = true
    const timer = setTimeout(() => {
      // A viewer may not POST: their preview is of the saved settings, which is all they see anyway.
      const request = props.isDraft ? api.post<LinkSessionView>('/linkSettings/preview', { settings: props.draft, lang: props.lang }) : api.get<LinkSessionView>('/linkSettings/preview', { lang: props.lang })
      request.then(
        (answer) => {
          if (!isCurrent) return
          setView(answer)
          setError(undefined)
        },
        // The last good preview stays; the reason is said above it.
        (failure: unknown) => isCurrent && setError(failure),
      )
    }, PREVIEW_DELAY_MS)
    return () => {
      isCurrent = false
      clearTimeout(timer)
    }
  }, [props.draft, props.lang, props.isDraft])

  useEffect(() => {
    if (!view || !target.current) return
    const mounted = mountLink(target.current, { apiBaseUrl: location.origin, companyId: view.company.id, lang: view.lang, client: previewClient(view), messages: MESSAGES, onFinish: () => {} })
    return () => mounted.unmount()
  }, [view])

  return (
    <aside class="pt-preview" aria-label="Preview of Link">
      <div class="pt-preview-bar">
        <h2>Preview</h2>
        <div class="pt-field">
          <label for={selectId}>Language</label>
          <select id={selectId} class="pt-select" value={props.lang} onChange={(event) => props.onLang(event.currentTarget.value as PreviewLang)}>
            {LANGUAGES.map((language) => (
              <option key={language.code} value={language.code} lang={language.code}>
                {language.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p class="pt-hint">As a person sees Link{props.isDraft ? ', with your unsaved changes' : ''}, for a sample company. Nothing in the preview connects or saves anything.</p>
      {error ? (
        <p class="pt-field-error" role="status">
          The preview shows the last valid settings: {error instanceof Error ? error.message : String(error)}
        </p>
      ) : null}
      {!view && !error ? <Loading label="Loading the preview…" /> : null}
      <div class="pt-preview-frame" ref={target} lang={props.lang} />
    </aside>
  )
}

/** Serves the one view, and refuses to start anything: the preview connects no platform. */
function previewClient(view: LinkSessionView): LinkClient {
  return {
    getSession: async () => view,
    createConnection: async () => {
      throw new LinkApiError('http_error', 409, 'This is a preview: it connects nothing.')
    },
    disconnectConnection: async () => ({ status: 'Unlinked' }),
    sendEvent: async () => {},
  }
}
