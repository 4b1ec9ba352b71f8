/**
 * `daejang notary …` (register, certificate, revoke, suspend, reinstate, show) and `daejang verify`.
 */
import { writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { Command } from 'commander'
import type {
  KeyInfoDto,
  NotaryDocumentDto,
  NotaryNextNumberDto,
  RoleCredentialDto,
  StatusDto,
  SubmitResultDto,
} from '../../shared/api'
import { DaejangError } from '../../shared/errors'
import { toHex } from '../../ledger/codec/bytes'
import { verifyNode } from '../../ledger/crypto/ed25519-node'
import { sha256 } from '../../ledger/crypto/sha256'
import type { InclusionProof, TrustList } from '../../ledger/proofs/proof'
import type { JsonValue } from '../../ledger/types/tx'
import { MAX_CERTIFICATE_BYTES } from '../../ledger/cert/limits'
import type { Home } from '../../ledger/node/home'
import { buildBatch } from '../../ledger/registries/notary/portable/batch'
import { type NotaryBundleJson, type NotaryProof, bundleFromJson, provenRecord } from '../../ledger/registries/notary/portable/proof'
import { ACTS, NOTARY_ROLE } from '../../ledger/registries/notary/portable/schema'
import { type LiveFacts, notaryCertified, notaryProofOf } from '../../ledger/registries/notary/portable/verify'
import { type CertifiedRecord, type CertifiedVerification, verifyCertified } from '../../ledger/verify/framework'
import { certifiedFromQr } from '../../ledger/verify/qr'
import { VERIFIERS } from '../../ledger/verify/verifiers'
import { readCappedFile, sha256File } from '../files'
import { ApiClient } from './client'
import { buildTx, nextNonce, signerFor } from './keys'
import { kv, type OutputOptions, print, tone } from './output'

type Opts = OutputOptions & Record<string, unknown>

export interface CliContext {
  act(fn: (o: Opts) => Promise<void>): (o: Opts) => Promise<void>
  home(o: Opts): Home
  loadTrust(o: Opts): Promise<TrustList>
}

const enc = encodeURIComponent
const iso = (ms: number | null): string => (ms === null ? '—' : new Date(ms).toISOString())

/** A proof bundle or a certificate: small files, read whole under the certificate's cap (the Verify screen's too). */
function readFile(path: string, what: string): Uint8Array {
  return readCappedFile(path, what, MAX_CERTIFICATE_BYTES)
}

/** SHA-256 of each document, one after the other, each read as a stream (documents may exceed 2 GiB). */
async function hashDocuments(files: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const f of files) out.push(await sha256File(f))
  return out
}

interface SignContext {
  c: ApiClient
  h: Home
  signer: ReturnType<typeof signerFor>
  publicKey: string
  chainId: string
}

function signContext(ctx: CliContext, o: Opts): SignContext {
  const h = ctx.home(o)
  const c = ApiClient.forHome(h)
  const signer = signerFor(h, o.key as string, o.passphraseFile as string | undefined)
  return { c, h, signer, publicKey: toHex(signer.publicKey), chainId: h.readGenesis().chainId }
}

async function submit(s: SignContext, type: string, payload: JsonValue): Promise<SubmitResultDto> {
  const nonce = await nextNonce(s.c, s.publicKey)
  const r = await s.c.post<SubmitResultDto>('/api/v1/txs?wait=commit', buildTx(s.signer, s.chainId, type, payload, nonce))
  if (r.status !== 'committed') throw new DaejangError('NODE_NOT_RUNNING', `transaction ${r.hash} is still ${r.status}; check it with daejang tx show`)
  return r
}

