/**
 * `daejang verify`: a core command that verifies any registry's certified record — offline with the trust list, live
 * with --home — with the verifiers of the build's registries (a registry declares `verifier` in its portable barrel).
 * How a registry's evidence is found and read (its certificate's attachment, its bundle files, a node's lookup and
 * current view) is the verifier's to say (ledger/verify/framework.ts); this command names no registry.
 */
import type { Command } from 'commander'
import { DaejangError } from '../../shared/errors'
import { toHex } from '../../ledger/codec/bytes'
import { verifyNode } from '../../ledger/crypto/ed25519-node'
import { sha256 } from '../../ledger/crypto/sha256'
import { MAX_CERTIFICATE_BYTES } from '../../ledger/cert/limits'
import { type AnyVerifier, type CertifiedRecord, type CertifiedVerification, type NodeGet, verifyCertified } from '../../ledger/verify/framework'
import type { TrustList } from '../../ledger/proofs/proof'
import { certifiedFromQr } from '../../ledger/verify/qr'
import { readCappedFile, sha256File } from '../files'
import { ApiClient } from './client'
import { act, home, type Opts } from './context'
import { print, tone } from './output'
import { loadTrust } from './proof-commands'
import { say } from './lang'

type Source = 'certificate' | 'qr' | 'bundle' | 'node'

interface Evidence {
  certified: CertifiedRecord
  source: Source
}

export function addVerifyCommand(program: Command, verifiers: readonly AnyVerifier[]): void {
  program
    .command('verify')
    .description(
      `verify a certified record (${verifiers.map((v) => v.registry).join(', ') || 'no registry certifies records'}): the proof and the registry's checks — offline with the trust list, live with --home`,
    )
    .argument('[certificate]', 'the certificate PDF (a notary certificate, a land extract): the same as --certificate')
    .requiredOption('--trust <file>', "the consortium's trust list (daejang trust export)")
    .option('--file <file>', 'the document file')
    .option('--certificate <pdf>', 'the certificate PDF (its attached proof bundle is checked)')
    .option('--qr <payload>', 'the text of the QR code (DJ1:…, DJ:<REGISTRY>/<n>:…)')
    .option('--bundle <file>', 'a proof bundle JSON')
    .option('--number <number>', 'a record number (with --home)')
    .option('--status-proof <file...>', "a record's later status proof(s) (daejang notary status-proof): its status as of that block, checked offline")
    .option('--home <dir>', 'ask this node for the current status, proven (and for the proof, given only --file or --number)')
    .option('--json', 'JSON output')
    .action((file: string | undefined, opts: Opts) =>
      act(async (o) => {
        if (file !== undefined) {
          if (o.certificate !== undefined && o.certificate !== file) throw new DaejangError('SCHEMA_INVALID', 'give the certificate once: as the argument or as --certificate')
          o.certificate = file
        }
        const trust = await loadTrust({ trust: o.trust })
        const c = o.home ? ApiClient.forHome(home(o)) : null
        const get: NodeGet | null = c ? (path) => c.get(path) : null
        const subjectHash = o.file ? await sha256File(o.file as string) : null
        const evidence = await loadEvidence(verifiers, o, get, subjectHash, trust)
        const v = verifiers.find((x) => x.registry === evidence.certified.registry)
        const live = get && v?.live ? await liveOf(v, get, evidence.certified) : null
        const later = v ? await laterOf(v, o, get, evidence.certified) : []
        const r = verifyCertified({ certified: evidence.certified, trust, subjectHash, live, later, verify: verifyNode }, verifiers)
        print(o, verificationJson(r, evidence.source, v), () => verificationText(r, v))
        if (!r.valid) process.exitCode = 1
      })(opts),
    )
}

/** The node's current view of the record; none when the record cannot be read (the verifier reports that). */
async function liveOf(v: AnyVerifier, get: NodeGet, certified: CertifiedRecord): Promise<unknown> {
  let record: unknown
  try {
    record = v.record(certified)
  } catch {
    return null
  }
  return v.live!(get, certified, record)
}

/**
 * Later proofs of the record: the files given (--status-proof), and with --home the node's own as of its head — each
 * proven by its commit, so the node is not trusted for it.
 */
