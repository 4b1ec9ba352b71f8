/** Errors of keys, signing and the API, as a sentence in the UI language. */
import { inject } from 'vue'
import { useI18n } from 'vue-i18n'
import { errorSentence } from '../../../shared/error-text'
import { DaejangError } from '../../../shared/errors'
import { ApiError } from '../../api/client'
import { REGISTRY_WORDS } from '../../lib/registry-words'
import { StorageUnavailableError } from '../../lib/idb'
import { OutboxConflictError } from '../../lib/outbox'
import { KeystoreError, MAX_NAME_LENGTH, MIN_PASSPHRASE_LENGTH, WrongPassphraseError } from '../../lib/keystore'
import { KeyLockedError, NoChainError } from '../../stores/keys'

export function useDescribeError(): (err: unknown) => string {
  const { t, locale } = useI18n()
  // the registries' codes too (a notary's NUMBER_TAKEN) where the app frame provides them; the core's elsewhere
  const sentence = inject(REGISTRY_WORDS, null)?.error ?? errorSentence
  return (err) => {
    if (err instanceof WrongPassphraseError) return t('keys.errors.wrongPassphrase')
    if (err instanceof KeyLockedError) return t('keys.errors.locked')
    if (err instanceof OutboxConflictError) return t('outbox.conflict')
    if (err instanceof NoChainError) return t('keys.errors.noChain')
    if (err instanceof StorageUnavailableError) return t('keys.errors.storage')
    if (err instanceof KeystoreError) {
      switch (err.reason) {
        case 'exists':
          return t('keys.errors.exists')
        case 'missing':
          return t('keys.errors.missing')
        case 'corrupt':
          return t('keys.errors.corrupt')
        case 'os-storage':
          return t('keys.errors.osStorage')
        case 'bad-file':
          return t('keys.errors.badFile')
        case 'weak-passphrase':
          return t('keys.errors.weakPassphrase', { n: MIN_PASSPHRASE_LENGTH })
        case 'bad-name':
          return t('keys.errors.badName', { n: MAX_NAME_LENGTH })
      }
    }
    // a refusal of the portable ledger code (signing an act: WRONG_CHAIN, NONCE_AHEAD, …)
    if (err instanceof DaejangError) return sentence(err.code, locale.value === 'ko' ? 'ko' : 'en')
    if (err instanceof ApiError) {
      if (err.unreachable) return t('keys.errors.offline')
      if (err.code) return t('keys.errors.node', { reason: sentence(err.code, locale.value === 'ko' ? 'ko' : 'en') })
    }
    return t('keys.errors.other', { reason: err instanceof Error ? err.message : String(err) })
  }
}
