/**
 * @module The accounting records of the unified data model, field for field as the reference spec names them
 * (Codat's accounting models: Invoice, Account, Customer, …). Optional fields are left out, never sent as null:
 * the mappers build these objects, so they omit what a platform does not have.
 */
import { z } from 'zod'

/** Dates in the data model are ISO 8601 strings; Linkway's mappers emit UTC with `Z`, e.g. `2024-05-01T00:00:00Z`. */
export const DateTimeString = z.string().meta({ description: 'ISO 8601, e.g. `2024-05-01T00:00:00Z`.' })

export const RecordMetadata = z.object({
  isDeleted: z.boolean().optional().meta({ description: 'The record was deleted at the platform.' }),
})

export const SupplementalData = z.object({
  content: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
})

export const ACCOUNTING_ADDRESS_TYPES = ['Unknown', 'Billing', 'Delivery'] as const
export const AccountingAddress = z.object({
  type: z.enum(ACCOUNTING_ADDRESS_TYPES),
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  country: z.string().optional(),
  postalCode: z.string().optional(),
})
export type AccountingAddress = z.infer<typeof AccountingAddress>

export const PHONE_NUMBER_TYPES = ['Primary', 'Landline', 'Mobile', 'Fax', 'Unknown'] as const
export const PhoneNumber = z.object({ number: z.string(), type: z.enum(PHONE_NUMBER_TYPES) })

export const WEB_LINK_TYPES = ['Website', 'Social', 'Unknown'] as const
export const WebLink = z.object({ type: z.enum(WEB_LINK_TYPES).optional(), url: z.string().optional() })

export const AccountRef = z.object({ id: z.string().optional(), name: z.string().optional() })
export const AccountingCustomerRef = z.object({ id: z.string(), companyName: z.string().optional() })
export const SupplierRef = z.object({ id: z.string(), supplierName: z.string().optional() })
export const ItemRef = z.object({ id: z.string(), name: z.string().optional() })
export const TaxRateRef = z.object({ id: z.string().optional(), name: z.string().optional(), effectiveTaxRate: z.number().optional() })
export const TrackingCategoryRef = z.object({ id: z.string(), name: z.string().optional() })
/** A link to another record by data type, e.g. `{ dataType: 'invoices', id }`. */
export const RecordRef = z.object({ id: z.string().optional(), dataType: z.string().optional() })

export const WithholdingTax = z.object({ amount: z.number(), name: z.string() })

const PaymentAllocationPayment = z.object({
  id: z.string().optional(),
  note: z.string().optional(),
  reference: z.string().optional(),
  accountRef: AccountRef.optional(),
  currency: z.string().optional(),
  currencyRate: z.number().optional(),
  paidOnDate: DateTimeString.optional(),
  totalAmount: z.number().optional(),
})
/** A payment against an invoice or a bill, and how much of it went there. */
export const PaymentAllocation = z.object({
  payment: PaymentAllocationPayment,
  allocation: z.object({
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    allocatedOnDate: DateTimeString.optional(),
    totalAmount: z.number().optional(),
  }),
})
export type PaymentAllocation = z.infer<typeof PaymentAllocation>

// --- company (GET /companies/{companyId}/data/info) -------------------------------------------------------------

export const AccountingCompanyInfo = z
  .object({
    companyName: z.string().optional(),
    accountingPlatformRef: z.string().optional(),
    companyLegalName: z.string().optional(),
    addresses: z.array(AccountingAddress).optional(),
    phoneNumbers: z.array(PhoneNumber).optional(),
    webLinks: z.array(WebLink).optional(),
    ledgerLockDate: DateTimeString.optional(),
    registrationNumber: z.string().optional(),
    taxNumber: z.string().optional(),
    financialYearStartDate: DateTimeString.optional(),
    baseCurrency: z.string().optional(),
    sourceUrls: z.record(z.string(), z.string()).optional(),
    createdDate: DateTimeString.optional(),
    supplementalData: SupplementalData.optional(),
  })
  .meta({ id: 'AccountingCompanyInfo' })
