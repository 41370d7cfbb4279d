/**
 * @module What the three sandbox platforms' data APIs answer, as a client sees them: the paged envelope and
 * each dataset's record. Declared here rather than imported, because Linkway reads the sandbox as it reads any
 * platform: through its documented responses (apps/sandbox-platforms/src/datasets), never its code.
 */

/** `GET {baseUrl}/{dataset}?page&pageSize&modifiedSince` on every list dataset. */
export interface SandboxPage {
  items: unknown[]
  page: number
  pageSize: number
  totalItems: number
  hasMore: boolean
}

/** What every record has: the generic sandbox model stamps each one with the time it last changed. */
export interface SandboxItem {
  id: string
  modifiedDate: string
  /** Present, true, on a record the sandbox deleted: it is served once more, modified when it was deleted. */
  isDeleted?: boolean
}

/** `{ id, name }`: how one sandbox record points at another. */
export interface SandboxRef {
  id: string
  name: string
}

export interface SandboxAddress {
  line1: string
  city: string
  postalCode: string
  country: string
}

/** `GET {baseUrl}/company` on the accounting and commerce sandboxes. */
export interface SandboxCompany extends SandboxItem {
  companyName: string
  legalName: string
  registrationNumber: string
  baseCurrency: string
  address: SandboxAddress
  phone: string
  websiteUrl: string
  createdDate: string
}

// --- accounting ------------------------------------------------------------------------------------------------

export interface SandboxLedgerAccount extends SandboxItem {
  nominalCode: string
  name: string
  type: 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense'
  /** `Type.Subtype`, e.g. `Expense.CostOfSales`. */
  category?: string
  status: 'Active' | 'Archived'
  currency: string
  currentBalance: number
  isBankAccount: boolean
}

/** A customer or a supplier. */
export interface SandboxContact extends SandboxItem {
  name: string
  contactPerson: { firstName: string; lastName: string }
  emailAddress: string
  phone: string
  defaultCurrency: string
  status: 'Active' | 'Archived'
  address: SandboxAddress
}

export interface SandboxLineItem {
  description: string
  quantity: number
  unitAmount: number
  subTotal: number
  /** A fraction: 0.2 is 20%. */
  taxRate: number
  taxAmount: number
  totalAmount: number
  accountRef?: SandboxRef
  /** The tax rate record of `taxRate`, when the sandbox has one. */
  taxRateRef?: SandboxRef
  /** The tracking category (a leaf of trackingCategories) the line is tracked against. */
  trackingCategoryRef?: SandboxRef
}

/** A payment (or bill payment) set against an invoice (or bill). */
export interface SandboxPaymentAllocation {
  paymentRef: SandboxRef
  /** The bank ledger account it was paid from or into. */
  accountRef?: SandboxRef
  currency: string
  currencyRate?: number
  paidOnDate: string
  amount: number
}

export type SandboxDocumentStatus = 'Draft' | 'Submitted' | 'PartiallyPaid' | 'Paid' | 'Void'

