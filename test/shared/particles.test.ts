import { describe, expect, it } from 'vitest'
import { finalOf, particle, resolveParticles, withParticle } from '../../src/shared/particles'

describe('Korean particles by the final consonant', () => {
  it('follows the 받침 of a Hangul word', () => {
    expect(withParticle('문서 종류', '을/를')).toBe('문서 종류를')
    expect(withParticle('등록번호', '을/를')).toBe('등록번호를')
    expect(withParticle('서울시청', '이/가')).toBe('서울시청이')
    expect(withParticle('외교부', '이/가')).toBe('외교부가')
    expect(withParticle('기관', '은/는')).toBe('기관은')
    expect(withParticle('키', '은/는')).toBe('키는')
    expect(withParticle('문서', '과/와')).toBe('문서와')
  })

  it('takes 로 after ㄹ as after a vowel (으로/로)', () => {
    expect(withParticle('서울', '으로/로')).toBe('서울로')
    expect(withParticle('파일', '으로/로')).toBe('파일로')
    expect(withParticle('부산', '으로/로')).toBe('부산으로')
    expect(withParticle('대구', '으로/로')).toBe('대구로')
    expect(withParticle('서울', '을/를')).toBe('서울을')
  })

  it('reads numbers by their Korean names', () => {
    expect(particle('1', '이/가')).toBe('이') // 일
    expect(particle('2', '이/가')).toBe('가') // 이
    expect(particle('3', '을/를')).toBe('을') // 삼
    expect(particle('2026', '은/는')).toBe('은') // …육
    expect(particle('2029', '은/는')).toBe('는') // …구
    expect(particle('7', '으로/로')).toBe('로') // 칠: ㄹ
    expect(particle('10', '으로/로')).toBe('으로') // 십
    expect(particle('300', '으로/로')).toBe('으로') // 백
    expect(particle('MOFA-2026-000125', '을/를')).toBe('를') // …오
    expect(particle('MOFA-2026-000123', '을/를')).toBe('을') // …삼
  })

  it('reads Latin words and letters by pronunciation, with a vowel fallback', () => {
    expect(particle('URL', '을/를')).toBe('을') // 엘
    expect(particle('URL', '으로/로')).toBe('로') // ㄹ
    expect(particle('PDF', '을/를')).toBe('를') // 에프
    expect(particle('Seoul', '으로/로')).toBe('로')
    expect(particle('Busan', '으로/로')).toBe('으로')
    expect(particle('book', '을/를')).toBe('을')
    expect(particle('local-agency', '이/가')).toBe('가')
    expect(particle('Korea', '은/는')).toBe('는')
    expect(particle('中', '이/가')).toBe('가') // another script: the vowel form
    expect(finalOf('')).toBeNull()
  })

  it('looks through closing quotes and brackets', () => {
    expect(withParticle('「서울시청」', '이/가')).toBe('「서울시청」이')
    expect(withParticle('“외교부”', '이/가')).toBe('“외교부”가')
  })

  it('resolves markers in a finished sentence', () => {
    expect(resolveParticles('서울시청[이/가] 문서 종류[을/를] 부산[으로/로] 보냅니다')).toBe('서울시청이 문서 종류를 부산으로 보냅니다')
    expect(resolveParticles('no markers [here]')).toBe('no markers [here]')
  })
})
