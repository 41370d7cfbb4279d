/**
 * @module QuickBooks Online, emulated: Intuit's OAuth URLs, the `realmId` (company id) added to
 * the approve redirect, the refresh token lifetime in the token response, revocation by JSON
 * `{ token }` only, `minorversion` read as Intuit reads it, and a slice of the v3 API:
 * `GET /v3/company/{realmId}/query` with Intuit's query language (Ids are strings, ordered and compared as text) for Invoice, Customer, Account, Vendor, Bill, Payment, BillPayment, CreditMemo,
 * VendorCredit, Item, TaxRate, Class, Department, Transfer, PurchaseOrder, SalesReceipt and
 * Purchase (a LastUpdatedTime bound, Active, AccountType, Id, ORDERBY, paging; inactive
 * records left out unless asked for; records the admin deleted left out), change data capture
 * (`cdc`: what changed since a time, deleted records as Deleted; also for JournalEntry, whose
 * manual journals the admin may delete, and Deposit and RefundReceipt, of which the books have
 * none), `companyinfo/{realmId}` and
 * `preferences`, and the reports
 * JournalReport, ProfitAndLoss and BalanceSheet (quickbooks-reports.ts), answering in its
 * `QueryResponse` and `Fault` shapes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { authorizeApiCall, bearerTokenOf, generationContextOf, sendBearerRefusal } from '../api-access.js'
import { isoWithOffset, parseIsoDate } from '../date-formats.js'
import {
  accountingPayments,
  billCreditNotes,
  billPayments,
  bills,
  creditNotes,
  customers,
  directCosts,
  directIncomes,
  invoices,
  items,
  ledgerAccounts,
  purchaseOrders,
  suppliers,
  taxRates,
  trackingCategories,
  transfers,
  type Contact,
  type Invoice,
  type LedgerAccount,
} from '../datasets/index.js'
import { selectFiltered, type FilteredRange, type GenerationContext, type ListDataset } from '../generated-data.js'
import type { RevocablePlatformDefinition } from '../platform-definition.js'
import type { SandboxDeps } from '../sandbox-deps.js'
import type { RandomBytes } from '../secret-values.js'
import {
  CURRENCY_NAMES,
  isRegionCategory,
  metaData,
  paymentsAppliedTo,
  presentBill,
  presentBillPayment,
  presentCompanyInfo,
  presentCreditMemo,
  presentPayment,
  presentPreferences,
  presentVendor,
  presentVendorCredit,
} from './quickbooks-books.js'
import {
  presentItem,
  presentPurchase,
  presentPurchaseOrder,
  presentSalesReceipt,
  presentTaxRate,
  presentTrackingCategory,
  presentTransfer,
} from './quickbooks-lists.js'
import { presentInvoice } from './quickbooks-invoices.js'
import { balanceSheetReport, invoiceDateOf, journalReport, manualJournalIdOf, profitAndLossReport, reportPeriodOf, type IsDeleted } from './quickbooks-reports.js'

const BASE = '/emulate/quickbooks'
/** Intuit's refresh tokens live 100 days; the emulation says so but does not enforce it. */
const REFRESH_TOKEN_LIFETIME_SECONDS = 8_726_400
/**
 * The newest minor version the emulation serves. Intuit answers a minor version below 75, or none, as 75 (it retired
 * 1–74 on 2025-08-01); one it does not know, or one that is not a number, it refuses.
 */
const LATEST_MINOR_VERSION = 75
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
  // Intuit's revoke call: HTTP Basic, JSON `{ "token": "<refresh or access token>" }`, unlike its token endpoint's form.
  revocationBody: 'json',
  // A small business's books: the sandbox's sizes, each settable (setDatasetSize).
  datasets: {
    invoices: 120,
    customers: 60,
    accounts: 40,
    suppliers: 30,
    bills: 80,
    payments: 100,
    billPayments: 50,
    creditNotes: 30,
    billCreditNotes: 25,
    journalEntries: 50,
    items: 30,
    transfers: 40,
    purchaseOrders: 30,
    directIncomes: 40,
    directCosts: 40,
  },
}

/** A company id as Intuit writes them: 16 digits (sandbox companies start with 9). */
function generateRealmId(random: RandomBytes): string {
  return `9${(random(8).readBigUInt64BE(0) % 10n ** 15n).toString().padStart(15, '0')}`
}

