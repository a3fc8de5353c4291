"""Prompt templates: files under site_templates/prompts/, versioned by a hash of their content.

`<task>.<variant>.md.j2` defines two macros, `system(ctx)` and `user(ctx)`. Shared pieces live
in `_*.md.j2` files; they are part of every prompt's hash, so editing the shared rules
invalidates every cached reply that was written under them.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.narratives.template_backend import environment

PROMPT_DIR = "prompts"


@dataclass(frozen=True)
class Prompt:
    task: str
    variant: str
    digest: str  # sha256 of the template and the shared pieces

    @property
    def version(self) -> str:
        return f"{self.variant}@{self.digest[:12]}"


def variants(templates_dir: Path, task: str) -> list[str]:
    folder = templates_dir / PROMPT_DIR
    return sorted(p.name.split(".")[1] for p in folder.glob(f"{task}.*.md.j2"))


def prompt(templates_dir: Path, task: str, variant: str) -> Prompt:
    folder = templates_dir / PROMPT_DIR
    digest = hashlib.sha256()
    for path in [folder / f"{task}.{variant}.md.j2", *sorted(folder.glob("_*.md.j2"))]:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return Prompt(task=task, variant=variant, digest=digest.hexdigest())


def facts_json(facts: Any) -> str:
    # One line: indentation costs a token or two per field, and a small local model reads
    # the prompt at a few hundred tokens a second on a CPU.
    return json.dumps(facts, sort_keys=True, ensure_ascii=False)


def messages(templates_dir: Path, p: Prompt, context: dict[str, Any]) -> list[dict[str, str]]:
    """The chat messages of a prompt rendered over `context` (facts_json, roles, ...)."""
    module = (
        environment(templates_dir).get_template(f"{PROMPT_DIR}/{p.task}.{p.variant}.md.j2").module
    )
    return [
        {"role": "system", "content": str(module.system(context)).strip()},
        {"role": "user", "content": str(module.user(context)).strip()},
    ]
