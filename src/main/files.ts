/** File dialogs for the renderer: main reads and writes; the renderer only sees file names and bytes. */
import { readFile, stat, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import { FILE_LIMITS, type OpenedFile, type OpenFileOptions, type SaveFileOptions, type SaveFileResult } from '../shared/bridge'

export async function openFileWithDialog(win: BrowserWindow | null, options: OpenFileOptions): Promise<OpenedFile | null> {
  const dialogOptions: OpenDialogOptions = {
    properties: ['openFile'],
    ...(options.title !== undefined && { title: options.title }),
    ...(options.filters !== undefined && { filters: options.filters }),
  }
  const result = win ? await dialog.showOpenDialog(win, dialogOptions) : await dialog.showOpenDialog(dialogOptions)
  const path = result.filePaths[0]
  if (result.canceled || path === undefined) return null
  const info = await stat(path)
  if (!info.isFile()) throw new Error('Not a file.')
  if (info.size > FILE_LIMITS.maxBytes) throw new Error(`The file is larger than ${FILE_LIMITS.maxBytes} bytes.`)
  const bytes = await readFile(path)
  return { name: basename(path), data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}

export async function saveFileWithDialog(win: BrowserWindow | null, options: SaveFileOptions): Promise<SaveFileResult> {
  const dialogOptions: SaveDialogOptions = {
    defaultPath: join(app.getPath('documents'), options.defaultName),
    ...(options.title !== undefined && { title: options.title }),
    ...(options.filters !== undefined && { filters: options.filters }),
  }
  const result = win ? await dialog.showSaveDialog(win, dialogOptions) : await dialog.showSaveDialog(dialogOptions)
  if (result.canceled || !result.filePath) return { saved: false }
  await writeFile(result.filePath, options.data)
  return { saved: true, name: basename(result.filePath) }
}
