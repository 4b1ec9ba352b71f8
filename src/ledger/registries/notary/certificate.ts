/**
 * The notary certificate, as an official act: issued in the registering agency's name; an apostille in the HCCH
 * model layout (the ten numbered items, labels in Korean and English), a notarization in a plain layout; times in
 * the agency's time zone, named (cert/jurisdiction.ts); the QR code with the compact proof; the full bundle
 * attached (proof-bundle.json); a box saying in plain words how to verify. Laid out by cert/pdf.ts.
 */
import { utf8 } from '../../codec/bytes'
import { formatDay, formatTime, type Jurisdiction, jurisdictionOf } from '../../cert/jurisdiction'
import { type CertificateFonts, type CertificateSpec, type FormRow, type RenderedCertificate, renderCertificate } from '../../cert/pdf'
import { languageName } from '../../../shared/languages'
import type { DocumentProofs } from './bundle'
import { toQrText } from './portable/proof'

export const BUNDLE_FILE = 'proof-bundle.json'
export type CertificateLang = 'ko' | 'en'

/** The HCCH model apostille's items (Convention of 5 October 1961, annex), in Korean and English on every copy. */
const APOSTILLE = {
  title: 'APOSTILLE',
  convention: '(Convention de La Haye du 5 octobre 1961)',
  country: '1. 국가 / Country',
  document: '이 공문서는 / This public document',
  signedBy: '2. 서명자 / has been signed by',
  capacity: '3. 서명자의 자격 / acting in the capacity of',
  seal: '4. 날인 기관 / bears the seal/stamp of',
  certified: '확인 / Certified',
  at: '5. 장소 / at',
  the: '6. 일자 / the',
  by: '7. 확인 기관 / by',
  no: '8. 번호 / No.',
  sealStamp: '9. 인장 / Seal/stamp',
  signature: '10. 서명 / Signature',
} as const

