/**
 * The verifier's inputs and how files are sorted into them: the document (hashed here, in the page), the certificate
 * (a PDF carrying our proof), a trust list (JSON), the QR text and a number. One job: holding what the user gave.
 * VerifyPanel.vue shows them; run.ts verifies them.
 */
import { ref, shallowRef } from 'vue'
import type { TrustList } from '../../../ledger/proofs/proof'
import type { StatusProof } from '../../../ledger/registries/notary/portable/state-cert'
import {
  type Evidence,
  EvidenceError,
  MAX_CERTIFICATE_BYTES,
  evidenceFromCertificate,
  evidenceKey,
  hashBlob,
  looksLikeStatusProof,
  otherCertifiedOf,
  parseTrust,
  statusProofOf,
} from './evidence'
import type { AnyVerifier, CertifiedRecord } from '../../../ledger/verify/framework'

/** The record's label (its number), or null when the evidence cannot be read as one (the verifier says why). */
function safeLabel(v: AnyVerifier, c: CertifiedRecord): string | null {
  try {
    return v.label!(v.record(c))
  } catch {
    return null
  }
}

export interface DocFile {
  name: string
  size: number
  hash: string | null
  progress: number
  promise: Promise<string>
}
export interface CertFile {
  name: string
  size: number
  evidence: Evidence | null
  number: string | null
  error: string | null
  /** a certified record of another registry the PDF carries (a land extract), verified by its own verifier */
  other?: CertifiedRecord | null
}
/** A status proof file (daejang notary status-proof): the status as of its block, checked when verifying. */
export interface StatusProofFile {
  name: string
  proof: StatusProof | null
  error: string | null
  /** a later proof of another registry's record (a land register's range proof), as parsed JSON: its verifier reads it */
  other?: unknown
}
export interface TrustFile {
  name: string
  list: TrustList | null
  error: string | null
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46] // %PDF
const MAX_TRUST_FILE = 1 << 20

async function isPdf(f: File): Promise<boolean> {
  const head = new Uint8Array(await f.slice(0, 4).arrayBuffer())
  return PDF_MAGIC.every((b, i) => head[i] === b)
}

/** What the panel does when inputs change: drop the old answer (`stale`), and verify again if it can (`ready`). */
export interface InputHooks {
  stale(): void
  ready(): void
  /** the screen's verifiers: a PDF of another registry (a land extract) is read by its verifier's attachment */
  verifiers?: readonly AnyVerifier[]
}

