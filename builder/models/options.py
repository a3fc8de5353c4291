"""Command-line options that reach the stages, as one typed record (never the environment).

`showcase build --llm-cache read-only` and `showcase narratives --cache ...` fill it; under a
plain `mkdocs build` the plugin uses the defaults, which leave mkdocs.yml in charge.
"""

from typing import get_args

from builder.models.base import Record
from builder.models.narrative_settings import Backend, CacheMode, NarrativeSettings

CACHE_MODES: tuple[str, ...] = get_args(CacheMode)
BACKENDS: tuple[str, ...] = get_args(Backend)


class BuildOptions(Record):
    llm_cache: CacheMode | None = None  # None: cache_mode in mkdocs.yml
    backend: Backend | None = None  # None: backend in mkdocs.yml
    site_url: str | None = None  # None: no absolute links (MkDocs' site_url when it builds)
    strict: bool | None = None  # None: strict in mkdocs.yml
    # Live preview (`mkdocs serve`, `showcase serve`): a reload trains no model, records
    # nothing in the committed registry and starts no notebook kernel (see mlops/stage.py).
    preview: bool = False

    def narrative_settings(self, settings: NarrativeSettings) -> NarrativeSettings:
        """The plugin's narrative settings with the command-line overrides applied."""
        update = {"cache_mode": self.llm_cache, "backend": self.backend}
        return settings.model_copy(update={k: v for k, v in update.items() if v is not None})
