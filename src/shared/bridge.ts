/**
 * The preload bridge: what the Electron preload exposes to the renderer as `window.daejang`. Absent when the UI is
 * served by the headless node. Every method is one IPC channel; main validates the sender and the arguments.
 */

/** Where the node's local API listens and the session token for it. */
export interface ApiInfo {
  /** Base URL, e.g. `http://127.0.0.1:43117` (no trailing slash, no path). */
  url: string
  token: string
}

export interface FileFilter {
  name: string
  /** Extensions without the dot, e.g. `['pdf']`. */
  extensions: string[]
}

export interface OpenFileOptions {
  title?: string
  filters?: FileFilter[]
}

export interface OpenedFile {
  /** File name only; the renderer never learns the full path. */
  name: string
  data: Uint8Array
}

export interface SaveFileOptions {
  title?: string
  /** Suggested file name (no directories). */
  defaultName: string
  data: Uint8Array | string
  filters?: FileFilter[]
}

export interface SaveFileResult {
  saved: boolean
  /** File name only, when saved. */
  name?: string
}

export interface DaejangBridge {
  readonly version: 1
  apiInfo(): Promise<ApiInfo>
  /** Resolves to null when the user cancels. */
  openFile(options?: OpenFileOptions): Promise<OpenedFile | null>
  saveFile(options: SaveFileOptions): Promise<SaveFileResult>
  /**
   * Encrypts bytes with the operating system's secure storage (Electron `safeStorage`: Keychain, DPAPI, libsecret or
   * KWallet). Resolves to null when no such storage is available (then the caller keeps its own protection only).
   * At most SECRET_LIMITS.maxBytes.
   */
  protectSecret(data: Uint8Array): Promise<Uint8Array | null>
  /** Reverses protectSecret; rejects when the OS storage is unavailable or the data is not its own. */
  unprotectSecret(data: Uint8Array): Promise<Uint8Array>
  /**
   * SHA-256 (hex) of a file the user gave the page (a drop or a file dialog), hashed by main from disk (node:crypto,
   * streamed), with progress. The page hands the File, never a path: the preload finds the file's path
   * (`webUtils.getPathForFile`), so the page cannot name a file the user did not pick; main also hashes only a path
   * the preload told it came with a trusted drop or file dialog of this page (IPC_NOTICES.pickedFiles). Resolves to
   * null when the file has no path on disk (made in the page); rejects when main cannot read it, it changed since it
   * was picked, or main did not see it picked. In both cases the page hashes the File itself.
   */
  hashFile(file: File, onProgress?: (done: number, total: number) => void): Promise<string | null>
  /** The booth's kiosk (shared/kiosk.ts, ADR 0056): this window in kiosk mode or out of it; resolves to its state. */
  kiosk?(on: boolean): Promise<boolean>
}

/** IPC channel names, one per bridge method. */
export const IPC_CHANNELS = {
  apiInfo: 'daejang:api-info',
  openFile: 'daejang:open-file',
  saveFile: 'daejang:save-file',
  protectSecret: 'daejang:protect-secret',
  unprotectSecret: 'daejang:unprotect-secret',
  hashFile: 'daejang:hash-file',
} as const

/**
 * Notices the preload sends main (no answer): the paths of the Files a trusted drop or file dialog gave the page,
 * so that main hashes only files the user picked (main/picked-paths.ts).
 */
export const IPC_NOTICES = {
  pickedFiles: 'daejang:picked-files',
} as const

/** Paths in one picked-files notice, at most. */
export const PICKED_FILES_MAX = 1000

/** Events main sends to the page (not calls): progress of a hashFile call, by the call's id. */
export const IPC_EVENTS = {
  hashProgress: 'daejang:hash-progress',
} as const

/** What the preload sends main for hashFile: the picked file's path (never seen by the page) and size. */
export interface HashFileRequest {
  /** the call's id, echoed in its progress events */
  id: number
  path: string
  /** the size of the File the user picked; main refuses a file of another size */
  size: number
}

export interface HashProgressEvent {
  id: number
  done: number
  total: number
}

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS]

/** Limits main enforces on file IPC. */
export const FILE_LIMITS = {
  maxBytes: 64 * 1024 * 1024,
  maxNameLength: 200,
  maxFilters: 16,
  maxExtensions: 16,
} as const

/** Limits main enforces on secret IPC (a wrapped key record is well under 1 KiB). */
export const SECRET_LIMITS = {
  maxBytes: 64 * 1024,
} as const
