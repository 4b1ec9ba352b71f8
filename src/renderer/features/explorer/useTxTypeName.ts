/** A transaction type in words ("Role grant"), or the type itself when it has no name yet. */
import { useI18n } from 'vue-i18n'

export function useTxTypeName(): (type: string) => string {
  const { t, te } = useI18n()
  return (type) => {
    const key = `explorer.txTypes.${type}`
    return te(key) ? t(key) : type
  }
}
