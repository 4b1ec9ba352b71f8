/**
 * Files attached inside a PDF (its EmbeddedFiles name tree): how a verifier gets the proof bundle back out of a
 * certificate. Portable (pdf-lib only).
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString, decodePDFRawStream } from 'pdf-lib'

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
  const visit = (node: PDFDict | undefined, depth: number): void => {
    if (!node || depth > 8) return
    const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
      const name = text(pairs.lookup(i))
      const spec = pairs.lookup(i + 1)
      if (name === null || !(spec instanceof PDFDict)) continue
      const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict)
      const stream = ef?.lookup(PDFName.of('F'))
      if (stream instanceof PDFRawStream) out.push({ name, bytes: decodePDFRawStream(stream).decode() })
    }
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    for (let i = 0; kids && i < kids.size(); i++) visit(kids.lookupMaybe(i, PDFDict), depth + 1)
  }
  visit(tree, 0)
  return out
}