export type AccountingCompanyInfo = z.infer<typeof AccountingCompanyInfo>

// --- chartOfAccounts -------------------------------------------------------------------------------------------

export const ACCOUNT_TYPES = ['Unknown', 'Asset', 'Expense', 'Income', 'Liability', 'Equity'] as const
export const ACCOUNT_STATUSES = ['Unknown', 'Active', 'Archived', 'Pending'] as const

export const Account = z
  .object({
    id: z.string().optional(),
    nominalCode: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    fullyQualifiedCategory: z.string().optional(),
    fullyQualifiedName: z.string().optional(),
    currency: z.string().optional(),
    currentBalance: z.number().optional(),
    type: z.enum(ACCOUNT_TYPES).optional(),
    status: z.enum(ACCOUNT_STATUSES).optional(),
    isBankAccount: z.boolean().optional(),
    validDatatypeLinks: z.array(z.object({ property: z.string().optional(), links: z.array(z.string()).optional() })).optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Account' })
export type Account = z.infer<typeof Account>

// --- customers, suppliers --------------------------------------------------------------------------------------

export const CUSTOMER_STATUSES = ['Unknown', 'Active', 'Archived'] as const
export const SUPPLIER_STATUSES = ['Unknown', 'Active', 'Archived'] as const

export const Contact = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.array(PhoneNumber).optional(),
  address: AccountingAddress.optional(),
  status: z.enum(CUSTOMER_STATUSES),
  modifiedDate: DateTimeString.optional(),
})

