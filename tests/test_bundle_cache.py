"""The site bundle of the last build stands in for a build whose inputs did not change."""

from pathlib import Path

import pytest

from builder import bundle_cache, pipeline
from builder.cache import Cache
from builder.models.config import Paths, ShowcaseConfig
from builder.models.enriched import SiteBundle
from builder.models.narratives import Fallback, NarrativeSet
from builder.models.options import BuildOptions
from tests.conftest import copy_project

BUNDLE = SiteBundle(
    pages={"index.md": "# Home\n", "a/b.md": "text with \n newlines"},
    assets={"resume.pdf": b"%PDF\x00\xff\n\n binary", "search/x.bin": b"", "s.json": b"{}"},
    nav=[{"Home": "index.md"}],
    private_pages={"interview/index.md": "private"},
    source_date_epoch=1700000000,
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "p")


def key(project: Path, options: BuildOptions | None = None, environ=None) -> str:
    config = ShowcaseConfig()
    paths = Paths.resolve(config, project)
    return bundle_cache.fingerprint(config, paths, options or BuildOptions(), environ or {})


def test_a_stored_bundle_loads_back_the_same(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    bundle_cache.store(cache, "k" * 64, BUNDLE)
    assert bundle_cache.load(cache, "k" * 64) == BUNDLE
    assert bundle_cache.load(cache, "j" * 64) is None


def test_only_the_newest_bundle_is_kept(tmp_path: Path) -> None:
    cache = Cache(tmp_path, memory=True)
    bundle_cache.store(cache, "a" * 64, BUNDLE)
    bundle_cache.store(cache, "b" * 64, BUNDLE)
    assert [p.name for p in (tmp_path / "site").rglob("*") if p.is_file()] == ["b" * 64]
    assert bundle_cache.load(cache, "a" * 64) is None  # gone from memory too


def test_the_fingerprint_sees_every_input_the_owner_edits(project: Path) -> None:
    first = key(project)
    assert key(project) == first
    edits = [
        project / "achievements" / "new.yml",
        project / "achievements" / "exports" / "more.json",
        project / "site_templates" / "pages" / "extra.md.j2",
        project / "notebooks" / "scratch.ipynb",
    ]
    seen = {first}
    for path in edits:
        path.write_text("changed")
        seen.add(key(project))
        path.unlink()
    assert len(seen) == 1 + len(edits)
    assert key(project) == first
    assert key(project, BuildOptions(llm_cache="off")) != first
    assert key(project, environ={"OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}) != first


def test_a_build_with_unchanged_inputs_runs_no_stage(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = ShowcaseConfig()
    cache = Cache(Paths.resolve(config, project).cache_dir)
    bundle_cache.store(cache, key(project), BUNDLE)

    def no_stage(*args, **kwargs):
        raise AssertionError("a stage ran although nothing changed")

    monkeypatch.setattr(pipeline, "enrich", no_stage)
    assert pipeline.build(config, project, BuildOptions()) == BUNDLE
    (project / "achievements" / "new.yml").write_text("id: x\n")
    with pytest.raises(AssertionError, match="a stage ran"):
        pipeline.build(config, project, BuildOptions())


def test_texts_from_a_live_model_are_not_replayed_from_the_bundle() -> None:
    def enriched(**narratives) -> pipeline.Enriched:
        return pipeline.Enriched.model_construct(narratives=NarrativeSet(**narratives))

    assert pipeline.replayable(enriched())  # templates only: the same next time
    assert pipeline.replayable(enriched(endpoint="127.0.0.1", requests=0))  # a cache replay
    assert not pipeline.replayable(enriched(endpoint="127.0.0.1", requests=3))
    fell_back = Fallback(task="star", item="x", reason="endpoint unavailable")
    assert not pipeline.replayable(enriched(endpoint="127.0.0.1", fallbacks=(fell_back,)))


def cached_policies(project: Path) -> list[Path]:
    return [p for p in (project / ".cache" / "showcase" / "csp").rglob("*") if p.is_file()]


def test_the_csp_of_a_page_seen_before_is_not_computed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from builder.publish import plugin as plugin_module
    from builder.publish.csp import apply_csp, policy

    html = "<html><head></head><body><script>var x = 1;</script></body></html>"
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    calls: list[str] = []

    def counted(page: str) -> str:
        calls.append(page)
        return policy(page)

    monkeypatch.setattr(plugin_module, "policy", counted)
    for _ in range(2):
        plugin = plugin_module.ShowcasePlugin()
        plugin.load_config({})
        assert plugin.with_csp(html, config) == apply_csp(html)
    assert calls == [html]  # the second plugin (a new build) read it from the cache
    stored = cached_policies(tmp_path)
    assert [p.read_text() for p in stored] == [policy(html)]  # the policy, not the page


@pytest.mark.parametrize(("serving", "kept"), [(False, 1), (True, 2)])
def test_a_serve_session_keeps_the_policies_of_the_built_pages(
    tmp_path: Path, serving: bool, kept: int
) -> None:
    from types import SimpleNamespace

    from builder.publish.plugin import ShowcasePlugin

    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))
    built = "<html><head></head><body><p>built</p></body></html>"
    served = (
        "<html><head></head><body><p>served</p><script src='livereload.js'></script></body></html>"
    )
    first = ShowcasePlugin()
    first.load_config({})
    first.with_csp(built, config)
    first.forget_unused_policies()
    later = ShowcasePlugin()
    later.load_config({})
    later.preview = serving
    later.with_csp(served, config)
    later.forget_unused_policies()
    stored = cached_policies(tmp_path)
    assert len(stored) == kept  # a build keeps only its own pages; serve also the build's
