/**
 * @module The texts of the pages the Link flow itself shows during the trip to a platform (the
 * shop-name form, the organisation pick, its own outcome page, expired, used and error pages) in
 * the languages the Link component speaks. The language travels with the trip: `lang` on the Link
 * URL (hosted Link puts it there), kept in the link session's redirect parameters for the way
 * back, else the browser's Accept-Language.
 */
import { LINK_LANGUAGES } from '@linkway/contracts'

export type LinkLanguage = (typeof LINK_LANGUAGES)[number]

/** `lang` first, then the browser's Accept-Language in its order of preference, then English. */
export function chooseLanguage(lang: string | undefined, acceptLanguage: string | undefined): LinkLanguage {
  const wanted = [lang ?? '', ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim())]
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0]
    const match = LINK_LANGUAGES.find((language) => language === base)
    if (match) return match
  }
  return 'en'
}

const en = {
  // The shop-name form (a platform that needs a value before its sign-in: Shopify's store).
  connectTitle: 'Connect {platformName}',
  continueTo: 'Continue to {platformName}',
  invalidValue: 'That is not a valid value for "{label}"; for example {example}.',
  /** The platforms' own labels of the values they need, by parameter name; a parameter not here shows the connector's (English) text. */
  parameters: {
    shop: { label: 'Your Shopify store', description: 'The name in your store’s admin address, e.g. acme-outdoors in acme-outdoors.myshopify.com.' },
  } as Record<string, { label: string; description: string }>,
  // The organisation pick (Xero).
  tenantPickTitle: 'Choose an organisation',
  tenantPickHeading: 'Which organisation should be connected?',
  tenantPickBody: 'You gave access to more than one {platformName} organisation. Choose the one to share.',
  tenantPickLegend: 'Organisations',
  tenantPickSubmit: 'Connect this organisation',
  // The flow's own end, when the client set no redirect.
  connectedTitle: '{platformName} connected',
  connectedHeading: '{platformName} is connected',
  notConnectedTitle: '{platformName} not connected',
  notConnectedHeading: '{platformName} was not connected',
  yourAccount: 'Your account',
  allDoneMessage: 'All done. You can go back to the app you came from.',
  connectedMessage: 'Your {platformName} account is connected. You can go back to the app you came from.',
  cancelledMessage: 'You cancelled connecting {platformName}. Nothing was shared. You can try again from the app you came from.',
  notSupportedMessage: '{platformName} is not available for this app.',
  failedMessage: 'Something went wrong connecting {platformName}. Nothing was shared. Try again from the app you came from.',
  downloadReceipt: 'Download your consent receipt',
  downloadReceiptFor: 'Download the receipt for {platformName}',
  receiptHint: '(a signed record of what you agreed to share)',
  closeWindow: 'You can close this window.',
  // The end of a popup opened by Link embedded on the client's page (display 'popup').
  popupConnectedMessage: 'Your {platformName} account is connected.',
  popupCancelledMessage: 'You cancelled connecting {platformName}. Nothing was shared.',
  popupFailedMessage: 'Something went wrong connecting {platformName}. Nothing was shared.',
  popupNotConnectedMessage: 'Your {platformName} account is not connected.',
  popupReturn: 'You can close this window and return to {clientName}’s page.',
  popupReturnUnnamed: 'You can close this window and return to the page you came from.',
  // Pages that must not redirect.
  linkNotFoundTitle: 'Link not found',
  linkNotFoundMessage: 'This link does not lead to a connection. It may have been deleted; ask the app that sent it for a new one.',
  usedTitle: 'This link has already been used',
  usedMessage: 'For your security this link works once, for a day. Ask the app that sent it for a new one.',
  expiredTitle: 'This link has expired',
  expiredMessage: 'This sign-in link has already been used or has expired. Go back to the app you came from and start connecting again.',
  missingTitle: 'Something is missing',
  missingCallback: 'The platform sent you back without the information needed to finish. Start connecting again from the app you came from.',
  missingTenant: 'Choose an organisation and try again.',
  connectionGoneTitle: 'Connection not found',
  connectionGoneMessage: 'This connection no longer exists. Go back to the app you came from.',
  redirectRefusedTitle: 'Redirect not allowed',
  redirectRefusedMessage: 'The app’s settings need fixing; your connection status is unchanged by this page. (For the app’s developers: {reason})',
  unavailableTitle: 'Please try again in a moment',
  unavailableMessage: 'The service is briefly unavailable. Nothing was changed; go back and try again in a minute.',
  brokenTitle: 'Something went wrong',
  brokenMessage: 'Nothing was changed. Go back to the app you came from and try again; if it keeps happening, quote reference {reference}.',
  badRequestTitle: 'This request could not be understood',
  badRequestMessage: 'Go back to the app you came from and start connecting again.',
}

export type LinkPageTexts = typeof en

