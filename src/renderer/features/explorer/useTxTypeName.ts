/**
 * A transaction in words, in the UI language (each registry's words, lib/registry-words.ts): its type's name ("Role
 * grant"), never the type's code, and — for the explorer's tables — the type with the line that says what it does.
 */
import { h, type VNodeChild } from 'vue'
import { useWords } from '../../composables/useWords'

export function useTxTypeName(): (type: string) => string {
  const words = useWords()
  return (type) => words.txType(type)
}

/** A table cell: the type's name, and below it the registry's one-line description when it has one. */
export function useTxCell(): (tx: { type: string; payload: unknown } | undefined) => VNodeChild {
  const words = useWords()
  return (tx) => {
    if (!tx) return '—'
    const line = words.describe(tx.type, tx.payload)
    return h('span', { class: 'tx-cell' }, [
      h('span', words.txType(tx.type)),
      line ? h('small', { class: 'muted', style: { display: 'block' }, 'data-testid': 'tx-describe' }, line) : null,
    ])
  }
}
