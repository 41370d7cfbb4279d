/**
 * @module The Portal's one stylesheet, put in a `<style>` at start (the page's CSP allows inline
 * styles, never inline scripts). Colours are held to WCAG 2.1 AA where they are used (styles.test.ts):
 * text 4.5:1 on its background, control borders 3:1 on white.
 */
export const PORTAL_PALETTE = {
  text: '#1d2330',
  muted: '#4a5264',
  border: '#767f93',
  line: '#d5d9e2',
  background: '#f5f6f8',
  primary: '#1f4fd1',
  onPrimary: '#ffffff',
  navBackground: '#1d2330',
  navText: '#e8ebf2',
  navActive: '#ffffff',
  success: '#17693a',
  successBackground: '#f1f8f3',
  danger: '#a11919',
  dangerBackground: '#fdf2f2',
  waiting: '#5c3c00',
  waitingBackground: '#fff5db',
  focus: '#1f4fd1',
} as const

const P = PORTAL_PALETTE

export const PORTAL_STYLES = `
*,*::before,*::after{box-sizing:border-box}
html,body{margin:0;background:${P.background};color:${P.text};font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-text-size-adjust:100%}
a{color:${P.primary}}
:focus-visible{outline:3px solid ${P.focus};outline-offset:2px}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
.pt-skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.pt-skip:focus{left:.5rem}
.pt-shell{display:grid;grid-template-columns:14rem minmax(0,1fr);min-height:100vh}
.pt-nav{background:${P.navBackground};color:${P.navText};padding:1rem .75rem}
.pt-nav .pt-brand{display:block;font-weight:700;font-size:1.1rem;color:${P.navActive};text-decoration:none;padding:.25rem .5rem 1rem}
.pt-nav ul{list-style:none;margin:0;padding:0}
.pt-nav h2{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:${P.navText};margin:1rem .5rem .25rem;font-weight:600}
.pt-nav a{display:block;color:${P.navText};text-decoration:none;padding:.35rem .5rem;border-radius:6px}
.pt-nav a:hover{background:#2f3746}
.pt-nav a[aria-current="page"]{background:#3a4456;color:${P.navActive};font-weight:600}
.pt-nav a:focus-visible{outline-color:#9db5ff}
.pt-main{padding:1.5rem 2rem;min-width:0}
.pt-topbar{display:flex;justify-content:flex-end;align-items:center;gap:.75rem;margin-bottom:1rem;flex-wrap:wrap}
.pt-page-header{display:flex;justify-content:space-between;align-items:flex-start;gap:1rem;flex-wrap:wrap;margin-bottom:1rem}
.pt-page-header p{margin:.25rem 0 0}
/* A title may be one long word (a company named by its domain): it wraps rather than widen the page. */
.pt-page-header>div:first-child{min-width:0;overflow-wrap:anywhere}
.pt-muted{color:${P.muted}}
.pt-pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;border-radius:6px;padding:.5rem;margin:.25rem 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
.pt-mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.pt-card{background:#fff;border:1px solid ${P.line};border-radius:8px;padding:1rem 1.25rem;margin-bottom:1rem}
.pt-actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}
.pt-button{font:inherit;border:1px solid ${P.border};background:#fff;color:${P.text};border-radius:6px;padding:.4rem .9rem;cursor:pointer;min-height:2.25rem}
.pt-button:hover{background:#eef1f6}
.pt-button[disabled]{opacity:.6;cursor:not-allowed}
.pt-button-primary{background:${P.primary};border-color:${P.primary};color:${P.onPrimary}}
.pt-button-primary:hover{background:#193fa8}
.pt-button-danger{background:${P.danger};border-color:${P.danger};color:#fff}
.pt-button-danger:hover{background:#861414}
.pt-button-small{padding:.2rem .6rem;min-height:2rem;font-size:.9rem}
.pt-link-button{font:inherit;background:none;border:0;padding:0;color:${P.primary};text-decoration:underline;cursor:pointer}
.pt-field{margin:0 0 1rem}
.pt-field label,.pt-legend{display:block;font-weight:600;margin-bottom:.25rem}
.pt-input,.pt-select,.pt-textarea{font:inherit;color:${P.text};background:#fff;border:1px solid ${P.border};border-radius:6px;padding:.4rem .6rem;width:100%;max-width:36rem}
.pt-textarea{min-height:6rem}
.pt-input[aria-invalid="true"]{border-color:${P.danger}}
.pt-hint{color:${P.muted};margin:.25rem 0 0;font-size:.9rem}
.pt-field-error{color:${P.danger};margin:.25rem 0 0;font-size:.9rem}
.pt-copy-row{display:flex;gap:.5rem;align-items:center;max-width:48rem}
.pt-copy-row .pt-input{max-width:none;flex:1}
.pt-notice{border-radius:6px;padding:.6rem .9rem;margin:0 0 1rem;display:flex;gap:1rem;align-items:center;justify-content:space-between}
.pt-notice-error{background:${P.dangerBackground};color:${P.danger};border:1px solid ${P.danger}}
.pt-notice-success{background:${P.successBackground};color:${P.success};border:1px solid ${P.success}}
.pt-table-wrap{position:relative;overflow-x:auto;background:#fff;border:1px solid ${P.line};border-radius:8px}
table.pt-table{border-collapse:collapse;width:100%}
.pt-table th,.pt-table td{text-align:left;padding:.55rem .75rem;border-bottom:1px solid ${P.line};vertical-align:top;overflow-wrap:anywhere}
.pt-table th{font-size:.85rem;color:${P.muted};font-weight:600;background:#fafbfc}
.pt-table tr:last-child td{border-bottom:0}
.pt-badge{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-size:.85rem;font-weight:600;border:1px solid currentColor}
.pt-badge-good{color:${P.success};background:${P.successBackground}}
.pt-badge-bad{color:${P.danger};background:${P.dangerBackground}}
.pt-badge-waiting{color:${P.waiting};background:${P.waitingBackground}}
.pt-badge-neutral{color:${P.muted};background:#f1f2f5}
.pt-tag{display:inline-block;max-width:100%;overflow-wrap:anywhere;background:#eef1f6;border-radius:4px;padding:0 .4rem;margin:0 .25rem .25rem 0;font-size:.85rem}
/* A tag is read whole (region=uk): in a table it keeps its line, and the table scrolls in its box. */
.pt-table .pt-tag{white-space:nowrap}
.pt-pager{display:flex;gap:1rem;align-items:center;justify-content:flex-end;margin:.75rem 0}
.pt-dialog{border:1px solid ${P.line};border-radius:10px;padding:1.25rem 1.5rem;max-width:32rem;width:calc(100% - 2rem)}
.pt-dialog::backdrop{background:rgba(20,24,33,.45)}
/* A confirmation names what it acts on (a company's name may be one long word): in full, never cut at the edge. */
.pt-dialog h2,.pt-dialog p{overflow-wrap:anywhere}
.pt-dialog h2,.pt-dialog .pt-actions{justify-content:flex-end;margin-top:1rem}
.pt-auth{max-width:26rem;margin:10vh auto;padding:0 1rem}
.pt-auth .pt-card{padding:1.5rem}
.pt-toolbar{display:flex;gap:.5rem;flex-wrap:wrap;align-items:flex-end;margin-bottom:1rem}
.pt-toolbar .pt-field{margin:0}
.pt-toolbar .pt-input{width:20rem;max-width:100%}
.pt-grid-2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem}
dl.pt-facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.pt-facts dt{color:${P.muted}}
dl.pt-facts dd{margin:0;overflow-wrap:anywhere}
.pt-input.pt-input-date{width:11rem}
.pt-button[aria-pressed="true"]{background:#e3e9fb;border-color:${P.primary};color:${P.text};font-weight:600}
.pt-summary{font-size:1.05rem;margin:0 0 1rem}
.pt-chart-card{min-width:0}
.pt-chart-card h2{margin-top:0}
.pt-chart{width:100%;min-height:240px;overflow:hidden}
.pt-legend{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 .5rem;padding:0;font-size:.9rem}
.pt-legend li{display:flex;align-items:center;gap:.35rem}
.pt-legend-swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px}
.pt-chart-table{margin-top:.5rem}
.pt-chart-table summary{cursor:pointer;color:${P.primary};padding:.25rem 0}
.pt-chart-table .pt-table-wrap{margin-top:.5rem}
.pt-health{list-style:none;margin:0 0 .5rem;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.pt-health>li{display:flex;flex-direction:column;gap:.25rem;margin:0;border-left-width:4px}
.pt-health-label{font-weight:600}
.pt-health-count{font-size:1.6rem;font-weight:700;line-height:1.2}
.pt-health-count .pt-muted{font-size:.95rem;font-weight:400}
.pt-health-good{border-left-color:${P.success}}
.pt-health-bad{border-left-color:${P.danger}}
.pt-health-waiting{border-left-color:#b07800}
.pt-section-header{display:flex;justify-content:space-between;align-items:center;gap:.75rem;flex-wrap:wrap}
.pt-section-header h2{margin:1.5rem 0 .5rem}
.pt-card .pt-section-header h2{margin:0 0 .5rem}
.pt-small{font-size:.85rem}
.pt-table .pt-badge{white-space:nowrap;overflow-wrap:normal}
.pt-card>h2:first-child{margin-top:0}
.pt-error-text{color:${P.danger}}
.pt-platform{display:inline-flex;align-items:center;gap:.5rem;font-weight:600}
.pt-platform img{flex:none;border-radius:4px}
.pt-table .pt-button{padding:.2rem .6rem;min-height:2rem;font-size:.9rem}
.pt-skip-text{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.pt-settings-layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,26rem);gap:1.5rem;align-items:start}
.pt-preview{position:sticky;top:1rem;background:#fff;border:1px solid ${P.line};border-radius:8px;padding:1rem;max-height:calc(100vh - 2rem);overflow:auto}
.pt-preview h2{margin:0}
.pt-preview-bar{display:flex;justify-content:space-between;align-items:flex-end;gap:1rem;flex-wrap:wrap}
.pt-preview-bar .pt-field{margin:0}
.pt-preview-frame{border:1px dashed ${P.border};border-radius:8px;margin-top:.5rem;min-height:12rem}
.pt-plain-fieldset{border:0;margin:0;padding:0;min-width:0}
.pt-settings-section h2{margin-top:0}
.pt-check{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem}
.pt-check label{margin:0;font-weight:600}
.pt-check .pt-hint,.pt-check .pt-field-error{flex-basis:100%}
.pt-check input,.pt-choice input,.pt-table input[type="checkbox"]{width:1.15rem;height:1.15rem;accent-color:${P.primary}}
.pt-check-inline{display:inline-flex}
.pt-choices{border:0;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.pt-choices legend{margin-bottom:.25rem}
.pt-choice{display:inline-flex;align-items:center;gap:.35rem}
.pt-colour-row{display:flex;gap:.5rem;align-items:center;max-width:16rem}
.pt-swatch{width:2.75rem;height:2.25rem;padding:.1rem;border:1px solid ${P.border};border-radius:6px;background:#fff;flex:none}
.pt-md-preview{margin-top:.35rem;max-width:36rem}
.pt-md-preview summary{cursor:pointer;color:${P.primary}}
.pt-md-preview .lw-md{border-left:3px solid ${P.line};padding:.1rem .75rem;margin-top:.25rem}
.pt-save-bar{position:sticky;bottom:0;background:${P.background};padding:.75rem 0;border-top:1px solid ${P.line}}
.pt-credentials-form h3{margin-top:0}
.pt-kind{margin-left:.4rem}
.pt-table tbody th{font-size:1rem;color:${P.text};background:#fff}
.pt-badge{white-space:nowrap}
table.pt-integrations{table-layout:fixed}
.pt-integrations thead th:nth-child(1){width:28%}
.pt-integrations thead th:nth-child(2){width:17%}
.pt-integrations thead th:nth-child(3){width:25%}
.pt-integrations .pt-button{padding:.2rem .6rem;min-height:2rem;font-size:.9rem}
.lw-vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:1199px){
.pt-settings-layout{grid-template-columns:minmax(0,1fr)}
.pt-preview{position:static;max-height:none}
}
.pt-card>h2:first-child{margin-top:0}
a.pt-button{display:inline-block;text-decoration:none}
.pt-table .pt-button,.pt-table .pt-badge{white-space:nowrap}
.pt-card-warning{border-color:${P.waiting};background:${P.waitingBackground}}
.pt-row-selected td{background:#eef3ff}
.pt-fieldset{border:0;padding:0;margin:0 0 1rem;min-width:0}
.pt-checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.25rem 1rem}
.pt-check{display:flex;gap:.4rem;align-items:center;font-weight:400}
.pt-small{font-size:.85rem}
.pt-attempts{margin:0;padding-left:1.25rem}
.pt-attempts li{margin-bottom:.35rem}
.pt-excerpt{margin:.25rem 0 0;padding:.35rem .5rem;background:#f1f2f5;border-radius:4px;font-size:.85rem;white-space:pre-wrap;overflow-wrap:anywhere;max-height:8rem;overflow-y:auto}
.pt-secret{border-bottom:1px solid ${P.line};padding-bottom:1rem;margin-bottom:1rem}
.pt-secret h3{margin-top:0}
.pt-inline-form{margin:0}
@media (max-width:1023px){
.pt-shell{display:block}
.pt-nav{padding:.5rem .75rem}
.pt-nav nav>div{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.pt-nav h2{display:none}
.pt-nav ul{display:flex;flex-wrap:wrap;gap:.25rem}
.pt-main{padding:1rem}
.pt-grid-2{grid-template-columns:1fr}
}
/* A phone: a table keeps readable columns and scrolls sideways inside its own box, not the page. */
@media (max-width:599px){table.pt-table{min-width:40rem}.pt-table thead th{overflow-wrap:normal}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`
