"""builder/search/floor.py and the known-word check: the semantic floor is measured on each
site's own numbers, and a query the token table cannot read finds nothing."""

import json

import numpy as np

from builder.models.search import FloorRule
from builder.render.search_assets import PREFIX
from builder.search.client import DEFAULT_RULE, BrowserIndex
from builder.search.floor import (
    KEYBOARD_ROWS,
    calibrate,
    floor_of,
    nonsense_probes,
    probe_peaks,
    site_fusion,
)
from builder.search.lexical import STOPWORDS
from builder.search.wordpiece import knows_a_word

VOCAB = {token: row for row, token in enumerate(["[UNK]", "as", "##d", "cloud", "cost", "the"])}


def test_probes_are_the_same_for_a_seed_and_differ_between_seeds():
    assert nonsense_probes(40, 7) == nonsense_probes(40, 7)
    assert nonsense_probes(40, 7) != nonsense_probes(40, 8)
    assert len(nonsense_probes(40, 7)) == 40


def test_probes_cover_every_family():
    probes = nonsense_probes(64, 7)
    words = [word for probe in probes for word in probe.split()]
    assert any(any(word in row or word in row[::-1] for row in KEYBOARD_ROWS) for word in words)
    assert any(len(set(word)) == 1 for word in words)  # one key held down
    assert any(any(ord(char) > 0x2FF for char in word) for word in words)  # other scripts
    assert all(1 <= len(probe.split()) <= 3 for probe in probes)


def test_known_word_check():
    assert knows_a_word("cut cloud costs", VOCAB, STOPWORDS)
    assert knows_a_word("Cloud!", VOCAB, STOPWORDS)  # normalised like the tokenizer
    assert not knows_a_word("asd qwzx", VOCAB, STOPWORDS)  # only pieces: as ##d
    assert not knows_a_word("the as", VOCAB, STOPWORDS)  # stopwords carry no topic
    assert not knows_a_word("", VOCAB, STOPWORDS)


def test_the_demo_floor_is_the_rules_quantile_of_its_own_probes(demo_index):
    browser = demo_index.browser
    peaks = probe_peaks(BrowserIndex(browser), nonsense_probes(DEFAULT_RULE.floor.probes, 7))
    level = float(np.quantile(peaks, DEFAULT_RULE.floor.quantile))
    assert browser.floor.level == round(level, 4)
    assert browser.floor.peak == round(max(peaks), 4)
    assert browser.fusion.semantic_floor == round(level + DEFAULT_RULE.floor.margin, 4)
    # the probes skipped are the ones the table cannot embed at all
    assert 0 < browser.floor.probes <= DEFAULT_RULE.floor.probes


def test_the_floor_follows_the_sites_score_distribution(demo_index):
    """Fewer documents, fewer near misses: the same rule gives a lower floor."""
    browser = demo_index.browser
    rows = browser.vectors
    few = rows.model_copy(update={"scales": rows.scales[:5], "codes": rows.codes[: 5 * rows.dims]})
    small = browser.model_copy(update={"docs": browser.docs[:5], "vectors": few})
    rule = DEFAULT_RULE.floor
    whole = floor_of(calibrate(BrowserIndex(browser), rule, 7))
    part = floor_of(calibrate(BrowserIndex(small), rule, 7))
    assert part < whole
    # a higher quantile or margin raises it
    higher = FloorRule(quantile=1.0, margin=rule.margin + 0.05)
    assert floor_of(calibrate(BrowserIndex(browser), higher, 7)) > whole


def test_calibration_is_deterministic(demo_index):
    again = site_fusion(demo_index.browser, DEFAULT_RULE, 7)
    assert again.fusion == demo_index.browser.fusion
    assert again.floor == demo_index.browser.floor


def test_the_manifest_carries_the_sites_floor(demo_index, demo_assets):
    manifest = json.loads(demo_assets[PREFIX + "index.json"])
    assert manifest["fusion"] == demo_index.browser.fusion.model_dump()
    assert manifest["fusion"]["semantic_floor"] == demo_index.browser.fusion.semantic_floor


def test_probes_and_typed_gibberish_find_nothing_on_the_demo(demo_index):
    port = BrowserIndex(demo_index.browser)
    typed = ["asdkjh qwzx", "fnord blarg wibble", "gorp zindle vashtu", "jjjjj kkkkk lllll"]
    for query in [*typed, *nonsense_probes(64, 11)]:
        assert port.search(query) == [], query
        # what keeps it out is the known-word check; its vector alone lands near something
    assert port.by_cosine("fnord blarg wibble")


def test_meaning_based_matches_survive_the_floor_on_the_demo(demo_index):
    """The old absolute floor (0.549, tuned on 400 PRs) dropped these semantic matches."""
    port = BrowserIndex(demo_index.browser)
    floor = demo_index.browser.fusion.semantic_floor
    assert floor < 0.549
    kept = port.semantic("coaching junior colleagues", floor)
    assert "mentoring-engineers" in port.ids(kept[:3])
    assert all(score >= floor for _, score in kept)
