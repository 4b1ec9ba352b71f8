/**
 * The extract's PDF (docs/adr/0036): A4 pages in the register's section layout — 표제부, then 갑구 and 을구 as tables
 * of 순위번호 | 등기목적 | 접수 | 등기원인 | 권리자 및 기타사항, cancelled entries struck through — laid out from the text
 * the verifier derives again (portable/verify-model.ts); the QR code with the digest on the first page; the issue
 * time, the block and how to verify at the foot of the last; the bundle attached. Fonts, text measure, wrapping and
 * the QR drawing are the certificate framework's (cert/pdf.ts, cert/qr.ts).
 */
import fontkit from '@pdf-lib/fontkit'
import { AFRelationship, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import { type CertificateFonts, padSubsetGlyphs, textWidth, wrap } from '../../cert/pdf'
import { QR_SIDE_MM } from '../../cert/pdf'
import { drawQr, qrMatrix } from '../../cert/qr'
import { utf8 } from '../../codec/bytes'
import type { BuiltExtract } from './extract'
import { EXTRACT_BUNDLE_FILE } from './portable/verify-format'
import { type ExtractRow, kstTimeText } from './portable/verify-model'

export interface RenderedExtract {
  pdf: Uint8Array
  qr: { version: number; level: string; modules: number; chars: number }
  pages: number
}

const MM = 72 / 25.4
const A4: [number, number] = [595.28, 841.89]
const MARGIN = 40
const INK = rgb(0.1, 0.12, 0.16)
const MUTED = rgb(0.38, 0.42, 0.48)
const RULE = rgb(0.55, 0.58, 0.62)
const STRIKE = rgb(0.78, 0.1, 0.1)
const HEAD_FILL = rgb(0.93, 0.95, 0.97)
const SIZE = 7.6
const LINE = SIZE * 1.3

const T = {
  ko: {
    full: '등기사항전부증명서(말소사항 포함)',
    current: '등기사항일부증명서(현재 유효사항)',
    kind: { land: '토지', building: '건물', unit: '집합건물' } as Record<string, string>,
    number: '고유번호',
    headSection: '【 표 제 부 】 (부동산의 표시)',
    sectionA: '【 갑 구 】 (소유권에 관한 사항)',
    sectionB: '【 을 구 】 (소유권 이외의 권리에 관한 사항)',
    columns: ['순위번호', '등기목적', '접수', '등기원인', '권리자 및 기타사항'],
    none: '기록사항 없음',
    label: '항목',
    value: '내용',
    office: (name: string | null, code: string) => (name ? `${name} (${code})` : code),
    asOf: (h: number, t: string) => `기준: 원장 블록 ${h} (${t})`,
    issued: (t: string) => `발급일시: ${t}`,
    qrCaption: 'Daejang 검증기로 스캔하십시오',
    verifyHeading: '이 증명서를 검증하는 방법',
    verify: [
      '이 PDF를 Daejang 검증기(앱의 “검증” 화면, 독립 검증 페이지, 또는 daejang verify --certificate)에 넣으십시오. 첨부된 증명으로 인터넷 없이 확인됩니다.',
      '검증기는 첨부된 범위 증명이 검증자 서명이 있는 블록의 상태 루트와 맞는지, 인쇄된 모든 등기가 증명된 등기기록에서 그대로 나오는지(빠진 등기, 바뀐 권리자, 말소되지 않은 것처럼 표시된 등기가 없는지) 확인합니다.',
      '이 증명서는 위 블록 시점의 등기기록입니다. 그 뒤의 변동 여부는 어느 노드에서든 받은 이 등기기록의 나중 증명을 함께 넣으면 확인됩니다.',
    ],
    steps: (h: number) => `이 PDF의 증명에는 블록 ${h} 이후의 검증자 변경만 들어 있습니다. 신뢰 목록이 그보다 오래되었다면 먼저 갱신하십시오.`,
    footer: '이 증명서는 전자 문서입니다. 주민등록번호는 뒷자리를 가려 표시합니다. 말소된 등기는 줄을 그어 표시합니다.',
    page: (i: number, n: number) => `${i} / ${n}`,
  },
  en: {
    full: 'Certified extract of the register — all entries (cancelled ones included)',
    current: 'Certified extract of the register — entries in force only',
    kind: { land: 'Land', building: 'Building', unit: 'Condominium unit' } as Record<string, string>,
    number: 'Register No.',
    headSection: 'Description of the property (표제부)',
    sectionA: 'Section A — ownership (갑구)',
    sectionB: 'Section B — other rights (을구)',
    columns: ['Rank', 'Purpose', 'Received', 'Cause', 'Holders and particulars'],
    none: 'No entries',
    label: 'Item',
    value: 'Particulars',
    office: (name: string | null, code: string) => (name ? `${name} (${code})` : code),
    asOf: (h: number, t: string) => `As of ledger block ${h} (${t})`,
    issued: (t: string) => `Issued: ${t}`,
    qrCaption: 'Scan with a Daejang verifier',
    verifyHeading: 'How to verify this extract',
    verify: [
      'Open this PDF in a Daejang verifier (the app’s Verify screen, the standalone page, or daejang verify --certificate). The proof is attached: no Internet is needed.',
      'The verifier checks that the attached range proof matches the state root of a block signed by the validators, and that every entry printed follows from the proven register (no entry left out, no holder changed, no cancelled entry shown as in force).',
      'This extract shows the register as of the block above. Whether it changed since is shown when a later proof of the register, from any node, is given with it.',
    ],
    steps: (h: number) => `The proof in this PDF carries validator changes after block ${h} only: bring an older trust list forward first.`,
    footer: 'This extract is an electronic document. Resident registration numbers are printed masked. Cancelled entries are struck through.',
    page: (i: number, n: number) => `${i} / ${n}`,
  },
} as const

/**
 * fontkit for the extract's documents: each font file parsed once per process (pdf-lib parses it again for every
 * document), and its text mapped to glyphs one code point at a time instead of through the OpenType shaping engine —
 * the extract's text is precomposed Hangul, Latin, digits and punctuation, which shaping leaves as they are, and
 * shaping each of a long register's hundreds of lines cost most of the PDF's time. Only these documents use it.
 */
type FontkitFont = { glyphForCodePoint(cp: number): unknown; layout(text: string): { glyphs: unknown[] } }
const parsed = new Map<Uint8Array, FontkitFont>()
const extractFontkit = {
  create(bytes: Uint8Array): FontkitFont {
    let f = parsed.get(bytes)
    if (!f) {
      const font = (fontkit as unknown as { create(b: Uint8Array): FontkitFont }).create(bytes)
      font.layout = (text: string) => ({ glyphs: Array.from(text, (ch) => font.glyphForCodePoint(ch.codePointAt(0)!)) })
      parsed.set(bytes, (f = font))
    }
    return f
  },
}

interface Fonts {
  regular: PDFFont
  bold: PDFFont
}

class Pages {
  page!: PDFPage
  y = 0
  readonly all: PDFPage[] = []
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
    readonly bottom: number,
  ) {
    this.add()
  }
  add(): void {
    this.page = this.doc.addPage(A4)
    this.all.push(this.page)
    this.y = A4[1] - MARGIN
  }
  /** room for `h` points, else a new page (then `onNew` draws what a continued table repeats) */
  room(h: number, onNew?: () => void): void {
    if (this.y - h >= this.bottom) return
    this.add()
    onNew?.()
  }
  text(s: string, x: number, o: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; width?: number }): void {
    const font = o.bold ? this.fonts.bold : this.fonts.regular
    const size = o.size ?? SIZE
    for (const line of wrap(s, font, size, o.width ?? A4[0] - x - MARGIN)) {
      this.y -= size * 1.3
      this.page.drawText(line, { x, y: this.y, size, font, color: o.color ?? INK })
    }
  }
}

