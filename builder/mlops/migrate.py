"""Move a registry from its old home in the cache to the committed registry folder, once.

Until the registry was committed it lived in `.cache/showcase/registry`, which a CI cache
evicts after a week. The first build with the new layout copies its records (runs, state,
promotion log, cards) into the registry folder and its model files into the model cache,
checks every copy, then leaves a note in the old folder so it is never moved again. The
old folder is left in place: the owner's history is never deleted, only copied.
"""

import logging
from pathlib import Path

from builder.cache import atomic_write_bytes
from builder.mlops.registry import Registry

log = logging.getLogger("showcase")

LEGACY_DIR = ".cache/showcase/registry"  # the default registry_dir before it was committed
NOTE = "MOVED.txt"
RECORDS = ("registry.json", "promotions.jsonl", "runs/*.json", "cards/*.json")


def has_records(folder: Path) -> bool:
    return (folder / "registry.json").is_file() or any(folder.glob("runs/*.json"))


def _copy(source: Path, target: Path) -> None:
    data = source.read_bytes()
    if not target.is_file() or target.read_bytes() != data:
        atomic_write_bytes(target, data)
    if target.read_bytes() != data:
        raise OSError(f"copying {source} to {target} did not give the same bytes")


def migrate_legacy_registry(project_root: Path, registry: Registry) -> str:
    """Copy the old cache registry into `registry` when it holds none yet; what was done
    ("" when there was nothing to do)."""
    legacy = project_root / LEGACY_DIR
    if legacy.resolve() == registry.root.resolve() or (legacy / NOTE).is_file():
        return ""
    if not has_records(legacy):
        return ""
    root = registry.root
    where = root.relative_to(project_root) if root.is_relative_to(project_root) else root
    if has_records(root):
        message = (
            f"the old registry in {LEGACY_DIR} was not moved: {where}/ already "
            "holds one; the old folder is kept as it was"
        )
        atomic_write_bytes(legacy / NOTE, (message + "\n").encode())
        log.warning("Impact model: %s", message)
        return message
    for pattern in RECORDS:
        for path in sorted(legacy.glob(pattern)):
            _copy(path, root / path.relative_to(legacy))
    for path in sorted(legacy.glob("models/*.model")):
        _copy(path, registry.model_cache / path.name)
    message = (
        f"moved the registry's records from {LEGACY_DIR} to {where}/ "
        "(commit that folder: it is the model's history)"
    )
    atomic_write_bytes(legacy / NOTE, (message + "\n").encode())
    log.info("Impact model: %s", message)
    return message
