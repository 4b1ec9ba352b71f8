/**
 * Requests (block sync): '/daejang/sync/1', one request per stream: [u32 length][request], half-close,
 * [u32 length][response]. Sizes capped, a timeout on both sides; a malformed request costs the peer its connection.
 */
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { FrameDecoder, FrameError, encodeFrame } from '../frames'
import { errorOf } from './peer-key'

export const SYNC_PROTOCOL = '/daejang/sync/1'

export type RequestHandler = (from: string, data: Uint8Array) => Promise<Uint8Array>

export interface SyncLimits {
  /** largest request */
  maxRequestBytes: number
  /** largest response */
  maxResponseBytes: number
  /** a request (and the answer to one) must complete within this */
  timeoutMs: number
}

/** Answer one request on a stream a peer opened (already admitted as `key`). */
export async function serveRequest(
  stream: Stream,
  key: string,
  handler: RequestHandler | null,
  limits: SyncLimits,
  misbehaved: (reason: string) => void,
): Promise<void> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  try {
    const req = await readOneFrame(stream, limits.maxRequestBytes, signal)
    if (!handler) throw new Error('no request handler')
    const resp = await handler(key, req)
    if (resp.length > limits.maxResponseBytes) throw new Error(`response of ${resp.length} bytes exceeds ${limits.maxResponseBytes}`)
    stream.send(encodeFrame(resp))
    await stream.close({ signal })
  } catch (e) {
    if (e instanceof FrameError) misbehaved(`sync request: ${e.message}`)
    stream.abort(errorOf(e))
  }
}

/** Send one request to a peer and read its answer. */
export async function sendRequest(
  node: Pick<Libp2p, 'dialProtocol'>,
  peerId: PeerId,
  data: Uint8Array,
  limits: SyncLimits,
): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let stream: Stream | null = null
  try {
    stream = await node.dialProtocol(peerId, SYNC_PROTOCOL, { signal })
    stream.maxReadBufferLength = limits.maxResponseBytes + 1024
    stream.send(encodeFrame(data))
    await stream.close({ signal })
    return await readOneFrame(stream, limits.maxResponseBytes, signal)
  } catch (e) {
    stream?.abort(errorOf(e))
    throw e
  }
}

/** Read exactly one frame, then expect the end of the stream's readable side. */
export async function readOneFrame(stream: Stream, max: number, signal: AbortSignal): Promise<Uint8Array> {
  const decoder = new FrameDecoder(max)
  const onAbort = (): void => stream.abort(new Error('timed out'))
  if (signal.aborted) onAbort()
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    let frame: Uint8Array | null = null
    for await (const chunk of stream) {
      const frames = decoder.push(chunk)
      if (frames.length > 1 || (frame !== null && frames.length > 0)) throw new FrameError('more than one frame')
      if (frames.length === 1) frame = frames[0]!
    }
    if (signal.aborted) throw new Error('timed out')
    if (frame === null || decoder.pending > 0) throw new Error('the stream ended before a whole frame')
    return frame
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
