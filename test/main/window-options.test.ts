import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appPaths } from '../../src/main/paths'
import { createWindowOptions } from '../../src/main/window-options'

describe('window options', () => {
  const preloadPath = join('/app', 'out', 'preload', 'index.cjs')
  const options = createWindowOptions({ preloadPath })
  const web = options.webPreferences!

  it('isolates and sandboxes the renderer', () => {
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and webviews off', () => {
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
    // only for the built-in PDF viewer (certificate preview)
    expect(web.plugins).toBe(true)
  })

  it('uses the given preload and shows the window only when ready', () => {
    expect(web.preload).toBe(preloadPath)
    expect(options.show).toBe(false)
  })

  it('points at the built CommonJS preload next to out/main', () => {
    const paths = appPaths(join('/app', 'out', 'main'))
    expect(paths.preload).toBe(preloadPath)
    expect(paths.nodeEntry).toBe(join('/app', 'out', 'main', 'node.js'))
    expect(paths.rendererDir).toBe(join('/app', 'out', 'renderer'))
  })
})
