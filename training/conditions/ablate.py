"""Apply a condition to the 16 kHz baseline fills afterwards and judge them: is a condition's loss the fill's
(made from the degraded context) or the listener's (the degradation itself)?  /usr/bin/python3 ablate.py COND..."""
import os as _os
from pathlib import Path as _Path
REPO = _Path(__file__).resolve().parents[2]
_G = _Path(_os.environ.get('VOICEFILL_CONDITIONS_DIR', '/tmp/voicefill-conditions')); _G.mkdir(parents=True, exist_ok=True)

import json, subprocess, sys, numpy as np, soundfile as sf
from math import gcd
from scipy.signal import resample_poly
sys.path.insert(0, str(REPO / 'training'))
import real_eval as R
from voicefill.asr import Whisper
G = str(_G); cases = json.load(open(G+'/cases.json'))
def post(cond, cid, fill):
    x, _ = sf.read(f'{G}/in/{cid}/base16.wav')
    if cond in ('pink15', 'babble5', 'music10'):
        z, _ = sf.read(f'{G}/in/{cid}/{cond}.wav'); g = np.dot(z, x)/np.dot(x, x)
        return z - g*x + g*fill
    if cond in ('r8k', 'r11k'):
        r = 8000 if cond == 'r8k' else 11025
        sf.write(G + '/_t.wav', fill, 16000, subtype='PCM_16')
        subprocess.run(f'sox {G}/_t.wav -b 16 {G}/_p.wav rate -v {r} dither -s', shell=True, check=True)
        y, sr = sf.read(G + '/_p.wav'); g_ = gcd(sr, 16000); return resample_poly(y, 16000//g_, sr//g_)
    if cond == 'reverb':
        sf.write(G + '/_t.wav', fill, 16000, subtype='PCM_16')
        subprocess.run(f'sox {G}/_t.wav {G}/_p.wav reverb 70 50 100 gain -n -3', shell=True, check=True)
        return sf.read(G + '/_p.wav')[0]
    if cond in ('tempo125', 'u8'):
        sf.write(G + '/_t.wav', fill, 16000, subtype='PCM_16')
        fx = 'tempo -s 1.25' if cond == 'tempo125' else ''
        bits = '-b 8 -e unsigned-integer' if cond == 'u8' else ''
        subprocess.run(f'sox {G}/_t.wav {bits} {G}/_p.wav {fx}', shell=True, check=True)
        return sf.read(G + '/_p.wav')[0]
    if cond == 'clip':
        return np.clip(fill*10**(15/20), -1, 1)
    raise SystemExit(cond)
import os
SEEDS = [int(v) for v in os.environ.get('QA_SEEDS', '1,2,3,4,5,6').split(',')]
out = open(G+'/ablate.jsonl', 'a')
with Whisper(threads=2) as asr:
    for cond in sys.argv[1:]:
        tot = [0, 0]
        for c in cases:
            for seed in SEEDS:
                fill, _ = sf.read(f"{G}/out/{c['id']}_base16_{seed}.wav")
                y = post(cond, c['id'], fill); hyp = asr.text(y.astype(np.float32)); h = R.heard(c['ref'], tuple(c['span']), hyp)
                tot[0] += h[0]; tot[1] += h[1]
                out.write(json.dumps({'cond': cond, 'id': c['id'], 'seed': seed, 'heard': h, 'hyp': hyp}) + '\n'); out.flush()
        print(cond, 'baseline fill then condition: heard', tot, flush=True)
