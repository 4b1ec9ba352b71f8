/**
 * Reading the files attached to a PDF from hostile certificates: a name tree whose Kids point back at themselves, and
 * attachments that inflate far beyond their size, are read in bounded time and memory.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { MAX_ATTACHMENT_BYTES, readAttachments } from '../../src/ledger/cert/attachment'

/** A PDF with this attachment, reopened so that its name tree can be edited. */
async function withAttachment(bytes: Uint8Array, name: string): Promise<{ doc: PDFDocument; tree: PDFDict }> {
  const made = await PDFDocument.create()
  made.addPage()
  await made.attach(bytes, name, { mimeType: 'application/octet-stream' })
  const doc = await PDFDocument.load(await made.save())
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict)
  const tree = names.lookup(PDFName.of('EmbeddedFiles'), PDFDict)
  // an indirect object, so that it can be referred to
  names.set(PDFName.of('EmbeddedFiles'), doc.context.register(tree))
  return { doc, tree }
}

describe('PDF attachments from hostile files', () => {
  it('a name tree whose kids point back at itself is walked once (50 kids, 8 levels deep would never end)', async () => {
    const { doc, tree } = await withAttachment(new TextEncoder().encode('{}'), 'proof-bundle.json')
    const ref = doc.context.getObjectRef(tree)!
    tree.set(PDFName.of('Kids'), doc.context.obj([ref, ref]))
    const atts = await readAttachments(await doc.save())
    expect(atts.map((a) => a.name)).toEqual(['proof-bundle.json'])
  })

  it('an attachment that inflates beyond the limit is refused, not decoded', async () => {
    // zeros compress about a thousand to one: a 16 MiB certificate could otherwise inflate to 16 GiB
    const { doc } = await withAttachment(new Uint8Array(MAX_ATTACHMENT_BYTES + 1), 'proof-bundle.json')
    const pdf = await doc.save()
    expect(pdf.length).toBeLessThan(MAX_ATTACHMENT_BYTES / 100)
    await expect(readAttachments(pdf)).rejects.toThrow(/attachments inflate to more than/)
  })

  it('many entries naming the same inflating attachment count against one budget', async () => {
    const { doc, tree } = await withAttachment(new Uint8Array(MAX_ATTACHMENT_BYTES / 2), 'a.bin')
    const pairs = tree.lookup(PDFName.of('Names'), PDFArray)
    const [name, spec] = [pairs.get(0), pairs.get(1)]
    for (let i = 0; i < 20; i++) {
      pairs.push(name)
      pairs.push(spec)
    }
    await expect(readAttachments(await doc.save())).rejects.toThrow(/attachments inflate to more than/)
  })
})