async function laterOf(v: AnyVerifier, o: Opts, get: NodeGet | null, certified: CertifiedRecord): Promise<unknown[]> {
  const files = (o.statusProof as string[] | undefined) ?? []
  if (files.length > 0 && !v.later) throw new DaejangError('SCHEMA_INVALID', `the ${v.registry} registry has no status proofs`)
  const out = files.map((f) => v.later!(parseJson(readSmall(f, 'status proof'), `the status proof ${f}`)))
  if (get && v.fetchLater) {
    let record: unknown
    try {
      record = v.record(certified)
    } catch {
      return out
    }
    const fetched = await v.fetchLater(get, certified, record)
    if (fetched !== null && fetched !== undefined) out.push(fetched)
  }
  return out
}

/** A proof bundle or a certificate: small files, read whole under the certificate's cap (the Verify screen's too). */
const readSmall = (path: string, what: string): Uint8Array => readCappedFile(path, what, MAX_CERTIFICATE_BYTES)

/** JSON of a file the user gave; `what` names it in the refusal (a bundle, a status proof). */
function parseJson(bytes: Uint8Array, what = 'the proof bundle'): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw new DaejangError('PROOF_INVALID', `${what} is not valid JSON`)
  }
}

/** A bundle read by the first registry whose format it is (the error of the first, when none reads it). */
function fromBundle(verifiers: readonly AnyVerifier[], json: unknown): CertifiedRecord {
  const readers = verifiers.filter((v) => v.bundle)
  let first: unknown = null
  for (const v of readers) {
    try {
      return v.bundle!(json)
    } catch (e) {
      first ??= e
    }
  }
  throw first ?? new DaejangError('PROOF_INVALID', 'no registry of this build reads proof bundles')
}

/** The evidence given; pieces given together (certificate, QR text, bundle) must be about the same record. */
async function loadEvidence(
  verifiers: readonly AnyVerifier[],
  o: Opts,
  get: NodeGet | null,
  subjectHash: string | null,
  trust: TrustList,
): Promise<Evidence> {
  const first = await loadFirstEvidence(verifiers, o, get, subjectHash, trust)
  const others = [
    ...(o.qr && first.source !== 'qr' ? [certifiedFromQr(o.qr as string, verifiers, trust)] : []),
    ...(o.bundle && first.source !== 'bundle' ? [fromBundle(verifiers, parseJson(readSmall(o.bundle as string, 'bundle')))] : []),
  ]
  const key = (p: CertifiedRecord): string => {
    const v = verifiers.find((x) => x.registry === p.registry)
    return `${v?.label ? v.label(v.record(p)) : p.registry} ${p.proof ? toHex(sha256(p.proof.tx)) : 'state'}`
  }
  for (const p of others) {
    if (key(p) !== key(first.certified)) {
      throw new DaejangError('PROOF_INVALID', `the evidence given is about different documents: ${key(first.certified)}, ${key(p)}`)
    }
  }
  return first
}

async function loadFirstEvidence(
  verifiers: readonly AnyVerifier[],
  o: Opts,
  get: NodeGet | null,
  subjectHash: string | null,
  trust: TrustList,
): Promise<Evidence> {
  if (o.certificate) {
    // bounded: PDF_TOO_COMPLEX when the file would cost too much to read, PROOF_INVALID when it is not ours; the
    // reader loads only for this option (see the start-up note in main.ts)
    const { readAttachment } = await import('../../ledger/cert/attachment')
    const pdf = readSmall(o.certificate as string, 'certificate')
    const names = verifiers.flatMap((v) => (v.attachment && v.bundle ? [v] : []))
    let problem: unknown = new DaejangError('PROOF_INVALID', 'no registry of this build attaches a proof bundle to its certificates')
    for (const v of names) {
      let bytes: Uint8Array
      try {
        bytes = await readAttachment(pdf, v.attachment!)
      } catch (e) {
        problem = e
        continue
      }
      return { certified: v.bundle!(parseJson(bytes)), source: 'certificate' }
    }
    throw problem
  }
  // the QR text names its registry and format: one this verifier does not know is refused, with the reason
  if (o.qr) return { certified: certifiedFromQr(o.qr as string, verifiers, trust), source: 'qr' }
  if (o.bundle) return { certified: fromBundle(verifiers, parseJson(readSmall(o.bundle as string, 'bundle'))), source: 'bundle' }
  if (get && (o.number || subjectHash)) {
    const by = o.number ? { label: o.number as string } : { subjectHash: subjectHash! }
    for (const v of verifiers) {
      if (!v.find || !v.bundle) continue
      const json = await v.find(get, by)
      if (json !== null && json !== undefined) return { certified: v.bundle(json), source: 'node' }
    }
    throw new DaejangError(
      'NOT_FOUND',
      o.number ? `the node has no record numbered ${o.number as string}` : 'the node has no record of this file: it was never registered, or it was changed',
    )
  }
  throw new DaejangError('SCHEMA_INVALID', 'give --certificate, --qr or --bundle (or --file/--number with --home)')
}

