/**
 * @module QuickBooks Online, emulated: Intuit's OAuth URLs, the `realmId` (company id) added to
 * the approve redirect, the refresh token lifetime in the token response, revocation by JSON
 * `{ token }`, and a small slice of the v3 API: `GET /v3/company/{realmId}/query` with Intuit's
 * query language for Invoice and Customer, answering in its `QueryResponse` and `Fault` shapes.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal } from '../api-access.js'
import { isoDate, isoWithOffset, parseIsoDate } from '../date-formats.js'
import { customers, invoices, type Contact, type Invoice } from '../datasets/index.js'
import { selectRange, type Currency, type ListDataset } from '../generated-data.js'
import type { RevocablePlatformDefinition } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import type { RandomBytes } from '../secret-values.js'

const BASE = '/emulate/quickbooks'
/** Intuit's refresh tokens live 100 days; the emulation says so but does not enforce it. */
const REFRESH_TOKEN_LIFETIME_SECONDS = 8_726_400
const DEFAULT_MAX_RESULTS = 100
const MAX_MAX_RESULTS = 1000

export const quickbooksPlatform: RevocablePlatformDefinition = {
  key: 'quickbooks',
  displayName: 'QuickBooks Online (emulated)',
  family: 'accounting',
  paths: {
    authorize: `${BASE}/connect/oauth2`,
    decision: `${BASE}/connect/oauth2/decision`,
    token: `${BASE}/oauth2/v1/tokens/bearer`,
    revoke: `${BASE}/oauth2/v1/tokens/revoke`,
    apiBase: `${BASE}/v3/company/:realmId`,
  },
  scopes: { 'com.intuit.quickbooks.accounting': 'Read and change your QuickBooks company: customers, invoices, accounts and more' },
  scopeSeparator: ' ',
  pkce: 'optional',
  requiresResponseType: true,
  clientAuthentication: ['client_secret_basic'],
  // Intuit issues a refresh token with every grant; there is no offline_access scope.
  refreshTokens: 'always',
  accessTokensExpire: true,
  tokenRequiresRedirectUri: true,
  assignGrantDetails: (random) => ({ realmId: generateRealmId(random) }),
  callbackParameters: (base, { grant }) => ({ ...base, realmId: grant.realmId ?? '' }),
  tokenResponseExtras: { x_refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_SECONDS },
  datasets: { invoices: 120, customers: 60 },
}

/** A company id as Intuit writes them: 16 digits (sandbox companies start with 9). */
function generateRealmId(random: RandomBytes): string {
  return `9${(random(8).readBigUInt64BE(0) % 10n ** 15n).toString().padStart(15, '0')}`
}

const CURRENCY_NAMES: Record<Currency, string> = { GBP: 'British Pound Sterling', USD: 'United States Dollar', EUR: 'Euro' }

interface Entity<T> {
  dataset: ListDataset<T>
  present(record: T, index: number): Record<string, unknown>
}

const ENTITIES: Readonly<Record<string, Entity<unknown>>> = {
  Invoice: { dataset: invoices, present: presentInvoice },
  Customer: { dataset: customers, present: presentCustomer },
}

/** What the emulation's query language covers: select all or count, one entity, a LastUpdatedTime bound, paging. */
const QUERY =
  /^\s*select\s+(\*|count\(\s*\*\s*\))\s+from\s+([a-z]+)(?:\s+where\s+metadata\.lastupdatedtime\s*(>=|>)\s*'([^']+)')?(?:\s+startposition\s+(\d{1,9}))?(?:\s+maxresults\s+(\d{1,9}))?\s*$/i

