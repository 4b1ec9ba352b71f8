/// <reference lib="dom" />
/**
 * Evidence of equivocation on the Consortium screen: two conflicting precommits signed by the node's validator key
 * are reported (as any node does when it sees them), committed on the chain, and listed for everyone to see.
 */
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { VoteType, signVote } from '../../src/ledger/types/block'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { toHex } from '../../src/ledger/codec/bytes'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { api, startNode, stopAll, tempHome } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'

describe('evidence on the Consortium screen', () => {
  const t = tempHome()
  let browser: Browser | null = null

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('lists a validator that signed two blocks for one step', async () => {
    ensureUiBuilt()
    const home = join(t.dir, 'node')
    const node = await startNode(home, ['--ui', '--init-if-missing'])
    const chainId = (await api(node, 'GET', '/api/v1/status')).body.chainId as string
    const validator = loadSigner(join(home, 'keys', 'node.json'))
    const vote = (fill: number) => {
      const v = signVote(chainId, validator, { type: VoteType.precommit, height: 2, round: 3, blockHash: new Uint8Array(32).fill(fill) })
      return { type: v.type, height: v.height, round: v.round, blockHash: toHex(v.blockHash), validator: toHex(v.validator), sig: toHex(v.sig) }
    }
    // handed in by the node's validator key (a key with no standing is refused at admission)
    const tx = makeTx(validator, {
      chainId,
      type: 'consensus.evidence.submit',
      nonce: 1,
      payload: { voteA: vote(7), voteB: vote(8) },
    })
    const r = await api(node, 'POST', '/api/v1/txs?wait=commit', txToJson(tx))
    expect(r.body.status).toBe('committed')

    browser = await launch()
    const page = await browser.newPage({ locale: 'en-US' })
    const { code } = (await api(node, 'POST', '/api/v1/session/code')).body
    await page.goto(`${node.url}/#code=${code}`)
    await page.getByTestId('nav-consortium').click()
    const item = page.getByTestId('evidence-item')
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1)
    expect(await item.getAttribute('data-validator')).toBe(toHex(validator.publicKey))
    expect(await item.innerText()).toMatch(/height 2, round 3/)
  })
})
