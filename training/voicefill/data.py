"""In-memory corpus of shards written by build_corpus.py, and random-crop batches.

Shapes: F frames of a shard, M mel bins, B batch, T crop frames.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch


@dataclass
class Utterance:
    mel: np.ndarray  # float16 [frames, M], log-mel (not normalised)
    phones: np.ndarray  # uint8 [frames]
    voice: str
    text: str


def load_stats(corpus: Path) -> dict:
    return json.loads((Path(corpus) / "stats.json").read_text())


def load_corpus(corpus: Path) -> dict[str, dict[str, list[Utterance]]]:
    """{'train' | 'test' | 'heldout': {voice: [Utterance]}}; held-out voices only go to 'heldout'."""
    out: dict[str, dict[str, list[Utterance]]] = {"train": {}, "test": {}, "heldout": {}}
    for js in sorted((Path(corpus) / "shards").glob("*.json")):
        npz = js.with_suffix(".npz")
        if not npz.exists():
            continue
        info = json.loads(js.read_text())
        d = np.load(npz)
        mel, phones, off = d["mel"], d["phones"], d["offsets"]
        for i, u in enumerate(info["utterances"]):
            split = "heldout" if info["heldOut"] else u["split"]
            utt = Utterance(mel[off[i] : off[i + 1]], phones[off[i] : off[i + 1]], info["voice"], u["text"])
            out[split].setdefault(info["voice"], []).append(utt)
    return out


class Batcher:
    """Random crops of up to `crop` frames, normalised with the corpus mean/std.

    Voices are sampled uniformly, then an utterance within the voice, so a large voice does not
    drown a small one.
    """

    def __init__(self, by_voice: dict[str, list[Utterance]], mean, std, crop: int, seed: int):
        self.voices = sorted(by_voice)
        self.by_voice = by_voice
        self.mean = np.asarray(mean, dtype=np.float32)
        self.inv_std = 1.0 / np.asarray(std, dtype=np.float32)
        self.crop = crop
        self.rng = np.random.default_rng(seed)

    def batch(self, size: int):
        """-> x1 f32 [B, T, M], phones long [B, T], lengths long [B]; T = longest crop in the batch."""
        picks = []
        for _ in range(size):
            utts = self.by_voice[self.voices[self.rng.integers(len(self.voices))]]
            u = utts[self.rng.integers(len(utts))]
            n = len(u.phones)
            start = int(self.rng.integers(0, n - self.crop + 1)) if n > self.crop else 0
            picks.append((u, start, min(n, self.crop)))
        return collate(picks, self.mean, self.inv_std)


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


def fixed_batches(by_voice: dict[str, list[Utterance]], mean, std, crop: int, per_voice: int, batch: int):
    """Deterministic validation batches: the first `per_voice` utterances of each voice, centre crops."""
    mean = np.asarray(mean, dtype=np.float32)
    inv_std = 1.0 / np.asarray(std, dtype=np.float32)
    picks = []
    for v in sorted(by_voice):
        for u in by_voice[v][:per_voice]:
            n = len(u.phones)
            picks.append((u, max(0, (n - crop) // 2), min(n, crop)))
    return [collate(picks[i : i + batch], mean, inv_std) for i in range(0, len(picks), batch)]
