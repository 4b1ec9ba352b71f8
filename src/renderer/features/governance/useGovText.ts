/** Governance changes, set differences, blockers and form problems in words, in the UI language. */
import { useI18n } from 'vue-i18n'
import type { GovernanceChangeDto } from '../../../shared/api'
import { formatNumber, shortHash } from '../../lib/format'
import type { Blocker, FormProblem, SetChange } from '../../lib/governance'

export function useGovText(agencyName: (id: string) => string) {
  const { t, locale } = useI18n()
  const n = (v: number): string => formatNumber(v, locale.value)
  const key = (k: string): string => shortHash(k, 8, 4)

  function change(c: GovernanceChangeDto): string {
    switch (c.kind) {
      case 'agency.admit':
        return c.agency.validator
          ? t('consortium.gov.change.admit', { name: c.agency.name, id: c.agency.id, power: n(c.agency.validator.power) })
          : t('consortium.gov.change.admitNoValidator', { name: c.agency.name, id: c.agency.id })
      case 'agency.remove':
        return t('consortium.gov.change.remove', { agency: agencyName(c.agency) })
      case 'validator.set':
        return c.validator
          ? t('consortium.gov.change.validator', { agency: agencyName(c.agency), key: key(c.validator.publicKey), power: n(c.validator.power) })
          : t('consortium.gov.change.validatorStop', { agency: agencyName(c.agency) })
    }
  }

  function setChange(c: SetChange): string {
    const agency = agencyName(c.agency)
    switch (c.kind) {
      case 'added':
        return t('consortium.gov.diff.added', { agency, power: n(c.power), key: key(c.publicKey) })
      case 'removed':
        return t('consortium.gov.diff.removed', { agency, power: n(c.power) })
      case 'power':
        return t('consortium.gov.diff.power', { agency, from: n(c.from), to: n(c.to) })
      case 'key':
        return t('consortium.gov.diff.key', { agency, from: key(c.from), to: key(c.to), powerFrom: n(c.powerFrom), powerTo: n(c.powerTo) })
    }
  }

  function blocker(b: Blocker): string {
    switch (b.code) {
      case 'laterScheduled':
        return t('consortium.gov.blocker.laterScheduled', { height: b.height })
      case 'alreadyMember':
        return t('consortium.gov.blocker.alreadyMember', { agency: b.agency })
      case 'notMember':
        return t('consortium.gov.blocker.notMember', { agency: agencyName(b.agency) })
      case 'keyTaken':
        return t('consortium.gov.blocker.keyTaken')
      case 'noValidators':
        return t('consortium.gov.blocker.noValidators')
    }
  }

  function problem(p: FormProblem): string {
    if (typeof p === 'string') return t(`consortium.gov.problems.${p}`)
    return p.code === 'heightTooSoon'
      ? t('consortium.gov.problems.heightTooSoon', { min: p.min })
      : t('consortium.gov.problems.heightTooFar', { max: p.max })
  }

  return { change, setChange, blocker, problem }
}
