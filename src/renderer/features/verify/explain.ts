/**
 * The verifier's answer in the UI's words. verifyNotary reports each check with a result and an English sentence;
 * the screens say it in Korean or English from the structured facts (the record, the proof's checks, the node's
 * answer), and keep the verifier's own sentence as the technical detail. Pure: message keys and parameters only.
 */
import type { CertifiedRecord } from '../../../ledger/verify/framework'
import type { CheckResult, LiveFacts, NotaryExtra, NotaryVerification } from '../../../ledger/registries/notary/portable/verify'
import { proofHolds } from './evidence'

export type Params = Record<string, string | number>

/** A message key below `verify.explain.` with its parameters. */
export interface Sentence {
  key: string
  params: Params
}

export interface ExplainedCheck {
  name: 'integrity' | 'status' | 'issuer'
  result: CheckResult
  sentences: Sentence[]
  /** the verifier's own sentence (English) */
  detail: string
}

/**
 * `valid-as-of` / `valid-as-of-no-document`: every check passed offline, so the status is the one at the registering
 * block and a later revocation was not checked: amber, never the green `valid`.
 */
export type Verdict = 'valid' | 'valid-no-document' | 'valid-as-of' | 'valid-as-of-no-document' | 'invalid' | 'unreadable'

/** How a verdict is drawn: green (proven now), amber (proven as of a block), red. */
export function verdictTone(v: Verdict): 'ok' | 'caution' | 'bad' {
  if (v === 'valid' || v === 'valid-no-document') return 'ok'
  if (v === 'valid-as-of' || v === 'valid-as-of-no-document') return 'caution'
  return 'bad'
}

export interface Explained {
  verdict: Verdict
  checks: ExplainedCheck[]
  /** the status is the node's current one (true), or as of the registering block (false) */
  live: boolean
  asOf: { height: number; time: number } | null
  /**
   * offline, the status is proven as of a block other than the registering one (a later status proof, or a
   * certificate proven as of a later block): `asOf` is that block, not the registering block
   */
  provenLater: boolean
}

const s = (key: string, params: Params = {}): Sentence => ({ key, params })

function proofProblem(v: NotaryVerification): Sentence {
  const failed = v.proof?.checks.filter((c) => !c.ok).map((c) => c.name) ?? []
  if (failed.length > 0) return s('proofFailed', { checks: failed.join(', ') })
  return s('pathFailed')
}

export interface ExplainInput {
  v: NotaryVerification
  certified: CertifiedRecord<NotaryExtra> | null
  documentHash: string | null
  live: LiveFacts | null
  /** formats a time (ms) in the UI's language */
  time: (ms: number) => string
  /** names an agency (the app, from the node's list); without it (the standalone page) the proof's id is shown */
  agencyName?: (id: string) => string
}

export function explain({ v, certified, documentHash, live, time, agencyName }: ExplainInput): Explained {
  const { integrity, status, issuer } = v.checks
  if (v.problem || !v.record || !certified) {
    const unread = (name: ExplainedCheck['name'], detail: string): ExplainedCheck => ({
      name,
      result: 'fail',
      sentences: [s('unreadable')],
      detail,
    })
    return {
      verdict: 'unreadable',
      checks: [unread('integrity', integrity.detail), unread('status', status.detail), unread('issuer', issuer.detail)],
      live: false,
      asOf: null,
      provenLater: false,
    }
  }
  const rec = v.record
  const holds = proofHolds(v, certified)
  const broken = proofProblem(v)

  // integrity
  let integ: Sentence[]
  if (!documentHash) integ = [s('noDocument')]
  else if (!holds) integ = [broken]
  else if (documentHash.toLowerCase() === rec.documentHash) integ = [s('integrityPass', { hash: rec.documentHash, number: rec.number })]
  else integ = [s('integrityMismatch', { given: documentHash.toLowerCase(), registered: rec.documentHash })]

  // status
  let st: Sentence[]
  const asOfBlock = { height: rec.height, time: time(rec.blockTime) }
  if (!holds) st = [broken]
  else if (status.proven && status.asOf) {
    // proven by a state proof (the certificate's, a status proof file, or the node's): as of that block
    const at = { height: status.asOf.height, time: time(status.asOf.time) }
    st =
      status.status === 'issued'
        ? [s('statusProven', at), ...(status.live ? [] : [s('statusProvenOffline')])]
        : [
            s(status.status === 'revoked' ? 'statusRevoked' : 'statusSuspended', { time: time(status.time ?? status.asOf.time), reason: status.reason ?? '—' }),
            s('statusProvenAt', at),
          ]
  } else if (status.refused) st = [s('statusProofRefused', { detail: status.detail })]
  else if (!live) st = [s('statusAsOf', { number: rec.number, ...asOfBlock }), s('statusOffline')]
  else if (!live.document) st = [s('statusUnknown', { number: rec.number })]
  else if (status.status === null) st = [s('statusOtherTx', { number: rec.number })]
  else if (status.status === 'issued') st = [s('statusLive', { height: live.height, time: time(live.time) })]
  else {
    st = [
      s(status.status === 'revoked' ? 'statusRevoked' : 'statusSuspended', {
        time: time(status.time ?? live.time),
        reason: status.reason ?? '—',
      }),
    ]
  }

  // issuer
  let iss: Sentence[]
  if (!holds) iss = [broken]
  else if (!issuer.ok) iss = [s('issuerFail', { detail: issuer.detail })]
  else {
    iss = [s('issuerPass', { key: rec.notary.slice(0, 16), agency: agencyName ? agencyName(rec.agency) : rec.agency, height: rec.height })]
    if (issuer.detail.includes('the bundle carries the grant')) iss.push(s('issuerGrant'))
    const cred = live?.credential
    if (live && cred) iss.push(cred.revoked ? s('issuerRevokedLater', { height: cred.revoked.height, reason: cred.revoked.reason }) : s('issuerLive'))
  }

  const base = v.verdict === 'valid-as-of' ? 'valid-as-of' : 'valid'
  const verdict: Verdict = v.verdict === 'invalid' ? 'invalid' : integrity.result === 'unchecked' ? `${base}-no-document` : base
  return {
    verdict,
    checks: [
      { name: 'integrity', result: integrity.result, sentences: integ, detail: integrity.detail },
      { name: 'status', result: status.result, sentences: st, detail: status.detail },
      { name: 'issuer', result: issuer.result, sentences: iss, detail: issuer.detail },
    ],
    live: status.live,
    asOf: status.asOf,
    provenLater: !status.live && status.proven && status.asOf !== null && status.asOf.height !== rec.height,
  }
}