/** The agency the key is a notary of (the one asked for, or its only/first one). */
async function notaryAgency(s: SignContext, asked: string | undefined): Promise<RoleCredentialDto> {
  const info = await s.c.get<KeyInfoDto>(`/api/v1/identity/keys/${s.publicKey}`)
  const creds = info.roles.filter((r) => r.role === NOTARY_ROLE && r.active && (!asked || r.agency === asked))
  if (!creds[0]) {
    throw new DaejangError(
      'UNAUTHORIZED_ROLE',
      `key ${s.publicKey.slice(0, 12)}… holds no active notary credential${asked ? ` of agency "${asked}"` : ''}; an administrator grants one with daejang role grant --role notary`,
    )
  }
  return creds[0]
}

function keyOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--home <dir>', 'node home directory')
    .option('--key <name>', 'key name in the home (a notary, or an administrator for status changes)', 'admin')
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--json', 'JSON output')
}

function describeDocument(d: NotaryDocumentDto): string {
  return kv([
    ['number', d.number],
    ['status', d.status + (d.statusReason ? ` — ${d.statusReason} (${iso(d.statusTime)})` : '')],
    ['act', `${d.act}, ${d.date}`],
    ['authority', d.issuingAuthority],
    ['signer', `${d.signerName} (${d.signerCapacity})`],
    ['agency', d.agency],
    ['document', `${d.documentType ?? '—'}${d.holder ? ', ' + d.holder : ''}`],
    ['SHA-256', d.documentHash ?? '(batch list not held by this node)'],
    ['registered', `block ${d.height}, ${iso(d.time)}, tx ${d.tx}`],
    ['history', d.history.map((e) => `${e.action}@${e.height}${e.reason ? ' (' + e.reason + ')' : ''}`).join(', ')],
  ])
}

