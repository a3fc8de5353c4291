"""builder/publish/plugin.py: owner errors become one clean PluginError; default options."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from builder.errors import InputProblem, NotebookExecutionError, ShowcaseInputError
from builder.models.enriched import SiteBundle
from builder.models.options import BuildOptions
from builder.publish.plugin import ShowcasePlugin


def plugin() -> ShowcasePlugin:
    instance = ShowcasePlugin()
    assert instance.load_config({}) == ([], [])
    return instance


def mkdocs_config(tmp_path: Path) -> SimpleNamespace:
    return SimpleNamespace(
        config_file_path=str(tmp_path / "mkdocs.yml"), site_url="https://ada.example.org/", nav=[]
    )


@pytest.mark.parametrize(
    "error",
    [
        ShowcaseInputError([InputProblem("achievements/x.yml", 3, "date", "expected a date")]),
        NotebookExecutionError("notebooks/a.ipynb", 2, "ValueError: no registry"),
    ],
)
def test_a_showcase_error_becomes_a_plugin_error(monkeypatch, tmp_path, error) -> None:
    def broken(*args: object) -> SiteBundle:
        raise error

    monkeypatch.setattr("builder.pipeline.build", broken)
    with pytest.raises(PluginError) as info:
        plugin().on_config(mkdocs_config(tmp_path))
    assert str(info.value) == error.render()
    assert info.value.__suppress_context__  # no chained traceback for an owner mistake


def test_plain_mkdocs_build_uses_default_options_and_its_site_url(monkeypatch, tmp_path) -> None:
    seen: list[BuildOptions] = []

    def fake_build(settings: object, root: Path, options: BuildOptions, *_: object) -> SiteBundle:
        seen.append(options)
        assert root == tmp_path
        return SiteBundle(pages={}, assets={}, nav=[])

    monkeypatch.setattr("builder.pipeline.build", fake_build)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    plugin().on_config(mkdocs_config(tmp_path))
    assert seen == [BuildOptions(site_url="https://ada.example.org/")]


def test_a_bundle_handed_over_by_the_cli_is_not_built_again(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr("builder.pipeline.build", lambda *a: pytest.fail("built twice"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    instance = plugin()
    instance.bundle = SiteBundle(pages={}, assets={}, nav=["x.md"])
    config = mkdocs_config(tmp_path)
    config.nav = None
    assert instance.on_config(config).nav == ["x.md"]
