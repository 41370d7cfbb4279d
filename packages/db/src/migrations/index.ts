/**
 * @module Every migration, in order, as code: the build carries them, and nothing reads a folder
 * at run time. Add a file and a line here; never edit one that has shipped.
 */
import type { Migration } from 'kysely'
import * as m0001 from './0001-clients-api-keys-companies.js'
import * as m0002 from './0002-webhooks.js'
import * as m0003 from './0003-webhook-retention.js'
import * as m0004 from './0004-emit-event-function.js'
import * as m0005 from './0005-connections.js'
import * as m0006 from './0006-hosted-link.js'
import * as m0007 from './0007-data-sync.js'
import * as m0008 from './0008-company-name-search.js'
import * as m0009 from './0009-dataset-job.js'
import * as m0010 from './0010-rate-limits.js'
import * as m0011 from './0011-files.js'
import * as m0012 from './0012-consent-receipts.js'
import * as m0013 from './0013-client-logos.js'
import * as m0014 from './0014-embedded-link.js'
import * as m0015 from './0015-embedded-link-return.js'
import * as m0016 from './0016-portal-users.js'
import * as m0017 from './0017-webhook-attempt-response.js'
import * as m0018 from './0018-company-products.js'
import * as m0019 from './0019-data-records-company-key.js'
import * as m0020 from './0020-consent-data-types.js'
import * as m0021 from './0021-company-search-index.js'

export const migrations: Record<string, Migration> = {
  '0001-clients-api-keys-companies': m0001,
  '0002-webhooks': m0002,
  '0003-webhook-retention': m0003,
  '0004-emit-event-function': m0004,
  '0005-connections': m0005,
  '0006-hosted-link': m0006,
  '0007-data-sync': m0007,
  '0008-company-name-search': m0008,
  '0009-dataset-job': m0009,
  '0010-rate-limits': m0010,
  '0011-files': m0011,
  '0012-consent-receipts': m0012,
  '0013-client-logos': m0013,
  '0014-embedded-link': m0014,
  '0015-embedded-link-return': m0015,
  '0016-portal-users': m0016,
  '0017-webhook-attempt-response': m0017,
  '0018-company-products': m0018,
  '0019-data-records-company-key': m0019,
  '0020-consent-data-types': m0020,
  '0021-company-search-index': m0021,
}
