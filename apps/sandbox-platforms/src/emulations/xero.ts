/**
 * @module Xero, emulated: its identity server's URLs, a choice of organisations on the consent
 * page (only those ticked are authorized), `GET /connections` listing them, and the Accounting
 * API's shapes — PascalCase envelopes, `/Date(ms+0000)/` dates, `page`/`pageSize` paging with its
 * `pagination` summary, `where`, `includeArchived`, a UTC `If-Modified-Since`, and the
 * `xero-tenant-id` header that picks the organisation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal, type ApiRefusal } from '../api-access.js'
import { parseIsoDate } from '../date-formats.js'
import { hashText, mixInts, uuidFrom } from '../deterministic-random.js'
import { customers, invoices, ledgerAccounts, type Contact, type DocumentStatus, type Invoice, type LedgerAccount } from '../datasets/index.js'
import { selectFiltered, type Currency, type GenerationContext, type ListDataset } from '../generated-data.js'
import type { RevocablePlatformDefinition, TenantChoice } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import { generateUuid } from '../secret-values.js'
import type { Grant, GrantTenant } from '../token-store.js'

const BASE = '/emulate/xero'
export const XERO_CONNECTIONS_PATH = `${BASE}/connections`
/** Xero's Accounting API pages are 100 records unless `pageSize` asks otherwise, up to 1000. */
export const XERO_PAGE_SIZE = 100
const XERO_MAX_PAGE_SIZE = 1000

interface XeroTenant extends TenantChoice {
  baseCurrency: Currency
  countryCode: string
}

/** The two demo organisations every Xero login offers. Fixed ids: an organisation's id does not change between links. */
export const XERO_TENANTS: readonly XeroTenant[] = [
  { tenantId: '7c1e3b8a-2f4d-4a61-9b0e-5d2a6c8e0f11', tenantName: 'Demo Company (UK)', baseCurrency: 'GBP', countryCode: 'GB' },
  { tenantId: '9e4a6d2c-8b1f-4c73-a5e2-3f7b9d1c4e22', tenantName: 'Demo Company (US)', baseCurrency: 'USD', countryCode: 'US' },
]

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
    offline_access: 'Stay connected when you are not using the app (refresh tokens)',
  },
  scopeSeparator: ' ',
  // Xero takes PKCE from public clients; a confidential client with a secret may leave it out.
  pkce: 'optional',
  requiresResponseType: true,
  clientAuthentication: ['client_secret_basic'],
  refreshTokens: 'with-offline-scope',
  accessTokensExpire: true,
  tokenRequiresRedirectUri: true,
  tenants: XERO_TENANTS.map(({ tenantId, tenantName }) => ({ tenantId, tenantName })),
  datasets: { invoices: 120, accounts: 40, customers: 60 },
}

/** `/Date(1518685950940+0000)/`: how Xero's JSON writes instants. */
export function xeroJsonDate(ms: number): string {
  return `/Date(${ms}+0000)/`
}

