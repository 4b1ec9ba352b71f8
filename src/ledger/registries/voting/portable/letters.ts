/**
 * Credential letters (docs/adr/0058): one A4 page per voter, in Korean and English — the election's name, its voting
 * dates, how to vote, the voter's private credential printed and as a QR code carrying `formatLetterCode` (the booth
 * and the voter page read either). Built with pdf-lib and the project's embedded Hangul font (Nanum Gothic, the
 * certificates' font: the caller passes its bytes — cert/fonts-node.ts in Node, the bundled asset in the renderer).
 * Portable: the CLI and the credential authority's screen make the same letters.
 *
 * Speed: the page furniture (texts the same on every page) is laid out once; each page adds only its voter's lines
 * and its QR code as vector rectangles; the font is embedded once, subset, at the end. Progress is reported and the
 * event loop given a turn every `slice` pages.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib'
import { padSubsetGlyphs, textWidth, wrap } from '../../../cert/pdf'
import { drawQr, qrMatrix } from '../../../cert/qr'
import { formatLetterCode } from './letter-code'

export interface LetterFonts {
  regular: Uint8Array
  bold: Uint8Array
}

export interface LettersInput {
  uuid: string
  name: string
  /** ms since the epoch */
  opens: number
  closes: number
  /** the questions' texts (listed on the letter) */
  questions: readonly string[]
  /** private credentials, voter 1 first */
  credentials: readonly string[]
  /** the voters' names or numbers as the officials list them, one per credential; absent: "Voter 1", … */
  voters?: readonly string[]
  /** who issues the letters (the credential authority's agency name) */
  issuer?: string
}

const A4: [number, number] = [595.28, 841.89]
const MM = 72 / 25.4
const MARGIN = 56
const INK = rgb(0.1, 0.12, 0.16)
const MUTED = rgb(0.38, 0.42, 0.48)
const ACCENT = rgb(0.12, 0.37, 0.68)
const BOX = rgb(0.95, 0.97, 1)
const QR_SIDE = 48 * MM

/** An instant in Korean time, as people in Korea read it (both languages: the election runs on Korean time). */
export function letterTime(ms: number, lang: 'ko' | 'en'): string {
  const d = new Date(ms + 9 * 3600_000)
  const p = (n: number): string => String(n).padStart(2, '0')
  const [y, mo, da, h, mi] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
  return lang === 'ko' ? `${y}년 ${mo}월 ${da}일 ${p(h)}:${p(mi)} (한국 시간)` : `${y}-${p(mo)}-${p(da)} ${p(h)}:${p(mi)} (Korea time, UTC+9)`
}

const HOW_KO = [
  '투표소의 투표 화면이나 선거 관리 기관이 알려 준 투표 페이지를 엽니다.',
  '아래 QR 코드를 비추거나 자격증명을 그대로 입력합니다.',
  '답을 고르고 투표를 보냅니다. 투표는 이 기기에서 암호화되어 아무도 내용을 볼 수 없습니다.',
  '화면에 나오는 투표 추적 번호를 적어 두면 공개 게시판에서 내 투표를 찾을 수 있습니다.',
  '투표 기간 안에는 다시 투표할 수 있으며, 마지막 투표만 개표됩니다.',
]
const HOW_EN = [
  'Open the voting booth at your polling station, or the voter page your election officials gave you.',
  'Scan the QR code below, or type the credential as printed.',
  'Choose your answers and send your ballot. It is encrypted on the device: nobody can read it.',
  'Note the tracker shown: with it you find your ballot on the public board.',
  'You may vote again while voting is open; only your last ballot is counted.',
]

