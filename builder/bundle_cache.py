"""The finished site bundle, kept under a fingerprint of everything a build reads.

A build whose inputs did not change since the last one (the nightly run with no new data, a
second `showcase build`) returns the bundle that build made, without loading a model or a
machine-learning library: only MkDocs' own work remains.

The fingerprint covers the owner's files (achievements, exports, templates, notebooks, the
model registry), the plugin settings and build options, the endpoint variables (as a hash),
the code of this package and the versions of the installed libraries. It is taken after a
build, because a build writes some of its own inputs (the registry, the reply cache): the
next build then finds the state this one left and the pages it made from it.

Only the newest bundle is kept; losing it costs one build, never data.
"""

import json
import os
import sys
from pathlib import Path

from builder.cache import Cache, content_hash, files_digest
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import SiteBundle
from builder.models.options import BuildOptions

NAMESPACE = "site"
VERSION = "bundle-v1"
PACKAGE = Path(__file__).resolve().parent
INSTALL_FOLDERS = ("site-packages", "dist-packages")


def library_versions() -> list[str]:
    """Every installed distribution, by its metadata folder's name (`name-version.dist-info`):
    a new release may change the bytes. Folder names only, which is fast to list."""
    names = set()
    for entry in sys.path:
        folder = Path(entry)
        # installed distributions only: the working folder (or a test runner's root) may hold
        # a project's own egg-info, and the same build run from elsewhere must match
        if entry and folder.name in INSTALL_FOLDERS and folder.is_dir():
            names.update(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
    return sorted(names)


def fingerprint(
    config: ShowcaseConfig, paths: Paths, options: BuildOptions, environ: dict[str, str]
) -> str:
    folders = [
        paths.data_dir,
        paths.exports_dir,
        paths.templates_dir,
        paths.root / config.mlops.notebooks_dir,
        paths.root / config.mlops.registry_dir,
    ]
    return content_hash(
        VERSION,
        config.model_dump(mode="json"),
        options.model_dump(mode="json"),
        # the endpoint's identity only: a key or URL is never written to the cache
        content_hash(sorted(environ.items())),
        files_digest(folders),
        files_digest([PACKAGE]),
        library_versions(),
    )


def load(cache: Cache, key: str) -> SiteBundle | None:
    raw = cache.get_bytes(NAMESPACE, key)
    if raw is None:
        return None
    head, _, blob = raw.partition(b"\n")
    manifest = json.loads(head)
    assets, offset = {}, 0
    for path, size in manifest.pop("asset_sizes"):
        assets[path] = blob[offset : offset + size]
        offset += size
    return SiteBundle.model_validate({**manifest, "assets": assets})


def store(cache: Cache, key: str, bundle: SiteBundle) -> None:
    """Keep `bundle` as the only one: a JSON line for the text, then the assets' bytes."""
    paths = sorted(bundle.assets)
    manifest = bundle.model_dump(mode="json", exclude={"assets"})
    manifest["asset_sizes"] = [[p, len(bundle.assets[p])] for p in paths]
    head = json.dumps(manifest, sort_keys=True, ensure_ascii=True).encode()
    cache.put_bytes(NAMESPACE, key, head + b"\n" + b"".join(bundle.assets[p] for p in paths))
    cache.prune(NAMESPACE, keep={key})
