/**
 * The pieces behind re-opening a rejected outbox item in its form and confirming irreversible acts: which form made an
 * item and where it re-opens (lib/forms.ts), a proposal payload back into the proposal form (lib/governance.ts), and
 * what counts as retyping the expected text (lib/retype.ts). Then the plain-HTML text field of the Verify panel, which
 * the standalone verifier page shares (it must draw without naive-ui).
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import FormPlainText from '../../src/renderer/components/FormPlainText.vue'
import FormText from '../../src/renderer/components/FormText.vue'
import { FORMS } from '../../src/renderer/features/registry'
import { RESUBMIT_QUERY, formOf, resubmitRoute, schemaFieldProblems } from '../../src/renderer/lib/forms'
import { RoleGrantSchema } from '../../src/ledger/registries/identity/portable/schema'
import { StatusSchema } from '../../src/ledger/registries/notary/portable/schema'
import { buildProposal, emptyForm, formFromPayload } from '../../src/renderer/lib/governance'
import { retypedMatches } from '../../src/renderer/lib/retype'
import type { ValidatorSetDto } from '../../src/shared/api'

const item = (type: string, payload: unknown, form?: string) => ({
  id: 'item-1',
  tx: { v: 1, chainId: 'c', type, payload, signer: 'aa', nonce: 1, time: 0, sig: '' },
  ...(form !== undefined && { form }),
})

describe('forms of outbox items', () => {
  it('an item re-opens in the form it recorded; older items by their type; none for types no form makes', () => {
    expect(formOf(item('notary.register', {}, 'notary.register'), FORMS)).toBe('notary.register')
    expect(formOf(item('notary.batch.register', {}), FORMS)).toBe('notary.register')
    expect(formOf(item('identity.role.revoke', {}), FORMS)).toBe('roles.revoke')
    expect(formOf(item('identity.role.grant', {}, 'no-such-form'), FORMS)).toBe('roles.grant')
    expect(formOf(item('governance.proposal.approve', {}), FORMS)).toBeNull()
    expect(resubmitRoute(item('governance.proposal.approve', {}), FORMS)).toBeNull()
  })

  it('the route names the form’s screen and the item; a status change re-opens on its record', () => {
    expect(resubmitRoute(item('notary.register', { number: 'A-1' }, 'notary.register'), FORMS)).toEqual({
      name: 'documents-new',
      query: { [RESUBMIT_QUERY]: 'item-1' },
    })
    expect(resubmitRoute(item('notary.status', { number: 'A-1/002', action: 'revoke', reason: 'x' }), FORMS)).toEqual({
      name: 'document',
      params: { number: 'A-1/002' },
      query: { [RESUBMIT_QUERY]: 'item-1' },
    })
  })
})

describe('a proposal payload back into its form', () => {
  const set = { validators: [{ agency: 'a', publicKey: 'ab'.repeat(32), power: 10 }], scheduled: [] } as unknown as ValidatorSetDto
  it('round-trips each kind of change through the form', () => {
    const payloads = [
      { change: { kind: 'agency.remove', agency: 'b' }, effectiveHeight: 120, note: 'merged' },
      { change: { kind: 'validator.set', agency: 'a', validator: null }, effectiveHeight: 130 },
      { change: { kind: 'validator.set', agency: 'a', validator: { publicKey: 'cd'.repeat(32), power: 7 } }, effectiveHeight: 140 },
      {
        change: { kind: 'agency.admit', agency: { id: 'c', name: 'Agency C', admins: ['ef'.repeat(32)], validator: null } },
        effectiveHeight: 150,
      },
    ]
    for (const p of payloads) {
      const f = formFromPayload(p, null)
      const built = buildProposal(f, 100, set)
      expect(built.problems, JSON.stringify(p)).toEqual([])
      expect(built.payload?.change).toEqual(p.change)
      expect(built.payload?.effectiveHeight).toBe(p.effectiveHeight)
    }
  })

  it('what is not a proposal leaves the empty form', () => {
    expect(formFromPayload({ change: 'nonsense' }, 5)).toEqual(emptyForm(5))
  })
})

describe('retyping to confirm', () => {
  it('the same text, ignoring case, outer and repeated spaces and Unicode composition; nothing else', () => {
    expect(retypedMatches(' mofa-2026-000001 ', 'MOFA-2026-000001')).toBe(true)
    expect(retypedMatches('MOFA-2026-000002', 'MOFA-2026-000001')).toBe(false)
    expect(retypedMatches('부산  광역시', '부산 광역시')).toBe(true)
    expect(retypedMatches('부산'.normalize('NFD'), '부산')).toBe(true)
    expect(retypedMatches('부산', '서울')).toBe(false)
    expect(retypedMatches('', '')).toBe(false)
  })
})

describe("a form's fields checked with the registry's schema", () => {
  it('names the refused fields with why (empty, too long, not of its form), in the order asked', () => {
    const fields = ['number', 'reason', 'action'] as const
    expect(schemaFieldProblems(StatusSchema, { number: 'MOFA-1', action: 'revoke', reason: 'x' }, fields)).toEqual([])
    expect(schemaFieldProblems(StatusSchema, { number: '', action: 'nope', reason: 'x'.repeat(501) }, fields)).toEqual([
      { field: 'number', key: 'required' },
      { field: 'reason', key: 'tooLong', params: { max: 500 } },
      { field: 'action', key: 'invalid' },
    ])
    expect(schemaFieldProblems(RoleGrantSchema, { subject: 'AB'.repeat(32) }, ['subject'])).toEqual([{ field: 'subject', key: 'invalid' }])
    expect(() => schemaFieldProblems(StatusSchema, {}, ['nope'])).toThrow(/no field nope/)
  })
})

describe('a plain text field (components/FormPlainText.vue)', () => {
  // the markup without the scoped-style marks
  const render = async (props: Record<string, unknown>): Promise<string> =>
    (await renderToString(createSSRApp({ render: () => h(FormPlainText, { modelValue: 'A-1', ...props }) }))).replace(/ data-v-\w+/g, '')

  it('labels its control and describes it with its hint; machine text is not spell-checked', async () => {
    const area = await render({ id: 'f-qr', label: 'QR text', hint: 'Paste it', kind: 'textarea', code: true, testid: 'qr' })
    expect(area).toMatch(/<label for="f-qr">QR text<\/label>/)
    const textarea = /<textarea [^>]*>/.exec(area)?.[0] ?? ''
    for (const attr of ['id="f-qr"', 'spellcheck="false"', 'data-testid="qr"', 'aria-describedby="f-qr-hint"']) expect(textarea).toContain(attr)
    expect(area).toContain('<span id="f-qr-hint" class="hint">Paste it</span>')
    expect(area).toContain('>A-1</textarea>')

    const line = await render({ id: 'f-n', label: 'Number', testid: 'n' })
    expect(line).toMatch(/<input id="f-n"[^>]*value="A-1"/)
    expect(line).not.toContain('spellcheck')
    expect(line).not.toContain('aria-describedby')
  })

  it('takes what FormText takes, and FormText still draws it', async () => {
    const props = { id: 'f-key', label: 'Public key', hint: '64 hex digits', code: true, testid: 'key' }
    const html = (await renderToString(createSSRApp({ render: () => h(FormText, { modelValue: 'ab', ...props }) }))).replace(/ data-v-\w+/g, '')
    const input = /<input [^>]*>/.exec(html)?.[0] ?? ''
    for (const attr of ['id="f-key"', 'spellcheck="false"', 'data-testid="key"', 'aria-describedby="f-key-hint"']) expect(input).toContain(attr)
    expect(html).toContain('<label for="f-key"')
    expect(html).toContain('64 hex digits')
  })

  it('the standalone verifier page reaches no naive-ui through its imports (its CSP would refuse its styles)', () => {
    const seen = new Set<string>()
    const packages = new Set<string>()
    const walk = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)) {
        if (!spec) continue
        if (!spec.startsWith('.')) {
          packages.add(spec)
          continue
        }
        const base = resolve(dirname(file), spec)
        const found = [base, `${base}.ts`, `${base}/index.ts`].find((f) => /\.(vue|ts)$/.test(f) && exists(f))
        if (found) walk(found)
      }
    }
    const exists = (f: string): boolean => {
      try {
        readFileSync(f)
        return true
      } catch {
        return false
      }
    }
    walk(resolve(__dirname, '../../src/renderer/verifier/main.ts'))
    expect([...seen].some((f) => f.endsWith('FormPlainText.vue'))).toBe(true)
    expect([...packages].filter((p) => p.startsWith('naive-ui'))).toEqual([])
  })
})
