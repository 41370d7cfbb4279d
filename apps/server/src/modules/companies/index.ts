/** @module Companies: one per customer of the client. */
export { companiesRoutes } from './routes.js'
export { createCompaniesService, normalizeCompanyName, type CompaniesService } from './service.js'
