/**
 * @module QuickBooks Online, emulated: Intuit's OAuth URLs, the `realmId` (company id) added to
 * the approve redirect, the refresh token lifetime in the token response, revocation by JSON
 * `{ token }`, and a small slice of the v3 API: `GET /v3/company/{realmId}/query` with Intuit's
 * query language for Invoice, Customer and Account (a LastUpdatedTime bound, Active, ORDERBY,
 * paging; inactive records left out unless asked for), answering in its `QueryResponse` and
 * `Fault` shapes.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal } from '../api-access.js'
import { isoDate, isoWithOffset, parseIsoDate } from '../date-formats.js'
import { customers, invoices, ledgerAccounts, type Contact, type Invoice, type LedgerAccount } from '../datasets/index.js'
import { selectFiltered, type Currency, type ListDataset } from '../generated-data.js'
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
  datasets: { invoices: 120, customers: 60, accounts: 40 },
}

/** A company id as Intuit writes them: 16 digits (sandbox companies start with 9). */
function generateRealmId(random: RandomBytes): string {
  return `9${(random(8).readBigUInt64BE(0) % 10n ** 15n).toString().padStart(15, '0')}`
}

const CURRENCY_NAMES: Record<Currency, string> = { GBP: 'British Pound Sterling', USD: 'United States Dollar', EUR: 'Euro' }

interface Entity<T> {
  dataset: ListDataset<T>
  present(record: T, index: number): Record<string, unknown>
  /** Customer and Account can be made inactive; a query returns only active ones unless its WHERE says otherwise. */
  isActive?: (record: T) => boolean
}

function entity<T>(definition: Entity<T>): Entity<unknown> {
  return definition as Entity<unknown>
}

const ENTITIES: Readonly<Record<string, Entity<unknown>>> = {
  Invoice: entity({ dataset: invoices, present: presentInvoice }),
  Customer: entity({ dataset: customers, present: presentCustomer, isActive: (contact) => contact.status === 'Active' }),
  Account: entity({ dataset: ledgerAccounts, present: presentAccount, isActive: (account) => account.status === 'Active' }),
}

/** A query the emulation understands, its clauses still text: `SELECT … FROM … [WHERE …] [ORDERBY …] [STARTPOSITION n] [MAXRESULTS n]`. */
const QUERY =
  /^\s*select\s+(\*|count\(\s*\*\s*\))\s+from\s+([a-z]+)(?:\s+where\s+(.+?))?(?:\s+orderby\s+([a-z.]+)(?:\s+(asc|desc))?)?(?:\s+startposition\s+(\d{1,9}))?(?:\s+maxresults\s+(\d{1,9}))?\s*$/is
const LAST_UPDATED = /^metadata\.lastupdatedtime\s*(>=|>)\s*'([^']+)'$/i
const ACTIVE_EQUALS = /^active\s*=\s*(true|false)$/i
const ACTIVE_IN = /^active\s+in\s*\(\s*((?:true|false)(?:\s*,\s*(?:true|false))*)\s*\)$/i
/** Ids only grow and so do modified times, so both orders are the generated order. */
const ORDERABLE = ['id', 'metadata.lastupdatedtime']
const UNDERSTOOD =
  "the emulation understands \"SELECT * | COUNT(*) FROM Invoice|Customer|Account [WHERE <condition> [AND …]] [ORDERBY Id|MetaData.LastUpdatedTime [ASC]] [STARTPOSITION n] [MAXRESULTS n]\", a condition being MetaData.LastUpdatedTime >= (or >) '<ISO date-time>', Active = true|false or Active IN (true, false)"

/** What a parsed query selects. */
interface ParsedQuery {
  isCount: boolean
  name: string
  entity: Entity<unknown>
  modifiedSince: number | undefined
  /** Which Active values are wanted; [true] unless the query says. */
  active: readonly boolean[]
  startPosition: number
  maxResults: number
}

