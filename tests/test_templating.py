"""builder/templating.py: one environment factory, the shared filters, extra filters added."""

from pathlib import Path

from builder.templating import environment

ROOT = Path(__file__).resolve().parents[1] / "site_templates"


def test_every_environment_has_the_escaping_and_figure_filters() -> None:
    for env in (environment(ROOT), environment(ROOT, autoescape=True)):
        assert {"md", "md_block", "link", "usd", "percent", "number"} <= set(env.filters)
    markdown = environment(ROOT).from_string("{{ t | md }} {{ v | usd }}")
    assert markdown.render(t="<b>", v=208000) == "&#60;b&#62; $208K"


def test_html_environment_autoescapes() -> None:
    assert environment(ROOT, autoescape=True).from_string("{{ t }}").render(t="<b>") == "&lt;b&gt;"


def test_extra_filters_come_through_the_parameter_and_environments_are_reused() -> None:
    def shout(text: str) -> str:
        return text.upper()

    env = environment(ROOT, filters={"shout": shout})
    assert env.from_string("{{ 'hi' | shout }}").render() == "HI"
    assert environment(ROOT, filters={"shout": shout}) is env
    assert "shout" not in environment(ROOT).filters
