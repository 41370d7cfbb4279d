/**
 * @module Xero, emulated: its identity server's URLs and signed ID tokens (with `openid`), a choice of
 * organisations on the consent page (only those ticked are authorized), `GET /connections` (or
 * `/Connections`) listing them, and the Accounting
 * API's shapes — PascalCase envelopes, `/Date(ms+0000)/` dates, `page`/`pageSize` paging with its
 * `pagination` summary, `where`, `includeArchived`, a UTC `If-Modified-Since`, and the
 * `xero-tenant-id` header that picks the organisation. The books behind it (xero-books.ts) are the
 * generated ledger's, and its reports (xero-reports.ts) are summed from the same journal, split at each
 * organisation's financial year end. Records the admin deleted are listed as Xero lists them: with their deleted
 * status, modified at the deletion, or gone where Xero removes them.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal, type ApiRefusal } from '../api-access.js'
import { parseIsoDate } from '../date-formats.js'
import { hashText, mixInts } from '../deterministic-random.js'
import {
  accountingBankTransactions,
  accountingCompany,
  accountingPayments,
  billCreditNotes,
  billPayments,
  bills,
  creditNotes,
  customers,
  invoices,
  items,
  journalEntries,
  ledgerAccounts,
  purchaseOrders,
  suppliers,
  taxRates,
  transfers,
  type Invoice,
  type LedgerAccount,
} from '../datasets/index.js'
import { selectFiltered, type Currency, type GenerationContext, type ListDataset } from '../generated-data.js'
import type { RevocablePlatformDefinition, TenantChoice } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import { formatUuid, generateUuid } from '../secret-values.js'
import type { Grant, GrantTenant } from '../token-store.js'
import {
  ACCOUNT_CLASS,
  presentDocument,
  presentBill,
  presentBankTransaction,
  presentBankTransfer,
  presentBillPayment,
  presentContact,
  presentCreditNote,
  presentItem,
  presentJournal,
  presentPayment,
  presentPurchaseOrder,
  presentTaxRate,
  presentTrackingCategories,
  presentLineItems,
  xeroAccountType,
  xeroJsonDate,
} from './xero-books.js'
import { buildXeroBalanceSheet, buildXeroProfitAndLoss, type FinancialYearEnd } from './xero-reports.js'

const BASE = '/emulate/xero'
/** Xero's identity server, as its tokens name it wherever the emulation runs. */
const XERO_ISSUER = 'https://identity.xero.com'
export const XERO_CONNECTIONS_PATH = `${BASE}/connections`
const XERO_DISCOVERY_PATH = `${BASE}/identity/.well-known/openid-configuration`
export const XERO_JWKS_PATH = `${XERO_DISCOVERY_PATH}/jwks`
/** Xero's Accounting API pages are 100 records unless `pageSize` asks otherwise, up to 1000. */
export const XERO_PAGE_SIZE = 100
const XERO_MAX_PAGE_SIZE = 1000

interface XeroTenant extends TenantChoice {
  baseCurrency: Currency
  countryCode: string
  /** The last day of its financial year, as the Organisation names it and its Balance Sheet splits earnings. */
  financialYearEnd: FinancialYearEnd
}

/**
 * The two demo organisations every Xero login offers. Fixed ids: an organisation's id does not change between links.
 * The UK one's year ends 31 March, as many UK companies' does; the US one's is the calendar year.
 */
export const XERO_TENANTS: readonly XeroTenant[] = [
  { tenantId: '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11', tenantName: 'Demo Company (UK)', baseCurrency: 'GBP', countryCode: 'GB', financialYearEnd: { day: 31, month: 3 } },
  { tenantId: '9e4a6d2c-8b1f-4c73-a5e2-3f7b9d1c4e22', tenantName: 'Demo Company (US)', baseCurrency: 'USD', countryCode: 'US', financialYearEnd: { day: 31, month: 12 } },
]

/**
 * The one person who signs in to the emulated Xero, as its ID tokens name them. Fixed: a person's Xero user id does
 * not change between consents.
 */
