import { describe, expect, it } from 'vitest'
import { createBallot, verifyBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import type { Group } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { NG, ONE_OF_FIVE, PG, TWO_OF_THREE_BLANK, ZERO_TO_TWO, makeElection } from './belenios-fixture'

const BOTH = [PG, NG] as unknown as Group<unknown>[]

describe('Belenios ballots: created and verified', () => {
  it('a ballot made by either backend verifies with both', () => {
    for (const maker of BOTH) {
      const e = makeElection(maker, 123456789n, [ONE_OF_FIVE, TWO_OF_THREE_BLANK, ZERO_TO_TWO])
      const c = generateCredential()
      for (const plain of [
        [[0, 0, 1, 0, 0], [0, 1, 0, 1], [0, 0]],
        [[1, 0, 0, 0, 0], [1, 0, 0, 0], [1, 1]],
      ]) {
        const b = createBallot(maker, e, c, plain)
        for (const checker of BOTH) {
          const e2 = makeElection(checker, 123456789n, [ONE_OF_FIVE, TWO_OF_THREE_BLANK, ZERO_TO_TWO])
          const r = verifyBallot(checker, e2, b.text)
          expect(r).toMatchObject({ ok: true, tracker: b.tracker })
        }
      }
    }
  })
})
