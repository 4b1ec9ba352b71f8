/**
 * naive-ui (through css-render) writes its CSS into <style> elements at run time. The renderer's Content-Security-
 * Policy (src/main/csp.ts: `style-src 'self'`) ignores such inline styles. So naive-ui mounts them into a DETACHED
 * container instead (NConfigProvider `style-mount-target`; a style element never connected to the document is not
 * subject to CSP), and this module copies each into a constructed stylesheet adopted by the document (CSSOM, which
 * CSP permits). The copies sit in a cascade layer, so the app's own (unlayered) styles win over naive-ui's, as
 * naive-ui intends by mounting its styles first. vueuc (inside naive-ui's popovers and virtual lists) mounts a few
 * styles into document.head directly; those are mirrored too (the browser itself refuses them).
 */
export const NAIVE_LAYER = 'naive'

export interface StyleMirror {
  /** pass to NConfigProvider's style-mount-target */
  target: HTMLElement
  stop(): void
}

export function mirrorRuntimeStyles(doc: Document = document): StyleMirror {
  const target = doc.createElement('div')
  target.dataset['role'] = 'naive-ui-styles'
  const copies = new WeakMap<HTMLStyleElement, { text: string; sheet: CSSStyleSheet }>()
  let ours: CSSStyleSheet[] = []

  const sync = (): void => {
    const elements = [
      ...doc.head.querySelectorAll<HTMLStyleElement>('style[cssr-id]'),
      ...target.querySelectorAll<HTMLStyleElement>('style'),
    ]
    const next = elements.map((el) => {
      const text = el.textContent ?? ''
      let copy = copies.get(el)
      if (!copy) {
        copy = { text: '', sheet: new CSSStyleSheet() }
        copies.set(el, copy)
        copy.sheet.replaceSync(layered(text))
        copy.text = text
      } else if (copy.text !== text) {
        copy.sheet.replaceSync(layered(text))
        copy.text = text
      }
      return copy.sheet
    })
    const previous = new Set(ours)
    const others = doc.adoptedStyleSheets.filter((s) => !previous.has(s))
    ours = next
    doc.adoptedStyleSheets = [...others, ...next]
  }

  const observer = new MutationObserver(sync)
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true }
  observer.observe(target, options)
  observer.observe(doc.head, options)
  sync()
  return {
    target,
    stop: () => observer.disconnect(),
  }
}

function layered(css: string): string {
  return `@layer ${NAIVE_LAYER} {\n${css}\n}`
}
