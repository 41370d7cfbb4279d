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
}

export interface SandboxInvoice extends SandboxDocument {
  invoiceNumber: string
  customerRef?: SandboxRef
}

export interface SandboxBill extends SandboxDocument {
  reference: string
  supplierRef?: SandboxRef
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
  accountNumber: string
  sortCode: string
  currency: string
  balance: number
  institution: string
}

export interface SandboxJournalEntry extends SandboxItem {
  journalNumber: string
  description: string
  postedOn: string
  journalLines: { accountRef?: SandboxRef; description: string; netAmount: number }[]
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
  orderLines: { productRef?: SandboxRef; taxComponentRef?: SandboxRef; quantity: number; unitPrice: number; taxAmount: number; totalAmount: number }[]
  subTotal: number
  totalTaxAmount: number
  totalAmount: number
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

export interface SandboxPaymentMethod extends SandboxItem {
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
