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


# espeak-ng's IPA phoneme names (English accents, training/espeak_segs.c) -> inventory. Names are split
# greedily, longest unit first, so r-coloured and centring diphthongs become vowel + R as in CMUdict
# ("ɔːɹ" -> AO R, British "eə" -> EH R). "" is an espeak-ng pause.
ESPEAK_IPA_MAP = {
    "": ["sil"], "_": ["sil"],
    # r-coloured / centring vowels
    "aɪɚ": ["AY", "ER"], "aɪə": ["AY", "ER"], "aʊə": ["AW", "ER"], "ɔːɹ": ["AO", "R"], "ɑːɹ": ["AA", "R"],
    "oːɹ": ["AO", "R"], "ɛɹ": ["EH", "R"], "ɪɹ": ["IH", "R"], "ʊɹ": ["UH", "R"], "ʌɹ": ["AH", "R"], "əɹ": ["ER"],
    "ɛə": ["EH", "R"], "eə": ["EH", "R"], "iə": ["IH", "R"], "ʊə": ["UH", "R"], "ɔə": ["AO", "R"], "oə": ["AO", "R"],
    "ɑə": ["AA", "R"], "əl": ["AH", "L"],
    # diphthongs
    "aɪ": ["AY"], "əɪ": ["AY"], "ɑɪ": ["AY"], "aʊ": ["AW"], "æʊ": ["AW"], "eɪ": ["EY"], "ei": ["EY"], "eː": ["EY"],
    "oʊ": ["OW"], "əʊ": ["OW"], "oː": ["OW"], "ʌʊ": ["OW"], "əu": ["OW"], "ʌʉ": ["OW"], "ɔɪ": ["OY"], "oɪ": ["OY"],
    # monophthongs
    "iː": ["IY"], "i": ["IY"], "ɪ": ["IH"], "ᵻ": ["IH"], "ɛ": ["EH"], "e": ["EH"], "æ": ["AE"], "a": ["AE"],
    "aː": ["AA"], "a:": ["AA"], "aa": ["AA"], "ɑː": ["AA"], "ɑ": ["AA"], "ɒ": ["AA"], "ʌ": ["AH"], "ə": ["AH"],
    "ɐ": ["AH"], "ɜː": ["ER"], "ɜ": ["ER"], "ɚ": ["ER"], "ɔː": ["AO"], "ɔ": ["AO"], "o": ["OW"], "ʊ": ["UH"],
    "uː": ["UW"], "u": ["UW"], "ʉ": ["UW"], "ʉː": ["UW"],
    # consonants
    "p": ["P"], "b": ["B"], "t": ["T"], "t̪": ["T"], "d": ["D"], "d̪": ["D"], "k": ["K"], "ɡ": ["G"], "g": ["G"],
    "f": ["F"], "v": ["V"], "θ": ["TH"], "ð": ["DH"], "s": ["S"], "z": ["Z"], "ʃ": ["SH"], "ʒ": ["ZH"],
    "h": ["HH"], "x": ["HH"], "tʃ": ["CH"], "dʒ": ["JH"], "m": ["M"], "n": ["N"], "ŋ": ["NG"], "l": ["L"],
    "ɫ": ["L"], "ɹ": ["R"], "r": ["R"], "ɾ": ["T"], "ʔ": ["T"], "w": ["W"], "ʍ": ["W"], "j": ["Y"], "ʲ": ["Y"],
    "n̩": ["N"], "l̩": ["L"], "m̩": ["M"],
}
_ESPEAK_UNITS = sorted(ESPEAK_IPA_MAP, key=len, reverse=True)
_ESPEAK_IGNORED = "ˈˌ"  # stress marks, should a build of espeak-ng put them in event names


def espeak_to_inventory(p: str) -> list[str]:
    s = "".join(c for c in p.strip() if c not in _ESPEAK_IGNORED)
    if s in ESPEAK_IPA_MAP:
        return list(ESPEAK_IPA_MAP[s])
    out = []
    while s:
        unit = next((u for u in _ESPEAK_UNITS if u and s.startswith(u)), None)
        if unit is None:
            raise KeyError(f"unknown espeak-ng phoneme {p!r}")
        out += ESPEAK_IPA_MAP[unit]
        s = s[len(unit):]
    return out
