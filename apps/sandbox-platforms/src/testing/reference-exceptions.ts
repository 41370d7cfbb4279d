/**
 * @module Every place where the emulations are checked against something other than the letter of a
 * platform's published reference, each with its reason. One file, so a reader sees at once what is
 * NOT verified; each exception is as narrow as the looseness it covers (one field, one format), never
 * a whole check switched off. docs/integrations.md points here.
 */

/**
 * Xero: the envelope of every Accounting API answer. The reference's examples of every GET show
 * `Id`, `Status`, `ProviderName` and `DateTimeUTC` beside the list; its schemas (`Invoices`,
 * `Contacts`, …) define only the list, `pagination` and `Warnings`. Typed here as the examples show them.
 */
export const XERO_ENVELOPE_FIELDS = {
  properties: {
    Id: { type: 'string', format: 'uuid' },
    Status: { type: 'string', enum: ['OK'] },
    ProviderName: { type: 'string' },
    DateTimeUTC: { type: 'string', pattern: '^/Date\\(-?\\d+([+-]\\d{4})?\\)/$' },
  },
} as const

/**
 * Xero: the Identity API declares `createdDateUtc` and `updatedDateUtc` of /connections as
 * `format: date-time` (RFC 3339, which requires a zone), yet its own example, like Xero's answers,
 * is `2019-12-07T18:46:19.5165400`: UTC without a zone, up to 7 decimals. Checked against that form.
 */
export const XERO_IDENTITY_DATE_TIME = {
  format: 'xero-utc-date-time-without-zone',
  pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?$/,
} as const

/**
 * Xero: the token endpoint's answer. The Identity API's `AccessToken` schema lists id_token,
 * access_token, expires_in, token_type and refresh_token; Xero's OAuth 2.0 documentation (no
 * machine-readable reference) adds `scope`, which RFC 6749 §5.1 allows.
 */
export const XERO_TOKEN_FIELDS = {
  properties: {
    scope: { type: 'string' },
  },
} as const

/**
 * Xero: beside each date the reference marks `x-is-msdate` (`Date`, `DueDate`, `DeliveryDate`, …)
 * Xero answers its twin `DateString`, `DueDateString`, …: the same day as `2017-11-28T00:00:00`.
 * The reference's own response examples carry them (70 times in xero_accounting.yaml); its schemas
 * do not. Allowed only beside such a date, and only in that form.
 */
export const XERO_DATE_STRING_TWIN = {
  suffix: 'String',
  schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' },
} as const

/**
 * Shopify: an order's `billing_address` and `shipping_address` are typed by the Order class only as
 * "an object", so their recorded samples are the reference for what is inside; those samples are all
 * US addresses, whose `province` is always a string. The reference's own address type,
 * CustomerAddress, declares `province` and `province_code` as `string | null` (null where a country
 * has no provinces): its declared types are accepted inside an order's addresses as well.
 */
export const SHOPIFY_TYPES_DECLARED_ELSEWHERE: Readonly<Record<string, string>> = {
  'Order.billing_address': 'CustomerAddress',
  'Order.shipping_address': 'CustomerAddress',
}

/**
 * Shopify: the recorded order samples hold a shipping line's `tax_lines` and `discount_allocations`
 * only empty, so nothing says what one holds; a tax line, and a discount allocation, is the same
 * object wherever an order carries one, so a shipping line's are checked against the recorded ones
 * of the order's line items.
 */
export const SHOPIFY_SHAPES_RECORDED_ELSEWHERE: Readonly<Record<string, string>> = {
  'Order.shipping_lines[].tax_lines[]': 'Order.line_items[].tax_lines[]',
  'Order.shipping_lines[].discount_allocations[]': 'Order.line_items[].discount_allocations[]',
}

/**
 * QuickBooks Online: a report is answered as the Report type itself (`{ Header, Columns, Rows }`), not
 * inside IntuitResponse as its XML is; every other answer, errors included, is IntuitResponse.
 */
export const QUICKBOOKS_REPORT_ROOT = { typeName: 'Report' } as const
