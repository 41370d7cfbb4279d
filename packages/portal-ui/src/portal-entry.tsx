/**
 * @module The Portal's script (bundled to dist-bundle/portal/): puts the stylesheet in and starts
 * the application in the shell's `#portal`. The pages themselves are chunks loaded as they open.
 */
import { render } from 'preact'
import { PortalApp } from './app.js'
import { PORTAL_STYLES } from './styles.js'

const style = document.createElement('style')
style.textContent = PORTAL_STYLES
document.head.append(style)

const target = document.getElementById('portal')
if (!target) throw new Error('The Portal page needs an element #portal')
render(<PortalApp />, target)
