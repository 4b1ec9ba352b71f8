/**
 * Files attached inside a PDF (its EmbeddedFiles name tree): how a verifier gets the proof bundle back out of a
 * certificate. Portable (pdf-lib only).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib'

/**
 * What all attachments of one PDF may inflate to, together. A proof bundle is a few kilobytes (a full commit of many
 * validators and a grant: well under 1 MiB); a hostile file's streams compress about a thousand to one.
 */
export const MAX_ATTACHMENT_BYTES = 8 << 20
const CHUNK = 64 << 10

export interface PdfAttachment {
  name: string
  bytes: Uint8Array
}

function text(o: unknown): string | null {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null
}

/** Every file attached to the document (first level of the name tree and its kids). */
export async function readAttachments(pdf: Uint8Array): Promise<PdfAttachment[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true })
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)
  const out: PdfAttachment[] = []
  // each node of the tree once: Kids that point back at a node would otherwise make the walk exponential
  const seen = new Set<PDFDict>()
  let budget = MAX_ATTACHMENT_BYTES
  const visit = (node: PDFDict | undefined, depth: number): void => {
    if (!node || depth > 8 || seen.has(node)) return
    seen.add(node)
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const name = text(pairs.lookup(i))
      const spec = pairs.lookup(i + 1)
      if (name === null || !(spec instanceof PDFDict)) continue
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict)
      const stream = ef?.lookup(PDFName.of('F'))
      if (!(stream instanceof PDFRawStream)) continue
      out.push({ name, bytes: inflate(stream) })
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    for (let i = 0; kids && i < kids.size(); i++) visit(kids.lookupMaybe(i, PDFDict), depth + 1)
  }
  /** a stream's bytes, a chunk at a time, no more than the budget left */
  const inflate = (stream: PDFRawStream): Uint8Array => {
    const s = decodePDFRawStream(stream)
    const chunks: Uint8Array[] = []
    for (let c = s.getBytes(CHUNK); c.length > 0; c = s.getBytes(CHUNK)) {
      if (c.length > budget) throw new Error(`the PDF's attachments inflate to more than ${MAX_ATTACHMENT_BYTES} bytes`)
      budget -= c.length
      chunks.push(Uint8Array.from(c))
    }
    const bytes = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0))
    let at = 0
    for (const c of chunks) {
      bytes.set(c, at)
      at += c.length
    }
    return bytes
  }
  visit(tree, 0)
  return out
}
