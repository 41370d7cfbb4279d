/**
 * @module Steps 2, 5 and 6: the categories to connect with their state, the outcome of the trip to
 * the platform, the company's existing connections, and Complete.
 */
import { canComplete, hasSentFiles, categoryOf, categoryProgress, isCategoryClosed, linkedConnectionsIn, type JourneyState } from '../journey.js'
import { interpolate } from '../interpolate.js'
import type { LinkCategory, LinkCategoryOffer, LinkConnection, LinkSessionView } from '../types.js'
import type { FileUploadCategory } from '@linkway/contracts'
import { resultMessage, safeImageUrl, ScreenHeading, type Ui } from './common.js'

export interface CategoriesScreenProps {
  ui: Ui
  state: JourneyState & { session: LinkSessionView }
  onChooseCategory(category: LinkCategory): void
  onSkip(category: LinkCategory): void
  onShare(category: LinkCategory): void
  onResume(connectionId: string): void
  onDisconnect(connection: LinkConnection): void
  onComplete(): void
  /** Where the client's Link settings enable it: send files instead of connecting (screens/upload.tsx). */
  onUpload?(category: FileUploadCategory): void
}

export function CategoriesScreen(props: CategoriesScreenProps) {
  const { ui, state } = props
  const { t } = ui
  const session = state.session
  const isCompletable = canComplete(state)
  // A returning visitor with everything connected came to see or manage their connections: those first.
  const isReturningDone = isCompletable && state.result === null && session.connections.some((connection) => connection.status === 'Linked')
  // One place per state: a connection its category's card already describes (connected, with its
  // Disconnect; waiting for sign-in; just cancelled) is not listed again below, where it could read
  // differently. The list keeps the rest: ended or disconnected ones to reconnect, and those of a
  // category this page does not offer.
  const describedByCard = new Set(
    session.categories.flatMap((offer) => {
      const progress = categoryProgress(state, offer.category)
      if (progress.status === 'connected') return linkedConnectionsIn(session, offer.category).map((connection) => connection.id)
      return [progress.status === 'pending' ? progress.connectionId : progress.status === 'failed' ? state.result?.connectionId : undefined]
    }),
  )
  const listed = session.connections.filter((connection) => !describedByCard.has(connection.id))
  const connections = listed.length > 0 && (
    <section class="lw-section" aria-labelledby="lw-connections-title">
      {isReturningDone ? null : <h2 id="lw-connections-title">{t.yourConnections}</h2>}
      <ul class="lw-stack">
        {listed.map((connection) => (
          <ConnectionRow key={connection.id} {...props} connection={connection} />
        ))}
      </ul>
    </section>
  )
  const categories = (
    <ul class="lw-stack">
      {session.categories.map((offer) => (
        <CategoryCard key={offer.category} {...props} offer={offer} />
      ))}
      {/* A category too (files only), so with the others: not in the connections list, which a new company has none of. */}
      {session.fileUpload && session.settings.categories.businessDocuments.enabled && props.onUpload && <BusinessDocumentsCard {...props} />}
    </ul>
  )
  return (
    <>
      {isReturningDone ? (
        <>
          <h1 id="lw-connections-title" ref={ui.headingRef} tabIndex={-1}>
            {t.yourConnections}
          </h1>
          <p class="lw-muted">{interpolate(t.returningIntro, ui.vars)}</p>
          {connections}
          <section class="lw-section" aria-labelledby="lw-categories-title">
            <h2 id="lw-categories-title">{t.categoriesTitle}</h2>
            {categories}
          </section>
        </>
      ) : (
        <>
          <ScreenHeading ui={ui}>{t.categoriesTitle}</ScreenHeading>
          <p class="lw-muted">{t.categoriesIntro}</p>
          {categories}
          {connections}
        </>
      )}
      <div class="lw-complete">
        {!isCompletable && (
          <p id="lw-complete-hint" class="lw-muted">
            {t.completeHint}
          </p>
        )}
        <button type="button" class="lw-button lw-button-wide" disabled={!isCompletable} aria-describedby={isCompletable ? undefined : 'lw-complete-hint'} onClick={props.onComplete}>
          {t.complete}
        </button>
      </div>
    </>
  )
}

