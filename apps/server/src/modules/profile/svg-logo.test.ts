import { describe, expect, it } from 'vitest'
import { sanitizeSvg } from './svg-logo.js'

const svg = (body: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"${attributes}>${body}</svg>`
const clean = (source: string) => {
  const result = sanitizeSvg(source)
  if (!result.isSafe) throw new Error(`refused: ${result.reason}`)
  return result
}

describe('sanitizeSvg', () => {
  it('keeps a plain drawing as it was', () => {
    const source = svg('<title>Acme</title><g fill="#123456"><rect x="1" y="1" width="8" height="8" rx="2"/><path d="M0 0L10 10" stroke="red"/></g><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient><circle r="2" fill="url(#g)"/>')
    expect(clean(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n${source}`)).toEqual({ isSafe: true, svg: source, removed: [] })
  })

  it('removes scripts, event handlers, foreignObject, images, links and animations, with their content', () => {
    const result = clean(
      svg(
        '<script>alert(1)</script><script type="text/javascript">fetch("https://evil.example")</script>' +
          '<rect width="4" height="4" onclick="steal()" ONLOAD="x()"/>' +
          '<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></div></foreignObject>' +
          '<image href="https://evil.example/track.png"/><a href="javascript:alert(1)"><text>click</text></a>' +
          '<set attributeName="href" to="javascript:alert(1)"/><animate attributeName="x" values="0;1"/>',
        ' onload="alert(1)"',
      ),
    )
    expect(result.svg).toBe(svg('<rect width="4" height="4"/>'))
    expect(result.removed).toEqual(expect.arrayContaining(['<script>', 'onclick', 'ONLOAD', '<foreignObject>', '<image>', '<a>', '<set>', '<animate>', 'onload']))
  })

  it('keeps references inside the document and drops every other one, however it is spelled', () => {
    const result = clean(
      svg(
        '<use href="#shape"/><use xlink:href="https://evil.example/sprite.svg#x"/><use href="&#x6A;avascript:alert(1)"/>' +
          '<rect fill="url(https://evil.example/p.svg#p)" style="fill:url(#ok)"/><rect style="background:url(&apos;//evil.example/x&apos;)"/><rect fill="u&#x72;l(//evil.example)"/>',
        ' xmlns:xlink="http://www.w3.org/1999/xlink"',
      ),
    )
    expect(result.svg).toBe(svg('<use href="#shape"/><use/><use/><rect style="fill:url(#ok)"/><rect/><rect/>', ' xmlns:xlink="http://www.w3.org/1999/xlink"'))
    expect(result.svg).not.toMatch(/evil|javascript/)
  })

  it("drops other tools' namespaced elements and attributes (Inkscape's), keeping the drawing", () => {
    const source = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="10" height="10"><sodipodi:namedview id="n"/><g inkscape:label="Layer 1"><rect width="1" height="1"/></g></svg>'
    expect(clean(source).svg).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g><rect width="1" height="1"/></g></svg>')
  })

  it('refuses what it cannot read with certainty', () => {
    const refusals: Array<[string, RegExp]> = [
      [`<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`, /DOCTYPE/],
      [svg('<style><![CDATA[rect{fill:red}]]></style>'), /CDATA/],
      [svg('<style>@import url(https://evil.example/x.css);</style>'), /<style>/],
      [svg('<text>&nbsp;</text>'), /entity/],
      [svg('<g><rect></g></rect>'), /does not match/],
      ['<svg xmlns="http://www.w3.org/2000/svg"><g>', /<g> is not closed/],
      ['<html><svg/></html>', /root element is not <svg>/],
      [`${svg('')}<svg/>`, /more than one root/],
      [`<?xml-stylesheet href="https://evil.example/x.css"?>${svg('')}`, /processing instruction/],
      [svg('<rect width=4/>'), /attributes of <rect>/],
      ['just text', /text outside/],
      ['', /no <svg>/],
    ]
    for (const [source, reason] of refusals) {
      const result = sanitizeSvg(source)
      expect(result.isSafe, source).toBe(false)
      if (!result.isSafe) expect(result.reason, source).toMatch(reason)
    }
  })

  it('escapes text and attribute values it writes back', () => {
    expect(clean(svg('<title>Fish &amp; Chips &lt;3</title>', ' aria-label="a &quot;b&quot;"')).svg).toBe(svg('<title>Fish &amp; Chips &lt;3</title>', ' aria-label="a &quot;b&quot;"'))
  })
})
