/**
 * @module The Link URLs the API hands out: a company's hosted URL (`redirect`) and a connection's
 * `linkUrl`, each with a fresh one-time token when the client has one-time Link URLs on. Webhook
 * payloads keep the plain URLs: a token is for the person the client sends, not for a log.
 */
import type { Company, Connection } from '@linkway/contracts'
import type { OneTimeLinks } from './one-time-links.js'

export function createLinkUrls(deps: { oneTimeLinks: OneTimeLinks; isOneTimeLinks(clientId: string): Promise<boolean> }) {
  const withToken = (url: string, token: string) => {
    const withOtp = new URL(url)
    withOtp.searchParams.set('link.otp', token)
    return withOtp.href
  }
  const connectionWithToken = (connection: Connection, companyId: string): Connection => ({ ...connection, linkUrl: withToken(connection.linkUrl, deps.oneTimeLinks.mint(companyId, connection.id)) })

  return {
    async companies<T extends Pick<Company, 'id' | 'redirect' | 'dataConnections'>>(clientId: string, companies: T[]): Promise<T[]> {
      if (companies.length === 0 || !(await deps.isOneTimeLinks(clientId))) return companies
      return companies.map((company) => ({
        ...company,
        redirect: withToken(company.redirect, deps.oneTimeLinks.mint(company.id)),
        dataConnections: company.dataConnections.map((connection) => connectionWithToken(connection, company.id)),
      }))
    },

    async connections(clientId: string, companyId: string, connections: Connection[]): Promise<Connection[]> {
      if (connections.length === 0 || !(await deps.isOneTimeLinks(clientId))) return connections
      return connections.map((connection) => connectionWithToken(connection, companyId))
    },
  }
}

export type LinkUrls = ReturnType<typeof createLinkUrls>
