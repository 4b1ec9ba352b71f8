/**
 * The bundle commands' progress line on stderr (server/cli/bundle-commands.ts): on a terminal one line rewritten in
 * place and cleared at the end; in a log a line when the phase changes, at most one a second within a phase, and
 * always the last of each phase.
 */
import { describe, expect, it } from 'vitest'
import { progressLine } from '../../src/server/cli/bundle-commands'

function sink(isTTY: boolean) {
  const out: string[] = []
  return { out, stream: { isTTY, write: (s: string) => out.push(s) > 0 } }
}

describe('the bundle progress line', () => {
  it('in a log: a line per phase, at most one a second, and the last always', () => {
    let now = 0
    const { out, stream } = sink(false)
    const line = progressLine(stream, () => now)
    line.show('upload', 'Reading the file… 10%')
    now += 200
    line.show('upload', 'Reading the file… 50%')
    now += 900
    line.show('upload', 'Reading the file… 90%')
    now += 10
    line.show('upload', 'Reading the file… 100%', true)
    line.show('upload', 'Reading the file… 100%', true)
    line.show('verify', 'Checking blocks and signatures… 0/3')
    line.show('verify', 'Checking blocks and signatures… 3/3', true)
    line.end()
    expect(out).toEqual([
      'Reading the file… 10%\n',
      'Reading the file… 90%\n',
      'Reading the file… 100%\n',
      'Checking blocks and signatures… 0/3\n',
      'Checking blocks and signatures… 3/3\n',
    ])
  })

  it('on a terminal: one line rewritten in place, cleared at the end', () => {
    const { out, stream } = sink(true)
    const line = progressLine(stream, () => 0)
    line.show('upload', '파일을 읽는 중… 50%')
    line.show('upload', '파일을 읽는 중… 100%', true)
    line.end()
    expect(out).toEqual(['\r\x1b[K파일을 읽는 중… 50%', '\r\x1b[K파일을 읽는 중… 100%', '\r\x1b[K'])
  })
})
