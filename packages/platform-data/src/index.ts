/** @module Reading each platform's data into the unified model: one data source per platform and data type, pure and tested on recorded responses; and the catalogue of platforms that carries them. */
export * from './data-source.js'
export * from './platform-data-sources.js'
export * from './platform-catalogue.js'
