"""In-memory corpus of shards written by build_corpus.py, and random-crop batches.

Shapes: F frames of a shard, M mel bins, B batch, T crop frames.
"""
from __future__ import annotations

import json
import lzma
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .features import extend_band


@dataclass
class Utterance:
    mel: np.ndarray  # float16 [frames, M], log-mel (not normalised)
    phones: np.ndarray  # uint8 [frames]
    voice: str
    text: str


# Packed corpora (training/pack_corpus.py): log-mel as 8-bit codes over [PACK_LO, PACK_LO + PACK_SPAN],
# delta-coded along time (mod 256) so xz finds the slow changes.
PACK_LO = -11.6
PACK_SPAN = 15.5


def pack_mel(mel: np.ndarray) -> np.ndarray:
    """[F, M] log-mel -> uint8 [F, M] time-delta codes."""
    q = np.clip(np.round((mel.astype(np.float32) - PACK_LO) / PACK_SPAN * 255), 0, 255).astype(np.int16)
    return np.diff(q, axis=0, prepend=np.zeros((1, q.shape[1]), np.int16)).astype(np.uint8)


def unpack_mel(codes: np.ndarray) -> np.ndarray:
    """Inverse of pack_mel, to float16 log-mel."""
    q = np.cumsum(codes.astype(np.int64), axis=0) % 256
    return (q.astype(np.float32) * (PACK_SPAN / 255) + PACK_LO).astype(np.float16)


def load_shard(js: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(mel float16 [F, M], phones uint8 [F], offsets [U+1]) of a corpus shard or a packed one; None if absent."""
    npz, xz = js.with_suffix(".npz"), js.with_suffix(".mel.xz")
    if xz.exists():
        idx = np.load(js.with_suffix(".idx.npz"))
        codes = np.frombuffer(lzma.decompress(xz.read_bytes()), dtype=np.uint8).reshape(len(idx["phones"]), -1)
        return unpack_mel(codes), idx["phones"], idx["offsets"]
    if npz.exists():
        d = np.load(npz)
        return d["mel"], d["phones"], d["offsets"]
    return None


def load_stats(corpus: Path) -> dict:
    return json.loads((Path(corpus) / "stats.json").read_text())


def load_corpus(corpus: Path) -> dict[str, dict[str, list[Utterance]]]:
    """{'train' | 'test' | 'heldout': {voice: [Utterance]}}; held-out voices only go to 'heldout'."""
    out: dict[str, dict[str, list[Utterance]]] = {"train": {}, "test": {}, "heldout": {}}
    for js in sorted((Path(corpus) / "shards").glob("*.json")):
        shard = load_shard(js)
        if shard is None:
            continue
        info = json.loads(js.read_text())
        mel, phones, off = shard
        for i, u in enumerate(info["utterances"]):
            split = "heldout" if info["heldOut"] else u["split"]
            utt = Utterance(mel[off[i] : off[i + 1]], phones[off[i] : off[i + 1]], info["voice"], u["text"])
            out[split].setdefault(info["voice"], []).append(utt)
    return out


class Batcher:
    """Random crops of up to `crop` frames, normalised with the corpus mean/std.

    Voices are sampled uniformly (or by `weights`), then an utterance within the voice, so a large voice
    does not drown a small one.
    """

    def __init__(self, by_voice: dict[str, list[Utterance]], mean, std, crop: int, seed: int,
                 weights: dict[str, float] | None = None, warp: "Warp | None" = None,
                 band: "tuple[float, tuple[float, ...]] | None" = None):
        self.band = band  # (share of crops, sample rates): shown as audio recorded at that rate (band_limit)
        self.voices = sorted(by_voice)
        self.by_voice = by_voice
        # Per-voice sampling weights (default 1 each); None keeps the original uniform draw exactly.
        w = np.array([(weights or {}).get(v, 1.0) for v in self.voices], dtype=np.float64)
        self.p = None if np.all(w == 1.0) else w / w.sum()
        self.mean = np.asarray(mean, dtype=np.float32)
        self.inv_std = 1.0 / np.asarray(std, dtype=np.float32)
        self.crop = crop
        self.rng = np.random.default_rng(seed)
        self.warp = warp

    def batch(self, size: int):
        """-> x1 f32 [B, T, M], phones long [B, T], lengths long [B]; T = longest crop in the batch."""
        picks = []
        for _ in range(size):
            k = self.rng.integers(len(self.voices)) if self.p is None else self.rng.choice(len(self.voices), p=self.p)
            utts = self.by_voice[self.voices[k]]
            u = utts[self.rng.integers(len(utts))]
            if self.warp and self.warp.applies(self.voices[k]) and self.rng.random() < self.warp.p:
                u = self.warp(u, self.rng)
            n = len(u.phones)
            start = int(self.rng.integers(0, n - self.crop + 1)) if n > self.crop else 0
            picks.append((u, start, min(n, self.crop)))
        x1, ph, lengths = collate(picks, self.mean, self.inv_std)
        if self.band and self.band[0] > 0:
            p, rates = self.band
            for b in range(len(picks)):
                if self.rng.random() < p:
                    band_limit(x1[b], float(self.rng.choice(rates)))
        return x1, ph, lengths


def band_limit(x: torch.Tensor, rate: float) -> torch.Tensor:
    """Normalised frames [T, M] as the engine shows audio recorded at `rate` (8 kHz telephone audio): the
    bins above its Nyquist given the top band's level (features.extend_band = dsp/band.ts). In place."""
    x.copy_(torch.from_numpy(extend_band(x.numpy(), rate)))
    return x


@dataclass
class Warp:
    """A new speaker from a recording, on the fly: vocal-tract length (every frequency scaled by alpha,
    formants and harmonics with it) and speaking rate (frames resampled by r, phones with them), both
    applied to the log-mel. Real recordings are few speakers; this widens them the way the voice-space
    copies widen the synthetic voices, without storing anything.
    """

    p: float = 0.5  # share of picked utterances that are warped
    alpha: float = 0.12  # frequency scale drawn from [1 - alpha, 1 + alpha]
    rate: float = 0.10  # time scale drawn from [1 - rate, 1 + rate]
    prefix: str = "real_"  # voices it applies to
    sample_rate: int = 16000
    n_fft: int = 1024
    f_max: float = 8000.0

    def applies(self, voice: str) -> bool:
        return voice.startswith(self.prefix)

    def __call__(self, u: Utterance, rng: np.random.Generator) -> Utterance:
        a = 1 + rng.uniform(-self.alpha, self.alpha)
        r = 1 + rng.uniform(-self.rate, self.rate)
        return Utterance(warp_frequency(warp_time(u.mel, r), a, self.f_max), warp_phones(u.phones, r), u.voice, u.text)


def _mel_centres(n_mels: int, f_max: float) -> np.ndarray:
    from .features import hz_to_mel_slaney, mel_to_hz_slaney
    pts = np.linspace(hz_to_mel_slaney(0.0), hz_to_mel_slaney(f_max), n_mels + 2)
    return mel_to_hz_slaney(pts[1:-1])


def warp_frequency(mel: np.ndarray, alpha: float, f_max: float = 8000.0) -> np.ndarray:
    """[F, M] log-mel of the same speech with every frequency scaled by alpha (bin m takes the level found
    at f_m / alpha, interpolated between bins; beyond the top bin the top bin's level)."""
    c = _mel_centres(mel.shape[1], f_max)
    src = np.interp(c / alpha, c, np.arange(len(c)))
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, len(c) - 1)
    w = (src - lo).astype(np.float32)
    m = mel.astype(np.float32)
    return (m[:, lo] * (1 - w) + m[:, hi] * w).astype(mel.dtype)


