/** Quitting waits for the node to stop, so a block being written is never cut off by the app going away. */

export interface QuittableApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

export interface Stoppable {
  stop(): Promise<void>
}

export function installQuitHandler(app: QuittableApp, node: Stoppable, log: (line: string) => void = () => {}): void {
  let stopping = false
  let stopped = false
  app.on('before-quit', (event) => {
    if (stopped) return
    event.preventDefault()
    if (stopping) return
    stopping = true
    node
      .stop()
      .catch((err: unknown) => log(`stopping the node failed: ${String(err)}`))
      .finally(() => {
        stopped = true
        app.quit()
      })
  })
}
