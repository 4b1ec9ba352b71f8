/**
 * Korean particles (조사) chosen by the word they follow: 을/를, 이/가, 은/는, 과/와, 으로/로, 이나/나, 이라/라, 아/야.
 * The first form follows a final consonant (받침), the second a vowel; 으로/로 takes 로 after ㄹ as after a vowel.
 *
 * Words that do not end in Hangul are read as a Korean reader says them:
 * - digits by their Sino-Korean names (…0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in a consonant; ㄹ for 1, 7, 8);
 *   a final 0 by 영, 십, 백, 천, 만 or 억, all of which end in a consonant (2020 → 십, 300 → 백);
 * - a Latin word in capitals, or a single letter, letter by letter (L 엘, M 엠, N 엔, R 알 end in a consonant);
 * - another Latin word by its last sounds: -m, -n, -ng, -l, and a stop after a vowel (-b, -c, -ck, -d, -g, -k, -p,
 *   -t: "Bob", "book", "chat") end in a consonant; -le reads as 을 (table); anything else as a vowel;
 * - a word that ends in something else (punctuation, another script) takes the vowel form: the documented fallback.
 * Closing quotes and brackets at the end of the word («「서울」을») are looked through.
 */

/** null: no final consonant; 'ㄹ': final ㄹ; 'other': another final consonant */
export type Final = null | 'ㄹ' | 'other'

const HANGUL_FIRST = 0xac00
const HANGUL_LAST = 0xd7a3
const RIEUL = 8
const CLOSERS = /[\s"'’”»」』)\]}〉》>.…·]+$/u

const DIGIT: Record<string, Final> = {
  '0': 'other', // 영
  '1': 'ㄹ', // 일
  '2': null, // 이
  '3': 'other', // 삼
  '4': null, // 사
  '5': null, // 오
  '6': 'other', // 육
  '7': 'ㄹ', // 칠
  '8': 'ㄹ', // 팔
  '9': null, // 구
}

/** Letters whose Korean name ends in a consonant (엘, 엠, 엔, 알). */
const LETTER: Record<string, Final> = { l: 'ㄹ', m: 'other', n: 'other', r: 'ㄹ' }

function finalOfNumber(digits: string): Final {
  const last = digits[digits.length - 1]!
  // …0 is read 영, 십, 백, 천, 만 or 억: every one ends in a consonant other than ㄹ
  return last === '0' ? 'other' : DIGIT[last]!
}

function finalOfLatin(word: string): Final {
  const w = word.toLowerCase()
  if (word.length === 1 || word === word.toUpperCase()) return LETTER[w[w.length - 1]!] ?? null
  if (/(?:ng|m|n)$/.test(w)) return 'other'
  if (/le$/.test(w) || /l$/.test(w)) return 'ㄹ'
  if (/[aeiou](?:ck|[bcdgkpt])$/.test(w)) return 'other'
  return null
}

/** The final consonant of how a word is read (see the module comment for non-Hangul words). */
export function finalOf(word: string): Final {
  const w = word.replace(CLOSERS, '')
  if (w === '') return null
  const code = w.codePointAt(w.length - 1)!
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
    const jong = (code - HANGUL_FIRST) % 28
    return jong === 0 ? null : jong === RIEUL ? 'ㄹ' : 'other'
  }
  const digits = /\d+$/.exec(w)
  if (digits) return finalOfNumber(digits[0])
  const latin = /[A-Za-z]+$/.exec(w)
  if (latin) return finalOfLatin(latin[0])
  return null
}

/** The particle pairs: [after a consonant, after a vowel]. */
export const PARTICLES = {
  '을/를': ['을', '를'],
  '이/가': ['이', '가'],
  '은/는': ['은', '는'],
  '과/와': ['과', '와'],
  '으로/로': ['으로', '로'],
  '이나/나': ['이나', '나'],
  '이라/라': ['이라', '라'],
  '아/야': ['아', '야'],
} as const satisfies Record<string, readonly [string, string]>

export type ParticlePair = keyof typeof PARTICLES

/** The particle to write after `word` ("서울시청", "을/를" → "을"). */
export function particle(word: string, pair: ParticlePair): string {
  const f = finalOf(word)
  const [consonant, vowel] = PARTICLES[pair]
  if (pair === '으로/로') return f === 'other' ? consonant : vowel
  return f === null ? vowel : consonant
}

/** `word` followed by its particle ("문서 종류", "을/를" → "문서 종류를"). */
export function withParticle(word: string, pair: ParticlePair): string {
  return word + particle(word, pair)
}

const MARKER = new RegExp(`\\[(${Object.keys(PARTICLES).join('|')})\\]`, 'gu')

/**
 * Resolves particle markers in a finished sentence: "{agency}[이/가]" translated and filled in as "서울시청[이/가]"
 * becomes "서울시청이". Messages write the marker right after the word it follows.
 */
export function resolveParticles(text: string): string {
  if (!text.includes('[')) return text
  return text.replace(MARKER, (_m, pair: ParticlePair, offset: number) => particle(text.slice(0, offset), pair))
}

/** resolveParticles for any translated message (vue-i18n's postTranslation hook): strings are resolved, the rest kept. */
export function resolveParticlesIn<T>(message: T): T {
  return (typeof message === 'string' ? resolveParticles(message) : message) as T
}
