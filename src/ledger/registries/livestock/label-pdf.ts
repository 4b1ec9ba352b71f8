/**
 * The printable label (docs/adr/0045): one page of 60 × 40 mm — the animal number large, breed and sex, birth, the
 * slaughter day and the grade on the left, the QR code (the head's state proof) on the right — with the label's file
 * (the range proof of the whole history) attached, so the PDF verifies offline on the Verify screen and with
 * `daejang verify --certificate`. Fonts, text measure and the QR drawing are the certificate framework's.
 */
import fontkit from '@pdf-lib/fontkit'
import { AFRelationship, PDFDocument, rgb } from 'pdf-lib'
import { type CertificateFonts, padSubsetGlyphs, textWidth, wrap } from '../../cert/pdf'
import { drawQr, qrMatrix } from '../../cert/qr'
import { utf8 } from '../../codec/bytes'
import type { BuiltLabel } from './label'
import { LABEL_BUNDLE_FILE } from './portable/label-format'

export interface RenderedLabel {
  pdf: Uint8Array
  qr: { version: number; level: string; modules: number; chars: number; moduleMm: number }
  /** the label's size in millimetres */
  size: { width: number; height: number }
}

const MM = 72 / 25.4
const WIDTH_MM = 60
const HEIGHT_MM = 40
const QR_MM = 34
const PAD = 2 * MM
const INK = rgb(0.08, 0.1, 0.14)
const MUTED = rgb(0.36, 0.4, 0.46)
const ALERT = rgb(0.75, 0.1, 0.1)

const T = {
  ko: { title: '쇠고기 이력', scan: 'QR: 이력 증명 (Daejang 검증기)', keys: ['품종', '성별', '출생일', '도축', '등급'], alert: 'DNA 불일치 경보' },
  en: { title: 'Beef traceability', scan: 'QR: proof of history (Daejang verifier)', keys: ['Breed', 'Sex', 'Born', 'Slaughter', 'Grade'], alert: 'DNA mismatch alert' },
} as const

export async function renderLabel(x: BuiltLabel, fonts: CertificateFonts): Promise<RenderedLabel> {
  padSubsetGlyphs(fonts.regular)
  const t = T[x.lang]
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(fontkit)
  const regular = await doc.embedFont(fonts.regular, { subset: true })
  const bold = await doc.embedFont(fonts.bold, { subset: true })
  const date = new Date(x.issuedAt)
  doc.setTitle(`${t.title} ${x.animal}`)
  doc.setSubject(x.animal)
  doc.setKeywords(['daejang', 'livestock-label', x.animal])
  doc.setProducer('Daejang')
  doc.setCreator('Daejang')
  doc.setLanguage(x.lang === 'ko' ? 'ko-KR' : 'en')
  doc.setCreationDate(date)
  doc.setModificationDate(date)
  const W = WIDTH_MM * MM
  const H = HEIGHT_MM * MM
  const page = doc.addPage([W, H])

  // the QR code at the right, full height less the padding
  const side = QR_MM * MM
  const m = qrMatrix(x.qr, 'L')
  const { moduleMm } = drawQr(page, m, W - side - PAD / 2, (H - side) / 2, side)

  // the facts at the left
  const left = PAD
  const width = W - side - PAD * 1.5
  let y = H - PAD - 6
  page.drawText(t.title, { x: left, y, size: 5.5, font: bold, color: MUTED })
  y -= 9
  const num = x.label.facts[0]?.[1] ?? x.animal
  const numSize = Math.min(8, (8 * width) / Math.max(1, textWidth(bold, num, 8)))
  page.drawText(num, { x: left, y, size: numSize, font: bold, color: INK })
  y -= 3
  const facts = new Map(x.label.facts)
  for (const k of t.keys) {
    const v = facts.get(k)
    if (!v) continue
    const lines = wrap(`${k} ${v}`, regular, 4.6, width).slice(0, 3)
    for (const line of lines) {
      y -= 5.6
      page.drawText(line, { x: left, y, size: 4.6, font: regular, color: INK })
    }
  }
  if (x.label.alerts > 0) {
    y -= 6.5
    page.drawText(`${t.alert} ${x.label.alerts}`, { x: left, y, size: 5, font: bold, color: ALERT })
  }
  for (const [i, line] of wrap(t.scan, regular, 3.6, width).slice(0, 2).entries()) {
    page.drawText(line, { x: left, y: PAD + 4.5 - i * 4.5 + 2, size: 3.6, font: regular, color: MUTED })
  }

  await doc.attach(utf8(JSON.stringify(x.bundle)), LABEL_BUNDLE_FILE, {
    mimeType: 'application/json',
    description: x.lang === 'ko' ? '소 이력의 증명(범위 증명, 블록 헤더와 서명)' : "The animal's history and its proof (range proof, block header and signatures)",
    creationDate: date,
    modificationDate: date,
    afRelationship: AFRelationship.Supplement,
  })
  const pdf = await doc.save({ useObjectStreams: true })
  return { pdf, qr: { version: m.version, level: m.level, modules: m.size, chars: x.qr.length, moduleMm }, size: { width: WIDTH_MM, height: HEIGHT_MM } }
}