interface Entity<T> {
  dataset: ListDataset<T>
  present(record: T, index: number, ctx: GenerationContext): Record<string, unknown>
  /** Customer and Account can be made inactive; a query returns only active ones unless its WHERE says otherwise. */
  isActive?: (record: T) => boolean
  /** String properties a WHERE may compare (`Name = 'x'`, `Name IN ('x', 'y')`), by their lower-case name. */
  textFields?: Readonly<Record<string, (record: T) => string>>
  /** For an entity served from part of a dataset (Class and Department share the tracking tree): whether a record is one. */
  isOwn?: (record: T, index: number, ctx: GenerationContext) => boolean
}

function entity<T>(definition: Entity<T>): Entity<unknown> {
  return definition as Entity<unknown>
}

const ENTITIES: Readonly<Record<string, Entity<unknown>>> = {
  Invoice: entity({ dataset: invoices, present: (invoice, index, ctx) => presentInvoice(ctx, invoice, index, paymentsAppliedTo(ctx, index), (date) => invoiceDateOf(ctx, index, date)) }),
  Customer: entity({ dataset: customers, present: presentCustomer, isActive: (contact) => contact.status === 'Active' }),
  Account: entity({
    dataset: ledgerAccounts,
    present: presentAccount,
    isActive: (account) => account.status === 'Active',
    textFields: { accounttype: (account) => accountKindOf(account).accountType },
  }),
  Vendor: entity({ dataset: suppliers, present: presentVendor, isActive: (contact) => contact.status === 'Active' }),
  Bill: entity({ dataset: bills, present: (bill, index, ctx) => presentBill(ctx, bill, index) }),
  Payment: entity({ dataset: accountingPayments, present: (payment, index, ctx) => presentPayment(ctx, payment, index) }),
  BillPayment: entity({ dataset: billPayments, present: (payment, index, ctx) => presentBillPayment(ctx, payment, index) }),
  CreditMemo: entity({ dataset: creditNotes, present: presentCreditMemo }),
  VendorCredit: entity({ dataset: billCreditNotes, present: presentVendorCredit }),
  Item: entity({ dataset: items, present: presentItem, isActive: (item) => item.status === 'Active' }),
  TaxRate: entity({ dataset: taxRates, present: presentTaxRate, isActive: (rate) => rate.status === 'Active' }),
  Class: entity({
    dataset: trackingCategories,
    present: (category, index, ctx) => presentTrackingCategory(ctx, category, index, 'SubClass'),
    isActive: (category) => category.status === 'Active',
    isOwn: (category, index, ctx) => !isRegionCategory(ctx, category, index),
  }),
  Department: entity({
    dataset: trackingCategories,
    present: (category, index, ctx) => presentTrackingCategory(ctx, category, index, 'SubDepartment'),
    isActive: (category) => category.status === 'Active',
    isOwn: (category, index, ctx) => isRegionCategory(ctx, category, index),
  }),
  Transfer: entity({ dataset: transfers, present: presentTransfer }),
  PurchaseOrder: entity({ dataset: purchaseOrders, present: presentPurchaseOrder }),
  SalesReceipt: entity({ dataset: directIncomes, present: presentSalesReceipt }),
  Purchase: entity({ dataset: directCosts, present: presentPurchase }),
}

/**
 * Entities change data capture answers for that the query does not serve: the manual journals (posted to the reports
 * only), and deposits and refund receipts, which the emulated books do not have.
 */
const LEDGER_ONLY_ENTITIES: readonly string[] = ['JournalEntry', 'Deposit', 'RefundReceipt']

/** A query the emulation understands, its clauses still text: `SELECT … FROM … [WHERE …] [ORDERBY …] [STARTPOSITION n] [MAXRESULTS n]`. */
const QUERY =
  /^\s*select\s+(\*|count\(\s*\*\s*\))\s+from\s+([a-z]+)(?:\s+where\s+(.+?))?(?:\s+orderby\s+([a-z.]+)(?:\s+(asc|desc))?)?(?:\s+startposition\s+(\d{1,9}))?(?:\s+maxresults\s+(\d{1,9}))?\s*$/is