def warp_time(mel: np.ndarray, r: float) -> np.ndarray:
    """[F, M] -> [round(F * r), M]: linear interpolation between frames (r > 1 is slower speech)."""
    n = max(1, int(round(len(mel) * r)))
    pos = np.minimum(np.arange(n) / r, len(mel) - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, len(mel) - 1)
    w = (pos - lo).astype(np.float32)[:, None]
    m = mel.astype(np.float32)
    return (m[lo] * (1 - w) + m[hi] * w).astype(mel.dtype)


def warp_phones(phones: np.ndarray, r: float) -> np.ndarray:
    """Frame phones resampled like warp_time (nearest frame)."""
    n = max(1, int(round(len(phones) * r)))
    return phones[np.minimum(np.round(np.arange(n) / r).astype(int), len(phones) - 1)]


def collate(picks, mean, inv_std):
    T = max(n for _, _, n in picks)
    M = len(mean)
    x1 = np.zeros((len(picks), T, M), dtype=np.float32)
    ph = np.zeros((len(picks), T), dtype=np.int64)
    for b, (u, s, n) in enumerate(picks):
        x1[b, :n] = (u.mel[s : s + n].astype(np.float32) - mean) * inv_std
        ph[b, :n] = u.phones[s : s + n]
    lengths = torch.tensor([n for _, _, n in picks], dtype=torch.long)
    return torch.from_numpy(x1), torch.from_numpy(ph), lengths


def fixed_batches(by_voice: dict[str, list[Utterance]], mean, std, crop: int, per_voice: int, batch: int,
                  band_rate: float | None = None):
    """Deterministic validation batches: the first `per_voice` utterances of each voice, centre crops
    (as recorded at `band_rate`, when given)."""
    mean = np.asarray(mean, dtype=np.float32)
    inv_std = 1.0 / np.asarray(std, dtype=np.float32)
    picks = []
    for v in sorted(by_voice):
        for u in by_voice[v][:per_voice]:
            n = len(u.phones)
            picks.append((u, max(0, (n - crop) // 2), min(n, crop)))
    out = [collate(picks[i : i + batch], mean, inv_std) for i in range(0, len(picks), batch)]
    if band_rate:
        for x1, _, _ in out:
            for row in x1:
                band_limit(row, band_rate)
    return out