const T = {
  ko: {
    notarization: '공증 확인서',
    notarizationSub: '대장 컨소시엄 원장에 등록된 공증 행위의 확인서',
    number: '등록번호',
    act: '행위',
    acts: { apostille: '아포스티유', notarization: '공증' },
    sDoc: '문서',
    sLedger: '원장 등록',
    date: '일자',
    authority: '발급 기관',
    signer: '서명자',
    capacity: '서명자 자격',
    agency: '등록 기관',
    docType: '문서 종류',
    holder: '문서 명의인',
    language: '문서 언어',
    hash: '문서 지문(SHA-256)',
    batch: '일괄 등록',
    batchOf: (i: number, c: number) => `${c}건 중 ${i + 1}번째`,
    block: '원장 블록',
    registeredAt: '등록 시각',
    notary: '공증인 서명 키',
    tx: '거래 번호',
    removed: '컨소시엄에서 탈퇴한 기관',
    sealValue: '전자 인장: 오른쪽 위 QR 코드의 증명',
    signatureValue: (key: string) => `공증인 전자서명 (키 ${key}…)`,
    status: { issued: '유효', suspended: '효력 정지', revoked: '취소' },
    banner: (s: string, reason: string, t: string) => `이 기록은 ${t}에 ${s}되었습니다. 사유: ${reason}`,
    qrCaption: 'Daejang 검증기로 스캔하십시오',
    verifyHeading: '이 확인서를 검증하는 방법',
    verify: (agency: string) => [
      '오른쪽 위의 QR 코드를 Daejang 검증기로 스캔하십시오.',
      '또는 Daejang 검증 페이지(앱의 “검증” 화면이나 독립 검증 페이지)를 열고 이 PDF와 원본 문서를 끌어다 놓으십시오. 증명이 이 PDF에 들어 있어 인터넷 없이도 확인됩니다.',
      '검증기는 원본 문서가 등록된 파일과 같은지, 기록이 취소·정지되지 않았는지, 서명한 공증인이 그 기관의 권한을 가졌는지 확인합니다.',
      `인터넷 없이 확인한 상태는 증명된 블록 시점의 것입니다. 그 뒤의 취소 여부는 ${agency}에 위의 번호로 문의하거나, 어느 노드에서든 받은 상태 증명 파일을 검증기에 함께 넣으십시오.`,
    ],
    olderTrust: (h: number) =>
      `이 PDF의 증명에는 블록 ${h} 이후의 검증자 변경만 들어 있습니다. 신뢰 목록이 그보다 오래되었다면 어느 노드에서든 그 뒤의 검증자 변경 내역을 받아 신뢰 목록을 먼저 갱신한 뒤 검증하십시오.`,
    footer: (zone: string) => [`이 확인서는 전자 문서입니다. 시각은 ${zone} 기준입니다.`],
  },
  en: {
    notarization: 'Certificate of notarization',
    notarizationSub: 'A notarial act registered on the Daejang consortium ledger',
    number: 'No.',
    act: 'Act',
    acts: { apostille: 'Apostille', notarization: 'Notarization' },
    sDoc: 'The document',
    sLedger: 'Ledger registration',
    date: 'Date',
    authority: 'Issuing authority',
    signer: 'Signed by',
    capacity: 'Acting in the capacity of',
    agency: 'Registering agency',
    docType: 'Document type',
    holder: 'Holder',
    language: 'Language',
    hash: 'Document fingerprint (SHA-256)',
    batch: 'Batch',
    batchOf: (i: number, c: number) => `${i + 1} of ${c}`,
    block: 'Ledger block',
    registeredAt: 'Registered at',
    notary: "Notary's signing key",
    tx: 'Transaction',
    removed: 'an agency that has left the consortium',
    sealValue: 'Electronic seal: the proof in the QR code (top right)',
    signatureValue: (key: string) => `Electronic signature of the notary (key ${key}…)`,
    status: { issued: 'issued', suspended: 'suspended', revoked: 'revoked' },
    banner: (s: string, reason: string, t: string) => `This record was ${s} on ${t}. Reason: ${reason}`,
    qrCaption: 'Scan with the Daejang verifier',
    verifyHeading: 'How to verify this certificate',
    verify: (agency: string) => [
      'Scan the QR code at the top right with the Daejang verifier.',
      'Or open the Daejang verifier page (the Verify screen of the app, or the standalone verifier page) and drop this PDF and the original document on it. The proof is inside this PDF: no internet connection is needed.',
      'The verifier checks that the original document is the registered file, that the record was not revoked or suspended, and that the notary who signed held that role for the agency.',
      `Checked without the internet, the status is the one as of the proven block. To learn whether it was revoked since, ask ${agency}, giving the number above, or give the verifier a status proof file from any node.`,
    ],
    olderTrust: (h: number) =>
      `The proof in this PDF carries the validator changes after block ${h} only. If your trust list is older, first bring it up to date with the validator changes since, from any node, then verify.`,
    footer: (zone: string) => [`This certificate is an electronic document. Times are given in ${zone}.`],
  },
} as const

type Words = (typeof T)[CertificateLang]

const opt = (label: string, value: string | null | undefined): Array<[string, string]> => (value ? [[label, value]] : [])

/** The registering agency in words: its name from the agency record, never its id. */
function agencyName(p: DocumentProofs, t: Words): string {
  return p.agency?.name ?? t.removed
}

/** The apostille: the HCCH model's ten numbered items, bilingual labels. */
function apostilleForm(p: DocumentProofs, lang: CertificateLang, j: Jurisdiction, t: Words): FormRow[] {
  const d = p.document
  const both = (x: { ko: string; en: string }): string => (lang === 'ko' ? `${x.ko} / ${x.en}` : `${x.en} / ${x.ko}`)
  const item = (label: string, value: string): FormRow => ({ kind: 'item', label, value })
  const cell = (label: string, value: string): { label: string; value: string } => ({ label, value })
  return [
    item(APOSTILLE.country, both(j.countryName)),
    { kind: 'heading', text: APOSTILLE.document },
    item(APOSTILLE.signedBy, d.signerName),
    item(APOSTILLE.capacity, d.signerCapacity),
    item(APOSTILLE.seal, d.issuingAuthority),
    { kind: 'heading', text: APOSTILLE.certified },
    { kind: 'pair', items: [cell(APOSTILLE.at, j.place ? both(j.place) : ''), cell(APOSTILLE.the, formatDay(d.date, lang))] },
    { kind: 'pair', items: [cell(APOSTILLE.by, agencyName(p, t)), cell(APOSTILLE.no, d.number)] },
    { kind: 'pair', items: [cell(APOSTILLE.sealStamp, t.sealValue), cell(APOSTILLE.signature, t.signatureValue(d.notary.slice(0, 16)))] },
  ]
}

