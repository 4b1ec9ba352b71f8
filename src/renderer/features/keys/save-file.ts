/** Saves a text file: through the Electron bridge's save dialog, or as a browser download. Null when cancelled. */
export async function saveTextFile(fileName: string, text: string, title: string): Promise<string | null> {
  const bridge = window.daejang
  if (bridge) {
    const r = await bridge.saveFile({
      title,
      defaultName: fileName,
      data: text,
      filters: [{ name: 'JSON', extensions: ['json'] }],
    })
    return r.saved ? (r.name ?? fileName) : null
  }
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.rel = 'noopener'
    document.body.append(a)
    a.click()
    a.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return fileName
}

/** Reads a file the user picked: through the bridge's open dialog, or an <input type=file> element's file. */
export async function openTextFile(title: string): Promise<{ name: string; text: string } | null> {
  const bridge = window.daejang
  if (bridge) {
    const f = await bridge.openFile({ title, filters: [{ name: 'JSON', extensions: ['json'] }] })
    return f ? { name: f.name, text: new TextDecoder().decode(f.data) } : null
  }
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'application/json,.json'
    input.addEventListener('change', () => {
      const file = input.files?.[0]
      if (!file || file.size > 1 << 20) return resolve(null)
      void file.text().then((text) => resolve({ name: file.name, text }), () => resolve(null))
    })
    input.addEventListener('cancel', () => resolve(null))
    input.click()
  })
}

/** Saves a binary file (a PDF): through the Electron bridge's save dialog, or as a browser download. Null when cancelled. */
export async function saveBytesFile(fileName: string, bytes: Uint8Array, title: string, filter: { name: string; extension: string; mime: string }): Promise<string | null> {
  const bridge = window.daejang
  if (bridge) {
    const r = await bridge.saveFile({ title, defaultName: fileName, data: bytes, filters: [{ name: filter.name, extensions: [filter.extension] }] })
    return r.saved ? (r.name ?? fileName) : null
  }
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: filter.mime }))
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    a.rel = 'noopener'
    document.body.append(a)
    a.click()
    a.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  }
  return fileName
}
