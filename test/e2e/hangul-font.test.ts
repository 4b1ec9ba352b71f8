/**
 * Korean never shows as boxes: the standalone verifier page carries the Hangul subset of the certificates' font as a
 * WOFF2 data URL (its CSP allows fonts from data: only), and Chromium — on this machine, which has no Korean font —
 * draws the page's Korean and the monospace text's Hangul with it. The app's build has the font as an asset.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../integration/harness'
import { VERIFIER_PAGE, ensureUiBuilt, launch } from './browser'

const LONG = { timeout: 60_000 }


/** The fonts Chromium actually used to draw an element's text (DevTools protocol: CSS.getPlatformFontsForNode). */
async function fontsUsed(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.enable')
  await cdp.send('CSS.enable')
  const { root } = await cdp.send('DOM.getDocument')
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  await cdp.detach()
  return fonts.map((f) => (f.isCustomFont ? `web font ${f.familyName}` : f.familyName))
}

/** The embedded subset is cut from Nanum Gothic: a web font (not an installed one) of that name drew the text. */
const EMBEDDED = 'web font NanumGothic'

describe('the embedded Hangul font', () => {
  let browser: Browser

  beforeAll(async () => {
    ensureUiBuilt()
    browser = await launch()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('the built page carries it as a WOFF2 data URL, allowed by its CSP, and stays one file', () => {
    const html = readFileSync(VERIFIER_PAGE, 'utf8')
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
    const face = /@font-face\{[^}]*font-family:\s*"?Daejang Hangul"?[^}]*\}/.exec(style)?.[0] ?? ''
    expect(face.length).toBeGreaterThan(100_000)
    expect(/src:\s*url\("?data:font\/woff2;base64,[A-Za-z0-9+/=]{100000,}/.test(face)).toBe(true)
    expect(html).toMatch(/Content-Security-Policy" content="[^"]*font-src data:/)
    // nothing the style loads is outside the file
    expect([...style.matchAll(/url\(\s*"?([a-z]+:)?/g)].map((m) => m[1] ?? 'relative')).toEqual(['data:'])
  })

  it('the app build has it as an asset its CSS loads', () => {
    const assets = join(ROOT, 'out', 'renderer', 'assets')
    const woff2 = readdirSync(assets).filter((f) => /^hangul-subset.*\.woff2$/.test(f))
    expect(woff2).toHaveLength(1)
    const css = readdirSync(assets).filter((f) => f.endsWith('.css')).map((f) => readFileSync(join(assets, f), 'utf8')).join('\n')
    expect(css).toContain(woff2[0])
    expect(css).toMatch(/--font-mono:[^;]*Daejang Hangul/)
  })

  it('Chromium draws the page’s Korean, and Hangul in monospace text, with it (not boxes)', async () => {
    const context = await browser.newContext({ locale: 'ko-KR' })
    const page = await context.newPage()
    await page.goto(pathToFileURL(VERIFIER_PAGE).href)
    await expect.poll(() => page.locator('h1').innerText(), LONG).toContain('검증기')
    await page.evaluate(async () => {
      const p = document.createElement('p')
      p.className = 'mono'
      p.id = 'mono-probe'
      p.textContent = '홍길동'
      document.body.append(p)
      await document.fonts.ready
    })
    await expect.poll(() => page.evaluate(() => document.fonts.check("16px 'Daejang Hangul'", '검증')), LONG).toBe(true)
    expect(await fontsUsed(page, 'h1')).toContain(EMBEDDED)
    expect(await fontsUsed(page, '#mono-probe')).toContain(EMBEDDED)

    // and it is not tofu: the same word drawn without the embedded font (this machine has no Korean font) differs
    const pixels = await page.evaluate(() => {
      const draw = (font: string): string => {
        const c = document.createElement('canvas')
        c.width = 120
        c.height = 40
        const g = c.getContext('2d')!
        g.font = font
        g.fillText('검증', 4, 30)
        return c.toDataURL()
      }
      return { embedded: draw("24px 'Daejang Hangul', monospace"), fallback: draw('24px monospace') }
    })
    expect(pixels.embedded).not.toBe(pixels.fallback)
    await context.close()
  })

  it('Korean in bold is drawn bold: the subset has one weight, so Chromium emboldens it (headings, verdicts, labels)', async () => {
    const context = await browser.newContext({ locale: 'ko-KR' })
    const page = await context.newPage()
    await page.goto(pathToFileURL(VERIFIER_PAGE).href)
    await expect.poll(() => page.evaluate(() => document.fonts.check("16px 'Daejang Hangul'", '검증')), LONG).toBe(true)
    // the ink of the same word in weights 400 and 700: a face that claims every weight (font-weight: 100 900) is
    // used as it is for bold, so both were the same regular glyphs
    const ink = await page.evaluate(() => {
      const draw = (weight: number): number => {
        const c = document.createElement('canvas')
        c.width = 200
        c.height = 60
        const g = c.getContext('2d')!
        g.font = `${weight} 40px 'Daejang Hangul'`
        g.fillText('검증기', 4, 45)
        const a = g.getImageData(0, 0, c.width, c.height).data
        let sum = 0
        for (let i = 3; i < a.length; i += 4) sum += a[i]!
        return sum
      }
      return { regular: draw(400), bold: draw(700) }
    })
    expect(ink.regular).toBeGreaterThan(0)
    expect(ink.bold).toBeGreaterThan(ink.regular * 1.1)
    await context.close()
  })
})
