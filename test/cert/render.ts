/**
 * Renders a PDF page to pixels (pdf.js, legacy build for Node, on @napi-rs/canvas) and reads QR codes in the image
 * (jsQR): the certificate checked the way a phone would see it.
 */
import { createCanvas } from '@napi-rs/canvas'
import jsQR from 'jsqr'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export async function renderPage(pdf: Uint8Array, scale: number): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const doc = await getDocument({ data: pdf.slice(), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise
  try {
    const page = await doc.getPage(1)
    const viewport = page.getViewport({ scale })
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height))
    const ctx = canvas.getContext('2d')
    await page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport }).promise
    const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
    return { width: img.width, height: img.height, data: img.data as unknown as Uint8ClampedArray }
  } finally {
    await doc.destroy()
  }
}

/** The text of the QR code on page 1, or null. */
export async function readQr(pdf: Uint8Array, scale = 4): Promise<string | null> {
  const img = await renderPage(pdf, scale)
  return jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? null
}