const FULL = A4[0] - 2 * MARGIN
/** column widths of a section table: 순위번호, 등기목적, 접수, 등기원인, 권리자 및 기타사항 */
const COLS = [40, 92, 78, 78, FULL - 40 - 92 - 78 - 78]

function cellLines(p: Pages, row: ExtractRow): string[][] {
  const f = p.fonts.regular
  const cells = [row.rank, row.purpose, row.receipt, row.cause, row.details.join('\n')]
  return cells.map((c, i) => wrap(c, f, SIZE, COLS[i]! - 6))
}

function drawColumns(p: Pages, columns: readonly string[]): void {
  const h = LINE + 6
  p.page.drawRectangle({ x: MARGIN, y: p.y - h, width: FULL, height: h, color: HEAD_FILL, borderColor: RULE, borderWidth: 0.5 })
  let x = MARGIN
  columns.forEach((c, i) => {
    const w = COLS[i]!
    p.page.drawText(c, { x: x + (w - textWidth(p.fonts.bold, c, SIZE)) / 2, y: p.y - LINE - 1, size: SIZE, font: p.fonts.bold, color: INK })
    if (i > 0) p.page.drawLine({ start: { x, y: p.y }, end: { x, y: p.y - h }, thickness: 0.5, color: RULE })
    x += w
  })
  p.y -= h
}

