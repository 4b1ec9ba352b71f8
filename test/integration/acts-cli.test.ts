/**
 * A co-signed act through the `daejang` CLI (docs/adr/0020): one key makes and signs an act naming a co-signer
 * (`tx sign --cosigner`), the act is refused while the co-signature is missing, the co-signer adds it
 * (`tx cosign act.json`), and `tx submit act.json` commits it: a joint governance proposal of two agencies.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeAct } from '../../src/ledger/types/tx'
import { cli, startNode, stopAll, tempHome, waitFor } from './harness'

describe('daejang tx sign / cosign / submit: an act of two parties', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const act = join(t.dir, 'act.json')

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--json']).code).toBe(0)
    await startNode(home)
  }, 180_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('signs, refuses the partial act, co-signs, commits', { timeout: 180_000 }, async () => {
    // a second agency whose administrator is a new key of this home (one agency holds all the power: approved at once)
    const second = cli(['keys', 'create', '--home', home, '--name', 'second', '--json'])
    expect(second.code, second.stderr).toBe(0)
    const pk2: string = second.json.publicKey
    const agencyFile = join(t.dir, 'agency.json')
    writeFileSync(agencyFile, JSON.stringify({ id: 'second-agency', name: 'Second agency', admins: [pk2], validator: null }))
    const admitted = cli(['governance', 'propose', '--home', home, '--admit', agencyFile, '--json'])
    expect(admitted.code, admitted.stderr).toBe(0)
    expect(admitted.json.proposal.status).toBe('approved')

    // the joint act: a third agency, proposed by this home's administrator and the second agency's together; its
    // effective height far enough ahead that blocks (every 200 ms) never overtake it while a loaded machine signs (and
    // before the next test's proposal, which a scheduled later change would refuse)
    const height = cli(['status', '--home', home, '--json']).json.height as number
    const payload = { change: { kind: 'agency.admit', agency: { id: 'third-agency', name: 'Third agency', admins: [pk2], validator: null } }, effectiveHeight: height + 2_000 }
    const signed = cli(['tx', 'sign', '--home', home, '--type', 'governance.proposal.submit', '--payload', JSON.stringify(payload), '--cosigner', pk2, '--out', act, '--json'])
    expect(signed.code, signed.stderr).toBe(0)
    expect(signed.json.missing).toEqual([pk2])
    expect(JSON.parse(readFileSync(act, 'utf8')).cosigners).toEqual([{ key: pk2, sig: null }])

    const early = cli(['tx', 'submit', act, '--home', home, '--json'])
    expect(early.code).toBe(1)
    expect(early.json.error.code).toBe('MISSING_SIGNATURE')

    const cosigned = cli(['tx', 'cosign', act, '--home', home, '--key', 'second', '--yes', '--json'])
    expect(cosigned.code, cosigned.stderr).toBe(0)
    expect(cosigned.json.missing).toEqual([])

    const sent = cli(['tx', 'submit', act, '--home', home, '--wait', '--json'])
    expect(sent.code, sent.stderr).toBe(0)
    const id: string = sent.json.hash
    const shown = await waitFor(async () => {
      const r = cli(['governance', 'show', '--home', home, '--proposal', id, '--json'])
      return r.code === 0 ? r.json : undefined
    }, 30_000, 'the joint proposal')
    const approvals = (shown.approvals ?? shown.proposal?.approvals) as Array<{ agency: string; by: string }>
    expect(approvals).toHaveLength(2)
    expect(approvals.find((a) => a.agency === 'second-agency')!.by).toBe(pk2)
  })

  it('withdraws an open proposal with governance withdraw', { timeout: 120_000 }, async () => {
    // the second agency holds no voting power: its proposal stays open until withdrawn
    const agencyFile = join(t.dir, 'fourth.json')
    writeFileSync(agencyFile, JSON.stringify({ id: 'fourth-agency', name: 'Fourth agency', admins: [cli(['keys', 'list', '--home', home, '--json']).json[0].publicKey], validator: null }))
    const proposed = cli(['governance', 'propose', '--home', home, '--key', 'second', '--admit', agencyFile, '--in-blocks', '5000', '--json'])
    expect(proposed.code, proposed.stderr).toBe(0)
    expect(proposed.json.proposal.status).toBe('open')
    const id: string = proposed.json.hash
    const withdrawn = cli(['governance', 'withdraw', '--home', home, '--key', 'second', '--proposal', id, '--json'])
    expect(withdrawn.code, withdrawn.stderr).toBe(0)
    expect(withdrawn.json.proposal.status).toBe('withdrawn')
    const late = cli(['governance', 'approve', '--home', home, '--proposal', id, '--json'])
    expect(late.code).toBe(1)
    expect(late.json.error.code).toBe('RULE_VIOLATION')
  })
})

describe('daejang tx sign --file / cosign: an act made by someone else is checked and shown before it is signed', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  afterAll(() => t.cleanup())

  it('refuses a harmful act, shows a sound one and signs it only with --yes', { timeout: 120_000 }, () => {
    expect(cli(['init', '--home', home, '--json']).code).toBe(0)
    const me: string = cli(['keys', 'list', '--home', home, '--json']).json[0].publicKey
    const chainId: string = JSON.parse(readFileSync(join(home, 'genesis.json'), 'utf8')).chainId
    const other = 'ab'.repeat(32)
    const payload = { change: { kind: 'validator.set', agency: 'agency-x', validator: null }, effectiveHeight: 300 }
    const file = (name: string, fields: Partial<Parameters<typeof makeAct>[0]>): string => {
      const path = join(t.dir, name)
      const a = makeAct({ chainId, type: 'governance.proposal.submit', payload, signer: me, nonce: Date.now(), time: Date.now(), cosigners: [other], ...fields })
      writeFileSync(path, JSON.stringify(a))
      return path
    }
    const sign = (path: string, ...more: string[]) => cli(['tx', 'sign', '--home', home, '--file', path, '--json', ...more])
    // the nonce of the reviewer's attack: every later transaction of this key would fail
    expect(sign(file('burn.json', { nonce: Number.MAX_SAFE_INTEGER }), '--yes').json.error.code).toBe('NONCE_AHEAD')
    expect(sign(file('chain.json', { chainId: 'another-chain' }), '--yes').json.error.code).toBe('WRONG_CHAIN')
    expect(sign(file('old.json', { time: Date.now() - 8 * 86_400_000 }), '--yes').json.error.code).toBe('ACT_EXPIRED')
    expect(sign(file('payload.json', { payload: { change: 'nothing' } }), '--yes').json.error.code).toBe('BAD_PAYLOAD')
    // a sound act: shown, not signed, until --yes
    const ok = file('ok.json', {})
    const shown = sign(ok)
    expect(shown.code).toBe(1)
    expect(shown.json).toMatchObject({ signed: false, type: 'governance.proposal.submit', chainId, signer: me })
    expect(JSON.parse(readFileSync(ok, 'utf8')).sig).toBeNull()
    const text = cli(['tx', 'sign', '--home', home, '--file', ok])
    expect(text.stdout).toMatch(/--yes/)
    const signed = sign(ok, '--yes')
    expect(signed.code, signed.stderr).toBe(0)
    expect(JSON.parse(readFileSync(ok, 'utf8')).sig).not.toBeNull()
    // a co-signer is shown the act too, and checked (chain, time)
    const theirs = file('theirs.json', { signer: other, cosigners: [me], chainId: 'another-chain' })
    expect(cli(['tx', 'cosign', theirs, '--home', home, '--yes', '--json']).json.error.code).toBe('WRONG_CHAIN')
  })
})
