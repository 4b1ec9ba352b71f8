/**
 * The certificate framework every registry uses (docs/adr/0016): an A4 PDF laid out from a spec — title, sections
 * of labelled rows, a QR code drawn as vectors carrying the compact proof, a footer that says in words how to
 * verify, and the full proof bundle attached as a file. Text is set in an embedded subset of a Korean-capable OFL
 * font (pdf-lib + fontkit). Portable apart from where the font bytes come from (fonts-node.ts in Node).
 */
import fontkit from '@pdf-lib/fontkit'
import { AFRelationship, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import { type QrErrorLevel, drawQr, qrMatrix } from './qr'

export interface CertificateFonts {
  regular: Uint8Array
  bold: Uint8Array
}

export interface CertificateSpec {
  lang: 'ko' | 'en'
  title: string
  subtitle: string
  /** a large line under the title, e.g. the record's number */
  headline: string
  sections: Array<{ heading: string; rows: Array<[string, string]> }>
  /** a coloured note above the sections (e.g. "REVOKED"), or null */
  banner: { text: string; tone: 'warning' | 'danger' } | null
  qr: { text: string; caption: string; level?: QrErrorLevel }
  /** paragraphs at the foot of the page: how to verify, in words */
  footer: string[]
  attachment: { name: string; bytes: Uint8Array; mimeType: string; description: string }
  meta: { title: string; subject: string; keywords: string[]; date: Date; producer: string }
}

export interface RenderedCertificate {
  pdf: Uint8Array
  qr: { version: number; level: QrErrorLevel; modules: number; sideMm: number; moduleMm: number; chars: number }
}

let subsetPatched = false

/**
 * fontkit's TrueType subsetter writes the short `loca` format (offsets halved) without padding glyphs to an even
 * length, so every glyph after one of odd length points into the wrong bytes (Nanum Gothic and Noto Sans KR have
 * such glyphs: characters vanished from certificates). Pad each copied glyph to an even length, once per process.
 */
function padSubsetGlyphs(fontBytes: Uint8Array): void {
  if (subsetPatched) return
  type Subset = { glyf: Uint8Array[]; offset: number; _addGlyph(gid: number): number }
  const proto = Object.getPrototypeOf(fontkit.create(fontBytes).createSubset()) as Subset
  const original = proto._addGlyph
  proto._addGlyph = function (this: Subset, gid: number): number {
    const r = original.call(this, gid)
    const last = this.glyf[this.glyf.length - 1]!
    if (last.length % 2 === 1) {
      // the same Buffer type fontkit writes (Node's, or its browser polyfill); a plain Uint8Array is refused
      const B = last.constructor as unknown as { alloc(n: number): Uint8Array }
      const even = B.alloc(last.length + 1)
      even.set(last)
      this.glyf[this.glyf.length - 1] = even
      this.offset += 1
    }
    return r
  }
  subsetPatched = true
}

/** Printed side of the QR code including its quiet zone: 3 cm. */
export const QR_SIDE_MM = 30
const MM = 72 / 25.4
const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56
const INK = rgb(0.1, 0.12, 0.16)
const MUTED = rgb(0.38, 0.42, 0.48)
const RULE = rgb(0.8, 0.83, 0.87)

const advances = new WeakMap<PDFFont, Map<string, number>>()

/**
 * Width of a text at a size, from per-character advances (cached per font): a full shaping run per measurement
 * costs far more, and these fonts have no kerning that matters on a certificate.
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let m = advances.get(font)
  if (!m) advances.set(font, (m = new Map()))
  let w = 0
  for (const ch of text) {
    let a = m.get(ch)
    if (a === undefined) m.set(ch, (a = font.widthOfTextAtSize(ch, 1000)))
    w += a
  }
  return (w * size) / 1000
}

/** Split text into lines no wider than `width`: at spaces, and inside words too long for a line (hashes, Korean). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const word of para.split(/(?<=\s)/)) {
      if (textWidth(font, line + word, size) <= width) {
        line += word
        continue
      }
      if (line.trim()) lines.push(line.trimEnd())
      line = ''
      for (const ch of word) {
        if (textWidth(font, line + ch, size) > width && line) {
          lines.push(line)
          line = ''
        }
        line += ch
      }
    }
    lines.push(line.trimEnd())
  }
  return lines
}

class Writer {
  y: number
  constructor(
    readonly page: PDFPage,
    readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.y = A4[1] - MARGIN
  }
  text(s: string, o: { x?: number; size: number; bold?: boolean; width?: number; color?: ReturnType<typeof rgb>; gap?: number }): void {
    const font = o.bold ? this.fonts.bold : this.fonts.regular
    const x = o.x ?? MARGIN
    for (const line of wrap(s, font, o.size, o.width ?? A4[0] - x - MARGIN)) {
      this.y -= o.size * 1.25
      this.page.drawText(line, { x, y: this.y, size: o.size, font, color: o.color ?? INK })
    }
    this.y -= o.gap ?? 0
  }
  rule(gap = 8): void {
    this.y -= gap
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.6, color: RULE })
    this.y -= gap
  }
}

export async function renderCertificate(spec: CertificateSpec, fonts: CertificateFonts): Promise<RenderedCertificate> {
  padSubsetGlyphs(fonts.regular)
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(fontkit)
  const regular = await doc.embedFont(fonts.regular, { subset: true })
  const bold = await doc.embedFont(fonts.bold, { subset: true })
  doc.setTitle(spec.meta.title)
  doc.setSubject(spec.meta.subject)
  doc.setKeywords(spec.meta.keywords)
  doc.setProducer(spec.meta.producer)
  doc.setCreator(spec.meta.producer)
  doc.setLanguage(spec.lang === 'ko' ? 'ko-KR' : 'en')
  doc.setCreationDate(spec.meta.date)
  doc.setModificationDate(spec.meta.date)
  const page = doc.addPage(A4)
  const w = new Writer(page, { regular, bold })

  // the QR code, top right, 3 cm with its quiet zone
  const side = QR_SIDE_MM * MM
  const m = qrMatrix(spec.qr.text, spec.qr.level ?? 'L')
  const qrX = A4[0] - MARGIN - side
  const qrY = A4[1] - MARGIN - side
  const { moduleMm } = drawQr(page, m, qrX, qrY, side)
  const captionWidth = side + 30
  let cy = qrY
  for (const line of wrap(spec.qr.caption, regular, 6.5, captionWidth)) {
    cy -= 8
    page.drawText(line, { x: qrX - 30, y: cy, size: 6.5, font: regular, color: MUTED })
  }

  const textWidth = qrX - MARGIN - 16
  w.text(spec.title, { size: 20, bold: true, width: textWidth, gap: 2 })
  w.text(spec.subtitle, { size: 10, color: MUTED, width: textWidth, gap: 10 })
  w.text(spec.headline, { size: 15, bold: true, width: textWidth })
  w.y = Math.min(w.y, cy - 6)
  if (spec.banner) {
    w.y -= 10
    const color = spec.banner.tone === 'danger' ? rgb(0.75, 0.1, 0.1) : rgb(0.8, 0.45, 0.0)
    const lines = wrap(spec.banner.text, bold, 11, A4[0] - 2 * MARGIN - 16)
    const h = lines.length * 14 + 10
    page.drawRectangle({ x: MARGIN, y: w.y - h, width: A4[0] - 2 * MARGIN, height: h, borderColor: color, borderWidth: 1.2 })
    w.y -= 4
    w.text(spec.banner.text, { x: MARGIN + 8, size: 11, bold: true, color, width: A4[0] - 2 * MARGIN - 16, gap: 6 })
  }

  const labelWidth = 150
  for (const section of spec.sections) {
    w.rule()
    w.text(section.heading, { size: 10, bold: true, color: MUTED, gap: 4 })
    for (const [label, value] of section.rows) {
      const top = w.y
      w.text(label, { size: 9, color: MUTED, width: labelWidth - 10 })
      const afterLabel = w.y
      w.y = top
      w.text(value || '—', { x: MARGIN + labelWidth, size: 10.5, gap: 3 })
      w.y = Math.min(w.y, afterLabel - 3)
    }
  }

  // footer: how to verify
  const footerLines = spec.footer.map((p) => wrap(p, regular, 7.5, A4[0] - 2 * MARGIN))
  let fy = MARGIN + footerLines.reduce((n, l) => n + l.length * 9.5 + 3, 0)
  page.drawLine({ start: { x: MARGIN, y: fy + 6 }, end: { x: A4[0] - MARGIN, y: fy + 6 }, thickness: 0.6, color: RULE })
  for (const para of footerLines) {
    for (const line of para) {
      fy -= 9.5
      page.drawText(line, { x: MARGIN, y: fy, size: 7.5, font: regular, color: MUTED })
    }
    fy -= 3
  }

  await doc.attach(spec.attachment.bytes, spec.attachment.name, {
    mimeType: spec.attachment.mimeType,
    description: spec.attachment.description,
    creationDate: spec.meta.date,
    modificationDate: spec.meta.date,
    afRelationship: AFRelationship.Supplement,
  })
  const pdf = await doc.save({ useObjectStreams: true })
  return {
    pdf,
    qr: { version: m.version, level: m.level, modules: m.size, sideMm: QR_SIDE_MM, moduleMm, chars: spec.qr.text.length },
  }
}
