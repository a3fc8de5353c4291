"""Small grammar helpers for the template prose: first person, plurals, articles, a/an.

The owner writes achievements in resume style ("Wrote a vLLM backend ..."); spoken answers
and STAR stories need the same words in the first person, and a title used inside a sentence
needs its article. These rules cover the shapes owners write; anything they do not recognise
is left as written, so a wrong guess never mangles the owner's words.
"""

import re
from collections.abc import Sequence

# Past tenses that do not end in -ed, with their base form (for "I set out to <verb> ...").
_IRREGULAR = {
    "built": "build",
    "brought": "bring",
    "chose": "choose",
    "cut": "cut",
    "drove": "drive",
    "found": "find",
    "gave": "give",
    "kept": "keep",
    "led": "lead",
    "made": "make",
    "put": "put",
    "ran": "run",
    "rebuilt": "rebuild",
    "rewrote": "rewrite",
    "set": "set",
    "shipped": "ship",
    "split": "split",
    "taught": "teach",
    "took": "take",
    "wrote": "write",
}
# Words ending in -ed that are not past tenses at the start of a sentence.
_NOT_VERBS = {"red", "bed", "shed", "need", "seed", "speed", "feed", "embed", "bred", "hundred"}
_VERB_PREFIXES = {"fine", "hand", "re", "co", "pre", "back", "auto", "over", "cross"}
# Stems that lose a final e before -ed ("migrated" -> "migrate").
_SILENT_E = ("at", "ut", "iz", "ys", "uc", "ac", "ag", "ng", "un", "v", "us", "ur", "ir", "bl")
# Heads of a title that need an article ("an LLM pipeline", "a feature store").
_COUNTABLE = {
    "api",
    "assistant",
    "bot",
    "cache",
    "classifier",
    "cluster",
    "dashboard",
    "engine",
    "gate",
    "gateway",
    "handbook",
    "harness",
    "index",
    "library",
    "model",
    "pipeline",
    "platform",
    "plugin",
    "process",
    "registry",
    "report",
    "runner",
    "service",
    "store",
    "system",
    "tool",
    "workflow",
}
_PREPOSITIONS = {"for", "on", "with", "that", "over", "in", "from", "into", "as", "to", "of", "at"}
_VOWEL_SOUND = re.compile(
    r"^(?:[aei]|o(?!ne\b|ne-)|u(?!ni|se|sa|su)|[AEFHILMNORSX](?=[A-Z0-9]|\b))"
)
_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve",
)  # fmt: skip


def first_word(text: str) -> str:
    return re.sub(r"[^A-Za-z-]", "", text.split(" ", 1)[0]) if text else ""


def is_past_verb(word: str) -> bool:
    w = word.lower()
    prefix, dash, _ = w.rpartition("-")
    if dash and prefix not in _VERB_PREFIXES:  # "Postgres-backed" describes; "Fine-tuned" acts
        return False
    if w in _IRREGULAR:
        return True
    return len(w) >= 4 and w.endswith("ed") and w not in _NOT_VERBS and not w.endswith("eed")


def starts_with_past_verb(text: str) -> bool:
    return is_past_verb(first_word(text))


def base_form(word: str) -> str:
    """'migrated' -> 'migrate', 'added' -> 'add', 'wrote' -> 'write' (lower case)."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    stem = w[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] in "bgmnpt":
        return stem[:-1]
    if stem.endswith(_SILENT_E) and not stem.endswith(("ng", "ect")) or stem.endswith("ang"):
        return stem + "e"
    return stem


def lcfirst(text: str, names: Sequence[str] = ()) -> str:
    """Lower-case the first letter unless the first word is an acronym, a name with capitals
    or the start of one of `names` (the skills: "Prometheus metrics", "Postgres-backed")."""
    first = text.split(" ", 1)[0]
    if first == "I" or first.startswith("I'"):
        return text
    stem = first.split("-")[0].lower()
    if len(stem) > 2 and any(n.lower().startswith(stem) for n in names):
        return text
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:])):
        return text
    return text[:1].lower() + text[1:]


def ucfirst(text: str) -> str:
    """Upper-case the first letter, unless the first word is a name like p95 or kNN."""
    first = text.split(" ", 1)[0]
    if any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].upper() + text[1:]


def first_person(text: str) -> str:
    """'Wrote the runner.' -> 'I wrote the runner.'; anything else unchanged."""
    if not text or not starts_with_past_verb(text):
        return text
    return f"I {lcfirst(text)}"


def plural(noun: str) -> str:
    """'senior developer' -> 'senior developers'; already plural nouns stay as they are."""
    head, _, last = noun.rpartition(" ")
    word = last
    if word.endswith("s") and not word.endswith(("ss", "us")):
        return noun
    if re.search(r"[^aeiou]y$", word):
        word = word[:-1] + "ies"
    elif word.endswith(("s", "x", "ch", "sh")):
        word += "es"
    else:
        word += "s"
    return f"{head} {word}" if head else word


def count_word(n: int) -> str:
    """Small counts in words, as people say them; larger ones in digits."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def people(count: int | None, role: str | None) -> str | None:
    """Who benefits, with the verb agreement left to the caller: 'the four senior developers',
    'one developer', 'a team of six', 'junior engineers' (a role with no count)."""
    if role and count and count > 1:
        return f"the {count_word(count)} {plural(role)}"
    if role and count == 1:
        return f"one {role}"
    if role:
        return plural(role)
    if count and count > 1:
        return f"a team of {count_word(count)}"
    return None


def article(phrase: str) -> str:
    """'a' or 'an' for a phrase, by its first sound ('an LLM', 'a uv cache', 'an SBOM')."""
    return "an" if _VOWEL_SOUND.match(phrase) else "a"


def title_phrase(title: str, names: Sequence[str] = ()) -> str:
    """A noun title as it reads inside a sentence: lower-cased first word, with an article
    when its head is a countable noun ('an LLM pipeline that ...'), none for mass nouns
    ('request batching for ...')."""
    text = lcfirst(title.rstrip(" ."), names)
    for word in re.findall(r"[A-Za-z-]+", text):
        if word.lower() in _PREPOSITIONS:
            break
        if word.lower() in _COUNTABLE:
            return f"{article(text)} {text}"
    return text


def is_sentence_title(title: str) -> bool:
    """A title that is already a clause ('Flaky test quarantine brought failures down')."""
    words = re.findall(r"[A-Za-z-]+", title)
    return any(is_past_verb(w) for w in words[1:])


def did_clause(title: str, names: Sequence[str] = ()) -> str | None:
    """The title as what I did: 'I migrated chat model serving to vLLM', 'I built request
    batching for the embedding model'; None when the title is a clause of its own."""
    title = title.rstrip(" .")
    if starts_with_past_verb(title):
        return f"I {lcfirst(title)}"
    if is_sentence_title(title):
        return None
    return f"I built {title_phrase(title, names)}"


def aim_clause(title: str, names: Sequence[str] = ()) -> str | None:
    """The title as an aim: 'migrate chat model serving to vLLM', 'build an LLM pipeline ...'."""
    title = title.rstrip(" .")
    if starts_with_past_verb(title):
        verb, _, rest = title.partition(" ")
        return f"{base_form(verb)} {rest}".strip()
    if is_sentence_title(title):
        return None
    return f"build {title_phrase(title, names)}"


def first_clause(text: str) -> str:
    """Text up to its first comma or semicolon outside brackets: the cue, not the whole story."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch in ",;" and not text[i + 1 : i + 2].isdigit():
            return text[:i].rstrip()
    return text.rstrip(" .")
