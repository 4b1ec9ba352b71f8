/** A transaction type in words ("Role grant"), in the UI language (lib/words.ts): never the type's code. */
import { useWords } from '../../composables/useWords'

export function useTxTypeName(): (type: string) => string {
  const words = useWords()
  return (type) => words.txType(type)
}
