/**
 * The official's election draft as data (features/voting/draft-form.ts) and what the election page derives from the
 * node's answer (features/voting/api.ts): each field checked in words as typed, a payload built only when every field
 * is right, the voter list counted and hashed with its salt, the phase and each trustee agency's ceremony progress.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { DraftSchema } from '../../src/ledger/registries/voting/portable/schema'
import { CEREMONY_STEPS, ceremonyProgress, findTracker, type CeremonyStep } from '../../src/renderer/features/voting/api'
import { buildDraft, checkDraft, emptyDraft, formatLocalTime, hashVoterList, parseLocalTime, type DraftValues } from '../../src/renderer/features/voting/draft-form'
import { readResult } from '../../src/renderer/features/voting/result'
import screenMessages from '../../src/renderer/features/voting/screen/messages'

const NOW = new Date(2026, 11, 3, 12, 0).getTime()

function good(): DraftValues {
  return {
    ...emptyDraft(),
    name: '2026 학생회장 선거',
    description: '',
    questions: [{ question: '학생회장', answers: '김하나\n이두리\n\n박세나\n', min: '1', max: '1', blank: true }],
    voters: 3,
    votersHash: 'a'.repeat(64),
    opens: '2026-12-10 09:00',
    closes: '2026-12-10 18:00',
    trustees: ['agency-a', 'agency-b', 'agency-c'],
    threshold: '2',
    credentialAuthority: 'agency-d',
  }
}

describe('the election draft form', () => {
  it('builds the payload of a right draft: answers one a line, times as instants, blank only when allowed', () => {
    expect(checkDraft(good(), NOW)).toEqual({})
    const d = buildDraft(good(), NOW)
    expect(d).toEqual({
      name: '2026 학생회장 선거',
      description: '',
      questions: [{ question: '학생회장', answers: ['김하나', '이두리', '박세나'], min: 1, max: 1, blank: true }],
      voters: 3,
      votersHash: 'a'.repeat(64),
      opens: new Date(2026, 11, 10, 9, 0).getTime(),
      closes: new Date(2026, 11, 10, 18, 0).getTime(),
      trustees: ['agency-a', 'agency-b', 'agency-c'],
      threshold: 2,
      credentialAuthority: 'agency-d',
    })
    // what is signed is what the registry's schema accepts
    expect(DraftSchema.parse(d)).toEqual(d)
    const noBlank = good()
    noBlank.questions[0]!.blank = false
    expect(buildDraft(noBlank, NOW)!.questions[0]).not.toHaveProperty('blank')
  })

  it('says each problem on its field and builds nothing', () => {
    const cases: [string, (v: DraftValues) => void, string][] = [
      ['name', (v) => (v.name = '  '), 'required'],
      ['name', (v) => (v.name = 'x'.repeat(201)), 'tooLong'],
      ['name', (v) => (v.name = 'a\u200bb'), 'invisible'],
      ['q0.answers', (v) => (v.questions[0]!.answers = '\n \n'), 'noAnswers'],
      ['q0.answers', (v) => (v.questions[0]!.answers = '가\n나\n가'), 'answerTwice'],
      ['q0.max', (v) => (v.questions[0]!.max = '4'), 'maxAboveAnswers'],
      ['q0.max', (v) => (v.questions[0]!.max = '0'), 'maxAtLeastOne'],
      ['q0.min', (v) => ((v.questions[0]!.min = '3'), (v.questions[0]!.max = '2')), 'minAboveMax'],
      ['q0.min', (v) => (v.questions[0]!.min = '-1'), 'wholeNumber'],
      ['questions', (v) => (v.questions = []), 'noQuestions'],
      ['voters', (v) => (v.voters = null), 'noVoterList'],
      ['opens', (v) => (v.opens = '2026-02-30 09:00'), 'time'],
      ['opens', (v) => (v.opens = '2026-12-01 09:00'), 'opensPast'],
      ['closes', (v) => (v.closes = '2026-12-10 08:00'), 'closesBeforeOpens'],
      ['closes', (v) => (v.closes = '2027-03-20 09:00'), 'openTooLong'],
      ['trustees', (v) => (v.trustees = []), 'noTrustees'],
      ['trustees', (v) => (v.trustees = ['a', 'a']), 'trusteeTwice'],
      ['threshold', (v) => (v.threshold = '4'), 'thresholdAboveTrustees'],
      ['threshold', (v) => (v.threshold = '0'), 'thresholdAtLeastOne'],
      ['credentialAuthority', (v) => (v.credentialAuthority = ''), 'noAuthority'],
      ['credentialAuthority', (v) => (v.credentialAuthority = 'agency-b'), 'authorityIsTrustee'],
    ]
    for (const [field, change, key] of cases) {
      const v = good()
      change(v)
      expect(checkDraft(v, NOW)[field]?.key, `${field} ${key}`).toBe(key)
      expect(buildDraft(v, NOW)).toBeNull()
    }
  })

  it('has words in both languages for every problem it can say', () => {
    const keys = ['required', 'tooLong', 'invisible', 'noQuestions', 'tooManyQuestions', 'noAnswers', 'tooManyAnswers', 'answerBad', 'answerTwice', 'wholeNumber', 'maxAtLeastOne', 'maxAboveAnswers', 'minAboveMax', 'noVoterList', 'votersCount', 'time', 'opensPast', 'closesBeforeOpens', 'openTooLong', 'noTrustees', 'tooManyTrustees', 'trusteeTwice', 'thresholdAtLeastOne', 'thresholdAboveTrustees', 'noAuthority', 'authorityIsTrustee']
    for (const k of keys) {
      expect(screenMessages.ko.problems).toHaveProperty(k)
      expect(screenMessages.en.problems).toHaveProperty(k)
    }
    expect(Object.keys(screenMessages.en.problems).sort()).toEqual(Object.keys(screenMessages.ko.problems).sort())
  })

  it('reads local times both ways and refuses what is not a real time', () => {
    const ms = parseLocalTime('2026-12-10 09:05')!
    expect(formatLocalTime(ms)).toBe('2026-12-10 09:05')
    expect(parseLocalTime('2026-12-10T09:05')).toBe(ms)
    for (const bad of ['2026-13-01 09:00', '2026-12-10 24:00', '2026-12-10', 'tomorrow', '2026-12-10 9:00']) expect(parseLocalTime(bad)).toBeNull()
  })

  it('counts the voter list one a line and hashes it with its salt (the file never leaves)', () => {
    const salt = new Uint8Array(16).fill(7)
    const list = hashVoterList('kim\r\nlee\n\npark\n', salt)
    expect(list.voters).toBe(3)
    expect(list.salt).toBe('07'.repeat(16))
    expect(list.votersHash).toBe(bytesToHex(sha256(utf8ToBytes(`${'07'.repeat(16)}\nkim\nlee\npark\n`))))
    expect(hashVoterList('kim\nlee\npark', new Uint8Array(16).fill(8)).votersHash).not.toBe(list.votersHash)
  })
})

describe('the election page', () => {
  const trustee = (agency: string, index: number, done: CeremonyStep[]) => {
    const next = CEREMONY_STEPS.find((s) => !done.includes(s)) ?? null
    return { agency, index, done, next, waiting: false, decrypted: false }
  }

  it('says who has done which step and whose step each agency waits for', () => {
    const p = ceremonyProgress({ trustees: [trustee('agency-a', 1, ['cert']), trustee('agency-b', 2, []), trustee('agency-c', 3, ['cert'])] })
    expect(p.map((x) => [x.agency, x.done, x.next, x.waitsFor])).toEqual([
      ['agency-a', ['cert'], 'polynomial', ['agency-b']],
      ['agency-b', [], 'cert', []],
      ['agency-c', ['cert'], 'polynomial', ['agency-b']],
    ])
    const all = ceremonyProgress({
      trustees: [trustee('agency-a', 1, ['cert', 'polynomial']), trustee('agency-b', 2, ['cert', 'polynomial', 'voutput']), trustee('agency-c', 3, ['cert', 'polynomial'])],
    })
    expect(all.map((x) => [x.next, x.waitsFor])).toEqual([
      ['voutput', []],
      [null, []],
      ['voutput', []],
    ])
  })
})

describe('the result', () => {
  const questions = [
    { question: '학생회장', answers: ['김하나', '이두리'], blank: true },
    { question: '부회장', answers: ['박세나', '최네모', '정다섯'] },
  ]

  it('reads the counts by answer, the blank votes (counted first by Belenios) last', () => {
    const r = readResult('{"result":[[2,10,"7"],[5,0,14]]}', questions)
    expect(r).toEqual([
      { question: '학생회장', rows: [{ answer: '김하나', count: 10 }, { answer: '이두리', count: 7 }, { answer: null, count: 2 }], total: 19 },
      { question: '부회장', rows: [{ answer: '박세나', count: 5 }, { answer: '최네모', count: 0 }, { answer: '정다섯', count: 14 }], total: 19 },
    ])
  })

  it('reads nothing from a result that does not fit the questions', () => {
    for (const bad of ['', 'not json', '{"result":[[1,2]]}', '{"result":[[1,2],[1,2,3]]}', '{"result":[[1,2,3],[1,2]]}', '{"result":[[1,-2,3],[1,2,3]]}', '{"result":[[1,2.5,3],[1,2,3]]}', '{"nope":[]}']) {
      expect(readResult(bad, questions), bad).toBeNull()
    }
  })
})

describe('the board', () => {
  const entries = [
    { seq: 1, tracker: 'aB3+/xyz', hash: '00', replaced: true },
    { seq: 2, tracker: 'Qq9', hash: '01', replaced: false },
    { seq: 3, tracker: 'ab3+/xyz', hash: '02', replaced: false },
  ]
  it('finds a ballot by its exact tracker, blanks around it ignored, case kept', () => {
    expect(findTracker(entries, '  aB3+/xyz ').map((e) => e.seq)).toEqual([1])
    expect(findTracker(entries, 'ab3+/xyz').map((e) => e.seq)).toEqual([3])
    expect(findTracker(entries, 'Qq')).toEqual([])
    expect(findTracker(entries, '   ')).toEqual([])
  })
})