/** `2019-07-09T23:40:30.1833130`: the connections endpoint's UTC times, without a zone designator. */
function xeroUtcDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000`
}

export function registerXeroApi(app: FastifyInstance, deps: SandboxDeps): void {
  const apiBase = xeroPlatform.paths.apiBase

  app.get(XERO_CONNECTIONS_PATH, async (request, reply) => {
    const access = authorizeApiCall(deps, xeroPlatform, bearerTokenOf(request))
    if (!access.ok) return sendXeroRefusal(reply, access.refusal)
    return (access.grant.tenants ?? []).map((tenant) => ({
      id: tenant.connectionId,
      authEventId: access.grant.authEventId,
      tenantId: tenant.tenantId,
      tenantType: 'ORGANISATION',
      tenantName: tenant.tenantName,
      createdDateUtc: xeroUtcDateTime(access.grant.createdAt),
      updatedDateUtc: xeroUtcDateTime(access.grant.createdAt),
    }))
  })

  for (const list of XERO_LISTS) serveList(app, deps, list)
  app.get(`${apiBase}/Organisation`, async (request, reply) => {
    const view = openTenantView(deps, request, reply, SETTINGS_SCOPES)
    if (view === undefined) return reply
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
        },
      ],
    }
  })
}

const SETTINGS_SCOPES = ['accounting.settings', 'accounting.settings.read']

/** One list endpoint: its records in Xero's shape, who may read it, and how Xero pages and filters it. */
interface XeroList<T> {
  path: string
  /** The record type, as Xero names it in a where error. */
  typeName: string
  scopes: readonly string[]
  dataset: ListDataset<T>
  present(ctx: GenerationContext, record: T): Record<string, unknown>
  /** Xero pages by `page` (and `pageSize`); Accounts is one unpaged list. */
  isPaged: boolean
  /** Contacts: archived ones are left out unless `includeArchived=true`, as Xero does. */
  isArchived?: (wire: Record<string, unknown>) => boolean
}

function xeroList<T>(list: XeroList<T>): XeroList<unknown> {
  return list as XeroList<unknown>
}

const XERO_LISTS: readonly XeroList<unknown>[] = [
  xeroList({ path: 'Invoices', typeName: 'Invoice', scopes: ['accounting.transactions', 'accounting.transactions.read'], dataset: invoices, present: presentInvoice, isPaged: true }),
  xeroList({
    path: 'Contacts',
    typeName: 'Contact',
    scopes: ['accounting.contacts', 'accounting.contacts.read'],
    dataset: customers,
    present: (_, contact) => presentContact(contact),
    isPaged: true,
    isArchived: (wire) => wire['ContactStatus'] === 'ARCHIVED',
  }),
  xeroList({ path: 'Accounts', typeName: 'Account', scopes: SETTINGS_SCOPES, dataset: ledgerAccounts, present: (_, account) => presentAccount(account), isPaged: false }),
]

function serveList(app: FastifyInstance, deps: SandboxDeps, list: XeroList<unknown>): void {
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
    const range = selectFiltered(list.dataset, view.ctx, {
      // Unpaged: the whole list.
      start: paging === undefined ? 0 : (paging.page - 1) * paging.pageSize,
      count: paging === undefined ? Number.MAX_SAFE_INTEGER : paging.pageSize,
      modifiedSince: view.modifiedSince,
      ...(hidesArchived || where !== undefined ? { matches: (record: unknown) => isKept(list.present(view.ctx, record)) } : {}),
    })
    return {
      ...envelopeOf(deps, view),
      // Xero sums up the paging of a call that asked for a page.
      ...(paging?.isAsked ? { pagination: { page: paging.page, pageSize: paging.pageSize, pageCount: Math.ceil(range.totalItems / paging.pageSize), itemCount: range.totalItems } } : {}),
      [list.path]: range.items.map(({ record }) => list.present(view.ctx, record)),
    }
  })
}

function envelopeOf(deps: SandboxDeps, view: TenantView): Record<string, unknown> {
  return { Id: generateUuid(deps.random), Status: 'OK', ProviderName: view.grant.clientId, DateTimeUTC: xeroJsonDate(deps.clock.now().getTime()) }
}

/** One authorized organisation's data, as the calling grant sees it. */
interface TenantView {
  grant: Grant
  tenant: GrantTenant
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
  return { grant: access.grant, tenant, ctx, modifiedSince }
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
 * emulation cannot evaluate it. It evaluates comparisons of a field with a constant, joined by AND,
 * the part of Xero's expression language the data sources use; anything more is refused, not guessed.
 */
function readWhere(value: unknown, list: XeroList<unknown>, ctx: GenerationContext): ((wire: Record<string, unknown>) => boolean) | undefined | string {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string') return 'where must be given once.'
  // A field's name is checked against a record, as Xero checks it against the type.
  const sample = list.dataset.size(ctx) > 0 ? list.present(ctx, list.dataset.generate(ctx, 0)) : undefined
  const tests: Array<(wire: Record<string, unknown>) => boolean> = []
  for (const clause of value.split(/\s+AND\s+|\s*&&\s*/i).map((part) => part.trim())) {
    const match = WHERE_CLAUSE.exec(clause)
    if (match === null) return `The emulation cannot evaluate "${clause}": it understands Field=="text", Field==true, Field==12.5 and Field==Guid("…") (or !=), joined by AND.`
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

const INVOICE_STATUS: Record<DocumentStatus, string> = { Draft: 'DRAFT', Submitted: 'AUTHORISED', PartiallyPaid: 'AUTHORISED', Paid: 'PAID', Void: 'VOIDED' }

function presentInvoice(ctx: GenerationContext, invoice: Invoice): Record<string, unknown> {
  const issued = Date.parse(invoice.issueDate)
  const due = Date.parse(invoice.dueDate)
  return {
    Type: 'ACCREC',
    InvoiceID: invoice.id,
    InvoiceNumber: invoice.invoiceNumber,
    Reference: '',
    Contact: invoice.customerRef === undefined ? null : { ContactID: invoice.customerRef.id, Name: invoice.customerRef.name },
    Date: xeroJsonDate(issued),
    DateString: invoice.issueDate.slice(0, 19),
    DueDate: xeroJsonDate(due),
    DueDateString: invoice.dueDate.slice(0, 19),
    Status: INVOICE_STATUS[invoice.status],
    LineAmountTypes: 'Exclusive',
    LineItems: invoice.lineItems.map((line, position) => ({
      LineItemID: uuidFrom(hashText(invoice.id), position),
      Description: line.description,
      Quantity: line.quantity,
      UnitAmount: line.unitAmount,
      AccountCode: line.accountRef === undefined ? null : ledgerAccounts.generate(ctx, line.accountRef.index).nominalCode,
      AccountID: line.accountRef?.id ?? null,
      TaxAmount: line.taxAmount,
      LineAmount: line.subTotal,
    })),
    SubTotal: invoice.subTotal,
    TotalTax: invoice.totalTaxAmount,
    Total: invoice.totalAmount,
    AmountDue: invoice.amountDue,
    AmountPaid: Math.round((invoice.totalAmount - invoice.amountDue) * 100) / 100,
    CurrencyCode: invoice.currency,
    UpdatedDateUTC: xeroJsonDate(Date.parse(invoice.modifiedDate)),
  }
}

function presentContact(contact: Contact): Record<string, unknown> {
  return {
    ContactID: contact.id,
    ContactStatus: contact.status === 'Active' ? 'ACTIVE' : 'ARCHIVED',
    Name: contact.name,
    FirstName: contact.contactPerson.firstName,
    LastName: contact.contactPerson.lastName,
    EmailAddress: contact.emailAddress,
    Addresses: [{ AddressType: 'POBOX', AddressLine1: contact.address.line1, City: contact.address.city, PostalCode: contact.address.postalCode, Country: contact.address.country }],
    Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: contact.phone }],
    IsSupplier: false,
    IsCustomer: true,
    DefaultCurrency: contact.defaultCurrency,
    UpdatedDateUTC: xeroJsonDate(Date.parse(contact.modifiedDate)),
  }
}

const ACCOUNT_CLASS: Record<LedgerAccount['type'], string> = { Asset: 'ASSET', Liability: 'LIABILITY', Equity: 'EQUITY', Income: 'REVENUE', Expense: 'EXPENSE' }
const ACCOUNT_TYPE: Record<LedgerAccount['type'], string> = { Asset: 'CURRENT', Liability: 'CURRLIAB', Equity: 'EQUITY', Income: 'REVENUE', Expense: 'EXPENSE' }

function presentAccount(account: LedgerAccount): Record<string, unknown> {
  return {
    AccountID: account.id,
    Code: account.nominalCode,
    Name: account.name,
    Type: account.isBankAccount ? 'BANK' : ACCOUNT_TYPE[account.type],
    Status: account.status === 'Active' ? 'ACTIVE' : 'ARCHIVED',
    Class: ACCOUNT_CLASS[account.type],
    TaxType: account.type === 'Income' ? 'OUTPUT2' : account.type === 'Expense' ? 'INPUT2' : 'NONE',
    CurrencyCode: account.currency,
    UpdatedDateUTC: xeroJsonDate(Date.parse(account.modifiedDate)),
  }
}
