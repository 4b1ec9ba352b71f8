/**
 * Noto Sans KR (OFL), the app's text face, split by unicode range: only the slices a page needs download. Not in the
 * start bundle: its 248 @font-face rules (400 and 700 × 124 slices) made the first style pass cost up to 0.4 s, so
 * lib/late-fonts.ts loads this module once the first status has been painted (ADR 0032).
 */
import '@fontsource/noto-sans-kr/400.css'
import '@fontsource/noto-sans-kr/700.css'