const de: LinkPageTexts = {
  connectTitle: '{platformName} verbinden',
  continueTo: 'Weiter zu {platformName}',
  invalidValue: 'Das ist kein gültiger Wert für „{label}“; zum Beispiel {example}.',
  parameters: {
    shop: { label: 'Ihr Shopify-Shop', description: 'Der Name in der Admin-Adresse Ihres Shops, z. B. acme-outdoors in acme-outdoors.myshopify.com.' },
  },
  tenantPickTitle: 'Organisation auswählen',
  tenantPickHeading: 'Welche Organisation soll verbunden werden?',
  tenantPickBody: 'Sie haben den Zugriff auf mehr als eine {platformName}-Organisation erlaubt. Wählen Sie die, die geteilt werden soll.',
  tenantPickLegend: 'Organisationen',
  tenantPickSubmit: 'Diese Organisation verbinden',
  connectedTitle: '{platformName} verbunden',
  connectedHeading: '{platformName} ist verbunden',
  notConnectedTitle: '{platformName} nicht verbunden',
  notConnectedHeading: '{platformName} wurde nicht verbunden',
  yourAccount: 'Ihr Konto',
  allDoneMessage: 'Fertig. Sie können zur App zurückkehren, von der Sie gekommen sind.',
  connectedMessage: 'Ihr {platformName}-Konto ist verbunden. Sie können zur App zurückkehren, von der Sie gekommen sind.',
  cancelledMessage: 'Sie haben das Verbinden von {platformName} abgebrochen. Es wurde nichts geteilt. Sie können es in der App, von der Sie gekommen sind, erneut versuchen.',
  notSupportedMessage: '{platformName} ist für diese App nicht verfügbar.',
  failedMessage: 'Beim Verbinden von {platformName} ist etwas schiefgelaufen. Es wurde nichts geteilt. Versuchen Sie es in der App, von der Sie gekommen sind, erneut.',
  downloadReceipt: 'Ihren Einwilligungsnachweis herunterladen',
  downloadReceiptFor: 'Einwilligungsnachweis für {platformName} herunterladen',
  receiptHint: '(ein signierter Nachweis dessen, was Sie zu teilen erlaubt haben)',
  closeWindow: 'Sie können dieses Fenster schließen.',
  popupConnectedMessage: 'Ihr {platformName}-Konto ist verbunden.',
  popupCancelledMessage: 'Sie haben das Verbinden von {platformName} abgebrochen. Es wurde nichts geteilt.',
  popupFailedMessage: 'Beim Verbinden von {platformName} ist etwas schiefgelaufen. Es wurde nichts geteilt.',
  popupNotConnectedMessage: 'Ihr {platformName}-Konto ist nicht verbunden.',
  popupReturn: 'Sie können dieses Fenster schließen und zur Seite von {clientName} zurückkehren.',
  popupReturnUnnamed: 'Sie können dieses Fenster schließen und zur Seite zurückkehren, von der Sie gekommen sind.',
  linkNotFoundTitle: 'Link nicht gefunden',
  linkNotFoundMessage: 'Dieser Link führt zu keiner Verbindung. Vielleicht wurde sie gelöscht; bitten Sie die App, die ihn gesendet hat, um einen neuen.',
  usedTitle: 'Dieser Link wurde bereits verwendet',
  usedMessage: 'Zu Ihrer Sicherheit funktioniert dieser Link einmal und einen Tag lang. Bitten Sie die App, die ihn gesendet hat, um einen neuen.',
  expiredTitle: 'Dieser Link ist abgelaufen',
  expiredMessage: 'Dieser Anmeldelink wurde bereits verwendet oder ist abgelaufen. Kehren Sie zur App zurück, von der Sie gekommen sind, und beginnen Sie erneut mit dem Verbinden.',
  missingTitle: 'Es fehlt etwas',
  missingCallback: 'Die Plattform hat Sie ohne die zum Abschluss nötigen Angaben zurückgeschickt. Beginnen Sie in der App, von der Sie gekommen sind, erneut mit dem Verbinden.',
  missingTenant: 'Wählen Sie eine Organisation und versuchen Sie es erneut.',
  connectionGoneTitle: 'Verbindung nicht gefunden',
  connectionGoneMessage: 'Diese Verbindung besteht nicht mehr. Kehren Sie zur App zurück, von der Sie gekommen sind.',
  redirectRefusedTitle: 'Weiterleitung nicht erlaubt',
  redirectRefusedMessage: 'Die Einstellungen der App müssen korrigiert werden; der Status Ihrer Verbindung bleibt davon unberührt. (Für die Entwickler der App: {reason})',
  unavailableTitle: 'Bitte versuchen Sie es gleich noch einmal',
  unavailableMessage: 'Der Dienst ist kurz nicht erreichbar. Es wurde nichts geändert; gehen Sie zurück und versuchen Sie es in einer Minute erneut.',
  brokenTitle: 'Etwas ist schiefgelaufen',
  brokenMessage: 'Es wurde nichts geändert. Kehren Sie zur App zurück, von der Sie gekommen sind, und versuchen Sie es erneut; wenn es wieder passiert, nennen Sie die Referenz {reference}.',
  badRequestTitle: 'Diese Anfrage konnte nicht verstanden werden',
  badRequestMessage: 'Kehren Sie zur App zurück, von der Sie gekommen sind, und beginnen Sie erneut mit dem Verbinden.',
}

