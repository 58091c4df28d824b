"""Fill every case x condition x seed through the CLI and judge it; appends to results.jsonl (resumable).
   nice -n 5 /usr/bin/python3 training/conditions/run.py [cond ...]"""
import os as _os
from pathlib import Path as _Path
REPO = _Path(__file__).resolve().parents[2]
G = _Path(_os.environ.get('VOICEFILL_CONDITIONS_DIR', '/tmp/voicefill-conditions')); G.mkdir(parents=True, exist_ok=True)

import json, subprocess, sys, time, numpy as np, soundfile as sf
from math import gcd
from pathlib import Path
from scipy.signal import resample_poly
sys.path.insert(0, str(REPO / 'training'))
import real_eval as R, evaluate as E
from voicefill import evaluation as ev
from voicefill.asr import Whisper
cases = json.load(open(G/'cases.json')); conds = json.load(open(G/'conds.json'))
only = sys.argv[1:] or list(conds)
import os
SEEDS = [int(s) for s in os.environ.get('QA_SEEDS', '1,2,3').split(',')]; SR = 16000
done = set()
res = G/'results.jsonl'
if res.exists():
    for l in res.open(): r = json.loads(l); done.add((r['cond'], r['id'], r['seed']))
def load16(p):
    if str(p).endswith('.mp3'):
        x = np.frombuffer(subprocess.run(['ffmpeg','-loglevel','error','-i',str(p),'-f','f32le','-ac','1','-ar','16000','-'],capture_output=True,check=True).stdout, np.float32).astype(np.float64)
        return x
    x, sr = sf.read(str(p), dtype='float64', always_2d=True); x = x.mean(1)
    if sr != SR: g = gcd(sr, SR); x = resample_poly(x, SR//g, sr//g)
    return x
def native(p):
    if str(p).endswith('.mp3'):
        out = subprocess.run(['ffmpeg','-loglevel','error','-i',str(p),'-f','f64le','-'],capture_output=True,check=True).stdout
        ch = int(subprocess.run(['ffprobe','-v','error','-show_entries','stream=channels,sample_rate','-of','csv=p=0',str(p)],capture_output=True,text=True).stdout.strip().split(',')[1])
        sr = int(subprocess.run(['ffprobe','-v','error','-show_entries','stream=sample_rate','-of','csv=p=0',str(p)],capture_output=True,text=True).stdout.strip())
        return np.frombuffer(out, np.float64).reshape(-1, ch), sr, 'MP3'
    x, sr = sf.read(str(p), dtype='float64', always_2d=True); return x, sr, sf.info(str(p)).subtype
def db(v): return float(10*np.log10(v + 1e-20))
BANDS = [(0, 500), (500, 2000), (2000, 4000), (4000, 8000)]
def bands(x, s, e, sr=SR, top=None):
    seg = x[int(s*sr):int(e*sr)]
    if len(seg) < 256: seg = np.pad(seg, (0, 256-len(seg)))
    P = np.abs(np.fft.rfft(seg*np.hanning(len(seg))))**2; f = np.fft.rfftfreq(len(seg), 1/sr)
    out = [db(P[(f >= a) & (f < b)].sum()/len(seg)) for a, b in BANDS]
    return out, db((seg**2).mean())
def hiband(x, s, e, sr):  # 8 kHz .. min(16k, nyquist) at the native rate, dB
    seg = x[int(s*sr):int(e*sr)]
    P = np.abs(np.fft.rfft(seg*np.hanning(len(seg))))**2; f = np.fft.rfftfreq(len(seg), 1/sr)
    return db(P[(f >= 8000) & (f < min(16000, sr/2))].sum()/len(seg))
spk = E.Speaker()
with Whisper(threads=2) as asr:
    for cond in only:
        scale = conds[cond]
        for c in cases:
            cid = c['id']; d = G/'in'/cid
            inp = next(d.glob(cond + '.*'))
            s, e = round(c['start']*scale, 4), round(c['end']*scale, 4)
            ref_sp, span = c['ref'], tuple(c['span'])
            x = load16(inp); xn, srn, sub = native(inp)
            clip_o, rest_o = ev.clip_and_rest(x, s, e, E.CONTEXT, SR); e_rest = spk(rest_o); e_clip = spk(clip_o)
            xc = load16(G/'in'/cid/'base16.wav'); e_clean = spk(ev.clip_and_rest(xc, c['start'], c['end'], E.CONTEXT, SR)[0])
            ohyp = None
            for seed in SEEDS:
                if (cond, cid, seed) in done: continue
                if ohyp is None: ohyp = asr.text(x.astype(np.float32))
                out = G/'out'/f'{cid}_{cond}_{seed}.wav'; t0 = time.time()
                p = subprocess.run(['nice','-n','5','npm','run','-s','cli','--','fill',str(inp),'--start',f'{s:.4f}','--end',f'{e:.4f}','--text',c['text'],
                                    '--seed',str(seed),'--threads','2','--out',str(out),'--json'], cwd=str(REPO), capture_output=True, text=True, timeout=900)
                rec = {'cond': cond, 'id': cid, 'seed': seed, 'start': s, 'end': e, 'text': c['text'], 'rc': p.returncode, 'secs': round(time.time()-t0, 1)}
                if p.returncode != 0:
                    rec['err'] = (p.stderr + p.stdout)[-600:]; print(json.dumps(rec), flush=True)
                    with res.open('a') as f: f.write(json.dumps(rec) + '\n')
                    continue
                j = json.loads(p.stdout.strip().splitlines()[-1])
                rec['warnings'] = j.get('warnings', []) + [w for r in j['regions'] for w in r.get('warnings', [])]
                rec['splice'] = j['regions'][0].get('splice'); rec['narrowed'] = j['regions'][0].get('narrowed'); rec['json_sr'] = j.get('sampleRate'); rec['json_fmt'] = j.get('format')
                rec['phones'] = j['regions'][0].get('phones')
                y = load16(out); yn, sry, suby = native(out)
                hyp = asr.text(y.astype(np.float32))
                clip_y = ev.clip_and_rest(y, s, e, E.CONTEXT, SR)[0]; e_y = spk(clip_y)
                bo, lo = bands(x, s, e); by, ly = bands(y, s, e)
                rec.update({'hyp': hyp, 'heard': R.heard(ref_sp, span, hyp), 'orig_hyp': ohyp, 'orig_heard': R.heard(ref_sp, span, ohyp),
                            'sim_rest': ev.cosine(e_y, e_rest), 'orig_sim_rest': ev.cosine(e_clip, e_rest), 'sim_span': ev.cosine(e_y, e_clip), 'sim_clean': ev.cosine(e_y, e_clean),
                            'lvl_db': ly - lo, 'band_db': [b - a for a, b in zip(bo, by)], 'room_db': R.room_level(y, s, e) - R.room_level(x, s, e)})
                if srn > 16000 and sry == srn: rec['hi_db'] = hiband(yn.mean(1), s, e, sry) - hiband(xn.mean(1), s, e, srn)
                # sanity: format, length, untouched samples outside the region at the input's own rate/encoding
                rec['fmt_in'] = [srn, xn.shape[1], len(xn), sub]; rec['fmt_out'] = [sry, yn.shape[1], len(yn), suby]
                if yn.shape == xn.shape:
                    diff = np.abs(yn - xn).max(1); idx = np.nonzero(diff > 0)[0]; a0, b0 = int(round(s*srn)), int(round(e*srn))
                    rec['first_diff_ms'] = (idx[0] - a0)/srn*1000 if len(idx) else None
                    rec['last_diff_ms'] = (idx[-1] - b0)/srn*1000 if len(idx) else None
                    m = int(0.05*srn); outside = np.r_[diff[:max(0, a0-m)], diff[b0+m:]]
                    rec['outside_max'] = float(outside.max()) if len(outside) else 0.0
                    rec['outside_n'] = int((outside > 0).sum())
                print(json.dumps({k: rec[k] for k in ('cond','id','seed','heard','orig_heard','sim_rest','sim_span','lvl_db','secs')}), flush=True)
                with res.open('a') as f: f.write(json.dumps(rec) + '\n')