export const Customer = z
  .object({
    id: z.string().optional(),
    customerName: z.string().optional(),
    contactName: z.string().optional(),
    emailAddress: z.string().optional(),
    phone: z.string().optional(),
    addresses: z.array(AccountingAddress).optional(),
    contacts: z.array(Contact).optional(),
    defaultCurrency: z.string().optional(),
    registrationNumber: z.string().optional(),
    taxNumber: z.string().optional(),
    status: z.enum(CUSTOMER_STATUSES),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Customer' })
export type Customer = z.infer<typeof Customer>

export const Supplier = z
  .object({
    id: z.string().optional(),
    supplierName: z.string().optional(),
    contactName: z.string().optional(),
    emailAddress: z.string().optional(),
    phone: z.string().optional(),
    addresses: z.array(AccountingAddress).optional(),
    defaultCurrency: z.string().optional(),
    registrationNumber: z.string().optional(),
    taxNumber: z.string().optional(),
    status: z.enum(SUPPLIER_STATUSES),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Supplier' })
export type Supplier = z.infer<typeof Supplier>

// --- invoices, bills -------------------------------------------------------------------------------------------

const lineItemFields = {
  description: z.string().optional(),
  unitAmount: z.number(),
  quantity: z.number(),
  discountAmount: z.number().optional(),
  discountPercentage: z.number().optional(),
  subTotal: z.number().optional(),
  taxAmount: z.number().optional(),
  totalAmount: z.number().optional(),
  accountRef: AccountRef.optional(),
  taxRateRef: TaxRateRef.optional(),
  itemRef: ItemRef.optional(),
  trackingCategoryRefs: z.array(TrackingCategoryRef).optional(),
}

export const BILLED_TO_TYPES = ['Unknown', 'NotApplicable', 'Project'] as const

/** What an invoice or bill line is tracked against: tracking categories, and whether it is (re)billed to a project. */
export const LineTracking = z.object({
  categoryRefs: z.array(TrackingCategoryRef),
  customerRef: AccountingCustomerRef.optional(),
  projectRef: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  isBilledTo: z.enum(BILLED_TO_TYPES),
  isRebilledTo: z.enum(BILLED_TO_TYPES),
})
export type LineTracking = z.infer<typeof LineTracking>

export const InvoiceLineItem = z
  .object({ ...lineItemFields, tracking: LineTracking.optional(), isDirectIncome: z.boolean().optional() })
  .meta({ id: 'InvoiceLineItem' })
export type InvoiceLineItem = z.infer<typeof InvoiceLineItem>

export const INVOICE_STATUSES = ['Unknown', 'Draft', 'Submitted', 'PartiallyPaid', 'Paid', 'Void'] as const

export const Invoice = z
  .object({
    id: z.string().optional(),
    invoiceNumber: z.string().optional(),
    customerRef: AccountingCustomerRef.optional(),
    salesOrderRefs: z.array(RecordRef).optional(),
    issueDate: DateTimeString,
    dueDate: DateTimeString.optional(),
    paidOnDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(InvoiceLineItem).optional(),
    paymentAllocations: z.array(PaymentAllocation).optional(),
    withholdingTax: z.array(WithholdingTax).optional(),
    totalDiscount: z.number().optional(),
    subTotal: z.number().optional(),
    additionalTaxAmount: z.number().optional(),
    additionalTaxPercentage: z.number().optional(),
    totalTaxAmount: z.number(),
    totalAmount: z.number(),
    amountDue: z.number(),
    discountPercentage: z.number().optional(),
    status: z.enum(INVOICE_STATUSES),
    note: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Invoice' })
export type Invoice = z.infer<typeof Invoice>

export const BillLineItem = z.object({ ...lineItemFields, tracking: LineTracking.optional(), isDirectCost: z.boolean().optional() }).meta({ id: 'BillLineItem' })
export type BillLineItem = z.infer<typeof BillLineItem>

export const BILL_STATUSES = ['Unknown', 'Open', 'PartiallyPaid', 'Paid', 'Void', 'Draft'] as const

export const Bill = z
  .object({
    id: z.string().optional(),
    reference: z.string().optional(),
    supplierRef: SupplierRef.optional(),
    purchaseOrderRefs: z.array(z.object({ id: z.string().optional(), purchaseOrderNumber: z.string().optional() })).optional(),
    issueDate: DateTimeString,
    dueDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(BillLineItem).optional(),
    withholdingTax: z.array(WithholdingTax).optional(),
    status: z.enum(BILL_STATUSES),
    subTotal: z.number(),
    taxAmount: z.number(),
    totalAmount: z.number(),
    amountDue: z.number().optional(),
    note: z.string().optional(),
    paymentAllocations: z.array(PaymentAllocation).optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Bill' })
export type Bill = z.infer<typeof Bill>

// --- payments --------------------------------------------------------------------------------------------------

export const PAYMENT_LINK_TYPES = [
  'Unknown',
  'Unlinked',
  'Invoice',
  'CreditNote',
  'Other',
  'Refund',
  'Payment',
  'PaymentOnAccount',
  'ManualJournal',
  'Discount',
] as const

export const PaymentLine = z.object({
  amount: z.number(),
  links: z
    .array(
      z.object({
        type: z.enum(PAYMENT_LINK_TYPES),
        id: z.string().optional(),
        amount: z.number().optional(),
        currencyRate: z.number().optional(),
      }),
    )
    .optional(),
  allocatedOnDate: DateTimeString.optional(),
})

export const Payment = z
  .object({
    id: z.string().optional(),
    paymentMethodRef: z.object({ id: z.string(), name: z.string().optional() }).optional(),
    totalAmount: z.number().optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    date: DateTimeString,
    note: z.string().optional(),
    accountRef: AccountRef.optional(),
    customerRef: AccountingCustomerRef.optional(),
    reference: z.string().optional(),
    lines: z.array(PaymentLine).optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Payment' })
export type Payment = z.infer<typeof Payment>

// --- bankAccounts (the accounting platform's view of a bank account) --------------------------------------------

export const BANK_ACCOUNT_TYPES = ['Unknown', 'Credit', 'Debit'] as const

export const BankAccount = z
  .object({
    id: z.string().optional(),
    accountName: z.string().optional(),
    accountType: z.enum(BANK_ACCOUNT_TYPES).optional(),
    nominalCode: z.string().optional(),
    sortCode: z.string().optional(),
    accountNumber: z.string().optional(),
    iBan: z.string().optional(),
    currency: z.string().optional(),
    balance: z.number().optional(),
    institution: z.string().optional(),
    availableBalance: z.number().optional(),
    overdraftLimit: z.number().optional(),
    status: z.enum(ACCOUNT_STATUSES).optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BankAccount' })
export type BankAccount = z.infer<typeof BankAccount>

// --- journalEntries --------------------------------------------------------------------------------------------

export const JournalLine = z
  .object({
    description: z.string().optional(),
    netAmount: z.number().meta({ description: 'Positive for a debit, negative for a credit.' }),
    currency: z.string().optional(),
    accountRef: AccountRef.optional(),
    tracking: z.object({ recordRefs: z.array(RecordRef).optional() }).optional(),
  })
  .meta({ id: 'JournalLine' })
export type JournalLine = z.infer<typeof JournalLine>

export const JournalEntry = z
  .object({
    id: z.string().optional(),
    description: z.string().optional(),
    journalRef: z.object({ id: z.string(), name: z.string().optional() }).optional(),
    recordRef: RecordRef.optional(),
    createdOn: DateTimeString.optional(),
    postedOn: DateTimeString.optional(),
    updatedOn: DateTimeString.optional(),
    journalLines: z.array(JournalLine).optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'JournalEntry' })
export type JournalEntry = z.infer<typeof JournalEntry>

// --- items -----------------------------------------------------------------------------------------------------

export const ITEM_STATUSES = ['Unknown', 'Active', 'Archived'] as const
export const ITEM_TYPES = ['Unknown', 'Inventory', 'NonInventory', 'Service'] as const

/** How an item is sold (`invoiceItem`) or bought (`billItem`): the default price, ledger account and tax rate. */
export const ItemTransactionDefaults = z.object({
  description: z.string().optional(),
  unitPrice: z.number().optional(),
  accountRef: AccountRef.optional(),
  taxRateRef: TaxRateRef.optional(),
})

export const Item = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    code: z.string().optional(),
    itemStatus: z.enum(ITEM_STATUSES),
    type: z.enum(ITEM_TYPES),
    isBillItem: z.boolean(),
    isInvoiceItem: z.boolean(),
    billItem: ItemTransactionDefaults.optional(),
    invoiceItem: ItemTransactionDefaults.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Item' })
export type Item = z.infer<typeof Item>

// --- taxRates --------------------------------------------------------------------------------------------------

export const TAX_RATE_STATUSES = ['Unknown', 'Active', 'Archived'] as const

/** One sub-tax of a tax rate; `rate` is a percentage, as is the rate's `effectiveTaxRate`. */
export const TaxRateComponent = z.object({
  name: z.string().optional(),
  rate: z.number().optional(),
  isCompound: z.boolean(),
})

export const TaxRate = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    code: z.string().optional(),
    status: z.enum(TAX_RATE_STATUSES).optional(),
    effectiveTaxRate: z.number().optional(),
    totalTaxRate: z.number().optional(),
    components: z.array(TaxRateComponent).optional(),
    validDatatypeLinks: z.array(z.object({ property: z.string().optional(), links: z.array(z.string()).optional() })).optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'TaxRate' })
export type TaxRate = z.infer<typeof TaxRate>

// --- trackingCategories ----------------------------------------------------------------------------------------

export const TRACKING_CATEGORY_STATUSES = ['Unknown', 'Active', 'Archived'] as const

/** A node of the company's tracking tree (departments, regions, projects…): the list is flat, `parentId` builds the tree. */
export const TrackingCategory = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    status: z.enum(TRACKING_CATEGORY_STATUSES).optional(),
    parentId: z.string().optional(),
    hasChildren: z.boolean().optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'TrackingCategory' })
export type TrackingCategory = z.infer<typeof TrackingCategory>

// --- paymentMethods --------------------------------------------------------------------------------------------

export const PAYMENT_METHOD_TYPES = ['Unknown', 'Cash', 'Check', 'CreditCard', 'DebitCard', 'BankTransfer', 'Other'] as const
export const PAYMENT_METHOD_STATUSES = ['Unknown', 'Active', 'Archived'] as const

export const PaymentMethod = z
  .object({
    id: z.string().optional(),
    name: z.string().optional(),
    type: z.enum(PAYMENT_METHOD_TYPES).optional(),
    status: z.enum(PAYMENT_METHOD_STATUSES).optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'PaymentMethod' })
export type PaymentMethod = z.infer<typeof PaymentMethod>

// --- accountTransactions ---------------------------------------------------------------------------------------

export const ACCOUNT_TRANSACTION_STATUSES = ['Unknown', 'Unreconciled', 'Reconciled', 'Void'] as const
/** The data types an account transaction's line may stand for. */
export const ACCOUNT_TRANSACTION_LINE_DATA_TYPES = [
  'bankTransactions',
  'billCreditNotes',
  'billPayments',
  'bills',
  'creditNotes',
  'directCosts',
  'directIncomes',
  'invoices',
  'journalEntries',
  'payments',
  'transfers',
] as const

export const AccountTransactionLine = z.object({
  description: z.string().optional(),
  recordRef: z.object({ id: z.string().optional(), dataType: z.enum(ACCOUNT_TRANSACTION_LINE_DATA_TYPES).optional() }).optional(),
  amount: z.number().optional(),
})

/** Money through a bank account as the accounting platform books it: `totalAmount` is the sum of its lines. */
export const AccountTransaction = z
  .object({
    id: z.string().optional(),
    transactionId: z.string().optional(),
    note: z.string().optional(),
    bankAccountRef: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
    date: DateTimeString.optional(),
    status: z.enum(ACCOUNT_TRANSACTION_STATUSES).optional(),
    lines: z.array(AccountTransactionLine).optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    totalAmount: z.number().optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'AccountTransaction' })
export type AccountTransaction = z.infer<typeof AccountTransaction>

// --- bankTransactions (the accounting platform's lines of one bank account) ------------------------------------

export const BANK_TRANSACTION_TYPES = [
  'Unknown',
  'Credit',
  'Debit',
  'Int',
  'Div',
  'Fee',
  'SerChg',
  'Dep',
  'Atm',
  'Pos',
  'Xfer',
  'Check',
  'Payment',
  'Cash',
  'DirectDep',
  'DirectDebit',
  'RepeatPmt',
  'Other',
] as const

/** One line of a bank account in the books; `balance` is the account's balance after it (the last line's is the account's). */
export const AccountingBankTransaction = z
  .object({
    id: z.string().optional(),
    accountId: z.string().optional(),
    clearedOnDate: DateTimeString.optional(),
    description: z.string().optional(),
    reconciled: z.boolean().optional(),
    amount: z.number().optional(),
    balance: z.number().optional(),
    transactionType: z.enum(BANK_TRANSACTION_TYPES).optional(),
    // Beyond the reference's fields: a platform that deletes a bank line after it was synced (Xero) says so here,
    // as every other accounting record does, rather than leaving the stored line looking live.
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'AccountingBankTransaction' })
export type AccountingBankTransaction = z.infer<typeof AccountingBankTransaction>

// --- transfers -------------------------------------------------------------------------------------------------

/** One side of a transfer: the ledger account and what moved there, in its currency. */
export const TransferAccount = z.object({ accountRef: AccountRef.optional(), amount: z.number().optional(), currency: z.string().optional() })

export const Transfer = z
  .object({
    id: z.string().optional(),
    description: z.string().optional(),
    contactRef: z.object({ id: z.string(), dataType: z.string().optional() }).optional(),
    date: DateTimeString.optional(),
    from: TransferAccount.optional(),
    to: TransferAccount.optional(),
    trackingCategoryRefs: z.array(TrackingCategoryRef).optional(),
    depositedRecordRefs: z.array(RecordRef).optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Transfer' })
export type Transfer = z.infer<typeof Transfer>

// --- creditNotes, billCreditNotes ------------------------------------------------------------------------------

export const CREDIT_NOTE_STATUSES = ['Unknown', 'Draft', 'Submitted', 'Paid', 'Void', 'PartiallyPaid'] as const

export const CreditNoteLineItem = z
  .object({ ...lineItemFields, isDirectIncome: z.boolean().optional() })
  .meta({ id: 'CreditNoteLineItem' })
export type CreditNoteLineItem = z.infer<typeof CreditNoteLineItem>

/** What a credit note gives a customer back, and (`paymentAllocations`) the invoices it was set against. */
export const CreditNote = z
  .object({
    id: z.string().optional(),
    creditNoteNumber: z.string().optional(),
    customerRef: AccountingCustomerRef.optional(),
    withholdingTax: z.array(WithholdingTax).optional(),
    totalAmount: z.number(),
    totalDiscount: z.number(),
    subTotal: z.number(),
    additionalTaxAmount: z.number().optional(),
    additionalTaxPercentage: z.number().optional(),
    totalTaxAmount: z.number(),
    discountPercentage: z.number(),
    remainingCredit: z.number(),
    status: z.enum(CREDIT_NOTE_STATUSES),
    issueDate: DateTimeString.optional(),
    allocatedOnDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(CreditNoteLineItem).optional(),
    paymentAllocations: z.array(PaymentAllocation).optional(),
    note: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'CreditNote' })
export type CreditNote = z.infer<typeof CreditNote>

export const BillCreditNoteLineItem = z.object(lineItemFields).meta({ id: 'BillCreditNoteLineItem' })
export type BillCreditNoteLineItem = z.infer<typeof BillCreditNoteLineItem>

/** What a supplier owes back, and (`paymentAllocations`) the bills it was set against. */
export const BillCreditNote = z
  .object({
    id: z.string().optional(),
    billCreditNoteNumber: z.string().optional(),
    supplierRef: SupplierRef.optional(),
    withholdingTax: z.array(WithholdingTax).optional(),
    totalAmount: z.number(),
    totalDiscount: z.number(),
    subTotal: z.number(),
    totalTaxAmount: z.number(),
    discountPercentage: z.number(),
    remainingCredit: z.number().optional(),
    status: z.enum(CREDIT_NOTE_STATUSES),
    issueDate: DateTimeString.optional(),
    allocatedOnDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(BillCreditNoteLineItem).optional(),
    paymentAllocations: z.array(PaymentAllocation).optional(),
    note: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BillCreditNote' })
export type BillCreditNote = z.infer<typeof BillCreditNote>

// --- billPayments ----------------------------------------------------------------------------------------------

export const BILL_PAYMENT_LINK_TYPES = [
  'Unknown',
  'Unlinked',
  'Bill',
  'Other',
  'CreditNote',
  'BillPayment',
  'PaymentOnAccount',
  'Refund',
  'ManualJournal',
  'Discount',
] as const

export const BillPaymentLine = z
  .object({
    amount: z.number(),
    links: z
      .array(
        z.object({
          type: z.enum(BILL_PAYMENT_LINK_TYPES),
          id: z.string().optional(),
          amount: z.number().optional().meta({ description: 'Negative: what the payment takes off the linked bill’s balance.' }),
          currencyRate: z.number().optional(),
        }),
      )
      .optional(),
    allocatedOnDate: DateTimeString.optional(),
  })
  .meta({ id: 'BillPaymentLine' })

export const BillPayment = z
  .object({
    id: z.string().optional(),
    supplierRef: SupplierRef.optional(),
    accountRef: AccountRef.optional(),
    totalAmount: z.number().optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    date: DateTimeString,
    note: z.string().optional(),
    paymentMethodRef: z.object({ id: z.string(), name: z.string().optional() }).optional(),
    lines: z.array(BillPaymentLine).optional(),
    reference: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'BillPayment' })
export type BillPayment = z.infer<typeof BillPayment>

// --- directCosts, directIncomes (spent or received at once, without a bill or an invoice) -------------------------

/** Who a direct cost or income was with: `{ id, dataType: 'suppliers' | 'customers' }`. */
export const ContactRef = z.object({ id: z.string(), dataType: z.string().optional() })

const directLineItemFields = {
  description: z.string().optional(),
  unitAmount: z.number(),
  quantity: z.number(),
  discountAmount: z.number().optional(),
  discountPercentage: z.number().optional(),
  subTotal: z.number().optional(),
  taxAmount: z.number().optional(),
  totalAmount: z.number().optional(),
  accountRef: AccountRef.optional(),
  taxRateRef: TaxRateRef.optional(),
  itemRef: ItemRef.optional(),
  trackingCategoryRefs: z.array(TrackingCategoryRef).optional(),
}

export const DirectCostLineItem = z.object(directLineItemFields).meta({ id: 'DirectCostLineItem' })
export const DirectIncomeLineItem = z.object(directLineItemFields).meta({ id: 'DirectIncomeLineItem' })

const directTransactionFields = {
  id: z.string().optional(),
  reference: z.string().optional(),
  note: z.string().optional(),
  contactRef: ContactRef.optional(),
  issueDate: DateTimeString,
  currency: z.string(),
  currencyRate: z.number().optional(),
  paymentAllocations: z.array(PaymentAllocation),
  subTotal: z.number(),
  taxAmount: z.number(),
  totalAmount: z.number(),
  supplementalData: SupplementalData.optional(),
  metadata: RecordMetadata.optional(),
  modifiedDate: DateTimeString.optional(),
  sourceModifiedDate: DateTimeString.optional(),
}

export const DirectCost = z
  .object({ ...directTransactionFields, lineItems: z.array(DirectCostLineItem) })
  .meta({ id: 'DirectCost' })
export type DirectCost = z.infer<typeof DirectCost>

export const DirectIncome = z
  .object({ ...directTransactionFields, lineItems: z.array(DirectIncomeLineItem) })
  .meta({ id: 'DirectIncome' })
export type DirectIncome = z.infer<typeof DirectIncome>

// --- purchaseOrders, itemReceipts, salesOrders -----------------------------------------------------------------

export const PURCHASE_ORDER_STATUSES = ['Unknown', 'Draft', 'Open', 'Closed', 'Void'] as const
export const SALES_ORDER_STATUSES = ['Unknown', 'Draft', 'Open', 'Closed', 'Void'] as const
export const SALES_ORDER_INVOICING_STATUSES = ['Unknown', 'PartiallyInvoiced', 'Invoiced', 'NotInvoiced'] as const

/** An order's line: unlike an invoice's, every amount is optional in the reference. */
const orderLineItemFields = {
  description: z.string().optional(),
  unitAmount: z.number().optional(),
  quantity: z.number().optional(),
  discountAmount: z.number().optional(),
  discountPercentage: z.number().optional(),
  subTotal: z.number().optional(),
  taxAmount: z.number().optional(),
  totalAmount: z.number().optional(),
  accountRef: AccountRef.optional(),
  taxRateRef: TaxRateRef.optional(),
  itemRef: ItemRef.optional(),
  trackingCategoryRefs: z.array(TrackingCategoryRef).optional(),
}

export const PurchaseOrderLineItem = z.object(orderLineItemFields).meta({ id: 'PurchaseOrderLineItem' })

export const PurchaseOrder = z
  .object({
    id: z.string().optional(),
    purchaseOrderNumber: z.string().optional(),
    supplierRef: SupplierRef.optional(),
    status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
    issueDate: DateTimeString.optional(),
    expectedDeliveryDate: DateTimeString.optional(),
    deliveryDate: DateTimeString.optional(),
    paymentDueDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(PurchaseOrderLineItem).optional(),
    subTotal: z.number().optional(),
    totalDiscount: z.number().optional(),
    totalTaxAmount: z.number().optional(),
    totalAmount: z.number().optional(),
    note: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'PurchaseOrder' })
export type PurchaseOrder = z.infer<typeof PurchaseOrder>

export const ITEM_RECEIPT_STATUSES = ['Unknown', 'Draft', 'Received', 'Billed', 'Void'] as const

export const ItemReceiptLineItem = z.object(orderLineItemFields).meta({ id: 'ItemReceiptLineItem' })

/**
 * Goods received against a purchase order, before (or without) their bill. The reference lists `itemReceipts` among
 * its data types but publishes no schema for it: the fields are named as the reference names them on a bill and a
 * purchase order, so a consumer reads them the same way.
 */
export const ItemReceipt = z
  .object({
    id: z.string().optional(),
    itemReceiptNumber: z.string().optional(),
    supplierRef: SupplierRef.optional(),
    purchaseOrderRefs: z.array(z.object({ id: z.string().optional(), purchaseOrderNumber: z.string().optional() })).optional(),
    status: z.enum(ITEM_RECEIPT_STATUSES).optional(),
    issueDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(ItemReceiptLineItem).optional(),
    subTotal: z.number().optional(),
    totalTaxAmount: z.number().optional(),
    totalAmount: z.number().optional(),
    note: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'ItemReceipt' })
export type ItemReceipt = z.infer<typeof ItemReceipt>

export const SalesOrderLineItem = z.object(orderLineItemFields).meta({ id: 'SalesOrderLineItem' })

export const SalesOrder = z
  .object({
    id: z.string().optional(),
    salesOrderNumber: z.string().optional(),
    customerPurchaseOrderNumber: z.string().optional(),
    customerRef: AccountingCustomerRef.optional(),
    status: z.enum(SALES_ORDER_STATUSES).optional(),
    invoicingStatus: z.enum(SALES_ORDER_INVOICING_STATUSES).optional(),
    issueDate: DateTimeString.optional(),
    expectedDeliveryDate: DateTimeString.optional(),
    currency: z.string().optional(),
    currencyRate: z.number().optional(),
    lineItems: z.array(SalesOrderLineItem).optional(),
    subTotal: z.number().optional(),
    totalDiscount: z.number().optional(),
    totalTaxAmount: z.number().optional(),
    totalAmount: z.number().optional(),
    note: z.string().optional(),
    supplementalData: SupplementalData.optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'SalesOrder' })
export type SalesOrder = z.infer<typeof SalesOrder>

// --- journals (the books' journals that journal entries are posted to) -----------------------------------------

export const JOURNAL_STATUSES = ['Unknown', 'Active', 'Archived'] as const

export const Journal = z
  .object({
    id: z.string().optional(),
    journalCode: z.string().optional(),
    name: z.string().optional(),
    type: z.string().optional(),
    parentId: z.string().optional(),
    hasChildren: z.boolean().optional(),
    createdOn: DateTimeString.optional(),
    status: z.enum(JOURNAL_STATUSES).optional(),
    metadata: RecordMetadata.optional(),
    modifiedDate: DateTimeString.optional(),
    sourceModifiedDate: DateTimeString.optional(),
  })
  .meta({ id: 'Journal' })
export type Journal = z.infer<typeof Journal>