const LAST_UPDATED = /^metadata\.lastupdatedtime\s*(>=|>)\s*'([^']+)'$/i
const ACTIVE_EQUALS = /^active\s*=\s*(true|false)$/i
const ACTIVE_IN = /^active\s+in\s*\(\s*((?:true|false)(?:\s*,\s*(?:true|false))*)\s*\)$/i
const TEXT_EQUALS = /^([a-z]+)\s*=\s*'([^']*)'$/i
const ID_IN = /^id\s+in\s*\(\s*('\d{1,9}'(?:\s*,\s*'\d{1,9}')*)\s*\)$/i
const ID_EQUALS = /^id\s*=\s*'(\d{1,9})'$/i
/** `Id > '120'`: Intuit types Id as a string, so the comparison is a string's, as its ORDERBY Id is. */
const ID_COMPARED = /^id\s*(>=|>|<=|<)\s*'([^']{1,20})'$/i
const TEXT_IN = /^([a-z]+)\s+in\s*\(\s*('[^']*'(?:\s*,\s*'[^']*')*)\s*\)$/i
/**
 * Modified times grow with the generated order, so ORDERBY MetaData.LastUpdatedTime is it. Ids are strings: ORDERBY Id
 * sorts them as text, "10" before "9" and "121" between "12" and "13", so a record created during a read can land
 * anywhere in that order, not only at its end.
 */
const ORDERABLE = ['id', 'metadata.lastupdatedtime']
const UNDERSTOOD =
  "the emulation understands \"SELECT * | COUNT(*) FROM Invoice|Customer|Account|Vendor|Bill|Payment|BillPayment|CreditMemo|VendorCredit|Item|TaxRate|Class|Department|Transfer|PurchaseOrder|SalesReceipt|Purchase [WHERE <condition> [AND …]] [ORDERBY Id|MetaData.LastUpdatedTime [ASC]] [STARTPOSITION n] [MAXRESULTS n]\", a condition being MetaData.LastUpdatedTime >= (or >) '<ISO date-time>', Active = true|false, Active IN (true, false), AccountType = '<type>' (or IN ('<type>', …)) on Account, Id IN ('<id>', …), or Id > (>=, <, <=) '<id>'"