export function registerQuickbooksApi(app: FastifyInstance, deps: SandboxDeps): void {
  app.get<{ Params: { realmId: string } }>(`${quickbooksPlatform.paths.apiBase}/query`, async (request, reply) => {
    const access = authorizeApiCall(deps, quickbooksPlatform, bearerTokenOf(request))
    if (!access.ok) {
      if (access.refusal.kind === 'rate_limited') {
        reply.header('retry-after', String(access.refusal.retryAfterSeconds))
        return sendFault(reply, deps, 429, 'SERVICE', 'message=ThrottleExceeded; errorCode=003001; statusCode=429', 'The request limit was reached.', '3001')
      }
      return sendBearerRefusal(reply, quickbooksPlatform, access.refusal)
    }
    if (!access.scopes.includes('com.intuit.quickbooks.accounting') || access.grant.realmId !== request.params.realmId) {
      return sendFault(reply, deps, 403, 'AuthorizationFault', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', 'This token does not give access to this company.', '3100')
    }

    const text = (request.query as Record<string, unknown>)['query']
    const match = typeof text === 'string' ? QUERY.exec(text) : null
    const entity = match === null ? undefined : Object.entries(ENTITIES).find(([name]) => name.toLowerCase() === match[2]?.toLowerCase())
    if (match === null || entity === undefined) {
      return sendFault(reply, deps, 400, 'ValidationFault', 'Error parsing query', `QueryParserError: the emulation understands "select * from Invoice|Customer [where Metadata.LastUpdatedTime > '<ISO date>'] [startposition n] [maxresults n]".`, '4000')
    }
    const [, selection, , operator, bound, startText, maxText] = match
    let modifiedSince: number | undefined
    if (bound !== undefined) {
      const since = parseIsoDate(bound)
      if (since === undefined) return sendFault(reply, deps, 400, 'ValidationFault', 'Error parsing query', `QueryParserError: "${bound}" is not a date-time.`, '4000')
      // Generated times are whole seconds, so "after t" is "at or after t plus a millisecond".
      modifiedSince = operator === '>' ? since + 1 : since
    }
    const startPosition = startText === undefined ? 1 : Number(startText)
    const maxResults = maxText === undefined ? DEFAULT_MAX_RESULTS : Number(maxText)
    if (startPosition < 1 || maxResults < 1 || maxResults > MAX_MAX_RESULTS) {
      return sendFault(reply, deps, 400, 'ValidationFault', 'Error parsing query', `QueryParserError: startposition must be from 1 and maxresults from 1 to ${MAX_MAX_RESULTS}.`, '4000')
    }

    const [name, { dataset, present }] = entity
    const ctx = generationContextOf(deps, quickbooksPlatform, access.grant)
    const time = isoWithOffset(deps.clock.now().getTime())
    if (selection?.startsWith('count') === true) {
      return { QueryResponse: { totalCount: selectRange(dataset, ctx, { start: 0, count: 0, modifiedSince }).totalItems }, time }
    }
    const range = selectRange(dataset, ctx, { start: startPosition - 1, count: maxResults, modifiedSince })
    const firstIndex = range.end - range.items.length
    if (range.items.length === 0) return { QueryResponse: {}, time }
    return { QueryResponse: { [name]: range.items.map((record, offset) => present(record, firstIndex + offset)), startPosition, maxResults: range.items.length }, time }
  })
}

function sendFault(reply: FastifyReply, deps: SandboxDeps, status: number, type: string, message: string, detail: string, code: string): FastifyReply {
  return reply.status(status).send({ Fault: { Error: [{ Message: message, Detail: detail, code }], type }, time: isoWithOffset(deps.clock.now().getTime()) })
}

function metaData(record: { modifiedDate: string }, createdMs: number): { CreateTime: string; LastUpdatedTime: string } {
  return { CreateTime: isoWithOffset(createdMs), LastUpdatedTime: isoWithOffset(Date.parse(record.modifiedDate)) }
}

function presentInvoice(invoice: Invoice, index: number): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(invoice, Date.parse(invoice.issueDate)),
    DocNumber: invoice.invoiceNumber,
    TxnDate: isoDate(Date.parse(invoice.issueDate)),
    DueDate: isoDate(Date.parse(invoice.dueDate)),
    ...(invoice.customerRef !== undefined ? { CustomerRef: { value: String(invoice.customerRef.index + 1), name: invoice.customerRef.name } } : {}),
    CurrencyRef: { value: invoice.currency, name: CURRENCY_NAMES[invoice.currency] },
    Line: [
      ...invoice.lineItems.map((line, position) => ({
        Id: String(position + 1),
        LineNum: position + 1,
        Description: line.description,
        Amount: line.subTotal,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { Qty: line.quantity, UnitPrice: line.unitAmount, TaxCodeRef: { value: line.taxAmount > 0 ? 'TAX' : 'NON' } },
      })),
      { Amount: invoice.subTotal, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ],
    TxnTaxDetail: { TotalTax: invoice.totalTaxAmount },
    TotalAmt: invoice.totalAmount,
    Balance: invoice.amountDue,
  }
}

function presentCustomer(contact: Contact, index: number): Record<string, unknown> {
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(contact, Date.parse(contact.modifiedDate)),
    DisplayName: contact.name,
    CompanyName: contact.name,
    GivenName: contact.contactPerson.firstName,
    FamilyName: contact.contactPerson.lastName,
    PrimaryEmailAddr: { Address: contact.emailAddress },
    PrimaryPhone: { FreeFormNumber: contact.phone },
    BillAddr: { Line1: contact.address.line1, City: contact.address.city, PostalCode: contact.address.postalCode, Country: contact.address.country },
    CurrencyRef: { value: contact.defaultCurrency, name: CURRENCY_NAMES[contact.defaultCurrency] },
    Active: contact.status === 'Active',
  }
}