/** A notarization: the act in a plain framed form, labels in the certificate's language. */
function notarizationForm(p: DocumentProofs, lang: CertificateLang, t: Words): FormRow[] {
  const d = p.document
  const cell = (label: string, value: string): { label: string; value: string } => ({ label, value })
  return [
    { kind: 'pair', items: [cell(t.act, t.acts[d.act]), cell(t.date, formatDay(d.date, lang))] },
    { kind: 'item', label: t.authority, value: d.issuingAuthority },
    { kind: 'pair', items: [cell(t.signer, d.signerName), cell(t.capacity, d.signerCapacity)] },
    { kind: 'item', label: t.agency, value: agencyName(p, t) },
  ]
}

function sections(p: DocumentProofs, lang: CertificateLang, j: Jurisdiction, t: Words): CertificateSpec['sections'] {
  const d = p.document
  return [
    {
      heading: t.sDoc,
      rows: [
        [t.docType, d.documentType ?? ''],
        ...opt(t.holder, d.holder),
        ...opt(t.language, d.language ? languageName(d.language, lang) : null),
        [t.hash, d.documentHash ?? ''],
      ],
    },
    {
      heading: t.sLedger,
      rows: [
        ...opt(t.batch, d.batch ? `${d.batch.number} — ${t.batchOf(d.batch.index, d.batch.count)}` : null),
        [t.registeredAt, formatTime(d.time, j, lang)],
        [t.block, String(d.height)],
        [t.tx, d.tx],
        [t.notary, d.notary],
      ],
    },
  ]
}

export async function notaryCertificate(
  p: DocumentProofs,
  lang: CertificateLang,
  fonts: CertificateFonts,
): Promise<RenderedCertificate> {
  const t = T[lang]
  const d = p.document
  const j = jurisdictionOf(p.agency)
  const agency = agencyName(p, t)
  const banner =
    d.status === 'issued'
      ? null
      : {
          text: t.banner(t.status[d.status], d.statusReason ?? '', formatTime(d.statusTime ?? d.time, j, lang)),
          tone: d.status === 'revoked' ? ('danger' as const) : ('warning' as const),
        }
  const apostille = d.act === 'apostille'
  const title = apostille ? APOSTILLE.title : t.notarization
  return renderCertificate(
    {
      lang,
      issuer: { name: agency, detail: lang === 'ko' ? `${j.countryName.ko} · ${j.countryName.en}` : `${j.countryName.en} · ${j.countryName.ko}` },
      title,
      subtitle: apostille ? APOSTILLE.convention : t.notarizationSub,
      headline: apostille ? null : `${t.number} ${d.number}`,
      form: apostille ? apostilleForm(p, lang, j, t) : notarizationForm(p, lang, t),
      banner,
      sections: sections(p, lang, j, t),
      // format 2 (the record and its status proven by state) when the node proves state; format 1 otherwise
      qr: { text: p.state?.qr ?? toQrText(p.compact), caption: t.qrCaption },
      // the bundle carries a bounded number of validator-set changes (bundle.ts): an older trust list is brought forward first
      verify: { heading: t.verifyHeading, steps: [...t.verify(agency), ...(p.state && p.state.stepsFrom > 1 ? [t.olderTrust(p.state.stepsFrom)] : [])] },
      footer: [...t.footer(lang === 'ko' ? `${j.zone.ko}(${j.zone.short})` : `${j.zone.en} (${j.zone.short})`)],
      attachment: {
        name: BUNDLE_FILE,
        bytes: utf8(JSON.stringify(p.state?.bundle ?? p.bundle, null, 1)),
        mimeType: 'application/json',
        description: 'Daejang proof bundle: record, inclusion proof, checkpoint, notary credential grant',
      },
      meta: {
        title: `${title} ${d.number}`,
        subject: `SHA-256 ${d.documentHash ?? ''}`,
        keywords: ['daejang', d.number, d.documentHash ?? ''],
        date: new Date(d.time),
        producer: 'Daejang',
      },
    },
    fonts,
  )
}