const XERO_USER = {
  xeroUserId: '3f9c2b7e-6a14-4d8e-b5c1-0e7a9d2f4b63',
  subject: '8d2e5a1c4b7f49e6a03c6d9b2e1f7a54',
  email: 'demo.owner@example.com',
  givenName: 'Demo',
  familyName: 'Owner',
}

export const xeroPlatform: RevocablePlatformDefinition = {
  key: 'xero',
  displayName: 'Xero (emulated)',
  family: 'accounting',
  paths: {
    authorize: `${BASE}/identity/connect/authorize`,
    decision: `${BASE}/identity/connect/authorize/decision`,
    token: `${BASE}/identity/connect/token`,
    revoke: `${BASE}/identity/connect/revocation`,
    apiBase: `${BASE}/api.xro/2.0`,
  },
  scopes: {
    openid: 'Know who you are',
    profile: 'See your name',
    email: 'See your email address',
    'accounting.transactions': 'View and manage your invoices, bills and payments',
    'accounting.transactions.read': 'View your invoices, bills and payments',
    'accounting.contacts': 'View and manage your contacts',
    'accounting.contacts.read': 'View your contacts',
    'accounting.settings': 'View and manage your organisation settings and chart of accounts',
    'accounting.settings.read': 'View your organisation settings and chart of accounts',
    'accounting.journals.read': 'View your general ledger',
    'accounting.reports.read': 'View your reports',
    offline_access: 'Stay connected when you are not using the app (refresh tokens)',
  },
  scopeSeparator: ' ',
  // Xero takes PKCE from public clients; a confidential client with a secret may leave it out.
  pkce: 'optional',
  requiresResponseType: true,
  clientAuthentication: ['client_secret_basic'],
  refreshTokens: 'with-offline-scope',
  // Xero's documented grace for a rotated refresh token: the client that lost the answer to a refresh can try again.
  rotatedRefreshTokenGraceSeconds: 30 * 60,
  accessTokensExpire: true,
  tokenRequiresRedirectUri: true,
  tenants: XERO_TENANTS.map(({ tenantId, tenantName }) => ({ tenantId, tenantName })),
  // Each demo organisation keeps its country's currency (XERO_TENANTS).
  currencyFixedByTenant: true,
  // Xero's access tokens are JWTs; the consent they come from is named by authentication_event_id, the key that tells
  // this consent's organisations from the others GET /connections lists.
  accessTokenClaims: (grant, scopes) => ({
    iss: XERO_ISSUER,
    aud: 'https://identity.xero.com/resources',
    client_id: grant.clientId,
    authentication_event_id: grant.authEventId,
    scope: [...scopes],
  }),
  // Xero's identity server is an OpenID Connect provider (discovery at https://identity.xero.com/.well-known/openid-configuration):
  // with `openid` granted, code exchanges and refreshes alike answer an RS256 ID token, published keys at its jwks_uri.
  idToken: {
    issuer: XERO_ISSUER,
    lifetimeSeconds: 300,
    discoveryPath: XERO_DISCOVERY_PATH,
    jwksPath: XERO_JWKS_PATH,
    personClaims: (grant) => {
      // One sign-in session per consent: Xero's sid and global_session_id name the session the person approved in.
      const session = formatUuid(createHash('sha256').update(`xero-session:${grant.grantId}`).digest())
      return {
        sub: XERO_USER.subject,
        xero_userid: XERO_USER.xeroUserId,
        global_session_id: session.replaceAll('-', ''),
        sid: session.replaceAll('-', ''),
        email: XERO_USER.email,
        given_name: XERO_USER.givenName,
        family_name: XERO_USER.familyName,
        preferred_username: XERO_USER.email,
      }
    },
  },
  // A small business's books. The journal holds an entry per invoice, bill and payment received, then
  // `journalEntries` manual ones, then one per credit note, bill credit note and bill payment. Xero has no
  // direct costs or incomes (its spend and receive money are the bank transactions), so the shared ledger
  // posts none here: a journal would otherwise name a source Xero never serves.
  datasets: {
    directCosts: 0,
    directIncomes: 0,
    invoices: 120,
    accounts: 40,
    customers: 60,
    suppliers: 30,
    bills: 60,
    payments: 60,
    billPayments: 30,
    creditNotes: 20,
    billCreditNotes: 15,
    journalEntries: 20,
    taxRates: 8,
    trackingCategories: 11,
    items: 20,
    purchaseOrders: 20,
    transfers: 15,
    bankTransactions: 40,
  },
}

