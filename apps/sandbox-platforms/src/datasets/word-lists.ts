/** @module Small word lists the generated data is drawn from: enough variety to look real, small enough to read. */

export const FIRST_NAMES = [
  'Olivia', 'Noah', 'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Arthur', 'Mia', 'Leo', 'Grace', 'Oscar',
  'Freya', 'Harry', 'Lily', 'Jack', 'Sophia', 'Theo', 'Emily', 'Charlie', 'Priya', 'Mohammed', 'Chen', 'Sofia',
] as const

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Khan', 'Clarke', 'Garcia', 'Müller',
] as const

export const COMPANY_WORDS = [
  'Northwind', 'Bluebell', 'Harbour', 'Kestrel', 'Oakridge', 'Summit', 'Riverside', 'Granite', 'Lumen', 'Meadow',
  'Copperfield', 'Atlas', 'Beacon', 'Foxglove', 'Highland', 'Juniper', 'Marlow', 'Pioneer', 'Quarry', 'Willow',
] as const

export const COMPANY_KINDS = [
  'Traders', 'Consulting', 'Logistics', 'Supplies', 'Studios', 'Engineering', 'Foods', 'Interiors', 'Digital',
  'Print', 'Builders', 'Outfitters', 'Labs', 'Partners', 'Wholesale',
] as const

export const COMPANY_FORMS = ['Ltd', 'Limited', 'LLC', 'Inc.', 'GmbH', 'LLP', ''] as const

export const STREETS = ['High Street', 'Station Road', 'Church Lane', 'Market Square', 'Mill Road', 'Park Avenue', 'Main Street', 'Elm Street'] as const

export const CITIES = [
  { city: 'London', postalCode: 'EC1A 1BB', country: 'GB' },
  { city: 'Manchester', postalCode: 'M1 1AE', country: 'GB' },
  { city: 'Leeds', postalCode: 'LS1 4DY', country: 'GB' },
  { city: 'Bristol', postalCode: 'BS1 4ST', country: 'GB' },
  { city: 'New York', postalCode: '10001', country: 'US' },
  { city: 'Austin', postalCode: '73301', country: 'US' },
  { city: 'Berlin', postalCode: '10115', country: 'DE' },
  { city: 'Dublin', postalCode: 'D02 X285', country: 'IE' },
] as const

export const PRODUCT_ADJECTIVES = ['Classic', 'Organic', 'Deluxe', 'Compact', 'Handmade', 'Recycled', 'Premium', 'Everyday', 'Vintage', 'Travel'] as const

export const PRODUCT_NOUNS = [
  'Notebook', 'Mug', 'Backpack', 'Desk Lamp', 'Water Bottle', 'T-Shirt', 'Candle', 'Tea Blend', 'Phone Case',
  'Tote Bag', 'Plant Pot', 'Headphones', 'Wallet', 'Scarf', 'Coffee Beans',
] as const

export const PRODUCT_CATEGORIES = ['Stationery', 'Home', 'Apparel', 'Food & Drink', 'Electronics', 'Accessories'] as const

export const SERVICE_DESCRIPTIONS = [
  'Consulting services', 'Monthly retainer', 'Website maintenance', 'Office supplies', 'Design work', 'Freight',
  'Software licence', 'Training session', 'Equipment hire', 'Catering', 'Cleaning services', 'Marketing campaign',
] as const

export type LedgerAccountType = 'Asset' | 'Liability' | 'Equity' | 'Income' | 'Expense'

/**
 * A plausible small-business chart of accounts; datasets larger than it repeat it with a suffix. `category` is the
 * account's place in the statements (the reference's `fullyQualifiedCategory`, `Type.Subtype`): cost of sales, other
 * income and other expenses are told apart from revenue and operating expenses by it.
 */
