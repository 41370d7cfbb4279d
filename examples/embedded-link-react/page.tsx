/**
 * @module The React example's page: Link in `@linkway/link-react`'s component, and what its
 * callbacks said. The server bundles this file with esbuild when it starts (server.ts).
 */
import { CodatLink } from '@linkway/link-react'
import { StrictMode, useState } from 'react'
import { createRoot } from 'react-dom/client'

const { linkwayUrl, companyId, accessToken } = JSON.parse(document.getElementById('link-config')!.textContent!) as { linkwayUrl: string; companyId: string; accessToken: string }

function App() {
  const [isOpen, setIsOpen] = useState(true)
  const [events, setEvents] = useState<string[]>([])
  const log = (event: string) => setEvents((logged) => [...logged, event])
  const close = (event: string) => {
    setIsOpen(false)
    log(event)
  }

  return (
    <main>
      {isOpen ? (
        <CodatLink
          sdkUrl={`${linkwayUrl}/sdk/link.js`}
          companyId={companyId}
          accessToken={accessToken}
          onConnection={(connection) => log(`onConnection: ${connection.platformName} (${connection.connectionId})`)}
          onFinish={() => close('onFinish')}
          onClose={() => close('onClose')}
          onError={(error) => log(`onError: ${error.message} (userRecoverable: ${error.userRecoverable})`)}
        />
      ) : (
        <p>
          Link is closed. <button onClick={() => setIsOpen(true)}>Open it again</button>
        </p>
      )}
      <section>
        <h2>Callbacks</h2>
        <ol id="events">
          {events.map((event, index) => (
            <li key={index}>{event}</li>
          ))}
        </ol>
      </section>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
