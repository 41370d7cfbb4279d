/** @module Health checks: liveness (`GET /health`) and readiness (`GET /ready`), for load balancers and orchestrators. */
export { healthRoutes } from './routes.js'
export { createHealthService, type HealthService } from './service.js'
