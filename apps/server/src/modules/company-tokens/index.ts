/** @module Company access tokens: the embedded Link component's credential for one company's Link API. */
export { companyTokensRoutes } from './routes.js'
export { createCompanyTokensService, EXPIRED_TOKEN_KEPT_MS, type CompanyTokensService, type CompanyTokenVerdict } from './service.js'
export { COMPANY_TOKEN_PREFIX } from './token-material.js'
