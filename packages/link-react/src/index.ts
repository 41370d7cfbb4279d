/** @module `@linkway/link-react`: Linkway's Embedded Link as a React component (docs/embedded-link.md). */
export { CodatLink, type CodatLinkComponentProps } from './codat-link.js'
export type { CodatLinkOptions, CodatLinkProps, ConnectionCallbackArgs, ConsentCallbackArgs, ErrorCallbackArgs } from '@codat/sdk-link-types'