export function notaryCommands(program: Command, ctx: CliContext): void {
  const notary = program.command('notary').description('the notary and apostille registry')

  keyOptions(
    notary
      .command('register')
      .description('register a document by its SHA-256 (several --file: one batch under one Merkle root); waits for commit')
      .requiredOption('--file <file...>', 'the document file(s); only their SHA-256 goes on the ledger')
      .option('--number <number>', 'number (default: the next AGENCY-YYYY-NNNNNN); a batch numbers its documents NUMBER/001 …')
      .option('--agency <id>', 'agency the key is a notary of (default: its first)')
      .option('--act <act>', `one of ${ACTS.join(', ')}`, 'notarization')
      .option('--type <text>', 'document type, e.g. "Diploma"', 'Document')
      .option('--date <YYYY-MM-DD>', 'date of the act (default: today)')
      .option('--authority <text>', 'issuing authority (default: the agency name)')
      .option('--signer-name <text>', "the signer's name (default: the credential's label)")
      .option('--capacity <text>', "the signer's capacity", 'Notary')
      .option('--holder <text>', 'the person the document concerns (a name; never a resident registration number)')
      .option('--language <tag>', 'language of the document (BCP 47, e.g. ko)'),
  ).action(
    ctx.act(async (o) => {
      const s = signContext(ctx, o)
      const cred = await notaryAgency(s, o.agency as string | undefined)
      const agency = cred.agency
      const files = o.file as string[]
      const hashes = await hashDocuments(files)
      const number =
        (o.number as string | undefined) ??
        (await s.c.get<NotaryNextNumberDto>(`/api/v1/notary/next-number?agency=${enc(agency)}`)).number
      const agencyName = s.h.readGenesis().agencies.find((a) => a.id === agency)?.name ?? agency
      const common = {
        agency,
        number,
        act: o.act as string,
        date: (o.date as string | undefined) ?? new Date().toISOString().slice(0, 10),
        issuingAuthority: (o.authority as string | undefined) ?? agencyName,
        signerName: (o.signerName as string | undefined) ?? (cred.label || (o.key as string)),
        signerCapacity: o.capacity as string,
      }
      const doc = (hash: string) => ({
        documentHash: hash,
        documentType: o.type as string,
        ...(o.holder ? { holder: o.holder as string } : {}),
        ...(o.language ? { language: o.language as string } : {}),
      })
      if (files.length === 1) {
        const r = await submit(s, 'notary.register', { ...common, ...doc(hashes[0]!) })
        const out = { number, documentHash: hashes[0]!, txHash: r.hash, height: r.height, agency }
        print(o, out, () => `registered ${number} (SHA-256 ${out.documentHash}) in block ${r.height}: ${r.hash}`)
        return
      }
      const docs = hashes.map(doc)
      const built = buildBatch(number, docs)
      const r = await submit(s, 'notary.batch.register', { ...common, count: docs.length, root: built.root })
      await s.c.post(`/api/v1/notary/batches/${enc(number)}/documents`, { documents: docs })
      const documents = built.documents.map((d, i) => ({ number: d.number, documentHash: d.documentHash, file: files[i]! }))
      const out = { number, root: built.root, txHash: r.hash, height: r.height, agency, documentHash: documents[0]!.documentHash, documents }
      print(o, out, () =>
        [`registered batch ${number} (${docs.length} documents, root ${built.root}) in block ${r.height}: ${r.hash}`, ...documents.map((d) => `  ${d.number}  ${d.documentHash}  ${basename(d.file)}`)].join('\n'),
      )
    }),
  )

  notary
    .command('certificate')
    .description("write a document's certificate (PDF with the QR proof and the proof bundle attached)")
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--number <number>', 'the document number')
    .requiredOption('--out <file>', 'the PDF to write')
    .option('--lang <lang>', 'ko or en', 'ko')
    .option('--json', 'JSON output')
    .action(
      ctx.act(async (o) => {
        if (o.lang !== 'ko' && o.lang !== 'en') throw new DaejangError('SCHEMA_INVALID', '--lang is ko or en')
        const c = ApiClient.forHome(ctx.home(o))
        const r = await c.get<{ data: string; qr: Record<string, number | string> }>(
          `/api/v1/notary/documents/${enc(o.number as string)}/certificate?lang=${o.lang as string}`,
        )
        const pdf = Buffer.from(r.data, 'base64')
        writeFileSync(o.out as string, pdf)
        const out = { number: o.number, out: o.out, bytes: pdf.length, lang: o.lang, qr: r.qr }
        print(o, out, () => `certificate of ${o.number as string} → ${o.out as string} (${pdf.length} bytes; QR version ${r.qr.version}-${r.qr.level})`)
      }),
    )

  for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
    keyOptions(
      notary
        .command(action)
        .description(`${action} a document (by a notary or an administrator of the issuing agency); waits for commit`)
        .requiredOption('--number <number>', 'the document number')
        .requiredOption('--reason <text>', 'why'),
    ).action(
      ctx.act(async (o) => {
        const s = signContext(ctx, o)
        const r = await submit(s, 'notary.status', { number: o.number as string, action, reason: o.reason as string })
        const d = await s.c.get<NotaryDocumentDto>(`/api/v1/notary/documents/${enc(o.number as string)}`)
        const out = { number: d.number, action, txHash: r.hash, height: r.height, status: d.status, reason: d.statusReason }
        print(o, out, () => `${d.number} is now ${d.status} (block ${r.height}): ${r.hash}`)
      }),
    )
  }

  notary
    .command('show')
    .description('e-Register: a document by number (--number) or by file (--file: every record of its SHA-256)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--number <number>', 'the document number')
    .option('--file <file>', 'a document file')
    .option('--json', 'JSON output')
    .action(
      ctx.act(async (o) => {
        const c = ApiClient.forHome(ctx.home(o))
        if (o.number) {
          const d = await c.get<NotaryDocumentDto>(`/api/v1/notary/documents/${enc(o.number as string)}`)
          print(o, d, () => describeDocument(d))
          return
        }
        if (!o.file) throw new DaejangError('SCHEMA_INVALID', 'give --number or --file')
        const ds = await c.get<NotaryDocumentDto[]>(`/api/v1/notary/hashes/${await sha256File(o.file as string)}`)
        if (ds.length === 0) throw new DaejangError('NOT_FOUND', 'no record of this file')
        print(o, ds, () => ds.map(describeDocument).join('\n\n'))
      }),
    )

  program
    .command('verify')
    .description(
      'verify a notarized document: integrity, status, issuer — offline with the trust list, live with --home',
    )
    .requiredOption('--trust <file>', "the consortium's trust list (daejang trust export)")
    .option('--file <file>', 'the document file')
    .option('--certificate <pdf>', 'the certificate PDF (its attached proof bundle is checked)')
    .option('--qr <payload>', 'the text of the QR code (DJ1:…)')
    .option('--bundle <file>', 'a proof bundle JSON')
    .option('--number <number>', 'a document number (with --home)')
    .option('--home <dir>', 'ask this node for the current status (and for the proof, given only --file or --number)')
    .option('--json', 'JSON output')
    .action(
      ctx.act(async (o) => {
        const trust = await ctx.loadTrust({ trust: o.trust })
        const c = o.home ? ApiClient.forHome(ctx.home(o)) : null
        const documentHash = o.file ? await sha256File(o.file as string) : null
        const evidence = await loadEvidence(o, c, documentHash)
        // the node's current view: the notary's record and credential (a registry of its own would say what it asks)
        let live: LiveFacts | null = null
        if (c && evidence.certified.registry === 'notary') live = await liveFacts(c, notaryProofOf(evidence.certified as NotaryCertified))
        const r = verifyCertified({ certified: evidence.certified, trust, subjectHash: documentHash, live, verify: verifyNode }, VERIFIERS)
        const out = verificationJson(r, evidence.source)
        print(o, out, () => verificationText(r))
        if (!r.valid) process.exitCode = 1
      }),
    )
}