export const CHART_OF_ACCOUNTS: readonly { code: string; name: string; type: LedgerAccountType; category: string; isBank?: boolean }[] = [
  { code: '090', name: 'Business Current Account', type: 'Asset', isBank: true, category: 'Asset.Current' },
  { code: '091', name: 'Business Savings Account', type: 'Asset', isBank: true, category: 'Asset.Current' },
  { code: '200', name: 'Sales', type: 'Income', category: 'Income.Revenue' },
  { code: '260', name: 'Other Revenue', type: 'Income', category: 'Income.OtherIncome' },
  { code: '270', name: 'Interest Income', type: 'Income', category: 'Income.OtherIncome' },
  { code: '310', name: 'Cost of Goods Sold', type: 'Expense', category: 'Expense.CostOfSales' },
  { code: '400', name: 'Advertising', type: 'Expense', category: 'Expense.Operating' },
  { code: '404', name: 'Bank Fees', type: 'Expense', category: 'Expense.OtherExpense' },
  { code: '408', name: 'Cleaning', type: 'Expense', category: 'Expense.Operating' },
  { code: '412', name: 'Consulting & Accounting', type: 'Expense', category: 'Expense.Operating' },
  { code: '420', name: 'Entertainment', type: 'Expense', category: 'Expense.Operating' },
  { code: '429', name: 'General Expenses', type: 'Expense', category: 'Expense.Operating' },
  { code: '433', name: 'Insurance', type: 'Expense', category: 'Expense.Operating' },
  { code: '445', name: 'Light, Power, Heating', type: 'Expense', category: 'Expense.Operating' },
  { code: '449', name: 'Motor Vehicle Expenses', type: 'Expense', category: 'Expense.Operating' },
  { code: '461', name: 'Printing & Stationery', type: 'Expense', category: 'Expense.Operating' },
  { code: '469', name: 'Rent', type: 'Expense', category: 'Expense.Operating' },
  { code: '473', name: 'Repairs and Maintenance', type: 'Expense', category: 'Expense.Operating' },
  { code: '477', name: 'Salaries', type: 'Expense', category: 'Expense.Operating' },
  { code: '485', name: 'Subscriptions', type: 'Expense', category: 'Expense.Operating' },
  { code: '489', name: 'Telephone & Internet', type: 'Expense', category: 'Expense.Operating' },
  { code: '493', name: 'Travel', type: 'Expense', category: 'Expense.Operating' },
  { code: '610', name: 'Accounts Receivable', type: 'Asset', category: 'Asset.Current' },
  { code: '620', name: 'Prepayments', type: 'Asset', category: 'Asset.Current' },
  { code: '630', name: 'Inventory', type: 'Asset', category: 'Asset.Current' },
  { code: '710', name: 'Office Equipment', type: 'Asset', category: 'Asset.Fixed' },
  { code: '720', name: 'Computer Equipment', type: 'Asset', category: 'Asset.Fixed' },
  { code: '800', name: 'Accounts Payable', type: 'Liability', category: 'Liability.Current' },
  { code: '820', name: 'VAT', type: 'Liability', category: 'Liability.Current' },
  { code: '825', name: 'PAYE Payable', type: 'Liability', category: 'Liability.Current' },
  { code: '835', name: 'Directors Loan Account', type: 'Liability', category: 'Liability.Current' },
  { code: '900', name: 'Loan', type: 'Liability', category: 'Liability.NonCurrent' },
  { code: '960', name: 'Retained Earnings', type: 'Equity', category: 'Equity.RetainedEarnings' },
  { code: '970', name: 'Owner Funds Introduced', type: 'Equity', category: 'Equity.Owners' },
]

export const BANK_NAMES = ['Sandbox Bank', 'Northern Trust Savings', 'Harbour Building Society', 'Capital Commerce Bank'] as const

export const BANK_ACCOUNT_NAMES = ['Business Current Account', 'Business Savings', 'Corporate Card', 'Euro Account', 'Tax Reserve'] as const

export const MERCHANTS = [
  { name: 'Amazon Marketplace', category: 'Office supplies' },
  { name: 'Transport for London', category: 'Travel' },
  { name: 'British Gas', category: 'Utilities' },
  { name: 'Pret A Manger', category: 'Meals' },
  { name: 'Google Workspace', category: 'Software' },
  { name: 'Royal Mail', category: 'Postage' },
  { name: 'Shell', category: 'Fuel' },
  { name: 'HMRC', category: 'Tax' },
  { name: 'Stripe Payout', category: 'Income' },
  { name: 'Client Payment', category: 'Income' },
] as const

export const PAYMENT_METHODS = ['BankTransfer', 'Card', 'Cash', 'DirectDebit', 'Cheque'] as const

/** Two kinds of product under each of PRODUCT_CATEGORIES, in its order: the second level of the store's category tree. */
export const PRODUCT_SUBCATEGORIES: readonly (readonly [string, string])[] = [
  ['Notebooks', 'Pens & Pencils'],
  ['Kitchen', 'Decor'],
  ['Tops', 'Outerwear'],
  ['Coffee & Tea', 'Snacks'],
  ['Audio', 'Phone Accessories'],
  ['Bags', 'Wallets'],
]

/** The ways the commerce sandbox takes payment: `code` is what a payment names, `name` what a person reads. */
export const COMMERCE_PAYMENT_METHODS = [
  { code: 'Card', name: 'Card' },
  { code: 'PayPal', name: 'PayPal' },
  { code: 'BankTransfer', name: 'Bank transfer' },
] as const

export const STORE_KINDS = ['Store', 'Warehouse', 'Pop-up'] as const

/** Stripe's dispute reasons, which the reference's examples show as they come. */
export const DISPUTE_REASONS = ['fraudulent', 'product_not_received', 'product_unacceptable', 'duplicate', 'subscription_canceled', 'credit_not_processed'] as const

/**
 * The bank's category tree: two roots and the MERCHANTS' categories under them. A category's parent comes
 * before it, so a dataset cut short never names a parent it does not have.
 */
export const TRANSACTION_CATEGORIES: readonly { name: string; parent?: string }[] = [
  { name: 'Income' },
  { name: 'Expenses' },
  { name: 'Office supplies', parent: 'Expenses' },
  { name: 'Travel', parent: 'Expenses' },
  { name: 'Utilities', parent: 'Expenses' },
  { name: 'Meals', parent: 'Expenses' },
  { name: 'Software', parent: 'Expenses' },
  { name: 'Postage', parent: 'Expenses' },
  { name: 'Fuel', parent: 'Expenses' },
  { name: 'Tax', parent: 'Expenses' },
]
