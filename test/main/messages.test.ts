import { describe, expect, it } from 'vitest'
import { parseErrorMessage, parseReadyMessage } from '../../src/main/messages'

const token = 'f'.repeat(64)

describe('node messages', () => {
  it('accepts a ready message with a local http URL', () => {
    expect(parseReadyMessage({ type: 'ready', url: 'http://127.0.0.1:5000/', token })).toEqual({
      url: 'http://127.0.0.1:5000',
      token,
    })
    expect(parseReadyMessage({ type: 'ready', url: 'http://localhost:5000', token })?.url).toBe('http://localhost:5000')
  })

  it('rejects anything else', () => {
    expect(parseReadyMessage({ type: 'ready', url: 'http://10.0.0.1:5000', token })).toBeNull()
    expect(parseReadyMessage({ type: 'ready', url: 'https://127.0.0.1:5000', token })).toBeNull()
    expect(parseReadyMessage({ type: 'ready', url: 'nonsense', token })).toBeNull()
    expect(parseReadyMessage({ type: 'ready', url: 'http://127.0.0.1:5000', token: 'short' })).toBeNull()
    expect(parseReadyMessage({ type: 'stop' })).toBeNull()
    expect(parseReadyMessage(null)).toBeNull()
  })

  it('reads error messages', () => {
    expect(parseErrorMessage({ type: 'error', code: 'HOME_MISSING', message: 'no home' })).toBe('no home')
    expect(parseErrorMessage({ type: 'ready' })).toBeNull()
  })
})