type NotaryCertified = CertifiedRecord<{ batch: NotaryProof['batch']; grant: InclusionProof | null }>

interface Evidence {
  /** the record with its proof, of the registry the evidence names (a QR text names it; the rest are notary's) */
  certified: CertifiedRecord
  source: 'certificate' | 'qr' | 'bundle' | 'node'
}

/** The evidence given; pieces given together (certificate, QR text, bundle) must be about the same document. */
async function loadEvidence(o: Opts, c: ApiClient | null, documentHash: string | null): Promise<Evidence> {
  const first = await loadFirstEvidence(o, c, documentHash)
  const others = [
    ...(o.qr && first.source !== 'qr' ? [certifiedFromQr(o.qr as string, VERIFIERS)] : []),
    ...(o.bundle && first.source !== 'bundle'
      ? [notaryCertified(bundleFromJson(parseJson(new TextDecoder().decode(readFile(o.bundle as string, 'bundle')))).proof)]
      : []),
  ]
  const key = (p: CertifiedRecord): string =>
    `${p.registry === 'notary' ? provenRecord(notaryProofOf(p as NotaryCertified)).number : p.registry} ${toHex(sha256(p.proof.tx))}`
  for (const p of others) {
    if (key(p) !== key(first.certified)) {
      throw new DaejangError('PROOF_INVALID', `the evidence given is about different documents: ${key(first.certified)}, ${key(p)}`)
    }
  }
  return first
}

/** A notary bundle (proof and grant) as evidence. */
const fromBundle = (json: unknown, source: Evidence['source']): Evidence => {
  const b = bundleFromJson(json)
  return { certified: notaryCertified(b.proof, b.grant), source }
}

