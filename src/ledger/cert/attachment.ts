/**
 * Files attached inside a PDF (its EmbeddedFiles name tree): how a verifier gets the proof bundle back out of a
 * certificate. The PDF is untrusted, so it is read by the bounded reader (pdf-read.ts), never by a full PDF library:
 * only the objects on the way to the attachments are parsed, and only the attachments are inflated, within budgets.
 * Portable.
 */
import { DaejangError, isDaejangError } from '../../shared/errors'
import { BoundedPdf, Budget, type PDict, PStream, PString, type PdfValue, tooComplex } from './pdf-read'

export { MAX_CERTIFICATE_BYTES } from './pdf-read'

/**
 * What all attachments of one PDF may inflate to, together. A proof bundle is a few kilobytes (a full commit of many
 * validators and a grant: well under 1 MiB); a hostile file's streams compress about a thousand to one.
 */
export const MAX_ATTACHMENT_BYTES = 8 << 20
/** Nodes of the name tree visited, and its depth: a certificate's tree is one node. */
const MAX_TREE_NODES = 10_000
const MAX_TREE_DEPTH = 16

export interface PdfAttachment {
  name: string
  bytes: Uint8Array
}

/**
 * Every file attached to the document (the whole EmbeddedFiles name tree, each node once). Throws DaejangError
 * FILE_TOO_LARGE or PDF_TOO_COMPLEX when a limit is reached, PdfSyntaxError when the file is not a readable PDF.
 */
export async function readAttachments(pdf: Uint8Array): Promise<PdfAttachment[]> {
  return Promise.resolve().then(() => readAttachmentsSync(pdf))
}

export function readAttachmentsSync(pdf: Uint8Array): PdfAttachment[] {
  const doc = new BoundedPdf(pdf)
  const names = doc.dictOf(doc.catalog()?.get('Names'))
  const out: PdfAttachment[] = []
  const budget = new Budget(MAX_ATTACHMENT_BYTES, `the PDF's attachments inflate to more than ${MAX_ATTACHMENT_BYTES} bytes`)
  const seen = new Set<unknown>()
  const visit = (ref: PdfValue | undefined, depth: number): void => {
    const node = doc.dictOf(ref)
    if (!node || seen.has(BoundedPdf.key(ref)) || seen.has(node)) return
    if (depth > MAX_TREE_DEPTH) throw tooComplex(`a name tree deeper than ${MAX_TREE_DEPTH}`)
    if (seen.size >= MAX_TREE_NODES) throw tooComplex(`a name tree of more than ${MAX_TREE_NODES} nodes`)
    seen.add(BoundedPdf.key(ref))
    seen.add(node)
    const pairs = doc.resolve(node.get('Names'))
    for (let i = 0; Array.isArray(pairs) && i + 1 < pairs.length; i += 2) {
      const name = doc.resolve(pairs[i])
      const spec = doc.dictOf(pairs[i + 1])
      if (!(name instanceof PString) || !spec) continue
      const stream = attachedStream(doc, spec)
      if (stream) out.push({ name: name.text(), bytes: doc.decode(stream, budget) })
    }
    const kids = doc.resolve(node.get('Kids'))
    for (let i = 0; Array.isArray(kids) && i < kids.length; i++) visit(kids[i], depth + 1)
  }
  visit(names?.get('EmbeddedFiles'), 0)
  return out
}

function attachedStream(doc: BoundedPdf, spec: PDict): PStream | null {
  const f = doc.resolve(doc.dictOf(spec.get('EF'))?.get('F'))
  return f instanceof PStream ? f : null
}

/**
 * The bytes of the attached file of this name, or a DaejangError with a stable code: FILE_TOO_LARGE, PDF_TOO_COMPLEX
 * (a budget of the bounded reader was reached), PROOF_INVALID (not a readable PDF, or no such attachment).
 */
export async function readAttachment(pdf: Uint8Array, name: string): Promise<Uint8Array> {
  let atts: PdfAttachment[]
  try {
    atts = await readAttachments(pdf)
  } catch (e) {
    if (isDaejangError(e)) throw e
    throw new DaejangError('PROOF_INVALID', `not a readable PDF: ${(e as Error).message}`)
  }
  const att = atts.find((a) => a.name === name)
  if (!att) throw new DaejangError('PROOF_INVALID', `the PDF carries no ${name}`)
  return att.bytes
}
