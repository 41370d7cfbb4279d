/** @module The platform catalogue as data: one definition per platform, resolved per install, with stable ids and our own brand marks. */
export {
  FEATURE_STATES,
  FEATURE_TYPES,
  SOURCE_TYPES,
  type BrandMark,
  type ConnectionParameter,
  type Connector,
  type ConnectorDefinition,
  type ConnectorSourceType,
  type DatatypeFeature,
  type DeviceNotes,
  type IdTokenCheck,
  type OAuth2Auth,
  type OfflineAuth,
  type RevokeRequest,
  type TenantPick,
} from './connector.js'
export { ConnectorDefinitionError, defineConnector } from './define-connector.js'
export { createCatalogue, type Catalogue, type CatalogueOptions, type EndpointOverride } from './catalogue.js'
export { integrationIdOf, sourceIdOf } from './ids.js'
export { renderBrandSvg, type LogoVariant } from './brand-svg.js'
export { fillUrlTemplate } from './url-template.js'
export { normalizeConnectionParameter, parseConnectionParameter } from './connection-parameters.js'
export { platformDefinitions } from './platforms/index.js'
export { SHOPIFY_API_VERSION } from './platforms/shopify.js'
export { SQUARE_API_VERSION } from './platforms/square.js'
export { ACCOUNTING_DATATYPES, BANKING_DATATYPES, COMMERCE_DATATYPES, FINANCIAL_STATEMENT_DATATYPES } from './datatype-features.js'
