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

/** One line of a numbered form (the HCCH apostille model): an item, a pair of items side by side, or a heading. */
export type FormRow =
  | { kind: 'item'; label: string; value: string }
  | { kind: 'pair'; items: [{ label: string; value: string }, { label: string; value: string }] }
  | { kind: 'heading'; text: string }

export interface CertificateSpec {
  lang: 'ko' | 'en'
  /** who issues it, at the top left: the agency's name, and a line under it (e.g. the country) */
  issuer: { name: string; detail: string }
  /** the title, centred under the header */
  title: string
  /** a line under the title (e.g. the convention an apostille is issued under) */
  subtitle: string
  /** a large line under the subtitle, e.g. the record's number, or null */
  headline: string | null
  /** a bordered form of numbered items (an apostille's ten), or null */
  form: FormRow[] | null
  sections: Array<{ heading: string; rows: Array<[string, string]> }>
  /** a coloured note above the sections (e.g. "REVOKED"), or null */
  banner: { text: string; tone: 'warning' | 'danger' } | null
  qr: { text: string; caption: string; level?: QrErrorLevel }
  /** a boxed "how to verify", in plain words: a heading and numbered steps */
  verify: { heading: string; steps: string[] }
  /** small print at the foot of the page */
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
export function padSubsetGlyphs(fontBytes: Uint8Array): void {
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
/** the top margin: smaller than the sides, so a full apostille, its record and the verify box fit one page */
const TOP = 42
const INK = rgb(0.1, 0.12, 0.16)
const MUTED = rgb(0.38, 0.42, 0.48)
const RULE = rgb(0.8, 0.83, 0.87)
const ACCENT = rgb(0.12, 0.37, 0.68)
const BOX = rgb(0.95, 0.97, 1)

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
    this.y = A4[1] - TOP
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
  /** a line centred on the page */
  centred(s: string, o: { size: number; bold?: boolean; color?: ReturnType<typeof rgb>; gap?: number }): void {
    const font = o.bold ? this.fonts.bold : this.fonts.regular
    for (const line of wrap(s, font, o.size, A4[0] - 2 * MARGIN)) {
      this.y -= o.size * 1.25
      const x = (A4[0] - textWidth(font, line, o.size)) / 2
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

/**
 * The numbered form in a double-ruled frame: each item its label (muted, small) over its value, two items side by
 * side in a pair, headings ("This public document", "Certified") in bold between them.
 */
function drawForm(w: Writer, rows: FormRow[]): void {
  const { page } = w
  const full = A4[0] - 2 * MARGIN
  const pad = 14
  const inner = full - 2 * pad
  const top = (w.y -= 12)
  w.y -= 6
  const cell = (x: number, width: number, label: string, value: string): number => {
    const start = w.y
    w.text(label, { x, size: 8.5, color: MUTED, width, gap: 1 })
    w.text(value || '—', { x: x + 10, size: 11, bold: true, width: width - 10 })
    const end = w.y
    w.y = start
    return end
  }
  rows.forEach((row, i) => {
    if (row.kind === 'heading') {
      w.y -= 4
      w.text(row.text, { x: MARGIN + pad, size: 10, bold: true, width: inner, gap: 2 })
      return
    }
    if (i > 0 && rows[i - 1]!.kind !== 'heading') {
      w.y -= 3
      page.drawLine({ start: { x: MARGIN + pad, y: w.y }, end: { x: MARGIN + full - pad, y: w.y }, thickness: 0.4, color: RULE })
    }
    w.y -= 2
    if (row.kind === 'item') w.y = cell(MARGIN + pad, inner, row.label, row.value)
    else {
      const half = (inner - 16) / 2
      const a = cell(MARGIN + pad, half, row.items[0].label, row.items[0].value)
      const b = cell(MARGIN + pad + half + 16, half, row.items[1].label, row.items[1].value)
      w.y = Math.min(a, b)
    }
  })
  w.y -= 12
  const h = top - w.y
  page.drawRectangle({ x: MARGIN, y: w.y, width: full, height: h, borderColor: INK, borderWidth: 1.2 })
  page.drawRectangle({ x: MARGIN + 3, y: w.y + 3, width: full - 6, height: h - 6, borderColor: INK, borderWidth: 0.5 })
  w.y -= 4
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
  const full = A4[0] - 2 * MARGIN

  // the QR code, top right, 3 cm with its quiet zone, and its caption under it
  const side = QR_SIDE_MM * MM
  const m = qrMatrix(spec.qr.text, spec.qr.level ?? 'L')
  const qrX = A4[0] - MARGIN - side
  const qrY = A4[1] - TOP - side
  const { moduleMm } = drawQr(page, m, qrX, qrY, side)
  const captionWidth = side + 24
  let cy = qrY - 2
  for (const line of wrap(spec.qr.caption, regular, 7, captionWidth)) {
    cy -= 9
    page.drawText(line, { x: A4[0] - MARGIN - textWidth(regular, line, 7), y: cy, size: 7, font: regular, color: MUTED })
  }

  // the issuing agency, top left, beside the code
  const headWidth = qrX - MARGIN - 24
  w.y -= 8
  w.text(spec.issuer.name, { size: 15, bold: true, width: headWidth, gap: 2 })
  w.text(spec.issuer.detail, { size: 9.5, color: MUTED, width: headWidth })
  w.y -= 6
  page.drawLine({ start: { x: MARGIN, y: w.y }, end: { x: MARGIN + headWidth, y: w.y }, thickness: 1.4, color: INK })
  w.y = Math.min(w.y, cy) - 4

  // the title, centred
  w.centred(spec.title, { size: 26, bold: true, gap: 1 })
  w.centred(spec.subtitle, { size: 9.5, color: MUTED, gap: 2 })
  if (spec.headline) w.centred(spec.headline, { size: 14, bold: true, gap: 2 })

  if (spec.banner) {
    w.y -= 10
    const color = spec.banner.tone === 'danger' ? rgb(0.75, 0.1, 0.1) : rgb(0.8, 0.45, 0.0)
    const lines = wrap(spec.banner.text, bold, 11, full - 16)
    const h = lines.length * 13.75 + 12
    page.drawRectangle({ x: MARGIN, y: w.y - h, width: full, height: h, borderColor: color, borderWidth: 1.2 })
    w.y -= 4
    w.text(spec.banner.text, { x: MARGIN + 8, size: 11, bold: true, color, width: full - 16, gap: 8 })
  }

  if (spec.form) drawForm(w, spec.form)

  const labelWidth = 128
  for (const section of spec.sections) {
    w.y -= 8
    w.text(section.heading, { size: 10, bold: true, gap: 3 })
    w.rule(0)
    w.y -= 1
    for (const [label, value] of section.rows) {
      const top = w.y
      w.text(label, { size: 8.5, color: MUTED, width: labelWidth - 8 })
      const afterLabel = w.y
      w.y = top
      w.text(value || '—', { x: MARGIN + labelWidth, size: 9.5, gap: 1.5 })
      w.y = Math.min(w.y, afterLabel - 1.5)
    }
  }

  // how to verify: a box in plain words
  w.y -= 12
  const stepX = MARGIN + 26
  const stepW = full - 38
  const steps = spec.verify.steps.map((st) => wrap(st, regular, 8.5, stepW))
  const boxH = 8 + 9.5 * 1.25 + 5 + steps.reduce((n, l) => n + l.length * 10.6 + 3, 0) + 6
  page.drawRectangle({ x: MARGIN, y: w.y - boxH, width: full, height: boxH, borderColor: ACCENT, borderWidth: 1, color: BOX })
  w.y -= 8
  w.text(spec.verify.heading, { x: MARGIN + 12, size: 9.5, bold: true, color: ACCENT, gap: 5 })
  steps.forEach((lines, i) => {
    page.drawText(`${i + 1}.`, { x: MARGIN + 13, y: w.y - 10.6, size: 8.5, font: bold, color: INK })
    for (const line of lines) {
      w.y -= 10.6
      page.drawText(line, { x: stepX, y: w.y, size: 8.5, font: regular, color: INK })
    }
    w.y -= 3
  })

  // small print at the foot of the page
  const footerLines = spec.footer.map((p) => wrap(p, regular, 7, full))
  let fy = TOP - 9 + footerLines.reduce((n, l) => n + l.length * 9, 0)
  for (const para of footerLines) {
    for (const line of para) {
      page.drawText(line, { x: MARGIN, y: fy, size: 7, font: regular, color: MUTED })
      fy -= 9
    }
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
