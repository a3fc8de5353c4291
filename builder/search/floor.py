"""The semantic floor, measured per site: how close does a vector that means nothing come?

A fixed cosine floor does not transfer between sites: the best cosine a meaningless query
reaches grows with the number of documents (more chances for a near miss) and with how alike
they are. A floor tuned on 400 PRs (0.549) removed nearly every meaning-based match on the
25-achievement demo, whose real matches score 0.3-0.65. So the build asks the site itself: it
runs a fixed set of nonsense probes through the browser's own path (the quantised token table
and document vectors, as BrowserIndex decodes them), takes each probe's best document cosine,
and sets the floor at the rule's quantile of those plus its margin. Quantile and margin are
chosen on the dev set's tune half (benchmarks/search_eval.py --tune) and are the same for
every site; the floor they give is each site's own (0.367 on the dev set, 0.267 on the demo).

The floor trims the semantic ranking to what stands out from noise; it is not what keeps
nonsense out. No cosine floor can do that on a small site: on the demo, typed gibberish peaks
at 0.43 while half the real matches score below 0.36 (measured with the dev set's nonsense
strings). What does is wordpiece.knows_a_word: a query with no word the token table knows as a
whole is spelt in sub-word pieces that carry no meaning, and the semantic half skips it.

The probes come from a seeded stdlib generator (no corpus, no word list): random letter
strings, keyboard mash, pronounceable pseudo-words and mixed-script gibberish; the same seed
gives the same probes on every machine, so the floor is part of a deterministic build.
"""

import random

import numpy as np

from builder.models.search import BrowserSearch, FloorCalibration, FloorRule, FusionRule
from builder.search.client import BrowserIndex

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# no digit row: numbers (versions, ports, years) are no nonsense on an engineer's site
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
CONSONANTS = "bcdfghjklmnprstvwxz"
VOWELS = "aeiouy"
# Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari, kana and CJK: letters a visitor's
# keyboard could produce by accident, each script a block of code points
SCRIPTS = (
    (0x61, 0x7A),
    (0x3B1, 0x3C9),
    (0x430, 0x44F),
    (0x5D0, 0x5EA),
    (0x627, 0x64A),
    (0x905, 0x939),
    (0x3041, 0x3096),
    (0x4E00, 0x4FFF),
)


def letter_word(rng: random.Random) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 9)))


def keyboard_word(rng: random.Random) -> str:
    """A run along one keyboard row, or one key held down."""
    row = rng.choice(KEYBOARD_ROWS)
    if rng.random() < 0.2:
        return rng.choice(row) * rng.randint(3, 6)
    start = rng.randrange(len(row) - 2)
    run = row[start : start + rng.randint(3, len(row) - start)]
    return run[::-1] if rng.random() < 0.5 else run


def pseudo_word(rng: random.Random) -> str:
    """Consonant-vowel syllables: pronounceable, yet (almost always) no word."""
    syllables = (rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 3)))
    return "".join(syllables) + (rng.choice(CONSONANTS) if rng.random() < 0.5 else "")


def mixed_script_word(rng: random.Random) -> str:
    """Letters of one script, drawn at random: a probe of several such words mixes scripts
    (a word mixing scripts letter by letter is unknown to the table as a whole anyway)."""
    low, high = rng.choice(SCRIPTS)
    return "".join(chr(rng.randint(low, high)) for _ in range(rng.randint(3, 8)))


FAMILIES = (letter_word, keyboard_word, pseudo_word, mixed_script_word)


def nonsense_probes(count: int, seed: int) -> list[str]:
    """`count` nonsense queries of one to three words, the families taking turns."""
    rng = random.Random(f"nonsense-probes:{seed}")
    probes = []
    for i in range(count):
        family = FAMILIES[i % len(FAMILIES)]
        probes.append(" ".join(family(rng) for _ in range(rng.randint(1, 3))))
    return probes


def probe_peaks(index: BrowserIndex, probes: list[str]) -> list[float]:
    """Each probe's best document cosine on the browser's numbers; probes the token table
    cannot embed at all are skipped (the browser's semantic half finds nothing for them)."""
    peaks = []
    for probe in probes:
        # by_cosine, not semantic: the probes are built to fail its known-word check, and
        # what is measured here is how close a vector that means nothing comes on this site
        ranked = index.by_cosine(probe)
        if ranked:
            peaks.append(ranked[0][1])
    return peaks


def calibrate(index: BrowserIndex, rule: FloorRule, seed: int) -> FloorCalibration:
    """What sets the floor for this site: the `rule.quantile` of the probes' best cosines,
    rounded to 4 places (and the floor with it) so the manifest holds the number the Python
    port ranks with."""
    peaks = np.asarray(probe_peaks(index, nonsense_probes(rule.probes, seed)), dtype=np.float64)
    # no probe embeddable (a table without sub-word pieces): nothing to calibrate on, so only
    # a perfect semantic match counts rather than any
    level = float(np.quantile(peaks, rule.quantile)) if peaks.size else 1.0
    return FloorCalibration(
        probes=int(peaks.size),
        quantile=rule.quantile,
        margin=rule.margin,
        level=round(level, 4),
        peak=round(float(peaks.max()) if peaks.size else 1.0, 4),
    )


def floor_of(calibration: FloorCalibration) -> float:
    return round(calibration.level + calibration.margin, 4)


def site_fusion(browser: BrowserSearch, rule: FusionRule, seed: int) -> BrowserSearch:
    """`browser` with its fusion set by `rule` and the floor measured on its own numbers (the
    calibration ranks by the semantic half alone, which reads no fusion setting)."""
    calibration = calibrate(BrowserIndex(browser), rule.floor, seed)
    fusion = rule.applied(floor_of(calibration))
    return browser.model_copy(update={"fusion": fusion, "floor": calibration})
