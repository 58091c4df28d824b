"""Pure helpers for training/evaluate.py: word error rate, word-span picking, frame ranges, region
log-mel L1, splice discontinuity, and clip cutting. numpy only, so tests run without the ASR or the
speaker encoder installed.

Shapes: T = frames, M = mel bins; feats are normalised log-mel [T, M] (features.py).
"""
from __future__ import annotations

import math
import re

import numpy as np


def normalise_words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped (apostrophes inside words kept): the WER tokeniser."""
    return re.findall(r"[a-z]+(?:'[a-z]+)*", text.lower())


def word_errors(ref: list[str], hyp: list[str]) -> int:
    """Substitutions + deletions + insertions of the best alignment (word-level Levenshtein)."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def matched_ref_words(ref: list[str], hyp: list[str]) -> list[bool]:
    """For each reference word, whether the best word alignment pairs it with an equal hypothesis
    word (backtrace of word_errors' table; matches preferred among equal-cost paths)."""
    n, m = len(ref), len(hyp)
    d = np.zeros((n + 1, m + 1), dtype=np.int64)
    d[:, 0] = np.arange(n + 1)
    d[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i, j] = min(d[i - 1, j] + 1, d[i, j - 1] + 1, d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]))
    found = [False] * n
    i, j = n, m
    while i > 0 and j > 0:
        if ref[i - 1] == hyp[j - 1] and d[i, j] == d[i - 1, j - 1]:
            found[i - 1] = True
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j - 1] + 1:
            i, j = i - 1, j - 1
        elif d[i, j] == d[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return found


def spelled_like_ref(ref: list[str], hyp: list[str]) -> tuple[list[str], list[str]]:
    """ref and hyp with spellings that sound alike made equal, for counting heard words: apostrophes
    dropped on both sides ("it's" = "its"), and a hypothesis word split or joined where the reference
    writes it as one or two ("some one" = "someone", "into" = "in to"). Speech has no spaces or
    apostrophes, so a recogniser's choice between them says nothing about the audio. ref keeps its length."""
    r = [w.replace("'", "") for w in ref]
    h = [w.replace("'", "") for w in hyp]
    known = set(r)
    pairs = {a + b: (a, b) for a, b in zip(r, r[1:])}
    out: list[str] = []
    j = 0
    while j < len(h):
        if j + 1 < len(h) and h[j] + h[j + 1] in known and not (h[j] in known and h[j + 1] in known):
            out.append(h[j] + h[j + 1])
            j += 2
        elif h[j] not in known and h[j] in pairs:
            out += pairs[h[j]]
            j += 1
        else:
            out.append(h[j])
            j += 1
    return r, out


def region_token_span(words: list[str], first: int, count: int) -> tuple[int, int]:
    """[start, stop) of the masked words words[first:first+count] among the normalised tokens of
    " ".join(words) (an entry may hold several words, e.g. a prompt "front, left")."""
    start = len(normalise_words(" ".join(words[:first])))
    return start, start + len(normalise_words(" ".join(words[first:first + count])))


def region_words_found(reference: str, span: tuple[int, int], hyp: str) -> tuple[int, int]:
    """(found, total): how many of the reference's masked tokens [span) the ASR transcript has in
    their place. A fill can keep the utterance's WER while mumbling its own words (the context and
    the LM carry the sentence); this counts only the region."""
    found = matched_ref_words(normalise_words(reference), normalise_words(hyp))
    return sum(found[span[0]:span[1]]), span[1] - span[0]


def wer(refs: list[str], hyps: list[str]) -> float:
    """Corpus word error rate: all errors over all reference words (as jiwer computes it)."""
    if len(refs) != len(hyps):
        raise ValueError(f"{len(refs)} references but {len(hyps)} hypotheses")
    errors = words = 0
    for r, h in zip(refs, hyps):
        rw = normalise_words(r)
        errors += word_errors(rw, normalise_words(h))
        words += len(rw)
    if words == 0:
        raise ValueError("references hold no words")
    return errors / words


def bigram_arpa(sentences: list[list[str]], vocab: set[str], discount: float = 0.7) -> str:
    """ARPA text of a backoff bigram LM (absolute discounting, add-one unigrams) over words in
    vocab; words outside it split a sentence (no bigram spans them) and are never predicted.

    Bigram p(w|h) = (c(h,w) − D) / c(h); the freed mass D·types(h)/c(h) goes to unseen words in
    proportion to their unigram p, so the backoff weight is that mass over 1 − Σ_seen p_uni(w).
    """
    uni: dict[str, int] = {}
    bi: dict[tuple[str, str], int] = {}
    for words in sentences:
        seq = ["<s>"] + [w if w in vocab else "" for w in words] + ["</s>"]
        for w in seq[1:]:
            if w:
                uni[w] = uni.get(w, 0) + 1
        for h, w in zip(seq, seq[1:]):
            if h and w:
                bi[(h, w)] = bi.get((h, w), 0) + 1
    total = sum(uni.values())
    p_uni = {w: (c + 1) / (total + len(uni)) for w, c in uni.items()}  # <s> is never predicted
    ctx: dict[str, list[tuple[str, int]]] = {}
    for (h, w), c in bi.items():
        ctx.setdefault(h, []).append((w, c))
    lines = ["\\data\\", f"ngram 1={len(uni) + 1}", f"ngram 2={len(bi)}", "", "\\1-grams:"]
    bows = {}
    for h, seen in ctx.items():
        n = sum(c for _, c in seen)
        freed = discount * len(seen) / n
        bows[h] = freed / max(1e-12, 1 - sum(p_uni[w] for w, _ in seen))
    lines.append(f"-99.0000 <s> {math.log10(bows.get('<s>', 1.0)):.4f}")
    for w in sorted(uni):
        lines.append(f"{math.log10(p_uni[w]):.4f} {w}" + (f" {math.log10(bows[w]):.4f}" if w in bows else ""))
    lines += ["", "\\2-grams:"]
    for h in sorted(ctx):
        n = sum(c for _, c in ctx[h])
        lines += [f"{math.log10((c - discount) / n):.4f} {h} {w}" for w, c in sorted(ctx[h])]
    return "\n".join(lines + ["", "\\end\\", ""])


def pick_span(n_words: int, rng: np.random.Generator, max_words: int = 3) -> tuple[int, int]:
    """(first, count): 1..max_words consecutive words strictly inside the utterance, so the region
    always has spoken context on both sides (never the first or the last word)."""
    if n_words < 3:
        raise ValueError(f"need at least 3 words to mask one inside the utterance (got {n_words})")
    count = int(rng.integers(1, min(max_words, n_words - 2) + 1))
    first = int(rng.integers(1, n_words - count))  # last masked word is at most n_words - 2
    return first, count


def seconds_to_frame(s: float, sample_rate: int, hop: int) -> int:
    """round(s · sampleRate / hop), half away from zero like the engine's Math.round (docs/model-format.md)."""
    return int(math.floor(s * sample_rate / hop + 0.5))


def frame_range(start: float, end: float, sample_rate: int, hop: int) -> tuple[int, int]:
    """Frames [a, b) of a region in seconds; at least one frame."""
    a = seconds_to_frame(start, sample_rate, hop)
    return a, max(a + 1, seconds_to_frame(end, sample_rate, hop))


def region_l1(feats: np.ndarray, ref: np.ndarray, a: int, b: int) -> float:
    """Mean |feats − ref| over frames [a, b) and all bins."""
    if feats.shape != ref.shape:
        raise ValueError(f"feature shapes differ: {feats.shape} vs {ref.shape}")
    return float(np.abs(feats[a:b] - ref[a:b]).mean())


def frame_jumps(feats: np.ndarray) -> np.ndarray:
    """[T − 1] L2 distance between each pair of adjacent frames: jumps[i] is across the boundary
    between frames i and i + 1."""
    return np.linalg.norm(np.diff(feats, axis=0), axis=1)


def splice_discontinuity(feats: np.ndarray, a: int, b: int, reach: int = 1, guard: int = 3) -> tuple[float, float]:
    """(edge, untouched) spectral discontinuity of a region [a, b) of feats [T, M].

    edge: mean over the two edges of the largest jump within `reach` boundaries of the edge (the
    engine crossfades over a few ms, so the step can land one frame either side).
    untouched: mean jump across boundaries whose frames both lie `guard` frames or more outside the
    region, i.e. the natural frame-to-frame change of the untouched audio.
    """
    jumps = frame_jumps(feats)
    edges = []
    for e in (a, b):  # boundary e sits between frames e − 1 and e, i.e. jumps[e − 1]
        lo, hi = max(0, e - 1 - reach), min(len(jumps), e + reach)
        if lo < hi:
            edges.append(float(jumps[lo:hi].max()))
    idx = np.arange(len(jumps))
    outside = (idx + 1 < a - guard) | (idx >= b + guard)
    if not edges or not outside.any():
        raise ValueError(f"region [{a}, {b}) leaves no edge or no untouched boundary in {len(feats)} frames")
    return float(np.mean(edges)), float(jumps[outside].mean())


def clip_and_rest(x: np.ndarray, start: float, end: float, context: float, sample_rate: int) -> tuple[np.ndarray, np.ndarray]:
    """The region plus `context` seconds each side, and the rest of the signal (both sides joined)."""
    lo = max(0, int(round((start - context) * sample_rate)))
    hi = min(len(x), int(round((end + context) * sample_rate)))
    return x[lo:hi], np.concatenate([x[:lo], x[hi:]])


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)))


