import type { ErrorCode } from '../../shared/errors'

export type NodeEvent =
  | { type: 'block'; height: number; hash: string; time: number; txCount: number }
  | { type: 'tx.committed'; hash: string; height: number; index: number; txType: string }
  | { type: 'tx.rejected'; hash: string; code: ErrorCode; message: string }

export type Listener = (e: NodeEvent) => void

/** A tiny typed event hub. A listener that throws is removed; it never breaks the node. */
export class EventHub {
  private readonly listeners = new Set<Listener>()
  on(l: Listener): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
  emit(e: NodeEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch {
        this.listeners.delete(l)
      }
    }
  }
  get count(): number {
    return this.listeners.size
  }
}
