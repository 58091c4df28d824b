import os as _os
from pathlib import Path as _Path
REPO = _Path(__file__).resolve().parents[2]
G = _Path(_os.environ.get('VOICEFILL_CONDITIONS_DIR', '/tmp/voicefill-conditions')); G.mkdir(parents=True, exist_ok=True)
import sys, json
sys.path.insert(0, str(REPO / 'training'))
import real_eval as R
from pathlib import Path
cases = R.pick(R.real_cases(R.HERE/"real"/"librispeech_rz_test.json", R.HERE/"data"/"real"/"librispeech_rz_test"), 6, 0)
out=[]
for c in cases:
    s,e,text,ref,span = R.case_span(c, 0)
    dur = c["words"][-1][1]
    out.append({"id":c["id"],"wav":str(c["wav"]),"speaker":c["speaker"],"start":s,"end":e,"text":text,"ref":ref,"span":span})
    print(c["id"], c["speaker"], f"{s:.3f}-{e:.3f}", repr(text), f"dur~{dur:.1f}")
json.dump(out, open(G / 'cases.json', 'w'), indent=1)