/** `2019-07-09T23:40:30.1833130`: the connections endpoint's UTC times, without a zone designator. */
function xeroUtcDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`
}

export function registerXeroApi(app: FastifyInstance, deps: SandboxDeps): void {
  const apiBase = xeroPlatform.paths.apiBase

  // Xero writes the path both ways (`/connections` in its OAuth guide and SDK, `/Connections` in its OpenAPI
  // description, xero-identity.yaml): the emulation answers both, from one handler.
  app.get(XERO_CONNECTIONS_PATH, listConnections)
  app.get(`${BASE}/Connections`, listConnections)
  async function listConnections(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const access = authorizeApiCall(deps, xeroPlatform, bearerTokenOf(request))
    if (!access.ok) return sendXeroRefusal(reply, access.refusal)
    // Every organisation the person has authorised for this app and not disconnected, from every consent, oldest
    // first, as Xero lists them; each entry names the consent that authorised it. The emulation has one person.
    const grants = deps.store
      .listGrants()
      .filter((grant) => grant.platform === xeroPlatform.key && grant.clientId === access.grant.clientId && !grant.isRevoked)
      .sort((a, b) => a.createdAt - b.createdAt)
    return grants.flatMap((grant) =>
      (grant.tenants ?? []).map((tenant) => ({
        id: tenant.connectionId,
        authEventId: grant.authEventId,
        tenantId: tenant.tenantId,
        tenantType: 'ORGANISATION',
        tenantName: tenant.tenantName,
        createdDateUtc: xeroUtcDateTime(grant.createdAt),
        updatedDateUtc: xeroUtcDateTime(grant.createdAt),
      })),
    )
  }

  for (const list of XERO_LISTS) serveList(app, deps, list)
  app.get(`${apiBase}/Organisation`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, SETTINGS_SCOPES)
    if (view === undefined) return reply
    // The organisation's registration and dates are the generated company's; its name is the tenant's, as Xero's is.
    const company = accountingCompany.generate(view.ctx)
    return {
      ...envelopeOf(deps, view),
      Organisations: [
        {
          OrganisationID: view.tenant.tenantId,
          Name: view.tenant.tenantName,
          LegalName: view.tenant.tenantName,
          BaseCurrency: view.ctx.baseCurrency,
          CountryCode: XERO_TENANTS.find((tenant) => tenant.tenantId === view.tenant.tenantId)?.countryCode,
          OrganisationType: 'COMPANY',
          RegistrationNumber: company.registrationNumber,
          FinancialYearEndDay: view.known.financialYearEnd.day,
          FinancialYearEndMonth: view.known.financialYearEnd.month,
          CreatedDateUTC: xeroJsonDate(Date.parse(company.createdDate)),
          Addresses: [{ AddressType: 'STREET', AddressLine1: company.address.line1, City: company.address.city, PostalCode: company.address.postalCode, Country: company.address.country }],
          Phones: [{ PhoneType: 'OFFICE', PhoneNumber: company.phone }],
          ExternalLinks: [{ LinkType: 'Website', Url: company.websiteUrl }],
        },
      ],
    }
  })

  app.get(`${apiBase}/TrackingCategories`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, SETTINGS_SCOPES)
    if (view === undefined) return reply
    // One short list, as Xero's: archived categories and options only when asked for.
    const includeArchived = String((request.query as Record<string, unknown>)['includeArchived']).toLowerCase() === 'true'
    return { ...envelopeOf(deps, view), TrackingCategories: presentTrackingCategories(view.ctx, includeArchived) }
  })

  app.get(`${apiBase}/Journals`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, JOURNAL_SCOPES)
    if (view === undefined) return reply
    const offset = (request.query as Record<string, unknown>)['offset']
    if (offset !== undefined && !(typeof offset === 'string' && /^\d{1,9}$/.test(offset))) {
      return reply.status(400).send({ ErrorNumber: 10, Type: 'ValidationException', Message: 'offset must be a whole number from 0.' })
    }
    // Journal N is entry N − 1; journals come in number order, those after `offset`, 100 at most, created since If-Modified-Since.
    const size = journalEntries.size(view.ctx)
    const from = Math.max(offset === undefined ? 0 : Number(offset), view.modifiedSince === undefined ? 0 : journalEntries.firstModifiedSince(view.ctx, view.modifiedSince))
    const journals: Array<Record<string, unknown>> = []
    for (let index = from; index < Math.min(size, from + XERO_PAGE_SIZE); index++) journals.push(presentJournal(view.ctx, journalEntries.generate(view.ctx, index), index))
    return { ...envelopeOf(deps, view), Journals: journals }
  })

  app.get(`${apiBase}/Reports/BalanceSheet`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, REPORT_SCOPES)
    if (view === undefined) return reply
    const nowMs = deps.clock.now().getTime()
    const date = readReportDate((request.query as Record<string, unknown>)['date'], endOfMonth(nowMs))
    if (date === undefined) return reply.status(400).send({ ErrorNumber: 10, Type: 'ValidationException', Message: 'date must be a date, yyyy-mm-dd.' })
    return { ...envelopeOf(deps, view), ...buildXeroBalanceSheet(view.ctx, view.tenant.tenantName, view.known.financialYearEnd, date, nowMs) }
  })

  app.get(`${apiBase}/Reports/ProfitAndLoss`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, REPORT_SCOPES)
    if (view === undefined) return reply
    const nowMs = deps.clock.now().getTime()
    const query = request.query as Record<string, unknown>
    // Xero's default is the current month.
    const toDate = readReportDate(query['toDate'], endOfMonth(nowMs))
    const fromDate = toDate === undefined ? undefined : readReportDate(query['fromDate'], Date.UTC(new Date(toDate).getUTCFullYear(), new Date(toDate).getUTCMonth(), 1))
    if (fromDate === undefined || toDate === undefined || fromDate > toDate) {
      return reply.status(400).send({ ErrorNumber: 10, Type: 'ValidationException', Message: 'fromDate and toDate must be dates, yyyy-mm-dd, fromDate not after toDate.' })
    }
    return { ...envelopeOf(deps, view), ...buildXeroProfitAndLoss(view.ctx, view.tenant.tenantName, fromDate, toDate, nowMs) }
  })
}

/** The first instant of the last day of the month `ms` falls in. */
function endOfMonth(ms: number): number {
  const date = new Date(ms)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)
}

/** A report's `yyyy-mm-dd` parameter as the first instant of that day (UTC), the default when absent, undefined when unreadable. */
function readReportDate(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
  const ms = Date.parse(`${value}T00:00:00Z`)
  return Number.isNaN(ms) ? undefined : ms
}

const SETTINGS_SCOPES = ['accounting.settings', 'accounting.settings.read']
const TRANSACTION_SCOPES = ['accounting.transactions', 'accounting.transactions.read']
const CONTACT_SCOPES = ['accounting.contacts', 'accounting.contacts.read']
/** Xero grants the general ledger and the reports only to their own read scopes. */
const JOURNAL_SCOPES = ['accounting.journals.read']
const REPORT_SCOPES = ['accounting.reports.read']

/** One dataset behind a list endpoint, and how its records look in Xero's shape. */
interface XeroSource<T> {
  dataset: ListDataset<T>
  /** `index`: the record's place in its dataset. */
  present(ctx: GenerationContext, record: T, index: number): Record<string, unknown>
  /**
   * The record as it stands once a sales invoice was raised for it (a contact): Xero sets IsCustomer and, as it
   * documents, leaves UpdatedDateUTC alone, so a read of what changed since does not see it.
   */
  presentInvoiced?: (wire: Record<string, unknown>) => Record<string, unknown>
}

function xeroSource<T>(source: XeroSource<T>): XeroSource<unknown> {
  return source as XeroSource<unknown>
}

/**
 * One list endpoint: its records in Xero's shape, who may read it, and how Xero pages and filters it. Xero keeps
 * kinds of record the unified model tells apart in one list (sales invoices and bills are both Invoices), so a
 * list may stand on several datasets, served one after the other.
 */
interface XeroList {
  path: string
  /** The record type, as Xero names it in a where error. */
  typeName: string
  scopes: readonly string[]
  sources: readonly XeroSource<unknown>[]
  /** Xero pages by `page` (and `pageSize`); Accounts is one unpaged list. */
  isPaged: boolean
  /** Contacts: archived ones are left out unless `includeArchived=true`, as Xero does. */
  isArchived?: (wire: Record<string, unknown>) => boolean
  /**
   * How Xero shows a record the admin deleted: the status it then has (`{ Status: 'DELETED' }`), its
   * UpdatedDateUTC the deletion's, so an If-Modified-Since read finds it. Absent: Xero removes such a record
   * from the list altogether (items, bank transfers), and an incremental read cannot learn of it.
   */
  deletedAs?: Readonly<Record<string, string>>
}

const XERO_LISTS: readonly XeroList[] = [
  {
    path: 'Invoices',
    typeName: 'Invoice',
    scopes: TRANSACTION_SCOPES,
    sources: [xeroSource({ dataset: invoices, present: presentInvoice }), xeroSource({ dataset: bills, present: presentBill })],
    isPaged: true,
    deletedAs: { Status: 'DELETED' },
  },
  {
    path: 'Contacts',
    typeName: 'Contact',
    scopes: CONTACT_SCOPES,
    sources: [xeroSource({ dataset: customers, present: (_, contact) => presentContact(contact, 'customer') }), xeroSource({ dataset: suppliers, present: (_, contact) => presentContact(contact, 'supplier'), presentInvoiced: (wire) => ({ ...wire, IsCustomer: true }) })],
    isPaged: true,
    isArchived: (wire) => wire['ContactStatus'] === 'ARCHIVED',
    // Xero never deletes a contact: it archives it.
    deletedAs: { ContactStatus: 'ARCHIVED' },
  },
  {
    path: 'Accounts',
    typeName: 'Account',
    scopes: SETTINGS_SCOPES,
    sources: [xeroSource({ dataset: ledgerAccounts, present: (_, account) => presentAccount(account) })],
    isPaged: false,
    // An account with transactions, as every generated one has, can only be archived.
    deletedAs: { Status: 'ARCHIVED' },
  },
  {
    path: 'Payments',
    typeName: 'Payment',
    scopes: TRANSACTION_SCOPES,
    sources: [xeroSource({ dataset: accountingPayments, present: presentPayment }), xeroSource({ dataset: billPayments, present: presentBillPayment })],
    isPaged: true,
    deletedAs: { Status: 'DELETED' },
  },
  {
    path: 'CreditNotes',
    typeName: 'CreditNote',
    scopes: TRANSACTION_SCOPES,
    sources: [
      xeroSource({ dataset: creditNotes, present: (ctx, note, index) => presentCreditNote(ctx, note, 'ACCRECCREDIT', index) }),
      xeroSource({ dataset: billCreditNotes, present: (ctx, note, index) => presentCreditNote(ctx, note, 'ACCPAYCREDIT', index) }),
    ],
    isPaged: true,
    deletedAs: { Status: 'DELETED' },
  },
  { path: 'TaxRates', typeName: 'TaxRate', scopes: SETTINGS_SCOPES, sources: [xeroSource({ dataset: taxRates, present: (_, rate) => presentTaxRate(rate) })], isPaged: false, deletedAs: { Status: 'DELETED' } },
  { path: 'Items', typeName: 'Item', scopes: SETTINGS_SCOPES, sources: [xeroSource({ dataset: items, present: presentItem })], isPaged: false },
  { path: 'PurchaseOrders', typeName: 'PurchaseOrder', scopes: TRANSACTION_SCOPES, sources: [xeroSource({ dataset: purchaseOrders, present: presentPurchaseOrder })], isPaged: true, deletedAs: { Status: 'DELETED' } },
  { path: 'BankTransfers', typeName: 'BankTransfer', scopes: TRANSACTION_SCOPES, sources: [xeroSource({ dataset: transfers, present: presentBankTransfer })], isPaged: false },
  {
    path: 'BankTransactions',
    typeName: 'BankTransaction',
    scopes: TRANSACTION_SCOPES,
    sources: [xeroSource({ dataset: accountingBankTransactions, present: presentBankTransaction })],
    isPaged: true,
    deletedAs: { Status: 'DELETED' },
  },
]

function serveList(app: FastifyInstance, deps: SandboxDeps, list: XeroList): void {
  app.get(`${xeroPlatform.paths.apiBase}/${list.path}`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, list.scopes)
    if (view === undefined) return reply
    const query = request.query as Record<string, unknown>
    const paging = list.isPaged ? readPaging(query) : undefined
    if (typeof paging === 'string') return reply.status(400).send({ ErrorNumber: 10, Type: 'ValidationException', Message: paging })
    const where = readWhere(query['where'], list, view.ctx)
    if (typeof where === 'string') return reply.status(400).send({ ErrorNumber: 16, Type: 'QueryParseException', Message: where })
    const { isArchived } = list
    const hidesArchived = isArchived !== undefined && String(query['includeArchived']).toLowerCase() !== 'true'
    const isKept = (wire: Record<string, unknown>): boolean => !(hidesArchived && isArchived(wire)) && (where === undefined || where(wire))
    // Unpaged: the whole list.
    const start = paging === undefined ? 0 : (paging.page - 1) * paging.pageSize
    const end = paging === undefined ? Number.MAX_SAFE_INTEGER : start + paging.pageSize
    const filters = hidesArchived || where !== undefined
    const since = view.modifiedSince
    // Each source's records follow the previous source's: the page is the part of [start, end) each one holds.
    const items: Array<Record<string, unknown>> = []
    let totalItems = 0
    for (const source of list.sources) {
      const deleted = deps.controls.deletedRecords(xeroPlatform.key, source.dataset.name)
      const invoiced = source.presentInvoiced === undefined ? undefined : deps.controls.salesInvoicedContacts(xeroPlatform.key, source.dataset.name)
      const presentOf = (record: unknown, index: number) => {
        const wire = source.present(view.ctx, record, index)
        return invoiced?.has(index) === true ? source.presentInvoiced!(wire) : wire
      }
      const wireOf = (record: unknown, index: number) => presentWithDeletion(list, presentOf(record, index), deleted.get(index))
      const hasDeletions = deleted.size > 0
      const range = selectFiltered(source.dataset, view.ctx, {
        start: Math.max(0, start - totalItems),
        count: Math.max(0, end - Math.max(start, totalItems)),
        // A record deleted since the bound changed since, however long before it was last modified: with deletions
        // (an admin's, in tests) every record is looked at, each by when it last changed, its deletion if deleted.
        modifiedSince: hasDeletions ? undefined : since,
        ...(filters || hasDeletions
          ? {
              matches: (record: unknown, index: number) => {
                if (hasDeletions && since !== undefined && (deleted.get(index) ?? source.dataset.modifiedAt(view.ctx, index)) < since) return false
                const wire = wireOf(record, index)
                return wire !== undefined && isKept(wire)
              },
            }
          : {}),
      })
      for (const { record, index } of range.items) items.push(wireOf(record, index)!)
      totalItems += range.totalItems
    }
    return {
      ...envelopeOf(deps, view),
      // Xero sums up the paging of a call that asked for a page.
      ...(paging?.isAsked ? { pagination: { page: paging.page, pageSize: paging.pageSize, pageCount: Math.ceil(totalItems / paging.pageSize), itemCount: totalItems } } : {}),
      [list.path]: items,
    }
  })
}

/** A record as Xero lists it once deleted at `deletedAt` (ms): its deleted status and UpdatedDateUTC, or undefined when Xero removes it. */
function presentWithDeletion(list: XeroList, wire: Record<string, unknown>, deletedAt: number | undefined): Record<string, unknown> | undefined {
  if (deletedAt === undefined) return wire
  if (list.deletedAs === undefined) return undefined
  return { ...wire, ...list.deletedAs, ...(Object.hasOwn(wire, 'UpdatedDateUTC') ? { UpdatedDateUTC: xeroJsonDate(deletedAt) } : {}) }
}

function envelopeOf(deps: SandboxDeps, view: TenantView): Record<string, unknown> {
  return { Id: generateUuid(deps.random), Status: 'OK', ProviderName: view.grant.clientId, DateTimeUTC: xeroJsonDate(deps.clock.now().getTime()) }
}

/** One authorized organisation's data, as the calling grant sees it. */
interface TenantView {
  grant: Grant
  tenant: GrantTenant
  /** The organisation as the emulation defines it. */
  known: XeroTenant
  ctx: GenerationContext
  modifiedSince: number | undefined
}

function openTenantView(deps: SandboxDeps, request: FastifyRequest, reply: FastifyReply, scopes: readonly string[]): TenantView | undefined {
  const access = authorizeApiCall(deps, xeroPlatform, bearerTokenOf(request))
  if (!access.ok) {
    sendXeroRefusal(reply, access.refusal)
    return undefined
  }
  if (!scopes.some((scope) => access.scopes.includes(scope))) {
    sendXeroProblem(reply, deps, 401, 'Unauthorized', 'AuthorizationUnsuccessful')
    return undefined
  }
  const tenantId = request.headers['xero-tenant-id']
  const tenant = typeof tenantId === 'string' ? access.grant.tenants?.find((candidate) => candidate.tenantId === tenantId.toLowerCase()) : undefined
  const ordinal = XERO_TENANTS.findIndex((candidate) => candidate.tenantId === tenant?.tenantId)
  const known = XERO_TENANTS[ordinal]
  if (tenant === undefined || known === undefined) {
    // Xero's answer to a missing tenant header and to an organisation the grant does not cover alike.
    sendXeroProblem(reply, deps, 403, 'Forbidden', 'AuthenticationUnsuccessful')
    return undefined
  }
  const since = request.headers['if-modified-since']
  const modifiedSince = typeof since === 'string' ? parseXeroModifiedSince(since) : undefined
  // Each organisation is its own business: its own seed and currency.
  const ctx = generationContextOf(deps, xeroPlatform, access.grant, { seed: mixInts(access.grant.seed, ordinal + 1), baseCurrency: known.baseCurrency })
  return { grant: access.grant, tenant, known, ctx, modifiedSince }
}

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/

/**
 * If-Modified-Since as Xero documents it, a UTC timestamp without a zone (`2009-11-12T00:00:00`),
 * or with one, or an HTTP-date (`Thu, 12 Nov 2009 00:00:00 GMT`). Anything else bounds nothing.
 */
export function parseXeroModifiedSince(text: string): number | undefined {
  if (!HTTP_DATE.test(text)) return parseIsoDate(text)
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

/** The page asked for (page 1 of 100 when no `page` is given), or what is wrong with the query. */
function readPaging(query: Record<string, unknown>): { page: number; pageSize: number; isAsked: boolean } | string {
  const { page, pageSize } = query
  if (page !== undefined && !(typeof page === 'string' && /^\d{1,9}$/.test(page) && Number(page) >= 1)) return 'page must be a whole number from 1.'
  if (pageSize !== undefined && !(typeof pageSize === 'string' && /^\d{1,4}$/.test(pageSize) && Number(pageSize) >= 1 && Number(pageSize) <= XERO_MAX_PAGE_SIZE)) {
    return `pageSize must be a whole number from 1 to ${XERO_MAX_PAGE_SIZE}.`
  }
  return { page: page === undefined ? 1 : Number(page), pageSize: pageSize === undefined ? XERO_PAGE_SIZE : Number(pageSize), isAsked: page !== undefined }
}

/** `Type=="ACCREC"`, `IsCustomer==true`, `Total==100.5`, `Contact.ContactID==Guid("…")`, with == or !=. */
const WHERE_CLAUSE = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)\s*(==|!=)\s*(?:"([^"]*)"|(true|false)|(-?\d+(?:\.\d+)?)|Guid\("([0-9A-Fa-f-]{36})"\))$/

/**
 * The `where` filter: a test of a record in Xero's shape, undefined when there is none, or why the
 * emulation cannot evaluate it. It evaluates comparisons of a field with a constant, joined by AND and
 * OR (AND binding tighter), the part of Xero's expression language the data sources use; anything more
 * is refused, not guessed.
 */
function readWhere(value: unknown, list: XeroList, ctx: GenerationContext): ((wire: Record<string, unknown>) => boolean) | undefined | string {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') return 'where must be given once.'
  // A field's name is checked against a record, as Xero checks it against the type.
  const filled = list.sources.find((source) => source.dataset.size(ctx) > 0)
  const sample = filled === undefined ? undefined : filled.present(ctx, filled.dataset.generate(ctx, 0), 0)
  const alternatives: Array<(wire: Record<string, unknown>) => boolean> = []
  for (const conjunction of value.split(/\s+OR\s+|\s*\|\|\s*/i)) {
    const test = readConjunction(conjunction, list, sample)
    if (typeof test === 'string') return test
    alternatives.push(test)
  }
  return (wire) => alternatives.some((test) => test(wire))
}

function readConjunction(value: string, list: XeroList, sample: Record<string, unknown> | undefined): ((wire: Record<string, unknown>) => boolean) | string {
  const tests: Array<(wire: Record<string, unknown>) => boolean> = []
  for (const clause of value.split(/\s+AND\s+|\s*&&\s*/i).map((part) => part.trim())) {
    const match = WHERE_CLAUSE.exec(clause)
    if (match === null) return `The emulation cannot evaluate "${clause}": it understands Field=="text", Field==true, Field==12.5 and Field==Guid("…") (or !=), joined by AND and OR.`
    const [, path = '', operator, text, flag, number, guid] = match
    const names = path.split('.')
    if (sample !== undefined && !Object.hasOwn(sample, names[0]!)) return `No property or field '${names[0]}' exists in type '${list.typeName}'`
    const expected = text ?? (flag !== undefined ? flag === 'true' : number !== undefined ? Number(number) : guid?.toLowerCase())
    tests.push((wire) => {
      let actual: unknown = wire
      for (const name of names) actual = typeof actual === 'object' && actual !== null ? (actual as Record<string, unknown>)[name] : undefined
      if (guid !== undefined && typeof actual === 'string') actual = actual.toLowerCase()
      return (actual === expected) === (operator === '==')
    })
  }
  return (wire) => tests.every((test) => test(wire))
}

function sendXeroRefusal(reply: FastifyReply, refusal: ApiRefusal): FastifyReply {
  // Xero names which limit was hit; the emulation's limit is always the per-minute one.
  if (refusal.kind === 'rate_limited') reply.header('x-rate-limit-problem', 'minute')
  return sendBearerRefusal(reply, xeroPlatform, refusal)
}

function sendXeroProblem(reply: FastifyReply, deps: SandboxDeps, status: number, title: string, detail: string): FastifyReply {
  return reply.status(status).send({ Type: null, Title: title, Status: status, Detail: detail, Instance: generateUuid(deps.random), Extensions: {} })
}

function presentInvoice(ctx: GenerationContext, invoice: Invoice, index: number): Record<string, unknown> {
  return {
    Type: 'ACCREC',
    InvoiceID: invoice.id,
    InvoiceNumber: invoice.invoiceNumber,
    Reference: '',
    Contact: invoice.customerRef === undefined ? null : { ContactID: invoice.customerRef.id, Name: invoice.customerRef.name },
    // Xero discounts the lines of sales invoices only.
    ...presentDocument(ctx, invoice, index, true),
  }
}

/** Bank accounts carry their number and kind, as Xero's BANK accounts do. */
function presentAccount(account: LedgerAccount): Record<string, unknown> {
  return {
    AccountID: account.id,
    Code: account.nominalCode,
    Name: account.name,
    Type: xeroAccountType(account),
    Status: account.status === 'Active' ? 'ACTIVE' : 'ARCHIVED',
    Class: ACCOUNT_CLASS[account.type],
    TaxType: account.type === 'Income' ? 'OUTPUT2' : account.type === 'Expense' ? 'INPUT2' : 'NONE',
    CurrencyCode: account.currency,
    ...(account.isBankAccount ? { BankAccountNumber: String(hashText(account.id) % 100_000_000).padStart(8, '0'), BankAccountType: 'BANK' } : {}),
    UpdatedDateUTC: xeroJsonDate(Date.parse(account.modifiedDate)),
  }
}
