/** @module The unified data model: the data types, their record schemas and their definitions. */
export * from './data-types.js'
export * from './accounting.js'
export * from './banking.js'
export * from './commerce.js'
export * from './definitions.js'
export * from './financial-statements.js'
export * from './reference-data-types.js'
export * from './reference-operation-ids.js'