/** The status check's facts, when the registry has one (the notary's: live or as of the proof). */
function statusOf(r: CertifiedVerification): { live: boolean; proven: boolean; asOf: { height: number; time: number } | null } {
  const st = r.checks.status as { live?: boolean; proven?: boolean; asOf?: { height: number; time: number } | null } | undefined
  return { live: st?.live ?? false, proven: st?.proven ?? false, asOf: st?.asOf ?? r.asOf }
}

const labelOf = (r: CertifiedVerification, v: AnyVerifier | undefined): string | null =>
  r.record !== null && v?.label ? v.label(r.record) : null

function verificationJson(r: CertifiedVerification, source: Source, v: AnyVerifier | undefined): Record<string, unknown> {
  const st = statusOf(r)
  return {
    valid: r.valid,
    verdict: r.verdict,
    registry: r.registry,
    format: r.format,
    number: labelOf(r, v),
    source,
    live: st.live,
    /** the status is proven by a state proof (a format-2 certificate, a status proof), not a node's word */
    statusProven: st.proven,
    /** the block (and its time, ms) the status is as of: the registering block offline, the node's head live */
    statusAsOf: st.asOf,
    checks: r.checks,
    record: r.record,
    proof: r.proof ? { valid: r.proof.valid, height: r.proof.height, blockHash: r.proof.blockHash, checks: r.proof.checks } : null,
    problem: r.problem,
  }
}

const utcTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')

/** The answer, then one line a check, in the registry's order (the notary's: integrity, status, issuer). */
export function verificationText(r: CertifiedVerification, v: AnyVerifier | undefined): string {
  const mark = (c: { result: string }) => (c.result === 'pass' ? '✓' : c.result === 'fail' ? '✗' : '–')
  const { asOf, live, proven } = statusOf(r)
  const number = labelOf(r, v) ?? ''
  // a record shown by a later proof to have changed (a land extract no longer current): valid as of its own block only
  const changed = r.verdict !== 'invalid' && (r.checks.status as { current?: boolean | null } | undefined)?.current === false
  const head =
    changed && r.asOf && asOf
      ? tone(
          say(
            `블록 ${r.asOf.height}(${utcTime(r.asOf.time)}) 기준으로는 유효했으나, 현재의 내용이 아닙니다 — 블록 ${asOf.height}(${utcTime(asOf.time)}) 기준으로 달라졌습니다: ${number}`,
            `VALID AS OF ITS BLOCK ${r.asOf.height} (${utcTime(r.asOf.time)}), BUT NO LONGER CURRENT — changed as of block ${asOf.height} (${utcTime(asOf.time)}): ${number}`,
          ),
          'warn',
        )
      : r.verdict === 'valid'
      ? tone(`VALID: ${number}`, 'ok')
      : r.verdict === 'valid-as-of' && asOf
        ? tone(
            proven
              ? `VALID — IN FORCE AS OF BLOCK ${asOf.height} (${utcTime(asOf.time)}), PROVEN — a later change needs a newer status proof: ${number}`
              : `VALID AS OF BLOCK ${asOf.height} (${utcTime(asOf.time)}) — later revocation not checked: ${number}`,
            'warn',
          ) + '\n  (checked offline; give --home <node> to ask a node for the current status, or --status-proof <file>)'
        : tone(`NOT VALID${number ? ': ' + number : ''}`, 'bad')
  const label = (name: string): string =>
    name === 'status' ? `status${live && proven ? ' (live, proven)' : live ? ' (live)' : proven ? ' (proven)' : ' (as of the proof)'}` : name
  return [head, ...Object.entries(r.checks).map(([name, c]) => `  ${mark(c)} ${label(name)}: ${c.detail}`)].join('\n')
}
