"""The phone inventory shared by training and the engine's text front-end.

ARPAbet without stress plus a pause symbol. Id 0 means "no phone here" (context frames and the
unconditional pass of classifier-free guidance); it is never produced by the text front-end.
"""
ARPABET = [
    "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH",
    "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH",
    "UH", "UW", "V", "W", "Y", "Z", "ZH",
]
SYMBOLS = ["<none>", "sil"] + ARPABET
PHONE_SET = "arpabet-nostress-v1"
ID = {s: i for i, s in enumerate(SYMBOLS)}

# Festival's US "radio" phone set -> inventory (sequences for syllabic consonants).
FESTIVAL_MAP = {
    "pau": ["sil"], "h#": ["sil"], "brth": ["sil"], "#": ["sil"],
    "ax": ["AH"], "axr": ["ER"], "ix": ["IH"], "dx": ["T"], "nx": ["N"], "hv": ["HH"],
    "el": ["L"], "em": ["M"], "en": ["N"],
}


def festival_to_inventory(p: str) -> list[str]:
    p = p.strip().lower()
    if p in FESTIVAL_MAP:
        return FESTIVAL_MAP[p]
    up = p.upper()
    if up in ID:
        return [up]
    raise KeyError(f"unknown festival phone {p!r}")
