/** The CLI's one line about an act (src/server/cli/acts.ts): its type in words, then whose signature it still needs. */
import { describe, expect, it } from 'vitest'
import { REGISTRIES } from '../../src/ledger/registries'
import { makeCatalogue } from '../../src/ledger/registries/catalogue'
import { actLine } from '../../src/server/cli/acts'
import type { ActJson } from '../../src/ledger/types/tx'

const KEY = 'ab'.repeat(32)
const act = (sigs: Array<string | null>): ActJson =>
  ({
    v: 1,
    chainId: 'c',
    type: 'governance.proposal.approve',
    payload: { proposal: KEY },
    signer: KEY,
    nonce: 7,
    time: 0,
    sig: sigs[0],
    cosigners: [{ key: 'cd'.repeat(32), sig: sigs[1] }],
  }) as unknown as ActJson

describe('an act in one line', () => {
  const words = (type: string): string => makeCatalogue(REGISTRIES).txTypeWords(type, 'en')
  it('says the type in words and the co-signer still missing', () => {
    const line = actLine(act(['ef'.repeat(64), null]), words, 'act.json')
    expect(line).toContain('Governance approval (governance.proposal.approve) with nonce 7')
    expect(line).toContain('still needs the signature of cdcdcdcdcdcd…')
    expect(line).toContain('→ act.json')
  })
})