function drawSection(p: Pages, heading: string, rows: readonly ExtractRow[], columns: readonly string[], none: string): void {
  p.room(LINE * 4 + 20)
  p.y -= 10
  p.text(heading, MARGIN, { size: 9.5, bold: true })
  p.y -= 3
  drawColumns(p, columns)
  if (rows.length === 0) {
    p.page.drawRectangle({ x: MARGIN, y: p.y - LINE - 6, width: FULL, height: LINE + 6, borderColor: RULE, borderWidth: 0.5 })
    p.page.drawText(none, { x: MARGIN + 6, y: p.y - LINE - 1, size: SIZE, font: p.fonts.regular, color: MUTED })
    p.y -= LINE + 6
    return
  }
  for (const row of rows) {
    const lines = cellLines(p, row)
    const h = Math.max(...lines.map((l) => l.length)) * LINE + 6
    p.room(h, () => {
      p.text(`${heading} (${p.all.length > 1 ? '…' : ''})`, MARGIN, { size: 8, bold: true, color: MUTED })
      p.y -= 3
      drawColumns(p, columns)
    })
    const top = p.y
    p.page.drawRectangle({ x: MARGIN, y: top - h, width: FULL, height: h, borderColor: RULE, borderWidth: 0.5 })
    let x = MARGIN
    lines.forEach((cell, i) => {
      if (i > 0) p.page.drawLine({ start: { x, y: top }, end: { x, y: top - h }, thickness: 0.5, color: RULE })
      cell.forEach((line, j) => {
        const y = top - 3 - (j + 1) * LINE + 2
        p.page.drawText(line, { x: x + 3, y, size: SIZE, font: p.fonts.regular, color: INK })
        if (row.struck && line.trim()) {
          // struck through, as a register shows a cancelled entry
          const lw = textWidth(p.fonts.regular, line, SIZE)
          p.page.drawLine({ start: { x: x + 3, y: y + SIZE * 0.32 }, end: { x: x + 3 + lw, y: y + SIZE * 0.32 }, thickness: 0.7, color: STRIKE })
        }
      })
      x += COLS[i]!
    })
    p.y = top - h
  }
}

