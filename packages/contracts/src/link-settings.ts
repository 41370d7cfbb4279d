/**
 * @module Link settings: what the hosted (and embedded) Link flow asks for and says, per client.
 * Every text may hold `{companyName}` and `{platformName}`; texts are Markdown, rendered safely
 * (never as HTML). An empty text means "the default, translated"; a non-empty one is used as written.
 */
import { z } from 'zod'
import { WireString } from './wire-values.js'

const text = (max: number) => WireString.max(max, `at most ${max} characters`)
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #2748c4')

const category = z.object({
  enabled: z.boolean().default(true),
  optional: z.boolean().default(false),
})

/**
 * The reference's `enableFileUpload`: the person may upload files (a trial balance, an export, bank
 * statements) instead of connecting a platform. Off by default. docs/file-upload.md.
 */
const uploadCategory = category.extend({ enableFileUpload: z.boolean().default(false) })

export const LINK_CATEGORIES = ['accounting', 'banking', 'commerce'] as const
export type LinkCategory = (typeof LINK_CATEGORIES)[number]

const linkSettingsFields = z
  .object({
    categories: z
      .object({
        accounting: uploadCategory.default({ enabled: true, optional: false, enableFileUpload: false }),
        banking: uploadCategory.default({ enabled: true, optional: true, enableFileUpload: false }),
        commerce: category.default({ enabled: false, optional: true }),
        /** The reference's business documents: uploaded files only (no platform), asked for when enabled. */
        businessDocuments: category.default({ enabled: false, optional: true }),
      })
      .default({
        accounting: { enabled: true, optional: false, enableFileUpload: false },
        banking: { enabled: true, optional: true, enableFileUpload: false },
        commerce: { enabled: false, optional: true },
        businessDocuments: { enabled: false, optional: true },
      }),
    landingPage: z.object({ enabled: z.boolean().default(false), title: text(200).default(''), body: text(4000).default('') }).default({ enabled: false, title: '', body: '' }),
    consent: z
      .object({
        title: text(200).default(''),
        subtitle: text(1000).default(''),
        purpose: text(4000).default(''),
        access: text(4000).default(''),
        accountInformation: text(4000).default(''),
        retention: text(4000).default(''),
        termsAndConditions: text(4000).default(''),
        headers: z
          .object({
            purpose: text(50).default(''),
            access: text(50).default(''),
            accountInformation: text(50).default(''),
            platformData: text(50).default(''),
            retention: text(50).default(''),
          })
          .default({ purpose: '', access: '', accountInformation: '', platformData: '', retention: '' }),
      })
      .default({ title: '', subtitle: '', purpose: '', access: '', accountInformation: '', retention: '', termsAndConditions: '', headers: { purpose: '', access: '', accountInformation: '', platformData: '', retention: '' } }),
    /**
     * What the consent screen's *Platform data* section lists, per category. Left out (the
     * default): the data types of that category this company's sync settings read (fetched on first
     * link or on a schedule). A list replaces that with your own. Either way the consent binds: a
     * connection made through the consent screen reads only the data types its receipt lists.
     */
    dataTypes: z
      .object({
        accounting: z.array(text(100)).max(50).optional(),
        banking: z.array(text(100)).max(50).optional(),
        commerce: z.array(text(100)).max(50).optional(),
      })
      .default({}),
    branding: z
      .object({
        logoUrl: WireString.max(2000).refine((value) => value === '' || /^https?:\/\//.test(value), 'logoUrl must be an http(s) URL').default(''),
        primaryColor: hexColor.default('#2748c4'),
        secondaryColor: hexColor.default('#1d2330'),
      })
      .default({ logoUrl: '', primaryColor: '#2748c4', secondaryColor: '#1d2330' }),
    showPoweredBy: z.boolean().default(true),
    exitConfirmation: z.object({ enabled: z.boolean().default(true), message: text(1000).default('') }).default({ enabled: true, message: '' }),
    invitePage: z.object({ enabled: z.boolean().default(true), title: text(200).default(''), body: text(4000).default('') }).default({ enabled: true, title: '', body: '' }),
    shareInvitation: z.object({ subject: text(200).default(''), body: text(4000).default('') }).default({ subject: '', body: '' }),
    showSandboxIntegrations: z.boolean().default(true),
    oneTimeLinks: z.boolean().default(false),
    /**
     * Embedded Link on a page whose origin is in the CORS settings may call the Link API with the
     * company id alone, unless this is on: then only with a company access token. docs/embedded-link.md.
     */
    embeddedLinkRequiresToken: z.boolean().default(false),
  })

export const LinkSettings = linkSettingsFields.meta({ id: 'LinkSettings' })
export type LinkSettings = z.infer<typeof LinkSettings>

/**
 * The data types a consent screen lists, per category, once resolved for one company: the Link
 * settings' own list where there is one, else what the company's sync settings read.
 */
export const ConsentDataTypes = z.object({
  accounting: z.array(z.string()),
  banking: z.array(z.string()),
  commerce: z.array(z.string()),
})
export type ConsentDataTypes = z.infer<typeof ConsentDataTypes>

/** Link settings as a Link page draws them: `dataTypes` resolved for the company shown. */
export const ResolvedLinkSettings = linkSettingsFields.extend({ dataTypes: ConsentDataTypes }).meta({ id: 'ResolvedLinkSettings' })
export type ResolvedLinkSettings = z.infer<typeof ResolvedLinkSettings>

/** The settings with each category's consent list: the client's own where written, else `read`, what the company's syncs read. */
export function withConsentDataTypes(settings: LinkSettings, read: ConsentDataTypes): ResolvedLinkSettings {
  const own = settings.dataTypes
  return { ...settings, dataTypes: { accounting: own.accounting ?? read.accounting, banking: own.banking ?? read.banking, commerce: own.commerce ?? read.commerce } }
}