interface SandboxDocument extends SandboxItem {
  issueDate: string
  dueDate: string
  currency: string
  status: SandboxDocumentStatus
  lineItems: SandboxLineItem[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
  amountDue: number
  /** The payment that paid it, in full or in part: totalAmount − amountDue. */
  paymentAllocations?: SandboxPaymentAllocation[]
}

export interface SandboxInvoice extends SandboxDocument {
  invoiceNumber: string
  customerRef?: SandboxRef
  /** Present on a Paid invoice: when it was settled. */
  paidOnDate?: string
  /** Units of the base currency per unit of the invoice's; present when the two differ. */
  currencyRate?: number
  note: string
  /** The sales order it was raised from; `name` is the order's number. */
  salesOrderRef?: SandboxRef
}

export interface SandboxBill extends SandboxDocument {
  reference: string
  supplierRef?: SandboxRef
  /** The purchase order it is for; `name` is the order's number. */
  purchaseOrderRef?: SandboxRef
}

export interface SandboxAccountingPayment extends SandboxItem {
  invoiceRef?: SandboxRef
  customerRef?: SandboxRef
  date: string
  amount: number
  currency: string
  paymentMethod: string
}

export interface SandboxAccountingBankAccount extends SandboxItem {
  accountName: string
  accountType: 'Credit' | 'Debit'
  accountNumber: string
  sortCode: string
  currency: string
  balance: number
  availableBalance: number
  institution: string
  status?: 'Active' | 'Archived'
}

export interface SandboxJournalEntry extends SandboxItem {
  journalNumber: string
  journalRef?: SandboxRef
  /** The invoice, bill or payment the entry posts. */
  recordRef?: { id: string; dataType: string }
  description: string
  postedOn: string
  journalLines: { accountRef?: SandboxRef; description: string; netAmount: number }[]
}

/** A credit note (to a customer) or a bill credit note (from a supplier). */
export interface SandboxCreditNote extends SandboxItem {
  creditNoteNumber: string
  /** The customer or the supplier. */
  contactRef?: SandboxRef
  issueDate: string
  currency: string
  status: 'Submitted' | 'PartiallyPaid' | 'Paid'
  lineItems: SandboxLineItem[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
  remainingCredit: number
  /** What was set against which invoice or bill (`name` is its number). */
  allocations: { documentRef: SandboxRef; allocatedOnDate: string; amount: number }[]
}

export interface SandboxBillPayment extends SandboxItem {
  billRef?: SandboxRef
  supplierRef?: SandboxRef
  accountRef?: SandboxRef
  date: string
  amount: number
  currency: string
  paymentMethod: string
  reference: string
}

/** A direct cost (the contact is a supplier) or a direct income (a customer), paid in full from or into `accountRef`. */
export interface SandboxDirectTransaction extends SandboxItem {
  reference: string
  contactRef?: SandboxRef
  issueDate: string
  currency: string
  accountRef?: SandboxRef
  lineItems: SandboxLineItem[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
}

interface SandboxAccountingOrder extends SandboxItem {
  issueDate: string
  expectedDeliveryDate: string
  currency: string
  status: 'Draft' | 'Open' | 'Closed'
  lineItems: SandboxLineItem[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
}

export interface SandboxSalesOrder extends SandboxAccountingOrder {
  salesOrderNumber: string
  customerPurchaseOrderNumber: string
  customerRef?: SandboxRef
  invoiceRef?: SandboxRef
}

export interface SandboxPurchaseOrder extends SandboxAccountingOrder {
  purchaseOrderNumber: string
  supplierRef?: SandboxRef
  billRef?: SandboxRef
}

export interface SandboxItemReceipt extends SandboxItem {
  itemReceiptNumber: string
  purchaseOrderRef?: SandboxRef
  supplierRef?: SandboxRef
  issueDate: string
  currency: string
  status: 'Received' | 'Billed'
  lineItems: SandboxLineItem[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
}

export interface SandboxJournal extends SandboxItem {
  journalCode: string
  name: string
  type: string
  status: 'Active' | 'Archived'
  createdOn: string
}

// --- banking ---------------------------------------------------------------------------------------------------

export interface SandboxBankingAccount extends SandboxItem {
  name: string
  type: 'Current' | 'Savings' | 'CreditCard'
  institution: { id: string; name: string }
  accountNumber: string
  sortCode: string
  currency: string
  status: 'Active' | 'Closed'
  currentBalance: number
  availableBalance: number
}

export interface SandboxBalance extends SandboxItem {
  accountRef?: SandboxRef
  date: string
  current: number
  available: number
  currency: string
}

export interface SandboxBankTransaction extends SandboxItem {
  accountRef?: SandboxRef
  description: string
  merchantName: string
  category: string
  /** The transactionCategories record the category is; absent when the bank's tree lacks it. */
  categoryRef?: SandboxRef
  amount: number
  currency: string
  bookingDate: string
  valueDate: string
  status: 'Booked' | 'Pending'
}

/** `GET {baseUrl}/transactionCategories`: one node of the bank's category tree. */
export interface SandboxTransactionCategory extends SandboxItem {
  name: string
  parentRef?: SandboxRef
  hasChildren: boolean
  status: 'Active' | 'Archived'
}

// --- commerce --------------------------------------------------------------------------------------------------

export interface SandboxShopper extends SandboxItem {
  firstName: string
  lastName: string
  emailAddress: string
  phone: string
  defaultCurrency: string
  status: 'Active' | 'Disabled'
  address: SandboxAddress
  createdDate: string
}

export interface SandboxProduct extends SandboxItem {
  name: string
  sku: string
  category: string
  unitPrice: number
  currency: string
  isActive: boolean
  inventoryQuantity: number
  /** inventoryQuantity by location. */
  stock?: { locationRef: SandboxRef; quantity: number }[]
  createdDate: string
}

export interface SandboxOrder extends SandboxItem {
  orderNumber: string
  customerRef?: SandboxRef
  locationRef?: SandboxRef
  createdDate: string
  currency: string
  status: 'Pending' | 'Paid' | 'Fulfilled' | 'Refunded' | 'Cancelled'
  /** A line's totalAmount is net of its discountAmount (before tax) and includes its tax. */
  orderLines: { productRef?: SandboxRef; taxComponentRef?: SandboxRef; quantity: number; unitPrice: number; discountAmount?: number; taxAmount: number; totalAmount: number }[]
  /** The delivery charged, before tax; absent when collected in store (and on answers recorded before the sandbox charged for it). */
  shipping?: { method: string; amount: number; taxAmount: number; taxComponentRef?: SandboxRef }
  subTotal: number
  totalDiscount?: number
  totalTaxAmount: number
  /** Without the tip, as the reference's totalAmount. */
  totalAmount: number
  /** The tip paid with the order; absent on answers recorded before the sandbox took tips. */
  totalGratuity?: number
  /** The payments made for the order, as the payments dataset has them (a tip is in their amount). */
  payments?: Pick<SandboxCommercePayment, 'id' | 'amount' | 'currency' | 'paymentMethod' | 'status' | 'paidDate'>[]
}

export interface SandboxCommercePayment extends SandboxItem {
  orderRef?: SandboxRef
  amount: number
  currency: string
  paymentMethod: 'Card' | 'PayPal' | 'BankTransfer'
  paymentMethodRef?: SandboxRef
  status: 'Succeeded' | 'Refunded' | 'Failed'
  paidDate: string
}

// --- accounting: reference lists and bank activity -------------------------------------------------------------

export interface SandboxTaxRate extends SandboxItem {
  code: string
  name: string
  currency: string
  /** A fraction, the sum of its components. */
  rate: number
  components: { name: string; rate: number; isCompound: boolean }[]
  status: 'Active' | 'Archived'
}

export interface SandboxPaymentMethod extends SandboxItem {
  name: string
  kind: 'BankTransfer' | 'Card' | 'Cash' | 'DirectDebit' | 'Cheque'
  status: 'Active' | 'Archived'
}

export interface SandboxTrackingCategory extends SandboxItem {
  name: string
  parentId?: string
  hasChildren: boolean
  status: 'Active' | 'Archived'
}

export interface SandboxItemDefaults {
  description: string
  unitPrice: number
  accountRef?: SandboxRef
  taxRateRef?: SandboxRef
  /** A fraction. */
  taxRate: number
}

export interface SandboxCatalogueItem extends SandboxItem {
  code: string
  name: string
  kind: 'Inventory' | 'NonInventory' | 'Service'
  status: 'Active' | 'Archived'
  sales?: SandboxItemDefaults
  purchases?: SandboxItemDefaults
}

export interface SandboxAccountingBankTransaction extends SandboxItem {
  accountId?: string
  clearedOnDate: string
  description: string
  reconciled: boolean
  amount: number
  balance: number
  kind: 'Credit' | 'Debit' | 'Int' | 'Fee' | 'Dep' | 'Pos' | 'DirectDebit' | 'Xfer'
}

export interface SandboxAccountTransaction extends SandboxItem {
  transactionId: string
  bankAccountRef?: SandboxRef
  date: string
  status: 'Unreconciled' | 'Reconciled' | 'Void'
  currency: string
  lines: { description: string; amount: number; paymentRef?: SandboxRef }[]
  totalAmount: number
  note?: string
}

export interface SandboxTransfer extends SandboxItem {
  description: string
  date: string
  fromAccountRef?: SandboxRef
  toAccountRef?: SandboxRef
  amount: number
  currency: string
  trackingCategoryRef?: SandboxRef
}

export interface SandboxLocation extends SandboxItem {
  name: string
  kind: 'Store' | 'Warehouse' | 'Pop-up'
  address: SandboxAddress
}

export interface SandboxProductCategory extends SandboxItem {
  name: string
  /** Absent on a root; the tree is two levels deep. */
  parentRef?: SandboxRef
  hasChildren: boolean
}

export interface SandboxTaxComponent extends SandboxItem {
  name: string
  /** A fraction: 0.2 is 20%. */
  rate: number
  isCompound: boolean
}

export interface SandboxCommercePaymentMethod extends SandboxItem {
  code: string
  name: string
  status: 'Active' | 'Archived'
}

export interface SandboxDispute extends SandboxItem {
  paymentRef?: SandboxRef
  orderRef?: SandboxRef
  amount: number
  currency: string
  status: 'Won' | 'Lost' | 'Accepted' | 'Processing' | 'ChargeRefunded' | 'EvidenceRequired' | 'InquiryEvidenceRequired' | 'InquiryClosed'
  reason: string
  createdDate: string
  dueDate: string
}

/** `GET {baseUrl}/transactions`: a movement of the merchant account. */
export interface SandboxMerchantTransaction extends SandboxItem {
  type: 'Payment' | 'PaymentFee' | 'Refund' | 'Payout' | 'Transfer'
  /** Positive money in, negative out. */
  amount: number
  currency: string
  sourceRef?: { id: string; type: 'Payment' | 'Order' }
  createdDate: string
}
