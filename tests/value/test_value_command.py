"""`showcase value [TEXT | -] --json`: the contract other tools call."""

import json

import pytest
from click.testing import CliRunner

from builder.commands.value import commands, value

WORKED = "saves 8 hours per week for senior developers on a 4-person team"
KEYS = ["value_usd_per_year", "method", "confidence", "formula", "assumptions", "signals"]
SIGNAL_KEYS = ["metric", "quantity", "before", "after", "unit", "relative_change_pct", "direction"]


def run(args: list[str], stdin: str | None = None) -> str:
    result = CliRunner().invoke(value, args, input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def test_command_is_exported():
    assert value in commands and value.name == "value"


def test_json_worked_example():
    out = json.loads(run([WORKED, "--json"]))
    assert list(out) == KEYS
    assert out["value_usd_per_year"] == 208000.0
    assert out["confidence"] == 0.7
    assert out["method"] == "time_savings"
    assert out["formula"] == "8 h/week x 52 weeks x $125/h x 4 people = $208,000/year"
    assert "hourly rate" in out["assumptions"]


@pytest.mark.parametrize(
    ("text", "pct"),
    [
        ("Cuts p95 latency from 974.7 ms to 374.9 ms.", -61.54),
        ("Gives a 50.79x speedup on import.", -98.03),
        ("2x throughput", 100.0),
        ("26% less memory", -26.0),
    ],
)
def test_json_signals_from_stdin(text, pct):
    out = json.loads(run(["-", "--json"], stdin=text))
    [signal] = out["signals"]
    assert list(signal) == SIGNAL_KEYS
    assert signal["relative_change_pct"] == pct
    assert signal["direction"] == "improvement"


def test_unquantified_json_has_null_value():
    out = json.loads(run(["--json", "fix: off-by-one in the batch pagination"]))
    assert out["value_usd_per_year"] is None
    assert out["method"] == "unquantified"
    assert out["signals"] == []


def test_readable_summary():
    out = run([WORKED])
    assert "$208,000/year" in out
    assert "Confidence: 0.70" in out
    assert "Unquantified" in run(["-"], stdin="docs: fix typos")


def test_rates_from_a_project_config(tmp_path):
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: t\ndocs_dir: docs\nplugins:\n  - showcase:\n      value:\n"
        "        hourly_rate_by_role: {senior: 100, default: 80}\n",
        encoding="utf-8",
    )
    out = json.loads(run([WORKED, "--json", "-f", str(config)]))
    assert out["value_usd_per_year"] == 8 * 52 * 100 * 4


def test_missing_config_is_an_error_not_a_traceback(tmp_path):
    result = CliRunner().invoke(value, ["x", "-f", str(tmp_path / "nope.yml")])
    assert result.exit_code == 1
    assert "no such file" in result.output
