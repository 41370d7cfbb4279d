/** @module Reading each platform's data into the unified model: one data source per platform and data type, pure and tested on recorded responses. */
export * from './data-source.js'
export * from './platform-data-sources.js'