export async function renderExtract(x: BuiltExtract, fonts: CertificateFonts): Promise<RenderedExtract> {
  padSubsetGlyphs(fonts.regular)
  const t = T[x.lang]
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(extractFontkit as unknown as typeof fontkit)
  const regular = await doc.embedFont(fonts.regular, { subset: true })
  const bold = await doc.embedFont(fonts.bold, { subset: true })
  const title = x.view === 'full' ? t.full : t.current
  const date = new Date(x.issuedAt)
  doc.setTitle(`${title} ${x.number}`)
  doc.setSubject(x.number)
  doc.setKeywords(['daejang', 'land-extract', x.number])
  doc.setProducer('Daejang')
  doc.setCreator('Daejang')
  doc.setLanguage(x.lang === 'ko' ? 'ko-KR' : 'en')
  doc.setCreationDate(date)
  doc.setModificationDate(date)
  const p = new Pages(doc, { regular, bold }, MARGIN + 20)

  // the QR code, top right of the first page
  const side = QR_SIDE_MM * MM
  const m = qrMatrix(x.qr, 'L')
  drawQr(p.page, m, A4[0] - MARGIN - side, A4[1] - MARGIN - side, side)
  const capW = textWidth(regular, t.qrCaption, 6.5)
  p.page.drawText(t.qrCaption, { x: A4[0] - MARGIN - capW, y: A4[1] - MARGIN - side - 9, size: 6.5, font: regular, color: MUTED })

  // title, the register's kind and address, its number
  const headW = FULL - side - 16
  const address = x.text.head.find(([l]) => /소재지번|Location|1동의 건물|Building \(complex\)/.test(l))?.[1] ?? ''
  p.y -= 6
  p.text(title, MARGIN, { size: x.lang === 'ko' ? 16 : 13, bold: true, width: headW })
  p.y -= 6
  p.text(`[${t.kind[x.register.head.kind] ?? x.register.head.kind}] ${address}`, MARGIN, { size: 10, width: headW })
  p.y -= 2
  p.text(`${t.number} ${x.number}`, MARGIN, { size: 10, bold: true, width: headW })
  p.y -= 2
  p.text(t.asOf(x.state.header.height, kstTimeText(x.state.header.time, x.lang)), MARGIN, { size: 8, color: MUTED, width: headW })
  p.text(t.issued(kstTimeText(x.issuedAt, x.lang)), MARGIN, { size: 8, color: MUTED, width: headW })
  p.y = Math.min(p.y, A4[1] - MARGIN - side - 14)

  // 표제부: label and value rows
  p.y -= 8
  p.text(t.headSection, MARGIN, { size: 9.5, bold: true })
  p.y -= 3
  const labelW = 120
  for (const [label, value0] of x.text.head) {
    const value = label === '관할 등기소' || label === 'Registry office' ? t.office(x.officeName, value0) : value0
    const lines = wrap(value, regular, SIZE + 0.6, FULL - labelW - 8)
    const h = lines.length * LINE + 5
    p.room(h)
    p.page.drawRectangle({ x: MARGIN, y: p.y - h, width: FULL, height: h, borderColor: RULE, borderWidth: 0.5 })
    p.page.drawRectangle({ x: MARGIN, y: p.y - h, width: labelW, height: h, color: HEAD_FILL, borderColor: RULE, borderWidth: 0.5 })
    p.page.drawText(label, { x: MARGIN + 4, y: p.y - LINE, size: SIZE, font: bold, color: INK })
    lines.forEach((line, j) => p.page.drawText(line, { x: MARGIN + labelW + 4, y: p.y - (j + 1) * LINE, size: SIZE + 0.6, font: regular, color: INK }))
    p.y -= h
  }

  drawSection(p, t.sectionA, x.text.sections.A, t.columns, t.none)
  drawSection(p, t.sectionB, x.text.sections.B, t.columns, t.none)

  // how to verify, and the small print
  const steps = t.verify.map((s) => wrap(s, regular, 7.5, FULL - 30))
  const extra = x.stepsFrom > 0 ? [wrap(t.steps(x.stepsFrom), regular, 7.5, FULL - 30)] : []
  const boxH = 22 + [...steps, ...extra].reduce((n, l) => n + l.length * 9.5 + 2, 0)
  p.room(boxH + 40)
  p.y -= 12
  p.page.drawRectangle({ x: MARGIN, y: p.y - boxH, width: FULL, height: boxH, borderColor: rgb(0.12, 0.37, 0.68), borderWidth: 0.8, color: rgb(0.95, 0.97, 1) })
  p.y -= 4
  p.text(t.verifyHeading, MARGIN + 10, { size: 8.5, bold: true, color: rgb(0.12, 0.37, 0.68) })
  p.y -= 3
  ;[...steps, ...extra].forEach((lines, i) => {
    if (i < steps.length) p.page.drawText(`${i + 1}.`, { x: MARGIN + 11, y: p.y - 9.5, size: 7.5, font: bold, color: INK })
    for (const line of lines) {
      p.y -= 9.5
      p.page.drawText(line, { x: MARGIN + 24, y: p.y, size: 7.5, font: regular, color: INK })
    }
    p.y -= 2
  })
  p.y -= 8
  p.text(t.footer, MARGIN, { size: 6.8, color: MUTED })

  // page numbers and the register's number on every page
  p.all.forEach((page, i) => {
    const s = `${x.number}   ${t.page(i + 1, p.all.length)}`
    page.drawText(s, { x: A4[0] - MARGIN - textWidth(regular, s, 7), y: MARGIN - 14, size: 7, font: regular, color: MUTED })
  })

  await doc.attach(utf8(JSON.stringify(x.bundle)), EXTRACT_BUNDLE_FILE, {
    mimeType: 'application/json',
    description: x.lang === 'ko' ? '등기사항증명서의 증명(범위 증명, 블록 헤더와 서명)' : 'The extract’s proof (range proof, block header and signatures)',
    creationDate: date,
    modificationDate: date,
    afRelationship: AFRelationship.Supplement,
  })
  const pdf = await doc.save({ useObjectStreams: true })
  return { pdf, qr: { version: m.version, level: m.level, modules: m.size, chars: x.qr.length }, pages: p.all.length }
}
