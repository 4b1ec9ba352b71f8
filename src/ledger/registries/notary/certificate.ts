/**
 * The notary certificate: the record in Korean or English, the QR code with the compact proof, the full bundle
 * attached (proof-bundle.json), and a footer saying how to verify. Laid out by the shared framework (cert/pdf.ts).
 */
import type { NotaryDocumentDto } from '../../../shared/api'
import { utf8 } from '../../codec/bytes'
import { type CertificateFonts, type RenderedCertificate, renderCertificate } from '../../cert/pdf'
import type { DocumentProofs } from './bundle'
import { toQrText } from './proof'

export const BUNDLE_FILE = 'proof-bundle.json'
export type CertificateLang = 'ko' | 'en'

const T = {
  ko: {
    title: { apostille: '아포스티유 확인서', notarization: '공증 확인서' },
    subtitle: '대장 컨소시엄 원장에 등록된 문서의 확인서 — Daejang verifiable certificate',
    number: '등록번호',
    act: '행위',
    acts: { apostille: '아포스티유', notarization: '공증' },
    sAct: '확인 내용',
    sDoc: '문서',
    sLedger: '원장 기록',
    date: '일자',
    authority: '발급 기관',
    signer: '서명자',
    capacity: '서명자 자격',
    agency: '등록 기관',
    docType: '문서 종류',
    holder: '문서 명의인',
    language: '문서 언어',
    hash: '문서 SHA-256',
    batch: '일괄 등록',
    batchOf: (i: number, c: number) => `${c}건 중 ${i + 1}번째`,
    block: '블록',
    registeredAt: '등록 시각',
    notary: '공증인 키',
    tx: '거래 해시',
    status: { issued: '유효', suspended: '효력 정지', revoked: '취소' },
    banner: (s: string, reason: string, t: string) => `이 기록은 ${s}되었습니다 (${t}): ${reason}`,
    qrCaption: '휴대전화로 스캔하면 증명 문자열(DJ1:…)이 읽힙니다. 검증: daejang verify --qr',
    footer: (n: string) => [
      `검증 방법: 이 확인서는 세 가지를 확인하여 검증합니다. (1) 무결성 — 원본 파일의 SHA-256이 위 해시와 같은지, (2) 상태 — 기록이 취소·정지되지 않았는지, (3) 발급자 — 서명 키가 그 블록에서 컨소시엄 기관의 공증인 권한을 가졌는지.`,
      `오른쪽 위 QR 코드와 이 PDF에 첨부된 ${BUNDLE_FILE}에는 자체로 완결된 증명(기록, 포함 증명, 검증인 2/3 초과 서명의 체크포인트)이 들어 있어 네트워크 없이 컨소시엄 신뢰 목록(trust.json)만으로 확인할 수 있습니다: daejang verify --trust trust.json --certificate 이파일.pdf --file 원본파일 — 또는 Daejang 앱의 "검증" 화면이나 독립 검증 페이지에 파일을 끌어다 놓으십시오.`,
      `네트워크 없이 확인한 상태는 등록 블록 시점의 것입니다. 그 뒤의 취소 여부는 노드에 등록번호 ${n}을(를) 조회하여 확인하십시오 (--home).`,
    ],
  },
  en: {
    title: { apostille: 'Apostille certificate', notarization: 'Notarization certificate' },
    subtitle: 'A document registered on the Daejang consortium ledger — 대장 확인서',
    number: 'Number',
    act: 'Act',
    acts: { apostille: 'Apostille', notarization: 'Notarization' },
    sAct: 'The act',
    sDoc: 'The document',
    sLedger: 'Ledger record',
    date: 'Date',
    authority: 'Issuing authority',
    signer: 'Signed by',
    capacity: 'Acting in the capacity of',
    agency: 'Registering agency',
    docType: 'Document type',
    holder: 'Holder',
    language: 'Language',
    hash: 'Document SHA-256',
    batch: 'Batch',
    batchOf: (i: number, c: number) => `${i + 1} of ${c}`,
    block: 'Block',
    registeredAt: 'Registered at',
    notary: 'Notary key',
    tx: 'Transaction hash',
    status: { issued: 'issued', suspended: 'suspended', revoked: 'revoked' },
    banner: (s: string, reason: string, t: string) => `This record was ${s} on ${t}: ${reason}`,
    qrCaption: 'A phone scanner reads the proof as text (DJ1:…). Check it with daejang verify --qr.',
    footer: (n: string) => [
      'How to verify: this certificate is checked three ways. (1) Integrity — the SHA-256 of the original file equals the hash above. (2) Status — the record is not revoked or suspended. (3) Issuer — the signing key held the notary role of a consortium agency at that block.',
      `The QR code (top right) and the file ${BUNDLE_FILE} attached to this PDF carry a self-contained proof — the record, its inclusion proof and a checkpoint signed by more than 2/3 of the validators' power — that anyone can check offline with only the consortium's trust list (trust.json): daejang verify --trust trust.json --certificate this.pdf --file original — or drop the files on the Verify screen of the Daejang app or the standalone verifier page.`,
      `Checked offline, the status is the one at the registering block; to see a later revocation, look up number ${n} on a node (--home).`,
    ],
  },
} as const

const iso = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')

function sections(d: NotaryDocumentDto, t: (typeof T)[CertificateLang]): Array<{ heading: string; rows: Array<[string, string]> }> {
  return [
    {
      heading: t.sAct,
      rows: [
        [t.act, t.acts[d.act]],
        [t.date, d.date],
        [t.authority, d.issuingAuthority],
        [t.signer, d.signerName],
        [t.capacity, d.signerCapacity],
        [t.agency, d.agency],
      ],
    },
    {
      heading: t.sDoc,
      rows: [
        [t.docType, d.documentType ?? ''],
        ...(d.holder ? ([[t.holder, d.holder]] as Array<[string, string]>) : []),
        ...(d.language ? ([[t.language, d.language]] as Array<[string, string]>) : []),
        [t.hash, d.documentHash ?? ''],
      ],
    },
    {
      heading: t.sLedger,
      rows: [
        ...(d.batch ? ([[t.batch, `${d.batch.number} — ${t.batchOf(d.batch.index, d.batch.count)}`]] as Array<[string, string]>) : []),
        [t.block, String(d.height)],
        [t.registeredAt, iso(d.time)],
        [t.notary, d.notary],
        [t.tx, d.tx],
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
  const banner =
    d.status === 'issued'
      ? null
      : {
          text: t.banner(t.status[d.status], d.statusReason ?? '', iso(d.statusTime ?? d.time)),
          tone: d.status === 'revoked' ? ('danger' as const) : ('warning' as const),
        }
  return renderCertificate(
    {
      lang,
      title: t.title[d.act],
      subtitle: t.subtitle,
      headline: `${t.number} ${d.number}`,
      banner,
      sections: sections(d, t),
      qr: { text: toQrText(p.compact), caption: t.qrCaption },
      footer: t.footer(d.number),
      attachment: {
        name: BUNDLE_FILE,
        bytes: utf8(JSON.stringify(p.bundle, null, 1)),
        mimeType: 'application/json',
        description: 'Daejang proof bundle: record, inclusion proof, checkpoint, notary credential grant',
      },
      meta: {
        title: `${t.title[d.act]} ${d.number}`,
        subject: `SHA-256 ${d.documentHash ?? ''}`,
        keywords: ['daejang', d.number, d.documentHash ?? ''],
        date: new Date(d.time),
        producer: 'Daejang',
      },
    },
    fonts,
  )
}
