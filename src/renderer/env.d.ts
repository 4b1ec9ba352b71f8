/// <reference types="vite/client" />
import type { DaejangBridge } from '../shared/bridge'

declare global {
  interface Window {
    /** Present only inside the Electron app (preload bridge). */
    readonly daejang?: DaejangBridge
  }
}

export {}
