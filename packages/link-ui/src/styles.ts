/**
 * @module The component's one stylesheet, put in a `<style>` inside its shadow root: nothing leaks
 * into the embedding page, and the page's styles cannot reach in. Colours a client chooses arrive as
 * custom properties set through the CSSOM (see `themeVariables`), never spliced into this text.
 */
import type { Theme } from './contrast.js'

/**
 * The fixed colours. styles.test.ts holds each to WCAG 2.1 AA where it is used: text 4.5:1 on its
 * background, control borders 3:1 on white. `line` only separates cards, and needs no ratio.
 */
export const PALETTE = {
  text: '#1d2330',
  muted: '#4a5264',
  border: '#767f93',
  line: '#d5d9e2',
  success: '#17693a',
  successBackground: '#f1f8f3',
  danger: '#a11919',
  dangerBackground: '#fdf2f2',
  noticeText: '#5c3c00',
  noticeBackground: '#fff5db',
} as const

export function themeVariables(theme: Theme): Record<string, string> {
  return {
    '--lw-primary': theme.primary,
    '--lw-on-primary': theme.onPrimary,
    '--lw-accent': theme.accent,
    '--lw-secondary': theme.secondary,
    '--lw-on-secondary': theme.onSecondary,
  }
}

export const STYLES = `
:host{all:initial;display:block}
.lw-root{--lw-text:${PALETTE.text};--lw-success-background:${PALETTE.successBackground};--lw-muted:${PALETTE.muted};--lw-border:${PALETTE.border};--lw-line:${PALETTE.line};--lw-success:${PALETTE.success};--lw-danger:${PALETTE.danger};
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--lw-text);background:#fff;
box-sizing:border-box;min-width:0;max-width:40rem;margin:0 auto;overflow-wrap:anywhere;-webkit-text-size-adjust:100%}
.lw-frame{height:100%;overflow:auto;background:#fff}
.lw-frame-card{border:1px solid ${PALETTE.border};border-radius:12px;box-shadow:0 8px 24px rgb(16 24 40 / 12%)}
.lw-root *,.lw-root *::before,.lw-root *::after{box-sizing:inherit}
.lw-root :focus-visible{outline:3px solid var(--lw-accent);outline-offset:2px}
.lw-root [tabindex="-1"]:focus{outline:none}
.lw-vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.lw-header{display:flex;align-items:center;gap:.75rem;min-height:3.5rem;padding:.5rem 1rem;background:var(--lw-secondary);color:var(--lw-on-secondary)}
.lw-header :focus-visible{outline-color:var(--lw-on-secondary)}
.lw-logo{height:2rem;width:auto;max-width:8rem;object-fit:contain;flex:none}
.lw-client{flex:1;min-width:0;font-weight:600}
.lw-close{flex:none;display:inline-flex;align-items:center;justify-content:center;width:2.75rem;height:2.75rem;margin:-.25rem -.5rem -.25rem 0;
border:0;border-radius:6px;background:transparent;color:inherit;font-size:1.5rem;line-height:1;cursor:pointer}
.lw-main{padding:1.25rem 1rem 1.5rem;min-width:0}
.lw-main h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
.lw-main h2{font-size:1.125rem;line-height:1.3;margin:0}
.lw-main p{margin:0 0 .75rem}
.lw-md>:last-child{margin-bottom:0}
.lw-md ul{margin:0 0 .75rem;padding-left:1.25rem}
.lw-root a{color:var(--lw-accent);text-decoration:underline;text-underline-offset:2px}
.lw-muted{color:var(--lw-muted)}
.lw-stack{display:flex;flex-direction:column;gap:1rem;margin:1.25rem 0 0;padding:0;list-style:none}
.lw-card{border:1px solid var(--lw-line);border-radius:10px;padding:1rem;min-width:0}
.lw-card-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.lw-card-head h2{flex:1 1 auto;min-width:0}
.lw-badge{display:inline-block;padding:.0625rem .5rem;border-radius:999px;font-size:.8125rem;font-weight:600;border:1px solid var(--lw-border);color:var(--lw-muted)}
.lw-status{margin:.5rem 0 0;display:flex;gap:.375rem;align-items:baseline}
.lw-status-connected{color:var(--lw-success);font-weight:600}
.lw-status-failed{color:var(--lw-danger);font-weight:600}
.lw-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem;align-items:center}
.lw-button{display:inline-flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.5rem 1.125rem;max-width:100%;
border:2px solid var(--lw-primary);border-radius:8px;background:var(--lw-primary);color:var(--lw-on-primary);
font:inherit;font-weight:600;text-align:center;cursor:pointer;text-decoration:none}
/* A link drawn as a button ("Open the platform", "Email the link"): the button's colours, not a link's. */
.lw-root a.lw-button{color:var(--lw-on-primary);text-decoration:none}
.lw-root a.lw-button-secondary{color:var(--lw-accent)}
.lw-button-secondary{background:#fff;color:var(--lw-accent);border-color:var(--lw-accent)}
.lw-button-danger{background:#fff;color:var(--lw-danger);border-color:var(--lw-danger)}
.lw-button-danger-solid{background:var(--lw-danger);color:#fff;border-color:var(--lw-danger)}
.lw-button[disabled]{cursor:not-allowed;background:#e4e7ed;border-color:#e4e7ed;color:#5b6275}
.lw-button-wide{width:100%}
.lw-link-button{border:0;background:none;padding:.25rem 0;min-height:2.75rem;font:inherit;color:var(--lw-accent);text-decoration:underline;text-underline-offset:2px;cursor:pointer;text-align:left}
.lw-back{margin:-.5rem 0 .5rem}
.lw-platform{display:flex;flex-direction:column;gap:.5rem}
.lw-platform-button{display:flex;align-items:center;gap:.75rem;width:100%;min-height:3.5rem;padding:.5rem .75rem;border:1px solid var(--lw-border);border-radius:10px;
background:#fff;color:var(--lw-text);font:inherit;font-weight:600;text-align:left;cursor:pointer}
.lw-platform-button:hover{border-color:var(--lw-accent)}
.lw-platform-logo{width:2.5rem;height:2.5rem;flex:none;border-radius:6px;object-fit:contain}
.lw-platform-monogram{display:flex;align-items:center;justify-content:center;background:var(--lw-primary);color:var(--lw-on-primary);font-weight:700}
.lw-platform-name{flex:1;min-width:0}
.lw-notices{display:flex;flex-wrap:wrap;gap:.375rem;margin:0;padding:0;list-style:none}
.lw-notice{padding:.125rem .5rem;border-radius:6px;background:${PALETTE.noticeBackground};color:${PALETTE.noticeText};font-size:.875rem}
.lw-notice-box{padding:.75rem 1rem;border-radius:8px;background:${PALETTE.noticeBackground};color:${PALETTE.noticeText};margin:0 0 1rem}
.lw-field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 1rem}
.lw-field label{font-weight:600}
.lw-input{width:100%;min-width:0;min-height:2.75rem;padding:.5rem .75rem;border:1px solid var(--lw-border);border-radius:8px;font:inherit;color:var(--lw-text);background:#fff}
.lw-copy-row{display:flex;flex-wrap:wrap;gap:.5rem}
.lw-copy-row .lw-input{flex:1 1 12rem}
.lw-section{margin:1.25rem 0 0}
.lw-section h2{margin-bottom:.375rem}
.lw-terms{margin-top:1.25rem;font-size:.9375rem;color:var(--lw-muted)}
.lw-alert{margin:1rem 0;padding:.75rem 1rem;border-radius:8px;border:1px solid var(--lw-danger);color:var(--lw-danger);background:#fff}
.lw-alert p{margin:0 0 .5rem}
.lw-outcome{margin:0 0 1rem;padding:.75rem 1rem;border-radius:8px;border-left:4px solid var(--lw-success);background:${PALETTE.successBackground}}
.lw-outcome-failed{border-left-color:var(--lw-danger);background:${PALETTE.dangerBackground}}
.lw-connection{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
.lw-connected-list{margin:0;padding:0;list-style:none}
.lw-connected-item{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;margin-top:.5rem}
.lw-connected-item .lw-status{margin:0;flex:1 1 10rem;min-width:0}
.lw-connection-text{flex:1 1 10rem;min-width:0}
.lw-complete{margin-top:1.5rem}
.lw-facts{display:grid;grid-template-columns:auto 1fr;gap:.125rem .75rem;margin:.75rem 0 0}
.lw-facts dt{color:var(--lw-muted)}
.lw-facts dd{margin:0;min-width:0}
.lw-status-pending{color:var(--lw-text);font-weight:600}
.lw-steps{margin:0 0 1rem}
.lw-steps-text{margin:0 0 .375rem!important;font-size:.875rem;color:var(--lw-muted)}
.lw-steps-bar{display:flex;gap:.25rem;margin:0;padding:0;list-style:none}
.lw-step{flex:1;height:.25rem;border-radius:2px;background:var(--lw-line)}
.lw-step-reached{background:var(--lw-accent)}
.lw-fold>summary{display:list-item;cursor:pointer;padding:.125rem 0;margin-bottom:.375rem}
.lw-fold>summary h2{display:inline}
.lw-data-list{columns:2 9rem;column-gap:1.5rem;margin:0;padding-left:1.25rem}
.lw-data-list li{break-inside:avoid}
.lw-sticky-actions{position:sticky;bottom:0;z-index:1;margin:1.25rem -1rem 0;padding:.75rem 1rem;background:#fff;border-top:1px solid var(--lw-line)}
.lw-sticky-actions .lw-alert{margin:0}
.lw-footer{padding:.75rem 1rem 1.25rem;text-align:center;font-size:.875rem;color:var(--lw-muted)}
.lw-spinner{width:1.5rem;height:1.5rem;border:3px solid var(--lw-line);border-top-color:var(--lw-accent);border-radius:50%;animation:lw-spin 1s linear infinite}
.lw-busy{display:flex;align-items:center;gap:.75rem;padding:1rem 0}
@keyframes lw-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.lw-spinner{animation:none}}
@media (forced-colors:active){.lw-button,.lw-platform-button,.lw-badge{border:1px solid ButtonText}}
`

