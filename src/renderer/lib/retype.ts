/**
 * Whether what the user retyped to confirm an irreversible act is the expected text (components/ConfirmIrreversible):
 * the same characters once Unicode-normalised (NFC: Hangul typed as jamo or as syllables), with spaces at the ends and
 * runs of spaces ignored, letters compared without case. Nothing else is forgiven: a number with one digit off, or
 * another agency's name, does not match. Pure.
 */
function canonical(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('und')
}

export function retypedMatches(typed: string, expected: string): boolean {
  const e = canonical(expected)
  return e !== '' && canonical(typed) === e
}
