/** Where the built pieces sit relative to the built main bundle (out/main), and the URL the window loads. Pure. */
import { join } from 'node:path'

export interface AppPaths {
  /** The sandboxed preload, one CommonJS chunk. */
  preload: string
  /** The node process entry, run with utilityProcess.fork. */
  nodeEntry: string
  /** The built renderer (index.html and assets), served under the app scheme. */
  rendererDir: string
}

export function appPaths(mainDir: string): AppPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    nodeEntry: join(mainDir, 'node.js'),
    rendererDir: join(mainDir, '..', 'renderer'),
  }
}

/**
 * The renderer is served from a privileged custom scheme rather than file://, so it has a real origin
 * (`daejang://app`) that the node's API can allow, and no access to other local files.
 */
export const APP_SCHEME = 'daejang'
export const APP_HOST = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

const DEV_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The URL the app window loads: the Vite dev server in an unpackaged dev run (electron-vite sets
 * ELECTRON_RENDERER_URL), otherwise the built page under the app scheme. A dev URL that is not local is ignored.
 */
export function rendererUrl(devUrl: string | undefined, packaged: boolean): string {
  if (!packaged && devUrl) {
    try {
      const u = new URL(devUrl)
      if (u.protocol === 'http:' && DEV_HOSTS.has(u.hostname)) return u.href
    } catch {
      // fall through to the built page
    }
  }
  return APP_ENTRY_URL
}

/** The origin the renderer's requests carry, for the node API's allow-list. */
export function originOf(url: string): string {
  const u = new URL(url)
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : `${u.protocol}//${u.host}`
}