/** `problemText`: an error in the user's words. */
export function useVerifyInputs(problemText: (e: unknown) => string, hooks: InputHooks) {
  const doc = shallowRef<DocFile | null>(null)
  const cert = shallowRef<CertFile | null>(null)
  const trustFile = shallowRef<TrustFile | null>(null)
  const statusProofs = shallowRef<StatusProofFile[]>([])
  const qr = ref('')
  const number = ref('')

  function setDocument(f: File): void {
    const entry: DocFile = { name: f.name, size: f.size, hash: null, progress: 0, promise: Promise.resolve('') }
    entry.promise = hashBlob(f, (done, total) => {
      if (doc.value?.name === f.name) doc.value = { ...doc.value, progress: total === 0 ? 1 : done / total }
    }).then((hash) => {
      if (doc.value && doc.value.promise === entry.promise) doc.value = { ...doc.value, hash, progress: 1 }
      return hash
    })
    doc.value = entry
  }

  function certificateEntry(f: File, evidence: Evidence | null, err: unknown): CertFile {
    if (evidence) {
      try {
        return { name: f.name, size: f.size, evidence, number: evidenceKey(evidence).number, error: null }
      } catch (e) {
        err = new EvidenceError('bad-bundle', (e as Error).message)
      }
    }
    return { name: f.name, size: f.size, evidence: null, number: null, error: problemText(err) }
  }

  /** The certificate's entry, and the error that made it none (for telling a plain PDF from a damaged proof). */
  async function readCertificate(f: File): Promise<{ entry: CertFile; err: unknown }> {
    try {
      return { entry: certificateEntry(f, await evidenceFromCertificate(new Uint8Array(await f.arrayBuffer())), null), err: null }
    } catch (e) {
      if (e instanceof EvidenceError && e.reason === 'no-bundle' && hooks.verifiers) {
        try {
          const other = await otherCertifiedOf(new Uint8Array(await f.arrayBuffer()), hooks.verifiers)
          const v = other ? hooks.verifiers.find((x) => x.registry === other.registry) : undefined
          if (other) return { entry: { name: f.name, size: f.size, evidence: null, number: v?.label ? safeLabel(v, other) : null, error: null, other }, err: null }
        } catch (e2) {
          return { entry: certificateEntry(f, null, e2), err: e2 }
        }
      }
      return { entry: certificateEntry(f, null, e), err: e }
    }
  }

  function setTrust(name: string, text: string): void {
    try {
      trustFile.value = { name, list: parseTrust(text), error: null }
    } catch (e) {
      trustFile.value = { name, list: null, error: problemText(e) }
    }
  }

  /** The JSON of a later proof another registry's verifier reads (a land register's range proof), or undefined. */
  function otherLaterOf(text: string): unknown {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return undefined
    }
    for (const v of hooks.verifiers ?? []) {
      if (!v.later || v.registry === 'notary') continue
      try {
        v.later(json)
        return json
      } catch {
        // not this registry's
      }
    }
    return undefined
  }

  function addStatusProof(name: string, text: string): void {
    let entry: StatusProofFile
    const other = otherLaterOf(text)
    if (other !== undefined) {
      statusProofs.value = [...statusProofs.value.filter((x) => x.name !== name), { name, proof: null, error: null, other }]
      return
    }
    try {
      entry = { name, proof: statusProofOf(text), error: null }
    } catch (e) {
      entry = { name, proof: null, error: problemText(e) }
    }
    statusProofs.value = [...statusProofs.value.filter((x) => x.name !== name), entry]
  }

  /** Sorts dropped files: a status proof, a trust list, a certificate (a PDF with our proof attached), else the document. */
  async function addFiles(files: File[]): Promise<void> {
    hooks.stale()
    for (const f of files) {
      if (f.name.toLowerCase().endsWith('.json') && f.size < MAX_TRUST_FILE) {
        const text = await f.text()
        if (looksLikeStatusProof(text) || otherLaterOf(text) !== undefined) {
          addStatusProof(f.name, text)
          continue
        }
        if (text.includes('"validators"') || text.includes('daejang-trust')) {
          setTrust(f.name, text)
          continue
        }
      }
      // a PDF larger than any certificate is a document (never read whole into memory to look for a proof)
      if (f.size <= MAX_CERTIFICATE_BYTES && (await isPdf(f))) {
        const { entry, err } = await readCertificate(f)
        // a PDF without our proof is the document (a notarized file may well be a PDF); a damaged proof is shown
        if (!(err instanceof EvidenceError && (err.reason === 'no-bundle' || err.reason === 'not-pdf'))) {
          cert.value = entry
          continue
        }
      }
      setDocument(f)
    }
    hooks.ready()
  }

  return {
    doc,
    cert,
    trustFile,
    statusProofs,
    qr,
    number,
    addFiles,
    async setStatusProofs(files: File[]): Promise<void> {
      hooks.stale()
      for (const f of files) addStatusProof(f.name, f.size > MAX_TRUST_FILE ? '' : await f.text())
      hooks.ready()
    },
    removeStatusProof(name: string): void {
      statusProofs.value = statusProofs.value.filter((x) => x.name !== name)
      hooks.stale()
    },
    setDocument(f: File): void {
      setDocument(f)
      hooks.stale()
      hooks.ready()
    },
    async setCertificate(files: File[]): Promise<void> {
      const f = files[0]
      if (!f) return
      hooks.stale()
      cert.value = (await readCertificate(f)).entry
      hooks.ready()
    },
    async setTrustFiles(files: File[]): Promise<void> {
      const f = files[0]
      if (!f) return
      hooks.stale()
      setTrust(f.name, f.size > MAX_TRUST_FILE ? '' : await f.text())
      hooks.ready()
    },
    clear(): void {
      doc.value = null
      cert.value = null
      statusProofs.value = []
      qr.value = ''
      number.value = ''
    },
  }
}