async function loadFirstEvidence(o: Opts, c: ApiClient | null, documentHash: string | null): Promise<Evidence> {
  if (o.certificate) {
    // bounded: PDF_TOO_COMPLEX when the file would cost too much to read, PROOF_INVALID when it is not ours; the
    // reader and the certificate's name for the bundle load only for this option (see the start-up note in main.ts)
    const [{ readAttachment }, { BUNDLE_FILE }] = await Promise.all([
      import('../../ledger/cert/attachment'),
      import('../../ledger/registries/notary/certificate'),
    ])
    const bundle = await readAttachment(readFile(o.certificate as string, 'certificate'), BUNDLE_FILE)
    return fromBundle(parseJson(new TextDecoder().decode(bundle)), 'certificate')
  }
  // the QR text names its registry and format: one this verifier does not know is refused, with the reason
  if (o.qr) return { certified: certifiedFromQr(o.qr as string, VERIFIERS), source: 'qr' }
  if (o.bundle) return fromBundle(parseJson(new TextDecoder().decode(readFile(o.bundle as string, 'bundle'))), 'bundle')
  if (c && (o.number || documentHash)) {
    let number = o.number as string | undefined
    if (!number) {
      const ds = await c.get<NotaryDocumentDto[]>(`/api/v1/notary/hashes/${documentHash!}`)
      if (!ds[0]) throw new DaejangError('NOT_FOUND', 'the node has no record of this file: it was never registered, or it was changed')
      number = ds[0].number
    }
    const b = await c.get<NotaryBundleJson>(`/api/v1/notary/documents/${enc(number)}/proof`)
    return fromBundle(b, 'node')
  }
  throw new DaejangError('SCHEMA_INVALID', 'give --certificate, --qr or --bundle (or --file/--number with --home)')
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new DaejangError('PROOF_INVALID', 'the proof bundle is not valid JSON')
  }
}

async function liveFacts(c: ApiClient, p: NotaryProof): Promise<LiveFacts> {
  const rec = provenRecord(p)
  const st = await c.get<StatusDto>('/api/v1/status')
  let document: NotaryDocumentDto | null = null
  try {
    document = await c.get<NotaryDocumentDto>(`/api/v1/notary/documents/${enc(rec.number)}`)
  } catch (e) {
    if (!(e instanceof DaejangError) || e.code !== 'NOT_FOUND') throw e
  }
  const info = await c.get<KeyInfoDto>(`/api/v1/identity/keys/${rec.notary}`)
  const credential = info.roles.find((r) => r.role === NOTARY_ROLE && r.agency === rec.agency) ?? null
  return { document, credential, height: st.height, time: st.lastBlockTime }
}

/** The status check's facts, when the registry has one (the notary's: live or as of the proof). */
function statusOf(r: CertifiedVerification): { live: boolean; asOf: { height: number; time: number } | null } {
  const st = r.checks.status as { live?: boolean; asOf?: { height: number; time: number } | null } | undefined
  return { live: st?.live ?? false, asOf: st?.asOf ?? r.asOf }
}

const numberOf = (r: CertifiedVerification): string | null => (r.record as { number?: string } | null)?.number ?? null

function verificationJson(r: CertifiedVerification, source: Evidence['source']): Record<string, unknown> {
  const st = statusOf(r)
  return {
    valid: r.valid,
    verdict: r.verdict,
    registry: r.registry,
    format: r.format,
    number: numberOf(r),
    source,
    live: st.live,
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
function verificationText(r: CertifiedVerification): string {
  const mark = (c: { result: string }) => (c.result === 'pass' ? '✓' : c.result === 'fail' ? '✗' : '–')
  const { asOf, live } = statusOf(r)
  const number = numberOf(r) ?? ''
  const head =
    r.verdict === 'valid'
      ? tone(`VALID: ${number}`, 'ok')
      : r.verdict === 'valid-as-of' && asOf
        ? tone(`VALID AS OF BLOCK ${asOf.height} (${utcTime(asOf.time)}) — later revocation not checked: ${number}`, 'warn') +
          '\n  (checked offline; give --home <node> to ask a node for the current status)'
        : tone(`NOT VALID${number ? ': ' + number : ''}`, 'bad')
  const label = (name: string): string => (name === 'status' ? `status${live ? ' (live)' : ' (as of the proof)'}` : name)
  return [head, ...Object.entries(r.checks).map(([name, c]) => `  ${mark(c)} ${label(name)}: ${c.detail}`)].join('\n')
}
