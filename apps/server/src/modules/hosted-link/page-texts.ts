/**
 * @module The texts of hosted Link's server-rendered pages (not found, used, the invite form, the
 * done page) in the languages the Link component speaks: the same `?lang=` / Accept-Language
 * choice, so a person never drops from their language to English at the end or on an error.
 */
import type { LinkLanguage } from './service.js'

const en = {
  pageTitle: 'Connect {companyName} to {clientName}',
  notFoundTitle: 'Link not found',
  notFoundCompany: 'This link does not lead to a company. Ask the app that sent it for a new one.',
  notFoundInvite: 'This invitation link is not valid. Ask the app that sent it for a new one.',
  usedTitle: 'This link has already been used',
  usedMessage: 'For your security this link works once, for a day. Ask the app that sent it for a new one.',
  crossSiteTitle: 'This form was sent from another site',
  crossSiteMessage: 'Open the invitation link again and type your company’s name there.',
  tooManyTitle: 'Too many attempts',
  tooManyMessage: 'Please wait a minute, then try again.',
  openInviteAgain: 'Open the invitation again',
  inviteTitle: 'Connect your company to {clientName}',
  inviteBody: "{clientName} uses Linkway to connect securely to your accounting, banking and commerce platforms. Start with your company's name.",
  companyNameLabel: "Your company's name",
  submit: 'Continue',
  companyNameRequired: 'Enter your company’s name, with at least one letter or digit.',
  doneTitle: 'All done',
  doneTitleNamed: 'All done: {platformNames}',
  doneBody: 'Thank you. You can go back to {clientName} now, or close this window.',
  seeConnections: 'See your connections',
}

export type PageTexts = typeof en

const de: PageTexts = {
  pageTitle: '{companyName} mit {clientName} verbinden',
  notFoundTitle: 'Link nicht gefunden',
  notFoundCompany: 'Dieser Link führt zu keinem Unternehmen. Bitten Sie die App, die ihn gesendet hat, um einen neuen.',
  notFoundInvite: 'Dieser Einladungslink ist nicht gültig. Bitten Sie die App, die ihn gesendet hat, um einen neuen.',
  usedTitle: 'Dieser Link wurde bereits verwendet',
  usedMessage: 'Zu Ihrer Sicherheit funktioniert dieser Link einmal und einen Tag lang. Bitten Sie die App, die ihn gesendet hat, um einen neuen.',
  crossSiteTitle: 'Dieses Formular wurde von einer anderen Website gesendet',
  crossSiteMessage: 'Öffnen Sie den Einladungslink erneut und geben Sie dort den Namen Ihres Unternehmens ein.',
  tooManyTitle: 'Zu viele Versuche',
  tooManyMessage: 'Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
  openInviteAgain: 'Einladung erneut öffnen',
  inviteTitle: 'Verbinden Sie Ihr Unternehmen mit {clientName}',
  inviteBody: '{clientName} verbindet sich über Linkway sicher mit Ihren Buchhaltungs-, Bank- und Handelsplattformen. Beginnen Sie mit dem Namen Ihres Unternehmens.',
  companyNameLabel: 'Name Ihres Unternehmens',
  submit: 'Weiter',
  companyNameRequired: 'Geben Sie den Namen Ihres Unternehmens ein, mit mindestens einem Buchstaben oder einer Ziffer.',
  doneTitle: 'Fertig',
  doneTitleNamed: 'Fertig: {platformNames}',
  doneBody: 'Vielen Dank. Sie können jetzt zu {clientName} zurückkehren oder dieses Fenster schließen.',
  seeConnections: 'Ihre Verbindungen ansehen',
}

const fr: PageTexts = {
  pageTitle: 'Connecter {companyName} à {clientName}',
  notFoundTitle: 'Lien introuvable',
  notFoundCompany: 'Ce lien ne mène à aucune entreprise. Demandez-en un nouveau à l’application qui vous l’a envoyé.',
  notFoundInvite: 'Ce lien d’invitation n’est pas valide. Demandez-en un nouveau à l’application qui vous l’a envoyé.',
  usedTitle: 'Ce lien a déjà été utilisé',
  usedMessage: 'Pour votre sécurité, ce lien ne fonctionne qu’une fois, pendant un jour. Demandez-en un nouveau à l’application qui vous l’a envoyé.',
  crossSiteTitle: 'Ce formulaire a été envoyé depuis un autre site',
  crossSiteMessage: 'Ouvrez à nouveau le lien d’invitation et saisissez-y le nom de votre entreprise.',
  tooManyTitle: 'Trop de tentatives',
  tooManyMessage: 'Veuillez patienter une minute, puis réessayer.',
  openInviteAgain: 'Rouvrir l’invitation',
  inviteTitle: 'Connectez votre entreprise à {clientName}',
  inviteBody: '{clientName} utilise Linkway pour se connecter en toute sécurité à vos plateformes de comptabilité, de banque et de commerce. Commencez par le nom de votre entreprise.',
  companyNameLabel: 'Nom de votre entreprise',
  submit: 'Continuer',
  companyNameRequired: 'Saisissez le nom de votre entreprise, avec au moins une lettre ou un chiffre.',
  doneTitle: 'C’est terminé',
  doneTitleNamed: 'C’est terminé : {platformNames}',
  doneBody: 'Merci. Vous pouvez maintenant revenir à {clientName}, ou fermer cette fenêtre.',
  seeConnections: 'Voir vos connexions',
}

export const PAGE_TEXTS: Readonly<Record<LinkLanguage, PageTexts>> = { en, de, fr }

/** `{name}` placeholders filled as plain text (the page escapes it). */
export function fillText(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}