function CategoryCard(props: CategoriesScreenProps & { offer: LinkCategoryOffer }) {
  const { ui, state, offer } = props
  const { t } = ui
  const texts = t.categories[offer.category]
  const progress = categoryProgress(state, offer.category)
  const headingId = `lw-category-${offer.category}`
  const isClosed = isCategoryClosed(state, offer.category)
  const choose = () => props.onChooseCategory(offer.category)
  return (
    <li class="lw-card">
      <div class="lw-card-head">
        <h2 id={headingId}>{texts.name}</h2>
        <span class="lw-badge">{offer.optional ? t.optional : t.required}</span>
      </div>
      {progress.status === 'connected' ? (
        <ConnectedStatus {...props} platformName={progress.platformName} />
      ) : progress.status === 'failed' ? (
        <p class="lw-status lw-status-failed" role="status">
          <span aria-hidden="true">✕</span>
          {resultMessage(progress.statusCode, progress.platformName, t)}
        </p>
      ) : progress.status === 'pending' ? (
        <p class="lw-status lw-status-pending">{interpolate(t.statusPendingAt, { platformName: progress.platformName })}</p>
      ) : progress.status === 'uploaded' ? (
        <p class="lw-status lw-status-connected">
          <span aria-hidden="true">✓</span>
          {t.fileUpload.statusUploaded}
        </p>
      ) : (
        <p class="lw-status lw-muted">{progress.status === 'skipped' ? t.statusSkipped : t.statusNotStarted}</p>
      )}
      {!isClosed && (
        <div class="lw-actions">
          {progress.status === 'connected' ? (
            <button type="button" class="lw-button lw-button-secondary" aria-describedby={headingId} onClick={choose}>
              {t.connectAnother}
            </button>
          ) : progress.status === 'failed' ? (
            <button type="button" class="lw-button" aria-describedby={headingId} onClick={choose}>
              {t.tryAgain}
            </button>
          ) : progress.status === 'pending' ? (
            <>
              <button type="button" class="lw-button" aria-describedby={headingId} onClick={() => props.onResume(progress.connectionId)}>
                {t.continue}
              </button>
              <button type="button" class="lw-button lw-button-secondary" aria-describedby={headingId} onClick={choose}>
                {t.chooseAnother}
              </button>
            </>
          ) : (
            <button type="button" class="lw-button" onClick={choose}>
              {texts.connect}
            </button>
          )}
          {offer.optional && progress.status === 'not_started' && (
            <button type="button" class="lw-button lw-button-secondary" aria-describedby={headingId} onClick={() => props.onSkip(offer.category)}>
              {t.skip}
            </button>
          )}
        </div>
      )}
      {canUploadFor(state.session, offer.category) && progress.status !== 'connected' && props.onUpload && (
        <div>
          <button type="button" class="lw-link-button" aria-describedby={headingId} onClick={() => props.onUpload?.(offer.category as FileUploadCategory)}>
            {t.fileUpload.uploadInstead}
          </button>
        </div>
      )}
      {progress.status !== 'connected' && state.session.settings.invitePage.enabled && (
        <button type="button" class="lw-link-button" onClick={() => props.onShare(offer.category)}>
          {texts.cantSignIn}
        </button>
      )}
    </li>
  )
}

/**
 * A connected category's state and its management, in one place: each Linked connection of the
 * category with its Disconnect (destructive, after a confirmation). Just back from the platform,
 * before the session has the connection, only the state.
 */
function ConnectedStatus(props: CategoriesScreenProps & { offer: LinkCategoryOffer; platformName: string }) {
  const { ui, state, offer } = props
  const { t } = ui
  const linked = linkedConnectionsIn(state.session, offer.category)
  if (linked.length === 0) {
    return (
      <p class="lw-status lw-status-connected">
        <span aria-hidden="true">✓</span>
        {interpolate(t.statusConnectedTo, { platformName: props.platformName })}
      </p>
    )
  }
  return (
    <ul class="lw-connected-list">
      {linked.map((connection) => {
        const statusId = `lw-connection-${connection.id}`
        return (
          <li key={connection.id} class="lw-connected-item">
            <p class="lw-status lw-status-connected" id={statusId}>
              <span aria-hidden="true">✓</span>
              {interpolate(t.statusConnectedTo, { platformName: connection.platformName })}
            </p>
            <button type="button" class="lw-button lw-button-danger" aria-describedby={statusId} onClick={() => props.onDisconnect(connection)}>
              {t.disconnect}
            </button>
          </li>
        )
      })}
    </ul>
  )
}

/** Whether the person may send files instead of connecting for this category. */
function canUploadFor(session: LinkSessionView, category: LinkCategory): boolean {
  if (!session.fileUpload || category === 'commerce') return false
  return session.settings.categories[category].enableFileUpload
}

/** The reference's business documents: no platform, only files. */
function BusinessDocumentsCard(props: CategoriesScreenProps) {
  const { t, vars } = props.ui
  const isOptional = props.state.session.settings.categories.businessDocuments.optional
  return (
    <li class="lw-card">
      <div class="lw-card-head">
        <h2 id="lw-category-businessDocuments">{t.fileUpload.businessDocuments}</h2>
        <span class="lw-badge">{isOptional ? t.optional : t.required}</span>
      </div>
      {hasSentFiles(props.state, 'businessDocuments') && (
        <p class="lw-status lw-status-connected">
          <span aria-hidden="true">✓</span>
          {t.fileUpload.statusUploaded}
        </p>
      )}
      <p class="lw-muted lw-status">{interpolate(t.fileUpload.businessDocumentsIntro, vars)}</p>
      <div class="lw-actions">
        <button type="button" class="lw-button" onClick={() => props.onUpload?.('businessDocuments')}>
          {t.fileUpload.uploadDocuments}
        </button>
      </div>
    </li>
  )
}

function ConnectionRow(props: CategoriesScreenProps & { connection: LinkConnection }) {
  const { ui, connection } = props
  const { t } = ui
  const nameId = `lw-connection-${connection.id}`
  const logo = safeImageUrl(connection.logoUrl)
  return (
    <li class="lw-card lw-connection">
      {logo && <img class="lw-platform-logo" src={logo} alt="" width={40} height={40} />}
      <div class="lw-connection-text">
        <strong id={nameId}>{connection.platformName}</strong>
        <div class="lw-muted">
          {t.categories[categoryOf(connection.sourceType)].name} · {t.connectionStatus[connection.status]}
        </div>
      </div>
      {connection.status === 'Linked' ? (
        <button type="button" class="lw-button lw-button-danger" aria-describedby={nameId} onClick={() => props.onDisconnect(connection)}>
          {t.disconnect}
        </button>
      ) : (
        <button type="button" class={connection.status === 'PendingAuth' ? 'lw-button' : 'lw-button lw-button-secondary'} aria-describedby={nameId} onClick={() => props.onResume(connection.id)}>
          {connection.status === 'PendingAuth' ? t.continue : t.reconnect}
        </button>
      )}
    </li>
  )
}
