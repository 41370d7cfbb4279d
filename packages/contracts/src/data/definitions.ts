/**
 * @module Each data type as data: its record schema, where the reference API serves it, and which of its
 * properties the query language may filter and order by.
 */
import type { z } from 'zod'
import {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPES,
  Account,
  AccountingCompanyInfo,
  BANK_ACCOUNT_TYPES,
  BILL_STATUSES,
  BankAccount,
  Bill,
  CUSTOMER_STATUSES,
  Customer,
  INVOICE_STATUSES,
  Invoice,
  JournalEntry,
  Payment,
  SUPPLIER_STATUSES,
  Supplier,
} from './accounting.js'
import {
  ACCOUNT_IDENTIFIER_TYPES,
  BANKING_ACCOUNT_TYPES,
  BANKING_TRANSACTION_CODES,
  BankingAccount,
  BankingAccountBalance,
  BankingTransaction,
} from './banking.js'
import { COMMERCE_PAYMENT_STATUSES, CommerceCompanyInfo, CommerceCustomer, CommerceOrder, CommercePayment, CommerceProduct } from './commerce.js'
import type { DataType } from './data-types.js'
import { BalanceSheetReport, CashFlowStatementReport, ProfitAndLossReport } from './financial-statements.js'

/** The record schema of each data type. Kept apart from the definitions so `DataRecordOf` stays exact per key. */
export const DATA_TYPE_SCHEMAS = {
  company: AccountingCompanyInfo,
  chartOfAccounts: Account,
  customers: Customer,
  suppliers: Supplier,
  invoices: Invoice,
  bills: Bill,
  payments: Payment,
  bankAccounts: BankAccount,
  journalEntries: JournalEntry,
  'banking-accounts': BankingAccount,
  'banking-accountBalances': BankingAccountBalance,
  'banking-transactions': BankingTransaction,
  'commerce-companyInfo': CommerceCompanyInfo,
  'commerce-customers': CommerceCustomer,
  'commerce-orders': CommerceOrder,
  'commerce-products': CommerceProduct,
  'commerce-payments': CommercePayment,
  balanceSheet: BalanceSheetReport,
  profitAndLoss: ProfitAndLossReport,
  cashFlowStatement: CashFlowStatementReport,
} as const satisfies { readonly [K in DataType]: z.ZodObject }

/** One record of data type K in the unified model, e.g. `DataRecordOf<'invoices'>` is `Invoice`. */
export type DataRecordOf<K extends DataType> = z.infer<(typeof DATA_TYPE_SCHEMAS)[K]>

/** How the query language reads a property: `date` compares ISO strings as instants, an enum only takes its values. */
export type QueryPropertyType = 'string' | 'number' | 'boolean' | 'date' | { enum: readonly string[] }

export interface DataTypeDefinition {
  dataType: DataType
  sourceType: 'Accounting' | 'Banking' | 'Commerce'
  /** The record schema. */
  schema: z.ZodObject
  /**
   * The paged envelope's OpenAPI id, e.g. 'Invoices', 'BankingTransactions'. A single-object data type
   * (`isSingle`) has no envelope: its listId is the record schema's own id.
   */
  listId: string
  /** The path segment after /data/ in the reference API, e.g. 'invoices', 'info' (company), 'accounts' (chartOfAccounts). */
  pathSegment: string
  /**
   * 'company': /companies/{companyId}/data/{pathSegment}; 'connection':
   * /companies/{companyId}/connections/{connectionId}/data/{pathSegment}, as the reference API serves each.
   */
  scope: 'company' | 'connection'
  /** One object (company info) rather than a paged list. */
  isSingle: boolean
  /** Query and orderBy properties: dotted path in the record → type. Paths never cross an array. */
  properties: Readonly<Record<string, QueryPropertyType>>
  /**
   * A statement built when it is read from these data types' stored records (the financial statements, from
   * the ledger), with no records or list route of its own; absent for a data type read from the platform as records.
   */
  derivedFrom?: readonly DataType[]
  /** The months of history the reference keeps by default (its sync setting `monthsToSync`); absent: everything. */
  defaultMonthsToSync?: number
}

type DataTypeDefinitions = {
  readonly [K in DataType]: DataTypeDefinition & { dataType: K; schema: (typeof DATA_TYPE_SCHEMAS)[K] }
}

/** What the financial statements are built from: the accounts' types and the journal's lines. */
const LEDGER: readonly DataType[] = ['chartOfAccounts', 'journalEntries']

/** Dates every stored record carries; modifiedDate is what incremental consumers filter on. */
const modifiedDates = { modifiedDate: 'date', sourceModifiedDate: 'date' } as const