# --- Spoken-form words, so a recogniser that writes "10" or "Mr." matches a text that says "ten"/"mister".
_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth",
            "twelve": "twelfth"}
_TITLES = {"mr": "mister", "mrs": "missus", "ms": "miss", "dr": "doctor", "st": "saint", "jr": "junior", "sr": "senior",
           "vs": "versus", "etc": "etcetera", "ok": "okay"}


def number_words(n: int) -> list[str]:
    """Cardinal words of 0 <= n < 10**12 ("one hundred and five" is said without "and" here)."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        return [_ONES[n // 100], "hundred"] + (number_words(n % 100) if n % 100 else [])
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            return number_words(n // size) + [name] + (number_words(n % size) if n % size else [])
    raise ValueError(n)


def year_words(n: int) -> list[str]:
    """1999 -> nineteen ninety nine; 2005 -> two thousand five; 1900 -> nineteen hundred."""
    hi, lo = divmod(n, 100)
    if 2000 <= n < 2010:
        return number_words(n)
    if lo == 0:
        return number_words(hi) + ["hundred"]
    return number_words(hi) + (["oh"] + number_words(lo) if lo < 10 else number_words(lo))


def ordinal_words(n: int) -> list[str]:
    w = number_words(n)
    last = w[-1]
    if last in _ORDINAL:
        w[-1] = _ORDINAL[last]
    elif last.endswith("y"):
        w[-1] = last[:-1] + "ieth"
    else:
        w[-1] = last + "th"
    return w


def spoken_words(text: str) -> list[str]:
    """Lower-case words as spoken: digits, ordinals, years, %, titles and '&' written out; hyphens split.

    Both sides of a comparison go through this, so "10" == "ten" and "Mr." == "mister".
    """
    out: list[str] = []
    for tok in re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)*\.?|\d+(?:,\d{3})*(?:\.\d+)?(?:st|nd|rd|th|s)?%?|[&%$]", text):
        low = tok.lower()
        if low.rstrip(".") in _TITLES and (low.endswith(".") or low.rstrip(".") in ("ok",)):
            out.append(_TITLES[low.rstrip(".")])
            continue
        low = low.rstrip(".")
        if low == "&":
            out.append("and")
        elif low == "%":
            out.append("percent")
        elif low == "$":
            out.append("dollars")
        elif low[0].isdigit():
            pct = low.endswith("%")
            low = low.rstrip("%")
            m = re.fullmatch(r"([\d,]+)(?:\.(\d+))?(st|nd|rd|th|s)?", low)
            if not m:
                continue
            n = int(m.group(1).replace(",", "") or 0)
            suffix = m.group(3)
            if suffix in ("st", "nd", "rd", "th"):
                out += ordinal_words(n)
            elif suffix == "s" and 1000 < n < 2100 and n % 10 == 0:  # 1990s
                w = year_words(n)
                w[-1] = w[-1][:-1] + "ies" if w[-1].endswith("y") else w[-1] + "s"
                out += w
            elif m.group(2) is None and "," not in m.group(1) and 1100 <= n < 2100:
                out += year_words(n)
            else:
                out += number_words(n) if n < 10**12 else [c for c in m.group(1) if c.isdigit()]
                if m.group(2):
                    out += ["point"] + [_ONES[int(c)] for c in m.group(2)]
            if pct:
                out.append("percent")
        else:
            out += re.findall(r"[a-z]+(?:'[a-z]+)*", low)
    return out
