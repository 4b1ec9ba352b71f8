/**
 * The files the user picked, as main knows them: the paths the preload found for Files of trusted drops and file
 * dialogs of the app's page (an event the page's script cannot forge), told to main as they happen. Main hashes only
 * a path in this set (bridge `hashFile`), so a page — or a renderer that names paths itself — cannot have main read
 * a file the user never gave it. No Electron import: the tests run it in Node.
 */

/** Paths kept per page: the oldest go first past this (a session picks far fewer). */
export const PICKED_PATHS_KEPT = 4096

export class PickedPaths {
  private readonly paths = new Set<string>()

  constructor(private readonly kept = PICKED_PATHS_KEPT) {}

  add(path: string): void {
    this.paths.delete(path)
    this.paths.add(path)
    while (this.paths.size > this.kept) this.paths.delete(this.paths.values().next().value as string)
  }

  has(path: string): boolean {
    return this.paths.has(path)
  }
}

export class UnpickedFileError extends Error {
  constructor() {
    super('The file was not picked by the user in this window: main does not read it.')
    this.name = 'UnpickedFileError'
  }
}
