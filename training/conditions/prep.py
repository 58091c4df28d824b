"""Make each case's recording in every condition: training/conditions/in/<case>/<cond>.<ext>; conds.json lists region scale."""
import os as _os
from pathlib import Path as _Path
REPO = _Path(__file__).resolve().parents[2]
G = _Path(_os.environ.get('VOICEFILL_CONDITIONS_DIR', '/tmp/voicefill-conditions')); G.mkdir(parents=True, exist_ok=True)

import json, subprocess, numpy as np, soundfile as sf
from pathlib import Path
from scipy import signal
D = (G / 'in'); cases = json.load(open(G / 'cases.json'))
ALL = sorted((REPO / 'training/data/real/librispeech_rz_test').glob('*.wav'))
rng = np.random.default_rng(0)
def sh(c): subprocess.run(c, shell=True, check=True)
def active_rms(x, fs):
    f = int(0.02*fs); fr = x[:len(x)//f*f].reshape(-1, f); e = (fr**2).mean(1); m = e.max()
    return np.sqrt(e[e > m*1e-3].mean())
def pink(n):
    w = rng.standard_normal(n); b=[0.049922035,-0.095993537,0.050612699,-0.004408786]; a=[1,-2.494956002,2.017265875,-0.522189400]
    return signal.lfilter(b, a, w)
def at_snr(x, nz, snr, fs):
    nz = nz * active_rms(x, fs) / 10**(snr/20) / np.sqrt((nz**2).mean()); y = x + nz
    pk = np.abs(y).max(); return y * (0.9/pk if pk > 0.9 else 1.0)
def music(n, fs):
    t = np.arange(n)/fs; y = np.zeros(n); beat = 0.5
    chords = [[220,277.2,329.6],[196,246.9,293.7],[174.6,220,261.6],[164.8,207.7,246.9]]
    for i in range(int(n/fs/ (4*beat))+1):
        s0 = int(i*4*beat*fs); s1 = min(n, int((i+1)*4*beat*fs))
        for f0 in chords[i % 4]:
            for h in range(1, 6): y[s0:s1] += np.sin(2*np.pi*f0*h*t[s0:s1]) / h**1.5
    env = np.zeros(n)   # drums: noise bursts on each beat, decaying
    for k in range(int(n/fs/beat)+1):
        s = int(k*beat*fs); L = min(n-s, int(0.15*fs))
        if L > 0: env[s:s+L] += np.exp(-np.arange(L)/(0.03*fs))
    y = y/np.abs(y).max() + 0.8*env*rng.standard_normal(n)
    return y
def babble(case_id, spk, n, fs):
    others = [p for p in ALL if not p.name.startswith(spk + '-')]
    pick = [others[i] for i in rng.choice(len(others), 4, replace=False)]
    y = np.zeros(n)
    for p in pick:
        z, r = sf.read(p); z = np.tile(z, int(np.ceil(n/len(z))))[:n]; y += z/active_rms(z, fs)
    return y
conds = {}
for c in cases:
    cid = c['id']; src = c['wav']; d = D/cid; d.mkdir(parents=True, exist_ok=True)
    x, fs = sf.read(src); assert fs == 16000
    sh(f'cp {src} {d}/base16.wav')
    sh(f'sox {src} -b 16 {d}/r44_16.wav rate -v 44100 dither -s')
    sh(f'sox {src} -b 24 {d}/r48_24.wav rate -v 48000')
    sh(f'sox {src} -b 32 -e floating-point {d}/r48_f32.wav rate -v 48000')
    x44, _ = sf.read(f'{d}/r44_16.wav')
    sf.write(f'{d}/st_ident.wav', np.stack([x44, x44], 1), 44100, subtype='PCM_16')
    sf.write(f'{d}/st_att6.wav', np.stack([x44, x44*10**(-6/20)], 1), 44100, subtype='PCM_16')
    sh(f'sox {src} -b 16 {d}/r8k.wav rate -v 8000 dither -s')
    sh(f'sox {src} -b 16 {d}/r11k.wav rate -v 11025 dither -s')
    sh(f'sox {src} -b 8 -e unsigned-integer {d}/u8.wav')
    sf.write(f'{d}/quiet30.wav', x*10**(-30/20), fs, subtype='PCM_16')
    sf.write(f'{d}/clip.wav', np.clip(x*10**(15/20), -1, 32767/32768), fs, subtype='PCM_16')
    sf.write(f'{d}/pink15.wav', at_snr(x, pink(len(x)), 15, fs), fs, subtype='PCM_16')
    sh(f'sox {src} {d}/reverb.wav reverb 70 50 100 gain -n -3')
    sh(f'sox {d}/r44_16.wav -t wav - | ffmpeg -y -loglevel error -i - -c:a libmp3lame -b:a 64k {d}/mp3_64.mp3')
    sh(f'sox {src} {d}/tempo125.wav tempo -s 1.25')
    sh(f'sox {src} {d}/tempo080.wav tempo -s 0.8')
    sf.write(f'{d}/babble5.wav', at_snr(x, babble(cid, c['speaker'], len(x), fs), 5, fs), fs, subtype='PCM_16')
    sf.write(f'{d}/music10.wav', at_snr(x, music(len(x), fs), 10, fs), fs, subtype='PCM_16')
conds = {k: 1.0 for k in ['base16','r8k','quiet30','pink15','r44_16','st_att6','mp3_64','tempo125','tempo080','clip','reverb','u8',
                          'r11k','r48_24','r48_f32','st_ident','babble5','music10']}
conds['tempo125'] = 1/1.25; conds['tempo080'] = 1/0.8
json.dump(conds, open(G / 'conds.json', 'w'), indent=1)
