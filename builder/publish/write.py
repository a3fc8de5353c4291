"""The only code that puts a finished site in place: build aside, then swap atomically.

MkDocs writes into a fresh temporary folder next to the target; only a complete build is
renamed over the old site, so a failed build never leaves a half-written `site/`.
"""

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def build_atomically(site_dir: Path, build_into: Callable[[Path], None]) -> None:
    """Run `build_into(tmp)` and, if it succeeds, replace `site_dir` with `tmp`."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        build_into(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    swap(tmp, site_dir)


def swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    new_mode = 0o755
    target.chmod(new_mode)  # mkdtemp creates 0700; a web server needs to read it
    shutil.rmtree(old, ignore_errors=True)
