"""The text normaliser, WordPiece tokenizer and BM25 term splitter, as search.js runs them.

This is an exact port of site_templates/search/search.js: the build fits the token table
and checks search quality with these functions, so the browser must split text the same
way (tests/search/test_browser.py compares both on the same strings).
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

UNKNOWN = "[UNK]"
MAX_WORD_CHARS = 100


def normalize(text: str) -> str:
    """Lowercase, strip accents, drop control characters, turn any whitespace into a space."""
    out = []
    for char in unicodedata.normalize("NFD", text.lower()):
        category = unicodedata.category(char)
        if category == "Mn" or char == "\ufffd" or char == "\x00":
            continue
        if char in " \t\n\r" or category == "Zs":
            out.append(" ")
        elif category in ("Cc", "Cf"):
            continue
        else:
            out.append(char)
    return "".join(out)


def is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


# The same rules on ASCII text, in C: NFD and accent stripping change nothing there, tab,
# newline and carriage return become spaces, other control characters go, and every printable
# character that is not a letter or digit is punctuation (is_punctuation's four ranges).
ASCII_CONTROLS = {code: None for code in [*range(32), 127]} | {ord(c): " " for c in "\t\n\r"}
ASCII_WORD = re.compile(r"[0-9a-z]+|[^0-9a-z ]")


def pre_tokenize(text: str) -> list[str]:
    """Normalised words, each punctuation character a word of its own (BERT's rule)."""
    return list(_words(text))


# A build splits the same few thousand texts several times (fitting the table, refitting
# rows, checking quality) and a live-preview reload splits them all again: character by
# character in Python, that was seconds of each reload.
@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    if text.isascii():
        return tuple(ASCII_WORD.findall(text.lower().translate(ASCII_CONTROLS)))
    words: list[str] = []
    current: list[str] = []
    for char in normalize(text):
        if char == " ":
            if current:
                words.append("".join(current))
                current = []
        elif is_punctuation(char):
            if current:
                words.append("".join(current))
                current = []
            words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return tuple(words)


def wordpiece(word: str, vocab: Mapping[str, int]) -> list[str]:
    """Greedy longest-match-first split into vocabulary pieces ('##' marks a continuation)."""
    if len(word) > MAX_WORD_CHARS:
        return [UNKNOWN]
    pieces: list[str] = []
    start = 0
    while start < len(word):
        end = len(word)
        match = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                match = piece
                break
            end -= 1
        if match is None:
            return [UNKNOWN]
        pieces.append(match)
        start = end
    return pieces


def token_ids(text: str, vocab: Mapping[str, int]) -> list[int]:
    """Row numbers of the token table for `text`; unknown words are dropped."""
    ids: list[int] = []
    for word in pre_tokenize(text):
        for piece in wordpiece(word, vocab):
            if piece != UNKNOWN:
                ids.append(vocab[piece])
    return ids


def texts_token_ids(texts: Sequence[str], vocab: Mapping[str, int]) -> list[list[int]]:
    """`token_ids` of each text, splitting each distinct word once: the site's few thousand
    texts share most of their words, and the split is most of the time of fitting the table."""
    split: dict[str, list[int]] = {}
    out: list[list[int]] = []
    for text in texts:
        ids: list[int] = []
        for word in _words(text):
            pieces = split.get(word)
            if pieces is None:
                pieces = [vocab[p] for p in wordpiece(word, vocab) if p != UNKNOWN]
                split[word] = pieces
            ids += pieces
        out.append(ids)
    return out


def knows_a_word(text: str, vocab: Mapping[str, int], stopwords: frozenset[str] | set[str]) -> bool:
    """Whether `text` holds a word the token table has a row for as a whole (two characters or
    more, with a letter, not a stopword). A query spelt only in sub-word pieces ("asdkjh" is
    as ##d ##k ##j ##h) averages rows that carry no meaning of their own: its vector points
    nowhere in particular, yet still lands near some document."""
    return any(
        len(word) >= 2
        and word in vocab
        and word not in stopwords
        and any(char.isalpha() for char in word)
        for word in pre_tokenize(text)
    )


# Lexical layer. A deliberately light stemmer: the same few suffix rules in Python and JS,
# enough to make "batching" match "batched" without a language-specific library.
_SUFFIXES = (
    ("sses", "ss"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("xes", "x"),
    ("ies", "y"),
    ("ing", ""),
    ("ed", ""),
    ("s", ""),
)


def stem(term: str) -> str:
    if len(term) <= 3 or not term.isalpha():
        return term
    for suffix, replacement in _SUFFIXES:
        if term.endswith(suffix) and not (suffix == "s" and term.endswith("ss")):
            candidate = term[: -len(suffix)] + replacement
            if len(candidate) >= 3:
                term = candidate
            break
    if len(term) > 3 and term.endswith("e"):
        term = term[:-1]
    return term


def terms(text: str, stopwords: frozenset[str] | set[str]) -> list[str]:
    """BM25 terms: runs of letters and digits, stopwords dropped, lightly stemmed."""
    out: list[str] = []
    current: list[str] = []
    for char in normalize(text) + " ":
        if unicodedata.category(char)[0] in ("L", "N"):
            current.append(char)
            continue
        if current:
            word = "".join(current)
            current = []
            if word not in stopwords:
                out.append(stem(word))
    return out
