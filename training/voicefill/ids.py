"""Stable integers from strings (sha1), for splits and per-utterance random draws that must not change
between runs, machines or Python versions (unlike hash())."""
import hashlib


def stable_int(key: str) -> int:
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)
