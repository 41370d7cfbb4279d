/**
 * @module Xero, emulated: its identity server's URLs, a choice of organisations on the consent
 * page (only those ticked are authorized), `GET /connections` listing them, and the Accounting
 * API's shapes — PascalCase envelopes, `/Date(ms+0000)/` dates, 100 records a page and the
 * `xero-tenant-id` header that picks the organisation.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal, type ApiRefusal } from '../api-access.js'
import { hashText, mixInts, uuidFrom } from '../deterministic-random.js'
import { customers, invoices, ledgerAccounts, type Contact, type DocumentStatus, type Invoice, type LedgerAccount } from '../datasets/index.js'
import { selectRange, type Currency, type GenerationContext, type ListDataset } from '../generated-data.js'
import type { RevocablePlatformDefinition, TenantChoice } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import { generateUuid } from '../secret-values.js'
import type { Grant, GrantTenant } from '../token-store.js'

const BASE = '/emulate/xero'
export const XERO_CONNECTIONS_PATH = `${BASE}/connections`
/** Xero's Accounting API pages are 100 records, fixed. */
export const XERO_PAGE_SIZE = 100

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

  const serve = (path: string, scopes: readonly string[], answer: (view: TenantView, page: number | undefined) => Record<string, unknown>): void => {
    app.get(`${apiBase}/${path}`, async (request, reply) => {
      const view = openTenantView(deps, request, reply, scopes)
      if (view === undefined) return reply
      const page = readPage(request, reply)
      if (page === null) return reply
      return { Id: generateUuid(deps.random), Status: 'OK', ProviderName: view.grant.clientId, DateTimeUTC: xeroJsonDate(deps.clock.now().getTime()), ...answer(view, page) }
    })
  }

  serve('Invoices', ['accounting.transactions', 'accounting.transactions.read'], (view, page) => ({
    Invoices: pageOf(invoices, view, page).map((invoice) => presentInvoice(view.ctx, invoice)),
  }))
  serve('Contacts', ['accounting.contacts', 'accounting.contacts.read'], (view, page) => ({
    Contacts: pageOf(customers, view, page).map(presentContact),
  }))
  serve('Accounts', ['accounting.settings', 'accounting.settings.read'], (view, page) => ({
    Accounts: pageOf(ledgerAccounts, view, page).map(presentAccount),
  }))
  serve('Organisation', ['accounting.settings', 'accounting.settings.read'], (view) => ({
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
  }))
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
  const modifiedSince = typeof since === 'string' && !Number.isNaN(Date.parse(since)) ? Date.parse(since) : undefined
  // Each organisation is its own business: its own seed and currency.
  const ctx = generationContextOf(deps, xeroPlatform, access.grant, { seed: mixInts(access.grant.seed, ordinal + 1), baseCurrency: known.baseCurrency })
  return { grant: access.grant, tenant, ctx, modifiedSince }
}

/** The `page` query: undefined when absent (page 1), null when malformed (the 400 is sent). */
function readPage(request: FastifyRequest, reply: FastifyReply): number | undefined | null {
  const page = (request.query as Record<string, unknown>)['page']
  if (page === undefined) return undefined
  if (typeof page === 'string' && /^\d{1,9}$/.test(page) && Number(page) >= 1) return Number(page)
  reply.status(400).send({ ErrorNumber: 10, Type: 'ValidationException', Message: 'page must be a whole number from 1.' })
  return null
}

function pageOf<T>(dataset: ListDataset<T>, view: TenantView, page: number | undefined): T[] {
  return selectRange(dataset, view.ctx, { start: ((page ?? 1) - 1) * XERO_PAGE_SIZE, count: XERO_PAGE_SIZE, modifiedSince: view.modifiedSince }).items
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