/** The query as the emulation will answer it, or the QueryParserError detail. */
function parseQuery(text: unknown): ParsedQuery | string {
  const match = typeof text === 'string' ? QUERY.exec(text) : null
  if (match === null) return `QueryParserError: ${UNDERSTOOD}.`
  const [, selection = '', entityName = '', where, orderBy, direction, startText, maxText] = match
  const found = Object.entries(ENTITIES).find(([name]) => name.toLowerCase() === entityName.toLowerCase())
  if (found === undefined) return `QueryParserError: ${UNDERSTOOD}.`
  const [name, definition] = found
  let modifiedSince: number | undefined
  let active: readonly boolean[] = [true]
  for (const condition of where === undefined ? [] : where.split(/\s+and\s+/i).map((part) => part.trim())) {
    const since = LAST_UPDATED.exec(condition)
    const equals = ACTIVE_EQUALS.exec(condition)
    const among = ACTIVE_IN.exec(condition)
    if (since !== null) {
      const bound = parseIsoDate(since[2]!)
      if (bound === undefined) return `QueryParserError: "${since[2]}" is not a date-time.`
      // Generated times are whole seconds, so "after t" is "at or after t plus a millisecond".
      const from = since[1] === '>' ? bound + 1 : bound
      modifiedSince = Math.max(modifiedSince ?? from, from)
    } else if ((equals !== null || among !== null) && definition.isActive !== undefined) {
      active = (equals?.[1] ?? among?.[1] ?? '').split(',').map((value) => value.trim().toLowerCase() === 'true')
    } else if (equals !== null || among !== null) {
      return `QueryParserError: property Active is not queryable on ${name}.`
    } else {
      return `QueryParserError: the emulation cannot read the condition "${condition}"; ${UNDERSTOOD}.`
    }
  }
  if (orderBy !== undefined && (!ORDERABLE.includes(orderBy.toLowerCase()) || direction?.toLowerCase() === 'desc')) {
    return `QueryParserError: the emulation cannot order by "${orderBy}${direction === undefined ? '' : ` ${direction}`}"; ${UNDERSTOOD}.`
  }
  const startPosition = startText === undefined ? 1 : Number(startText)
  const maxResults = maxText === undefined ? DEFAULT_MAX_RESULTS : Number(maxText)
  if (startPosition < 1 || maxResults < 1 || maxResults > MAX_MAX_RESULTS) return `QueryParserError: startposition must be from 1 and maxresults from 1 to ${MAX_MAX_RESULTS}.`
  return { isCount: selection.toLowerCase().startsWith('count'), name, entity: definition, modifiedSince, active, startPosition, maxResults }
}

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

    const query = parseQuery((request.query as Record<string, unknown>)['query'])
    if (typeof query === 'string') return sendFault(reply, deps, 400, 'ValidationFault', 'Error parsing query', query, '4000')
    const { entity, active } = query
    const { isActive } = entity
    const ctx = generationContextOf(deps, quickbooksPlatform, access.grant)
    const time = isoWithOffset(deps.clock.now().getTime())
    const isEveryone = isActive === undefined || (active.includes(true) && active.includes(false))
    const range = selectFiltered(entity.dataset, ctx, {
      start: query.isCount ? 0 : query.startPosition - 1,
      count: query.isCount ? 0 : query.maxResults,
      modifiedSince: query.modifiedSince,
      ...(isEveryone ? {} : { matches: (record: unknown) => active.includes(isActive(record)) }),
    })
    if (query.isCount) return { QueryResponse: { totalCount: range.totalItems }, time }
    if (range.items.length === 0) return { QueryResponse: {}, time }
    return { QueryResponse: { [query.name]: range.items.map(({ record, index }) => entity.present(record, index)), startPosition: query.startPosition, maxResults: range.items.length }, time }
  })
}

function sendFault(reply: FastifyReply, deps: SandboxDeps, status: number, type: string, message: string, detail: string, code: string): FastifyReply {
  return reply.status(status).send({ Fault: { Error: [{ Message: message, Detail: detail, code }], type }, time: isoWithOffset(deps.clock.now().getTime()) })
}

function metaData(record: { modifiedDate: string }, createdMs: number): { CreateTime: string; LastUpdatedTime: string } {
  return { CreateTime: isoWithOffset(createdMs), LastUpdatedTime: isoWithOffset(Date.parse(record.modifiedDate)) }
}

function presentInvoice(invoice: Invoice, index: number): Record<string, unknown> {
  // Voiding keeps an invoice but zeroes every amount and notes it, as QuickBooks Online does.
  const isVoided = invoice.status === 'Void'
  const amount = (value: number) => (isVoided ? 0 : value)
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(invoice, Date.parse(invoice.issueDate)),
    DocNumber: invoice.invoiceNumber,
    TxnDate: isoDate(Date.parse(invoice.issueDate)),
    DueDate: isoDate(Date.parse(invoice.dueDate)),
    ...(invoice.customerRef !== undefined ? { CustomerRef: { value: String(invoice.customerRef.index + 1), name: invoice.customerRef.name } } : {}),
    CurrencyRef: { value: invoice.currency, name: CURRENCY_NAMES[invoice.currency] },
    ...(isVoided ? { PrivateNote: 'Voided' } : {}),
    Line: [
      ...invoice.lineItems.map((line, position) => ({
        Id: String(position + 1),
        LineNum: position + 1,
        Description: line.description,
        Amount: amount(line.subTotal),
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: { Qty: amount(line.quantity), UnitPrice: amount(line.unitAmount), TaxCodeRef: { value: line.taxAmount > 0 ? 'TAX' : 'NON' } },
      })),
      { Amount: amount(invoice.subTotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ],
    TxnTaxDetail: { TotalTax: amount(invoice.totalTaxAmount) },
    TotalAmt: amount(invoice.totalAmount),
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

/** Intuit's Classification, and the AccountType and AccountSubType a generated account of each kind is given. */
const ACCOUNT_KINDS: Record<LedgerAccount['type'], { classification: string; accountType: string; accountSubType: string }> = {
  Asset: { classification: 'Asset', accountType: 'Other Current Asset', accountSubType: 'OtherCurrentAssets' },
  Liability: { classification: 'Liability', accountType: 'Other Current Liability', accountSubType: 'OtherCurrentLiabilities' },
  Equity: { classification: 'Equity', accountType: 'Equity', accountSubType: 'OwnersEquity' },
  Income: { classification: 'Revenue', accountType: 'Income', accountSubType: 'SalesOfProductIncome' },
  Expense: { classification: 'Expense', accountType: 'Expense', accountSubType: 'OtherMiscellaneousServiceCost' },
}

function presentAccount(account: LedgerAccount, index: number): Record<string, unknown> {
  const kind = account.isBankAccount ? { classification: 'Asset', accountType: 'Bank', accountSubType: 'Checking' } : ACCOUNT_KINDS[account.type]
  return {
    Id: String(index + 1),
    SyncToken: '0',
    MetaData: metaData(account, Date.parse(account.modifiedDate)),
    Name: account.name,
    AcctNum: account.nominalCode,
    SubAccount: false,
    FullyQualifiedName: account.name,
    Active: account.status === 'Active',
    Classification: kind.classification,
    AccountType: kind.accountType,
    AccountSubType: kind.accountSubType,
    CurrentBalance: account.currentBalance,
    CurrentBalanceWithSubAccounts: account.currentBalance,
    CurrencyRef: { value: account.currency, name: CURRENCY_NAMES[account.currency] },
  }
}
