"""The reply cache: one JSONL file in the repo, so CI rebuilds are reproducible and free.

One line per accepted reply, keyed by a canonical hash of everything the reply depends on
(model, base URL without credentials, prompt hash, parameters, facts). Lines are sorted by key
and written only when something changed, so the file is deterministic and diffs stay small.
Failed requests and rejected replies are never written.
"""

import json
import logging
from pathlib import Path
from typing import Any

from builder.cache import atomic_write_bytes, canonical_json, content_hash

log = logging.getLogger("showcase")

KEY_VERSION = "narratives-v1"


def reply_key(
    model: str, base_url: str, prompt_digest: str, params: dict[str, Any], facts: Any
) -> str:
    # The API key is deliberately not an input: replies do not depend on who pays for them,
    # and a secret must never reach a file that is committed.
    return content_hash(KEY_VERSION, model, base_url, prompt_digest, params, facts)


class ReplyCache:
    def __init__(self, path: Path, mode: str) -> None:
        self.path = path
        self.mode = mode
        self.hits = 0
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if mode != "off" and path.is_file():
            self._load()

    def _load(self) -> None:
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                self.entries[str(entry["key"])] = entry
            except (ValueError, KeyError, TypeError):
                log.warning("%s:%d: not a cache entry; it will be dropped", self.path, number)
                self.dirty = True

    def peek(self, key: str) -> dict[str, Any] | None:
        """The cached reply without counting a hit (the A/B evaluation reads this way)."""
        entry = self.entries.get(key)
        return entry["reply"] if entry and isinstance(entry.get("reply"), dict) else None

    def get(self, key: str) -> dict[str, Any] | None:
        if self.mode in ("off", "refresh"):
            return None
        reply = self.peek(key)
        if reply is not None:
            self.hits += 1
        return reply

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.mode not in ("read-write", "refresh"):
            return
        entry = {**entry, "key": key}
        if self.entries.get(key) != entry:
            self.entries[key] = entry
            self.dirty = True

    def save(self) -> bool:
        """Write the file if anything changed; True when it was written."""
        if not self.dirty or self.mode not in ("read-write", "refresh"):
            return False
        lines = [canonical_json(self.entries[k]) for k in sorted(self.entries)]
        atomic_write_bytes(self.path, ("\n".join(lines) + "\n").encode("utf-8"))
        self.dirty = False
        return True
