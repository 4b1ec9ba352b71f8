"""
Moves the registries' portable modules under their portable/ folders (issue 10, docs/adr/0022) and rewrites every
relative import of them in src/, test/, bench/ and scripts/. Idempotent: run it again on a merged tree to fix imports
that other branches still write with the old paths. Run from the repository root: python3 scripts/move-registry-portable.py
"""
import os,re,subprocess,sys
MOVES={
 'src/ledger/registries/notary/schema.ts':'src/ledger/registries/notary/portable/schema.ts',
 'src/ledger/registries/notary/batch.ts':'src/ledger/registries/notary/portable/batch.ts',
 'src/ledger/registries/notary/proof.ts':'src/ledger/registries/notary/portable/proof.ts',
 'src/ledger/registries/notary/verify.ts':'src/ledger/registries/notary/portable/verify.ts',
 'src/ledger/registries/identity/schema.ts':'src/ledger/registries/identity/portable/schema.ts',
}
exts=('.ts','.vue','.mjs','.js','.mts')
files=[]
for top in ['src','test','bench','scripts']:
    for d,_,fs in os.walk(top):
        for f in fs:
            if f.endswith(exts): files.append(os.path.join(d,f))
allfiles=set(files)
def resolve(frm,spec):
    b=os.path.normpath(os.path.join(os.path.dirname(frm),spec))
    for c in [b, b+'.ts', b+'/index.ts']:
        if c in allfiles or c in MOVES: return c
    return None
def rel(frm,target,orig_spec):
    r=os.path.relpath(target,os.path.dirname(frm))
    if not r.startswith('.'): r='./'+r
    # keep the original's extension style
    if not orig_spec.endswith('.ts') and r.endswith('.ts'): r=r[:-3]
    if r.endswith('/index') and not orig_spec.endswith('index'): r=r[:-6]
    return r
pat=re.compile(r"""((?:from|import)\s*\(?\s*|vi\.mock\(\s*)(['"])(\.[^'"]+)\2""")
changed=[]
for f in files:
    newf=MOVES.get(f,f)
    s=open(f).read()
    def sub(m):
        spec=m.group(3)
        t=resolve(f,spec)
        if t is None: return m.group(0)
        t2=MOVES.get(t,t)
        if t2==t and newf==f: return m.group(0)
        return m.group(1)+m.group(2)+rel(newf,t2,spec)+m.group(2)
    s2=pat.sub(sub,s)
    if s2!=s:
        open(f,'w').write(s2); changed.append(f)
for a,b in MOVES.items():
    if os.path.exists(a) and not os.path.exists(b):
        subprocess.check_call(['git','mv',a,b])
        print('moved', a, '->', b)
for f in changed: print('rewrote imports in', f)
