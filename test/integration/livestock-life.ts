/**
 * Two animals' lives reported through the real CLI on a running node, for the consumer's tests (docs/adr/0045): keys
 * with every reporting role (and the lab's), a farm, a slaughterhouse, a packer and a shop; each animal born, tagged,
 * slaughtered (passed) and graded 1++ A 432.5 kg; both packed as sirloin under one bundle, sold at the shop.
 */
import { expect } from 'vitest'
import { cli } from './harness'

export const LIFE_ROLES: Readonly<Record<string, string>> = {
  officer: 'livestock-officer',
  farmer: 'farmer',
  tagger: 'tagger',
  butcher: 'slaughterhouse',
  grader: 'grader',
  packer: 'packer',
  shop: 'shop',
  lab: 'lab',
}

/** Reports the lives; returns the CLI keys by name. */
export function reportLives(home: string, cows: readonly string[], bundle: string): Record<string, string> {
  const keys: Record<string, string> = {}
  const ok = (args: string[]) => {
    const r = cli([...args, '--home', home, '--json'])
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0)
    return r.json
  }
  for (const [name, role] of Object.entries(LIFE_ROLES)) {
    keys[name] = ok(['keys', 'create', '--name', name]).publicKey
    ok(['role', 'grant', '--subject', keys[name]!, '--role', role])
  }
  const reg = (site: string, kind: string, keeper: string, name: string) =>
    ok(['livestock', 'site', 'register', '--key', 'officer', '--site', site, '--kind', kind, '--name', name, '--area', '4717025021', '--address', '경상북도 안동시', '--keeper', keys[keeper]!])
  reg('100001', 'farm', 'farmer', '하늘목장')
  reg('300001', 'slaughterhouse', 'butcher', '안동 도축장')
  reg('400001', 'packer', 'packer', '한빛 포장처리')
  reg('500001', 'shop', 'shop', '우리 정육점')
  for (const cow of cows) {
    ok(['livestock', 'birth', '--key', 'farmer', '--animal', cow, '--farm', '100001', '--breed', 'hanwoo', '--sex', 'castrated'])
    ok(['livestock', 'tag', '--key', 'tagger', '--animal', cow])
    ok(['livestock', 'slaughter', '--key', 'butcher', '--animal', cow, '--slaughterhouse', '300001', '--inspection', 'pass', '--dna-sample', `DNA-${cow.slice(-4)}`])
    ok(['livestock', 'grade', '--key', 'grader', '--animal', cow, '--quality', '1++', '--yield', 'A', '--weight', '432.5'])
  }
  ok(['livestock', 'pack', '--key', 'packer', '--packer', '400001', ...cows.flatMap((c) => ['--animal', c]), '--cut', 'sirloin', '--bundle', bundle, '--shop', '500001'])
  ok(['livestock', 'sell', '--key', 'shop', '--shop', '500001', '--number', bundle])
  return keys
}
