/** An agency by its registered name for the election screens (never its id); loads the consortium's list once. */
import { useI18n } from 'vue-i18n'
import { useAgenciesStore } from '../../stores/agencies'

export function useAgencyName(): (id: string) => string {
  const { t } = useI18n()
  const agencies = useAgenciesStore()
  void agencies.load()
  return (id: string) => agencies.registeredName(id) ?? t('votingScreens.election.unknownAgency')
}