const fr: LinkPageTexts = {
  connectTitle: 'Connecter {platformName}',
  continueTo: 'Continuer vers {platformName}',
  invalidValue: 'Ce n’est pas une valeur valide pour « {label} » ; par exemple {example}.',
  parameters: {
    shop: { label: 'Votre boutique Shopify', description: 'Le nom dans l’adresse d’administration de votre boutique, par ex. acme-outdoors dans acme-outdoors.myshopify.com.' },
  },
  tenantPickTitle: 'Choisir une organisation',
  tenantPickHeading: 'Quelle organisation faut-il connecter ?',
  tenantPickBody: 'Vous avez donné accès à plus d’une organisation {platformName}. Choisissez celle à partager.',
  tenantPickLegend: 'Organisations',
  tenantPickSubmit: 'Connecter cette organisation',
  connectedTitle: '{platformName} connecté',
  connectedHeading: '{platformName} est connecté',
  notConnectedTitle: '{platformName} non connecté',
  notConnectedHeading: '{platformName} n’a pas été connecté',
  yourAccount: 'Votre compte',
  allDoneMessage: 'C’est terminé. Vous pouvez revenir à l’application d’où vous venez.',
  connectedMessage: 'Votre compte {platformName} est connecté. Vous pouvez revenir à l’application d’où vous venez.',
  cancelledMessage: 'Vous avez annulé la connexion à {platformName}. Rien n’a été partagé. Vous pouvez réessayer depuis l’application d’où vous venez.',
  notSupportedMessage: '{platformName} n’est pas disponible pour cette application.',
  failedMessage: 'Un problème est survenu lors de la connexion à {platformName}. Rien n’a été partagé. Réessayez depuis l’application d’où vous venez.',
  downloadReceipt: 'Télécharger votre reçu de consentement',
  downloadReceiptFor: 'Télécharger le reçu pour {platformName}',
  receiptHint: '(une trace signée de ce que vous avez accepté de partager)',
  closeWindow: 'Vous pouvez fermer cette fenêtre.',
  popupConnectedMessage: 'Votre compte {platformName} est connecté.',
  popupCancelledMessage: 'Vous avez annulé la connexion à {platformName}. Rien n’a été partagé.',
  popupFailedMessage: 'Un problème est survenu lors de la connexion à {platformName}. Rien n’a été partagé.',
  popupNotConnectedMessage: 'Votre compte {platformName} n’est pas connecté.',
  popupReturn: 'Vous pouvez fermer cette fenêtre et revenir à la page de {clientName}.',
  popupReturnUnnamed: 'Vous pouvez fermer cette fenêtre et revenir à la page d’où vous venez.',
  linkNotFoundTitle: 'Lien introuvable',
  linkNotFoundMessage: 'Ce lien ne mène à aucune connexion. Elle a peut-être été supprimée ; demandez-en un nouveau à l’application qui vous l’a envoyé.',
  usedTitle: 'Ce lien a déjà été utilisé',
  usedMessage: 'Pour votre sécurité, ce lien ne fonctionne qu’une fois, pendant un jour. Demandez-en un nouveau à l’application qui vous l’a envoyé.',
  expiredTitle: 'Ce lien a expiré',
  expiredMessage: 'Ce lien de connexion a déjà été utilisé ou a expiré. Revenez à l’application d’où vous venez et recommencez la connexion.',
  missingTitle: 'Il manque quelque chose',
  missingCallback: 'La plateforme vous a renvoyé sans les informations nécessaires pour terminer. Recommencez la connexion depuis l’application d’où vous venez.',
  missingTenant: 'Choisissez une organisation et réessayez.',
  connectionGoneTitle: 'Connexion introuvable',
  connectionGoneMessage: 'Cette connexion n’existe plus. Revenez à l’application d’où vous venez.',
  redirectRefusedTitle: 'Redirection non autorisée',
  redirectRefusedMessage: 'Les réglages de l’application doivent être corrigés ; l’état de votre connexion n’est pas modifié par cette page. (Pour les développeurs de l’application : {reason})',
  unavailableTitle: 'Veuillez réessayer dans un instant',
  unavailableMessage: 'Le service est brièvement indisponible. Rien n’a été modifié ; revenez en arrière et réessayez dans une minute.',
  brokenTitle: 'Un problème est survenu',
  brokenMessage: 'Rien n’a été modifié. Revenez à l’application d’où vous venez et réessayez ; si cela se reproduit, indiquez la référence {reference}.',
  badRequestTitle: 'Cette demande n’a pas pu être comprise',
  badRequestMessage: 'Revenez à l’application d’où vous venez et recommencez la connexion.',
}

export const LINK_PAGE_TEXTS: Readonly<Record<LinkLanguage, LinkPageTexts>> = { en, de, fr }

/** `{name}` placeholders filled as plain text (the page escapes it). */
export function fillText(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