/** What a parsed query selects. */
interface ParsedQuery {
  isCount: boolean
  name: string
  entity: Entity<unknown>
  modifiedSince: number | undefined
  /** Which Active values are wanted; [true] unless the query says. */
  active: readonly boolean[]
  /** Text properties compared, each with the values it may have. */
  textMatches: ReadonlyArray<{ valueOf: (record: unknown) => string; values: readonly string[] }>
  /** The Ids asked for (`Id IN ('1', '2')`), when the query names some. */
  ids: ReadonlySet<string> | undefined
  /** `Id > '…'` and the like: tests of an Id, compared as strings. */
  idBounds: ReadonlyArray<(id: string) => boolean>
  /** ORDERBY Id: the answer is in the Ids' string order; otherwise in the generated order. */
  isOrderedById: boolean
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
  const textMatches: Array<{ valueOf: (record: unknown) => string; values: readonly string[] }> = []
  let ids: Set<string> | undefined
  const idBounds: Array<(id: string) => boolean> = []
  for (const condition of where === undefined ? [] : where.split(/\s+and\s+/i).map((part) => part.trim())) {
    const since = LAST_UPDATED.exec(condition)
    const equals = ACTIVE_EQUALS.exec(condition)
    const among = ACTIVE_IN.exec(condition)
    const textEquals = TEXT_EQUALS.exec(condition)
    const textIn = TEXT_IN.exec(condition)
    const text = textEquals ?? textIn
    const textField = text === null ? undefined : definition.textFields?.[text[1]!.toLowerCase()]
    const idList = ID_IN.exec(condition)?.[1] ?? ID_EQUALS.exec(condition)?.[1]
    const idCompared = ID_COMPARED.exec(condition)
    if (idCompared !== null) {
      const [, operator, bound = ''] = idCompared
      idBounds.push(operator === '>' ? (id) => id > bound : operator === '>=' ? (id) => id >= bound : operator === '<' ? (id) => id < bound : (id) => id <= bound)
    } else if (idList !== undefined) {
      const named = new Set([...idList.matchAll(/(\d+)/g)].map((id) => String(Number(id[1]))))
      ids = ids === undefined ? named : new Set([...ids].filter((id) => named.has(id)))
    } else if (since !== null) {
      const bound = parseIsoDate(since[2]!)
      if (bound === undefined) return `QueryParserError: "${since[2]}" is not a date-time.`
      // Generated times are whole seconds, so "after t" is "at or after t plus a millisecond".
      const from = since[1] === '>' ? bound + 1 : bound
      modifiedSince = Math.max(modifiedSince ?? from, from)
    } else if ((equals !== null || among !== null) && definition.isActive !== undefined) {
      active = (equals?.[1] ?? among?.[1] ?? '').split(',').map((value) => value.trim().toLowerCase() === 'true')
    } else if (equals !== null || among !== null) {
      return `QueryParserError: property Active is not queryable on ${name}.`
    } else if (text !== null && textField !== undefined) {
      const values = textEquals !== null ? [textEquals[2]!] : [...text[2]!.matchAll(/'([^']*)'/g)].map((value) => value[1]!)
      textMatches.push({ valueOf: textField, values })
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
  const isOrderedById = orderBy?.toLowerCase() === 'id'
  return { isCount: selection.toLowerCase().startsWith('count'), name, entity: definition, modifiedSince, active, textMatches, ids, idBounds, isOrderedById, startPosition, maxResults }
}

type RealmRequest = FastifyRequest<{ Params: { realmId: string } }>

/** The grant's generated books when the bearer token may read the path's company; otherwise the refusal is sent and undefined returned. */
function authorizeRealm(deps: SandboxDeps, request: RealmRequest, reply: FastifyReply): GenerationContext | undefined {
  const access = authorizeApiCall(deps, quickbooksPlatform, bearerTokenOf(request))
  if (!access.ok) {
    if (access.refusal.kind === 'rate_limited') {
      reply.header('retry-after', String(access.refusal.retryAfterSeconds))
      sendFault(reply, deps, 429, 'SERVICE', 'message=ThrottleExceeded; errorCode=003001; statusCode=429', 'The request limit was reached.', '3001')
      return undefined
    }
    sendBearerRefusal(reply, quickbooksPlatform, access.refusal)
    return undefined
  }
  if (!access.scopes.includes('com.intuit.quickbooks.accounting') || access.grant.realmId !== request.params.realmId) {
    sendFault(reply, deps, 403, 'AuthorizationFault', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', 'This token does not give access to this company.', '3100')
    return undefined
  }
  const minorVersion = (request.query as Record<string, unknown>)['minorversion']
  if (minorVersion !== undefined && !(typeof minorVersion === 'string' && /^\d{1,4}$/.test(minorVersion) && Number(minorVersion) <= LATEST_MINOR_VERSION)) {
    sendFault(reply, deps, 400, 'ValidationFault', 'Invalid minor version', `minorversion ${JSON.stringify(minorVersion)} is not supported: give a whole number up to ${LATEST_MINOR_VERSION}.`, '2010')
    return undefined
  }
  return generationContextOf(deps, quickbooksPlatform, access.grant)
}

const REPORTS: Readonly<Record<string, typeof journalReport>> = {
  JournalReport: journalReport,
  ProfitAndLoss: profitAndLossReport,
  BalanceSheet: balanceSheetReport,
}

export function registerQuickbooksApi(app: FastifyInstance, deps: SandboxDeps): void {
  const apiBase = quickbooksPlatform.paths.apiBase
  app.get<{ Params: { realmId: string } }>(`${apiBase}/query`, async (request, reply) => {
    const ctx = authorizeRealm(deps, request, reply)
    if (ctx === undefined) return reply
    const query = parseQuery((request.query as Record<string, unknown>)['query'])
    if (typeof query === 'string') return sendFault(reply, deps, 400, 'ValidationFault', 'Error parsing query', query, '4000')
    const { entity, active, textMatches, ids, idBounds } = query
    const { isActive } = entity
    const time = isoWithOffset(deps.clock.now().getTime())
    const isEveryone = isActive === undefined || (active.includes(true) && active.includes(false))
    const deleted = deps.controls.deletedRecords(quickbooksPlatform.key, entity.dataset.name)
    const { isOwn } = entity
    const matchers: Array<(record: unknown, index: number) => boolean> = [
      ...(isOwn === undefined ? [] : [(record: unknown, index: number) => isOwn(record, index, ctx)]),
      ...(isEveryone ? [] : [(record: unknown) => active.includes(isActive(record))]),
      ...textMatches.map(({ valueOf, values }) => (record: unknown) => values.includes(valueOf(record))),
      ...(ids === undefined ? [] : [(_record: unknown, index: number) => ids.has(String(index + 1))]),
      ...idBounds.map((isWithin) => (_record: unknown, index: number) => isWithin(String(index + 1))),
      // A deleted record is gone from every list; only change data capture still names it.
      ...(deleted.size === 0 ? [] : [(_record: unknown, index: number) => !deleted.has(index)]),
    ]
    const range = (query.isOrderedById ? selectInIdOrder : selectFiltered)(entity.dataset, ctx, {
      start: query.isCount ? 0 : query.startPosition - 1,
      count: query.isCount ? 0 : query.maxResults,
      modifiedSince: query.modifiedSince,
      ...(matchers.length === 0 ? {} : { matches: (record: unknown, index: number) => matchers.every((matches) => matches(record, index)) }),
    })
    if (query.isCount) return { QueryResponse: { totalCount: range.totalItems }, time }
    if (range.items.length === 0) return { QueryResponse: {}, time }
    return { QueryResponse: { [query.name]: range.items.map(({ record, index }) => entity.present(record, index, ctx)), startPosition: query.startPosition, maxResults: range.items.length }, time }
  })

  // Change data capture: what changed since a time, per entity, the deleted as `{ status: 'Deleted', Id }`.
  app.get<{ Params: { realmId: string } }>(`${apiBase}/cdc`, async (request, reply) => {
    const ctx = authorizeRealm(deps, request, reply)
    if (ctx === undefined) return reply
    const parameters = request.query as Record<string, unknown>
    const since = typeof parameters['changedSince'] === 'string' ? parseIsoDate(parameters['changedSince']) : undefined
    const names = typeof parameters['entities'] === 'string' ? parameters['entities'].split(',').map((name) => name.trim()) : []
    const unknown = names.filter((name) => !Object.hasOwn(ENTITIES, name) && !LEDGER_ONLY_ENTITIES.includes(name))
    if (since === undefined || names.length === 0 || unknown.length > 0) {
      return sendFault(reply, deps, 400, 'ValidationFault', 'Invalid CDC request', `cdc takes entities (of ${[...Object.keys(ENTITIES), ...LEDGER_ONLY_ENTITIES].join(', ')}) and changedSince (an ISO date-time).`, '2020')
    }
    const answers = names.map((name) => {
      if (name === 'JournalEntry') {
        // The manual journals are not served by query, only posted to the reports: their deletions are what is told.
        const gone = [...deps.controls.deletedRecords(quickbooksPlatform.key, 'journalEntries')].flatMap(([index, at]) => {
          const id = at >= since ? manualJournalIdOf(ctx, index) : undefined
          return id === undefined ? [] : [{ domain: 'QBO', status: 'Deleted', Id: id, MetaData: { LastUpdatedTime: isoWithOffset(at) } }]
        })
        return gone.length === 0 ? {} : { JournalEntry: gone, startPosition: 1, maxResults: gone.length, totalCount: gone.length }
      }
      // The emulated books have no deposits or refund receipts: nothing changed.
      if (!Object.hasOwn(ENTITIES, name)) return {}
      const entity = ENTITIES[name]!
      const deleted = deps.controls.deletedRecords(quickbooksPlatform.key, entity.dataset.name)
      const { isOwn } = entity
      const changed = selectFiltered(entity.dataset, ctx, { start: 0, count: MAX_MAX_RESULTS, modifiedSince: since, matches: (record, index) => !deleted.has(index) && (isOwn === undefined || isOwn(record, index, ctx)) })
      const gone = [...deleted].filter(([, at]) => at >= since).map(([index, at]) => ({ domain: 'QBO', status: 'Deleted', Id: String(index + 1), MetaData: { LastUpdatedTime: isoWithOffset(at) } }))
      const rows = [...changed.items.map(({ record, index }) => entity.present(record, index, ctx)), ...gone]
      return rows.length === 0 ? {} : { [name]: rows, startPosition: 1, maxResults: rows.length, totalCount: rows.length }
    })
    return { CDCResponse: [{ QueryResponse: answers }], time: isoWithOffset(deps.clock.now().getTime()) }
  })

  app.get<{ Params: { realmId: string; companyId: string } }>(`${apiBase}/companyinfo/:companyId`, async (request, reply) => {
    const ctx = authorizeRealm(deps, request, reply)
    if (ctx === undefined) return reply
    if (request.params.companyId !== request.params.realmId) return sendFault(reply, deps, 400, 'ValidationFault', 'Object Not Found', 'The company info asked for is not this company’s.', '610')
    return { CompanyInfo: presentCompanyInfo(ctx, request.params.realmId), time: isoWithOffset(deps.clock.now().getTime()) }
  })

  app.get<{ Params: { realmId: string } }>(`${apiBase}/preferences`, async (request, reply) => {
    const ctx = authorizeRealm(deps, request, reply)
    if (ctx === undefined) return reply
    return { Preferences: presentPreferences(ctx), time: isoWithOffset(deps.clock.now().getTime()) }
  })

  app.get<{ Params: { realmId: string; report: string } }>(`${apiBase}/reports/:report`, async (request, reply) => {
    const ctx = authorizeRealm(deps, request, reply)
    if (ctx === undefined) return reply
    const build = Object.hasOwn(REPORTS, request.params.report) ? REPORTS[request.params.report] : undefined
    if (build === undefined) return sendFault(reply, deps, 400, 'ValidationFault', 'Unsupported report', `The emulation serves the reports ${Object.keys(REPORTS).join(', ')}.`, '2020')
    const nowMs = deps.clock.now().getTime()
    const period = reportPeriodOf(request.query as Record<string, unknown>, nowMs)
    if (typeof period === 'string') return sendFault(reply, deps, 400, 'ValidationFault', 'Invalid date range', period, '2020')
    // The generated invoices, bills and payments are QuickBooks' Invoice, Bill and Payment: their deletions are the entities'.
    const isDeleted: IsDeleted = (dataset, index) => deps.controls.deletedRecords(quickbooksPlatform.key, dataset).has(index)
    return build(ctx, period, nowMs, isDeleted)
  })
}

/**
 * selectFiltered's range, in the Ids' string order (Id N is the record at index N − 1): "1", "10", "100", …, "11", …,
 * "2", …. Every record is looked at, which is fine at the sizes tests and demos use.
 */
function selectInIdOrder<T>(dataset: ListDataset<T>, ctx: GenerationContext, range: Parameters<typeof selectFiltered<T>>[2]): FilteredRange<T> {
  const items: Array<{ index: number; record: T }> = []
  let matched = 0
  for (const index of indicesInIdOrder(dataset.size(ctx))) {
    if (range.modifiedSince !== undefined && dataset.modifiedAt(ctx, index) < range.modifiedSince) continue
    const record = dataset.generate(ctx, index)
    if (range.matches !== undefined && !range.matches(record, index)) continue
    if (matched >= range.start && matched < range.start + range.count) items.push({ index, record })
    matched += 1
  }
  return { items, totalItems: matched, hasMore: range.start + items.length < matched }
}

/** The indices 0 … size − 1 in the string order of their Ids 1 … size: a walk of the decimal digit tree, nothing sorted. */
function* indicesInIdOrder(size: number): Generator<number> {
  let id = 1
  for (let count = 0; count < size; count++) {
    yield id - 1
    if (id * 10 <= size) {
      id *= 10
    } else {
      if (id >= size) id = Math.floor(id / 10)
      id += 1
      while (id % 10 === 0) id /= 10
    }
  }
}

function sendFault(reply: FastifyReply, deps: SandboxDeps, status: number, type: string, message: string, detail: string, code: string): FastifyReply {
  return reply.status(status).send({ Fault: { Error: [{ Message: message, Detail: detail, code }], type }, time: isoWithOffset(deps.clock.now().getTime()) })
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

function accountKindOf(account: LedgerAccount): { classification: string; accountType: string; accountSubType: string } {
  return account.isBankAccount ? { classification: 'Asset', accountType: 'Bank', accountSubType: 'Checking' } : ACCOUNT_KINDS[account.type]
}

function presentAccount(account: LedgerAccount, index: number): Record<string, unknown> {
  const kind = accountKindOf(account)
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
