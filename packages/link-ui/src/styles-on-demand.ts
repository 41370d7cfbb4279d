/** @module CSS of the screens loaded on demand (its own file: what every visitor loads must not carry it). */
/**
 * The rules of what loads on demand (screens/on-demand.ts, screens/manage-on-demand.ts): the
 * confirmation dialog and file upload. Each of those modules carries them and the component draws
 * them in its shadow root once loaded, so what every visitor loads stays small.
 */
export const ON_DEMAND_STYLES = `
.lw-backdrop{position:fixed;inset:0;display:flex;align-items:center;justify-content:center;padding:1rem;background:rgba(17,20,28,.6);z-index:2147483647}
.lw-dialog{width:100%;max-width:26rem;max-height:calc(100vh - 2rem);overflow:auto;padding:1.25rem;border-radius:12px;background:#fff;color:var(--lw-text);box-shadow:0 8px 32px rgba(0,0,0,.3)}
.lw-dialog h2{font-size:1.25rem;margin:0 0 .5rem}
.lw-dropzone{display:flex;flex-wrap:wrap;align-items:center;justify-content:center;gap:.75rem;margin:1rem 0 0;padding:1.5rem 1rem;border:2px dashed var(--lw-border);border-radius:10px;text-align:center}
.lw-dropzone-active{border-color:var(--lw-accent);background:var(--lw-success-background)}
.lw-upload-item{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem .75rem}
.lw-upload-name{flex:1 1 10rem;min-width:0;overflow-wrap:anywhere}
.lw-progress{flex:1 1 8rem;height:.75rem;accent-color:var(--lw-accent)}
.lw-upload-error{flex:1 1 100%;margin:0!important;color:var(--lw-danger)}
.lw-sent-list{margin:.5rem 0 0;padding:0;list-style:none;display:flex;flex-direction:column;gap:.375rem}
`