/** The letters as one PDF, one page per credential; `progress(done, total)` after each slice of pages. */
export async function buildLetters(input: LettersInput, fonts: LetterFonts, progress: (done: number, total: number) => void = () => undefined, slice = 100): Promise<Uint8Array> {
  const total = input.credentials.length
  if (input.voters !== undefined && input.voters.length !== total) throw new Error('buildLetters: one voter per credential')
  padSubsetGlyphs(fonts.regular)
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(fontkit)
  const regular = await doc.embedFont(fonts.regular, { subset: true })
  const bold = await doc.embedFont(fonts.bold, { subset: true })
  doc.setTitle(`${input.name} — 선거인 자격증명 안내문 / Voting credential letters`)
  doc.setLanguage('ko-KR')
  doc.setProducer('Daejang')
  doc.setCreator('Daejang')
  const width = A4[0] - 2 * MARGIN

  // the texts every page shares, wrapped once
  const nameLines = wrap(input.name, bold, 17, width)
  const periodKo = `투표 기간: ${letterTime(input.opens, 'ko')} — ${letterTime(input.closes, 'ko')}`
  const periodEn = `Voting: ${letterTime(input.opens, 'en')} — ${letterTime(input.closes, 'en')}`
  const questions = input.questions.flatMap((q, i) => wrap(`${i + 1}. ${q}`, regular, 9, width - 12))
  const howKo = HOW_KO.map((s, i) => wrap(`${i + 1}. ${s}`, regular, 9, width - 12))
  const howEn = HOW_EN.map((s, i) => wrap(`${i + 1}. ${s}`, regular, 8.5, width - 12))
  const keepKo = wrap('이 자격증명은 투표할 때 필요한 비밀 번호입니다. 다른 사람에게 보여 주거나 넘기지 마십시오. 잃어버려도 다시 발급되지 않습니다.', regular, 8.5, width - 16)
  const keepEn = wrap('This credential is the secret you vote with. Do not show it or give it to anyone. A lost credential is not issued again.', regular, 8.5, width - 16)

  // the page furniture drawn once on a template page, embedded as a form and placed on every letter: the texts are
  // shaped and encoded once, not once a page (a thousand letters in seconds, not minutes)
  const template = doc.addPage(A4)
  let y = A4[1] - 50
  const line = (text: string, font: PDFFont, size: number, color = INK, x = MARGIN, gap = 1.45): void => {
    template.drawText(text, { x, y, size, font, color })
    y -= size * gap
  }
  line('선거인 자격증명 안내문 · Voting credential letter', bold, 10, ACCENT)
  y -= 6
  for (const l of nameLines) line(l, bold, 17, INK, MARGIN, 1.3)
  y -= 2
  line(`선거 식별자 / Election: ${input.uuid}`, regular, 8, MUTED)
  line(periodKo, regular, 9.5)
  line(periodEn, regular, 9)
  if (input.issuer) line(`발급 / Issued by: ${input.issuer}`, regular, 9, MUTED)
  y -= 8
  const voterY = y
  y -= 12 * 1.45 + 6
  const credentialTop = y
  drawCredentialFrame(template, { regular, bold }, credentialTop, width)
  y -= QR_SIDE + 22
  line('투표하는 방법', bold, 11, ACCENT)
  for (const ls of howKo) for (const l of ls) line(l, regular, 9, INK, MARGIN + 6, 1.5)
  y -= 4
  line('How to vote', bold, 10.5, ACCENT)
  for (const ls of howEn) for (const l of ls) line(l, regular, 8.5, INK, MARGIN + 6, 1.5)
  if (questions.length > 0) {
    y -= 4
    line('질문 / Questions', bold, 10, ACCENT)
    for (const l of questions.slice(0, 8)) line(l, regular, 9, INK, MARGIN + 6)
    if (questions.length > 8) line('…', regular, 9, INK, MARGIN + 6)
  }
  y -= 6
  const boxTop = y + 10
  const boxH = (keepKo.length + keepEn.length) * 8.5 * 1.5 + 14
  template.drawRectangle({ x: MARGIN, y: boxTop - boxH, width, height: boxH, color: BOX, borderColor: ACCENT, borderWidth: 0.6 })
  y -= 2
  for (const l of keepKo) line(l, regular, 8.5, INK, MARGIN + 8, 1.5)
  for (const l of keepEn) line(l, regular, 8.5, INK, MARGIN + 8, 1.5)
  const form = await doc.embedPage(template)
  doc.removePage(0)

  for (let n = 0; n < total; n++) {
    const page = doc.addPage(A4)
    page.drawPage(form, { x: 0, y: 0 })
    const credential = input.credentials[n]!
    const voter = input.voters?.[n] ?? `선거인 ${n + 1} / Voter ${n + 1}`
    page.drawText(`받는 분 / To: ${voter}`, { x: MARGIN, y: voterY, size: 12, font: bold, color: INK })
    drawQr(page, qrMatrix(formatLetterCode(input.uuid, credential), 'M'), MARGIN + width - QR_SIDE, credentialTop - QR_SIDE, QR_SIDE)
    page.drawText(credential, { x: MARGIN + 12, y: credentialTop - 66, size: 17, font: bold, color: INK })
    const foot = `${n + 1} / ${total}`
    page.drawText(foot, { x: A4[0] - MARGIN - textWidth(regular, foot, 7), y: 28, size: 7, font: regular, color: MUTED })
    if ((n + 1) % slice === 0 || n + 1 === total) {
      progress(n + 1, total)
      await new Promise((r) => setTimeout(r, 0))
    }
  }
  return doc.save({ useObjectStreams: true })
}

/** The credential's box beside the place of its QR code (the QR carries `DJV1:<uuid>:<credential>`; drawn on each page). */
function drawCredentialFrame(page: PDFPage, f: { regular: PDFFont; bold: PDFFont }, top: number, width: number): void {
  const qrY = top - QR_SIDE
  page.drawRectangle({ x: MARGIN, y: qrY + 8, width: width - QR_SIDE - 12, height: QR_SIDE - 16, color: BOX })
  page.drawText('자격증명 / Credential', { x: MARGIN + 12, y: top - 34, size: 10, font: f.bold, color: ACCENT })
  page.drawText('QR 코드에도 같은 자격증명이 들어 있습니다.', { x: MARGIN + 12, y: top - 90, size: 8.5, font: f.regular, color: MUTED })
  page.drawText('The QR code carries the same credential.', { x: MARGIN + 12, y: top - 104, size: 8.5, font: f.regular, color: MUTED })
}
