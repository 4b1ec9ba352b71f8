/**
 * QR codes as vectors: the `qrcode` package computes the module matrix; each run of dark modules in a row becomes
 * one filled rectangle of the PDF page (no image, sharp at any print resolution).
 */
import QRCode from 'qrcode'
import { type PDFPage, fill, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingRgbColor } from 'pdf-lib'

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H'

export interface QrMatrix {
  /** modules per side */
  size: number
  /** QR version, 1–40 */
  version: number
  level: QrErrorLevel
  dark(x: number, y: number): boolean
}

export function qrMatrix(text: string, level: QrErrorLevel = 'M'): QrMatrix {
  const q = QRCode.create(text, { errorCorrectionLevel: level })
  const size = q.modules.size
  const data = q.modules.data
  return { size, version: q.version, level, dark: (x, y) => data[y * size + x] === 1 }
}

/** The quiet zone the standard asks for around the symbol, in modules (ISO/IEC 18004: 4). */
export const QUIET_ZONE = 4

/**
 * Draw the symbol with its bottom-left corner at (x, y), `side` points wide including the quiet zone (kept white).
 * Returns the size of one module in millimetres.
 */
export function drawQr(page: PDFPage, m: QrMatrix, x: number, y: number, side: number): { moduleMm: number } {
  const cell = side / (m.size + 2 * QUIET_ZONE)
  page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) })
  // one path of rectangles filled once: a drawRectangle per run would cost a graphics state each
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)]
  for (let row = 0; row < m.size; row++) {
    let col = 0
    while (col < m.size) {
      if (!m.dark(col, row)) {
        col++
        continue
      }
      const start = col
      while (col < m.size && m.dark(col, row)) col++
      // a hair taller than the cell so that rows print without hairline gaps
      ops.push(rectangle(x + (QUIET_ZONE + start) * cell, y + side - (QUIET_ZONE + row + 1) * cell, (col - start) * cell, cell * 1.02))
    }
  }
  ops.push(fill(), popGraphicsState())
  page.pushOperators(...ops)
  return { moduleMm: (cell * 25.4) / 72 }
}
