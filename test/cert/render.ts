/**
 * Renders a PDF page to pixels (pdf.js, legacy build for Node, on @napi-rs/canvas) and reads QR codes in the image
 * (jsQR): the certificate checked the way a phone would see it.
 */
import { createCanvas } from '@napi-rs/canvas'
import jsQR from 'jsqr'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** A region of the page in points from its top-left corner: [x, y, width, height]. */
export type Region = [number, number, number, number]

export async function renderPage(
  pdf: Uint8Array,
  scale: number,
  region?: Region,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise
  try {
    const page = await doc.getPage(1)
    const viewport = page.getViewport(region ? { scale, offsetX: -region[0] * scale, offsetY: -region[1] * scale } : { scale })
    const w = region ? region[2] * scale : viewport.width
    const h = region ? region[3] * scale : viewport.height
    const canvas = createCanvas(Math.ceil(w), Math.ceil(h))
    const ctx = canvas.getContext('2d')
    await page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport }).promise
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return { width: img.width, height: img.height, data: img.data as unknown as Uint8ClampedArray }
  } finally {
    await doc.destroy()
  }
}

/**
 * The text of the QR code on page 1, or null. By default the top-right corner of an A4 certificate (where the code
 * is) at 600 dpi — about what a phone camera resolves at a hand's distance from the 3 cm code.
 */
export async function readQr(pdf: Uint8Array, scale = 600 / 72, region: Region | undefined = [380, 30, 190, 150]): Promise<string | null> {
  const img = await renderPage(pdf, scale, region)
  return jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? null
}
