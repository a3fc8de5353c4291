"""The whole team's claim, tested in one place: the value engine's and the impact model's text
extractors stay linear on 65,536-character adversarial PR bodies (issue #18).

The inputs are the ones the issue measured as quadratic: "1," repeated for the impact model's
claim pattern, "[" repeated for the value engine's HTML and link patterns, "1 h " repeated for
its per-sentence metric scan.
"""

import pytest

from tests.hostile.linear_time import CPU_CAP_SECONDS, cpu_seconds

CASES = [
    ("builder.mlops.features:claims", "'1,' * (N // 2)"),
    ("builder.mlops.features:claims", "'1 ms to 2 ' * (N // 10)"),
    ("builder.value.parse:clean", "'[' * N"),
    ("builder.value.parse:clean", "'<' * N"),
    ("builder.value.parse:clean", "'<!--' * (N // 4)"),
    ("builder.value.parse:clean", "'![' * (N // 2)"),
    ("builder.value.parse:sentences", "'1.' * (N // 2)"),
    ("builder.value.signals:extract_signals", "'1 h ' * (N // 4)"),
    ("builder.value.signals:extract_signals", "'from 1 ms to ' * (N // 13)"),
    ("builder.value.signals:extract_signals", "'1,' * (N // 2)"),
    ("builder.value.signals:extract_signals", "'[' * N"),
    # a "1,1,1,..." body took 150 s here before the number run was bounded
    ("builder.value.methods.revenue:users_affected", "'1,' * (N // 2)"),
    ("builder.value.methods.revenue:users_affected", "'1' * N + ' user'"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1][:24]}" for c in CASES])
def test_team_extractor_is_linear_on_adversarial_text(case: tuple[str, str]) -> None:
    target, make = case
    spent = cpu_seconds(target, make)
    assert spent < CPU_CAP_SECONDS, f"{target} spent {spent:.1f} s CPU on {make}"
