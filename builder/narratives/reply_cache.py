"""The reply cache: one JSONL file in the repo, so CI rebuilds are reproducible and free.

One line per model answer, keyed by a canonical hash of everything it depends on: the
`inputs` (prompt hash, parameters, facts), the model and the endpoint's identity (a hash of
its URL; the URL itself is never written). An accepted reply is stored with its text; a
rejected one only with the guard's verdict, so a replay sends no request for it and an
invented figure is never written anywhere. A build without an endpoint replays by `inputs`
alone. Lines are sorted by key, and a save keeps only the entries whose inputs this build
looked up: replies about an achievement made private, or about facts that changed, drop out.
(Git history keeps the old lines: the README says how to purge them.)
"""

import json
import logging
import threading
from pathlib import Path
from typing import Any

from builder.cache import atomic_write_bytes, canonical_json, content_hash

log = logging.getLogger("showcase")

KEY_VERSION = "narratives-v2"


def reply_inputs(prompt_digest: str, params: dict[str, Any], facts: Any) -> str:
    """What a reply depends on besides who wrote it."""
    return content_hash(KEY_VERSION, prompt_digest, params, facts)


def reply_key(inputs: str, model: str, endpoint: str) -> str:
    # The API key is deliberately not an input: replies do not depend on who pays for them,
    # and a secret must never reach a file that is committed. `endpoint` is already a hash.
    return content_hash(KEY_VERSION, inputs, model, endpoint)


class ReplyCache:
    def __init__(self, path: Path, mode: str) -> None:
        self.path = path
        self.mode = mode
        self.hits = 0
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()  # inputs looked up this build
        self.dirty = False
        self._lock = threading.Lock()  # writers run in a thread pool
        if mode != "off" and path.is_file():
            self._load()

    def _load(self) -> None:
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                if not isinstance(entry.get("inputs"), str):
                    raise KeyError("inputs")
                self.entries[str(entry["key"])] = entry
            except (ValueError, KeyError, TypeError, AttributeError):
                log.warning("%s:%d: not a cache entry; it will be dropped", self.path, number)
                self.dirty = True

    def peek(self, key: str | None, inputs: str) -> dict[str, Any] | None:
        """The entry for `key`, or with `key` None (replay) the first entry with these inputs
        by key order, without counting a hit (the A/B evaluation reads this way)."""
        with self._lock:
            self.used.add(inputs)
            if key is not None:
                return self.entries.get(key)
            matches = sorted(k for k, e in self.entries.items() if e["inputs"] == inputs)
            return self.entries[matches[0]] if matches else None

    def get(self, key: str | None, inputs: str) -> dict[str, Any] | None:
        if self.mode in ("off", "refresh"):
            with self._lock:
                self.used.add(inputs)
            return None
        entry = self.peek(key, inputs)
        if entry is not None:
            with self._lock:
                self.hits += 1
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.mode not in ("read-write", "refresh"):
            return
        entry = {**entry, "key": key}
        with self._lock:
            self.used.add(entry["inputs"])
            if self.entries.get(key) != entry:
                self.entries[key] = entry
                self.dirty = True

    def prune(self) -> int:
        """Drop the entries this build did not look up; how many were dropped."""
        with self._lock:
            unused = [k for k, e in self.entries.items() if e["inputs"] not in self.used]
            for key in unused:
                del self.entries[key]
            self.dirty = self.dirty or bool(unused)
        return len(unused)

    def save(self) -> bool:
        """Keep only what this build used and write the file if anything changed; True when
        it was written."""
        if self.mode not in ("read-write", "refresh"):
            return False
        dropped = self.prune()
        if dropped:
            log.info("Reply cache: %d entries this build did not use were dropped", dropped)
        if not self.dirty:
            return False
        lines = [canonical_json(self.entries[k]) for k in sorted(self.entries)]
        atomic_write_bytes(self.path, ("\n".join(lines) + "\n").encode("utf-8") if lines else b"")
        self.dirty = False
        return True
