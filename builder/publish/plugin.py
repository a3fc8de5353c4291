"""The MkDocs plugin: MkDocs events -> the pipeline, pages added as in-memory files.

Registered as the `showcase` entry point, so `mkdocs build` and `mkdocs serve` (with live
reload of the owner's YAML) work as well as the `showcase` CLI, which wraps them. Under a
plain `mkdocs build` the pipeline runs with default BuildOptions; `showcase build` runs the
pipeline itself with its command-line options (validating everything before MkDocs starts)
and hands the plugin the finished bundle.

Under `mkdocs serve` (and `showcase serve`) the plugin defines `on_startup`, which makes
MkDocs keep this one instance across rebuilds: it holds a pipeline Session (open caches with
their in-memory layer, the loaded sentence-transformer), so a reload after an edit pays only
for what the edit changed. The pipeline is imported when a build starts, not with the
plugin: `showcase validate` loads mkdocs.yml (and so this module) without the ML stack.
"""

import hashlib
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.base import ValidationError as ConfigValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from pydantic import ValidationError

from builder.cache import Cache, content_hash, outermost
from builder.errors import ShowcaseError
from builder.load.problems import field_path
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import SiteBundle
from builder.models.options import BuildOptions
from builder.publish import csp as csp_module
from builder.publish.csp import place_policy, policy
from builder.publish.private import write_private_pages

log = logging.getLogger("mkdocs.plugins.showcase")
CSP_CODE = content_hash(Path(csp_module.__file__).read_bytes().decode("utf-8"))


class ShowcasePlugin(BasePlugin):
    settings: ShowcaseConfig
    options: BuildOptions = BuildOptions()
    bundle: SiteBundle | None = None  # set beforehand by `showcase build`, else built here
    session: Any = None  # a pipeline.Session kept across `serve` rebuilds, else None
    preview: bool = False  # under `serve`: the pipeline's live-preview mode
    csp_cache: Cache | None = None
    csp_used: set[str] = set()  # this build's pages: the others are dropped after it

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list, list]:
        """Validate the plugin's options with the same pydantic model the CLI and schema use."""
        self.config_file_path = config_file_path
        # MkDocs may hand back an instance it kept from an earlier load in this process: a
        # bundle built for that load must never be served as this one's
        self.bundle = None
        self.csp_used = set()
        try:
            self.settings = ShowcaseConfig.model_validate(options)
        except ValidationError as exc:
            errors = [
                (field_path(tuple(e["loc"])), ConfigValidationError(e["msg"]))
                for e in exc.errors(include_url=False)
            ]
            return errors, []
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Only `serve` rebuilds in one process; there the models and caches are worth keeping.
        It is also a live preview: see BuildOptions.preview."""
        self.preview = command == "serve"
        if command == "serve" and self.session is None:
            from builder.pipeline import Session

            self.session = Session()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.bundle is None:
            from builder.pipeline import build

            root = Path(config.config_file_path or ".").resolve().parent
            options = self.options
            if self.preview:
                options = options.model_copy(update={"preview": True})
            if options.site_url is None:
                options = options.model_copy(update={"site_url": config.site_url})
            try:
                self.bundle = build(self.settings, root, options, self.session)
            except ShowcaseError as exc:  # the owner's to fix: their message, no traceback
                raise PluginError(exc.render()) from None
            if self.session is not None:
                self.session.preload(self.settings, root)
        pin_build_date(self.bundle.source_date_epoch)
        if config.nav is None:
            config.nav = self.bundle.nav
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.bundle is not None
        items: dict[str, str | bytes] = {**self.bundle.pages, **self.bundle.assets}
        for path in sorted(items):
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{path} has the same path as a generated page; "
                    "rename or remove the hand-written file"
                )
            files.append(File.generated(config, path, content=items[path]))
        return files

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        return self.with_csp(output, config)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig):
        """Static templates (404.html) get the same Content-Security-Policy as pages."""
        if not template_name.endswith(".html"):
            return output_content
        return self.with_csp(output_content, config)

    def with_csp(self, html: str, config: MkDocsConfig) -> str:
        """The page with its CSP, the policy remembered per page: parsing every page costs half
        a second on the demo, and a rebuild mostly meets pages it has seen (the key holds the
        CSP code's hash; the entry is the policy alone, a few hundred bytes)."""
        if self.csp_cache is None:
            root = Path(config.config_file_path or ".").resolve().parent
            self.csp_cache = Cache(Paths.resolve(self.settings, root).cache_dir)
        # hashed as bytes: canonical JSON of a page of the 2,000-achievement site is slow
        key = hashlib.sha256(f"{CSP_CODE}\n{html}".encode()).hexdigest()
        self.csp_used.add(key)
        cached = self.csp_cache.get_bytes("csp", key)
        if cached is not None:
            return place_policy(html, cached.decode("utf-8"))
        page_policy = policy(html)
        self.csp_cache.put_bytes("csp", key, page_policy.encode("utf-8"))
        return place_policy(html, page_policy)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The private pages (the interview pack unless published) go next to mkdocs.yml,
        outside site/, once the site itself is built."""
        assert self.bundle is not None
        self.forget_unused_policies()
        root = Path(config.config_file_path or ".").resolve().parent
        written = write_private_pages(root, self.bundle.private_pages)
        if written is not None:
            log.info("Private pages (not published) written to %s", written)

    def forget_unused_policies(self) -> None:
        """Drop the cached policies of pages this build no longer has. Not under `serve`: its
        pages carry the live-reload script, so keeping only them would make the next
        `showcase build` parse every page again; the next build prunes what serve added."""
        if self.csp_cache is not None and not self.preview:
            self.csp_cache.prune("csp", keep=self.csp_used)
        self.csp_used = set()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Watch every folder the owner edits: achievements (and exports, roles under
        templates), the site templates and the notebooks the impact-model pages run."""
        root = Path(config.config_file_path or ".").resolve().parent
        for folder in watched_folders(self.settings, root):
            server.watch(str(folder))
        return server


def watched_folders(settings: ShowcaseConfig, root: Path) -> list[Path]:
    paths = Paths.resolve(settings, root)
    folders = [paths.data_dir, paths.exports_dir, paths.templates_dir]
    folders.append(root / settings.mlops.notebooks_dir)
    # a folder that does not exist cannot be watched (the live-reload server raises)
    return outermost(folders)


def pin_build_date(epoch: int) -> None:
    """MkDocs stamps sitemaps and footers with the build date; pinning it to the newest data
    date (via SOURCE_DATE_EPOCH, which MkDocs honours) makes two builds byte-identical."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(epoch))
