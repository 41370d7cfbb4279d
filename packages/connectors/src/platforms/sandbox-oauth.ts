/** @module The OAuth definition the three sandbox platforms share: their paths differ by platform only. */
import type { OAuth2Auth } from '../connector.js'

export function sandboxOAuth(platform: 'accounting' | 'banking' | 'commerce', scopes: readonly string[]): OAuth2Auth {
  return {
    kind: 'oauth2',
    authorizeUrl: `{sandboxUrl}/${platform}/oauth/authorize`,
    tokenUrl: `{sandboxUrl}/${platform}/oauth/token`,
    revokeUrl: `{sandboxUrl}/${platform}/oauth/revoke`,
    scopes,
    scopeSeparator: ' ',
    clientAuth: 'client_secret_basic',
    tokenRequestFormat: 'form',
    authorizeParams: {},
    connectionParameters: [],
    callbackParameters: [],
  }
}