export const DATA_TYPE_DEFINITIONS: DataTypeDefinitions = {
  company: {
    dataType: 'company',
    sourceType: 'Accounting',
    schema: AccountingCompanyInfo,
    listId: 'AccountingCompanyInfo',
    pathSegment: 'info',
    scope: 'company',
    isSingle: true,
    properties: {
      companyName: 'string',
      companyLegalName: 'string',
      accountingPlatformRef: 'string',
      baseCurrency: 'string',
      registrationNumber: 'string',
      taxNumber: 'string',
      createdDate: 'date',
      financialYearStartDate: 'date',
      ledgerLockDate: 'date',
    },
  },
  chartOfAccounts: {
    dataType: 'chartOfAccounts',
    sourceType: 'Accounting',
    schema: Account,
    listId: 'Accounts',
    pathSegment: 'accounts',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      nominalCode: 'string',
      name: 'string',
      fullyQualifiedCategory: 'string',
      fullyQualifiedName: 'string',
      type: { enum: ACCOUNT_TYPES },
      status: { enum: ACCOUNT_STATUSES },
      currency: 'string',
      currentBalance: 'number',
      isBankAccount: 'boolean',
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  customers: {
    dataType: 'customers',
    sourceType: 'Accounting',
    schema: Customer,
    listId: 'Customers',
    pathSegment: 'customers',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      customerName: 'string',
      contactName: 'string',
      emailAddress: 'string',
      phone: 'string',
      defaultCurrency: 'string',
      registrationNumber: 'string',
      taxNumber: 'string',
      status: { enum: CUSTOMER_STATUSES },
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  suppliers: {
    dataType: 'suppliers',
    sourceType: 'Accounting',
    schema: Supplier,
    listId: 'Suppliers',
    pathSegment: 'suppliers',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      supplierName: 'string',
      contactName: 'string',
      emailAddress: 'string',
      phone: 'string',
      defaultCurrency: 'string',
      registrationNumber: 'string',
      taxNumber: 'string',
      status: { enum: SUPPLIER_STATUSES },
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  invoices: {
    dataType: 'invoices',
    sourceType: 'Accounting',
    schema: Invoice,
    listId: 'Invoices',
    pathSegment: 'invoices',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      invoiceNumber: 'string',
      status: { enum: INVOICE_STATUSES },
      currency: 'string',
      totalAmount: 'number',
      amountDue: 'number',
      totalTaxAmount: 'number',
      issueDate: 'date',
      dueDate: 'date',
      paidOnDate: 'date',
      'customerRef.id': 'string',
      'customerRef.companyName': 'string',
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  bills: {
    dataType: 'bills',
    sourceType: 'Accounting',
    schema: Bill,
    listId: 'Bills',
    pathSegment: 'bills',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      reference: 'string',
      status: { enum: BILL_STATUSES },
      currency: 'string',
      subTotal: 'number',
      taxAmount: 'number',
      totalAmount: 'number',
      amountDue: 'number',
      issueDate: 'date',
      dueDate: 'date',
      'supplierRef.id': 'string',
      'supplierRef.supplierName': 'string',
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  payments: {
    dataType: 'payments',
    sourceType: 'Accounting',
    schema: Payment,
    listId: 'Payments',
    pathSegment: 'payments',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      reference: 'string',
      currency: 'string',
      totalAmount: 'number',
      date: 'date',
      'customerRef.id': 'string',
      'customerRef.companyName': 'string',
      'accountRef.id': 'string',
      'paymentMethodRef.id': 'string',
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  bankAccounts: {
    dataType: 'bankAccounts',
    sourceType: 'Accounting',
    schema: BankAccount,
    listId: 'BankAccounts',
    pathSegment: 'bankAccounts',
    scope: 'connection',
    isSingle: false,
    properties: {
      id: 'string',
      accountName: 'string',
      accountType: { enum: BANK_ACCOUNT_TYPES },
      nominalCode: 'string',
      sortCode: 'string',
      accountNumber: 'string',
      institution: 'string',
      currency: 'string',
      balance: 'number',
      availableBalance: 'number',
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  journalEntries: {
    dataType: 'journalEntries',
    sourceType: 'Accounting',
    schema: JournalEntry,
    listId: 'JournalEntries',
    pathSegment: 'journalEntries',
    scope: 'company',
    isSingle: false,
    properties: {
      id: 'string',
      description: 'string',
      createdOn: 'date',
      postedOn: 'date',
      updatedOn: 'date',
      'journalRef.id': 'string',
      'recordRef.id': 'string',
      'recordRef.dataType': 'string',
      'metadata.isDeleted': 'boolean',
      ...modifiedDates,
    },
  },
  'banking-accounts': {
    dataType: 'banking-accounts',
    sourceType: 'Banking',
    schema: BankingAccount,
    listId: 'BankingAccounts',
    pathSegment: 'banking-accounts',
    scope: 'connection',
    isSingle: false,
    properties: {
      id: 'string',
      name: 'string',
      holder: 'string',
      type: { enum: BANKING_ACCOUNT_TYPES },
      currency: 'string',
      'balance.available': 'number',
      'balance.current': 'number',
      'balance.limit': 'number',
      'identifiers.type': { enum: ACCOUNT_IDENTIFIER_TYPES },
      'institution.id': 'string',
      'institution.name': 'string',
      ...modifiedDates,
    },
  },
  'banking-accountBalances': {
    dataType: 'banking-accountBalances',
    sourceType: 'Banking',
    schema: BankingAccountBalance,
    listId: 'BankingAccountBalances',
    pathSegment: 'banking-accountBalances',
    scope: 'connection',
    isSingle: false,
    properties: {
      accountId: 'string',
      date: 'date',
      'balance.available': 'number',
      'balance.current': 'number',
      'balance.limit': 'number',
      ...modifiedDates,
    },
  },
  'banking-transactions': {
    dataType: 'banking-transactions',
    sourceType: 'Banking',
    schema: BankingTransaction,
    listId: 'BankingTransactions',
    pathSegment: 'banking-transactions',
    scope: 'connection',
    isSingle: false,
    properties: {
      id: 'string',
      accountId: 'string',
      description: 'string',
      amount: 'number',
      currency: 'string',
      postedDate: 'date',
      authorizedDate: 'date',
      code: { enum: BANKING_TRANSACTION_CODES },
      merchantName: 'string',
      'transactionCategoryRef.id': 'string',
      ...modifiedDates,
    },
  },
  'commerce-companyInfo': {
    dataType: 'commerce-companyInfo',
    sourceType: 'Commerce',
    schema: CommerceCompanyInfo,
    listId: 'CommerceCompanyInfo',
    pathSegment: 'commerce-info',
    scope: 'connection',
    isSingle: true,
    properties: {
      companyName: 'string',
      companyLegalName: 'string',
      commercePlatformRef: 'string',
      baseCurrency: 'string',
      registrationNumber: 'string',
      createdDate: 'date',
      ...modifiedDates,
    },
  },
  'commerce-customers': {
    dataType: 'commerce-customers',
    sourceType: 'Commerce',
    schema: CommerceCustomer,
    listId: 'CommerceCustomers',
    pathSegment: 'commerce-customers',
    scope: 'connection',
    isSingle: false,
    properties: {
      id: 'string',
      customerName: 'string',
      emailAddress: 'string',
      phone: 'string',
      defaultCurrency: 'string',
      createdDate: 'date',
      ...modifiedDates,
    },
  },
  'commerce-orders': {
    dataType: 'commerce-orders',
    sourceType: 'Commerce',
    schema: CommerceOrder,
    listId: 'CommerceOrders',
    pathSegment: 'commerce-orders',
    scope: 'connection',
    isSingle: false,
    properties: {
      id: 'string',
      orderNumber: 'string',
      country: 'string',
      currency: 'string',
      totalAmount: 'number',
      totalDiscount: 'number',
      totalTaxAmount: 'number',
      totalRefund: 'number',
      totalGratuity: 'number',
      'customerRef.id': 'string',
      'locationRef.id': 'string',
      createdDate: 'date',
      closedDate: 'date',
      ...modifiedDates,
    },
  },
  'commerce-products': {
    dataType: 'commerce-products',
    sourceType: 'Commerce',
    schema: CommerceProduct,
    listId: 'CommerceProducts',
    pathSegment: 'commerce-products',
    scope: 'connection',
    isSingle: false,
    // Every scalar the spec's product has: its prices, stock and dates sit in the variants array.
    properties: {
      id: 'string',
      name: 'string',
      description: 'string',
      categorization: 'string',
      isGiftCard: 'boolean',
    },
  },
  'commerce-payments': {
    dataType: 'commerce-payments',
    sourceType: 'Commerce',
    schema: CommercePayment,
    listId: 'CommercePayments',
    pathSegment: 'commerce-payments',
    scope: 'connection',
    isSingle: false,
    properties: {
      id: 'string',
      amount: 'number',
      currency: 'string',
      status: { enum: COMMERCE_PAYMENT_STATUSES },
      paymentProvider: 'string',
      'paymentMethodRef.id': 'string',
      dueDate: 'date',
      createdDate: 'date',
      ...modifiedDates,
    },
  },
  balanceSheet: {
    dataType: 'balanceSheet',
    sourceType: 'Accounting',
    schema: BalanceSheetReport,
    listId: 'BalanceSheetReport',
    pathSegment: 'financials/balanceSheet',
    scope: 'company',
    isSingle: true,
    properties: {},
    derivedFrom: LEDGER,
    defaultMonthsToSync: 24,
  },
  profitAndLoss: {
    dataType: 'profitAndLoss',
    sourceType: 'Accounting',
    schema: ProfitAndLossReport,
    listId: 'ProfitAndLossReport',
    pathSegment: 'financials/profitAndLoss',
    scope: 'company',
    isSingle: true,
    properties: {},
    derivedFrom: LEDGER,
    defaultMonthsToSync: 24,
  },
  cashFlowStatement: {
    dataType: 'cashFlowStatement',
    sourceType: 'Accounting',
    schema: CashFlowStatementReport,
    listId: 'CashFlowStatementReport',
    pathSegment: 'financials/cashFlowStatement',
    scope: 'company',
    isSingle: true,
    properties: {},
    derivedFrom: LEDGER,
    defaultMonthsToSync: 24,
  },
}
