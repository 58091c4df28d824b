"""Summarise results.jsonl: /usr/bin/python3 training/conditions/table.py [--cases]"""
import os as _os
from pathlib import Path as _Path
REPO = _Path(__file__).resolve().parents[2]
G = _Path(_os.environ.get('VOICEFILL_CONDITIONS_DIR', '/tmp/voicefill-conditions')); G.mkdir(parents=True, exist_ok=True)

import json, sys, numpy as np, collections
R = [json.loads(l) for l in open(G / 'results.jsonl')]
conds = list(dict.fromkeys(r['cond'] for r in R))
print('| cond | n | heard fill (orig) | per seed 1/2/3 | spk rest fill (orig) | spk span | spk vs clean span | lvl dB mean (|.|) | room dB | bands dB <.5/.5-2/2-4/4-8k | hi dB | sanity |')
print('|'+'---|'*12)
for c in conds:
    rs = [r for r in R if r['cond'] == c and r['rc'] == 0]; bad = [r for r in R if r['cond'] == c and r['rc'] != 0]
    if not rs: print(f'| {c} | failed {len(bad)} |'); continue
    h = np.sum([r['heard'] for r in rs], 0); o = {}
    for r in rs: o[r['id']] = r['orig_heard']
    oh = np.sum(list(o.values()), 0)
    ps = '/'.join(f"{sum(r['heard'][0] for r in rs if r['seed']==s)}" for s in sorted({r['seed'] for r in rs}))
    osr = np.mean([r['orig_sim_rest'] for r in rs])
    lv = [r['lvl_db'] for r in rs]; bd = np.mean([r['band_db'] for r in rs], 0)
    hi = [r['hi_db'] for r in rs if 'hi_db' in r]
    san = []
    fm = [r for r in rs if r['fmt_in'] != r['fmt_out']]
    if fm: san.append(f"fmt {fm[0]['fmt_in']}->{fm[0]['fmt_out']}")
    on = [r.get('outside_n', -1) for r in rs]
    if any(n != 0 for n in on): san.append(f"outside diff n max {max(on)} (max {max(r.get('outside_max',0) for r in rs):.2g})")
    fd = [r['first_diff_ms'] for r in rs if r.get('first_diff_ms') is not None]; ld = [r['last_diff_ms'] for r in rs if r.get('last_diff_ms') is not None]
    if fd: san.append(f"diffs from {min(fd):.0f} to +{max(ld):.0f} ms")
    w = collections.Counter(x for r in rs for x in r['warnings'])
    if w: san.append('warn: ' + '; '.join(f'{k[:90]} x{v}' for k, v in w.items()))
    if bad: san.append(f'{len(bad)} failed')
    print(f"| {c} | {len(rs)} | {h[0]}/{h[1]} ({oh[0]}/{oh[1]}) | {ps} | {np.mean([r['sim_rest'] for r in rs]):.3f} ({osr:.3f}) | {np.mean([r['sim_span'] for r in rs]):.3f} | "
          f"{np.mean([r['sim_clean'] for r in rs]):.3f} | {np.mean(lv):+.1f} ({np.mean(np.abs(lv)):.1f}) | {np.mean([r['room_db'] for r in rs]):+.1f} | "
          f"{'/'.join(f'{b:+.1f}' for b in bd)} | {'%+.1f' % np.mean(hi) if hi else ''} | {'; '.join(san)} |")
if '--cases' in sys.argv:
    for c in conds:
        for cid in dict.fromkeys(r['id'] for r in R):
            rs = [r for r in R if r['cond'] == c and r['id'] == cid and r['rc'] == 0]
            if rs: print(c, cid, 'heard', [r['heard'][0] for r in rs], '/', rs[0]['heard'][1], 'orig', rs[0]['orig_heard'][0], 'sim', [round(r['sim_rest'],3) for r in rs], 'orig', round(rs[0]['orig_sim_rest'],3), 'lvl', [round(r['lvl_db'],1) for r in rs], 'hyp:', rs[0]['hyp'][:80])
