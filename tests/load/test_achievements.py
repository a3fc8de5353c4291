"""Every kind of owner mistake gets a message naming file, line, field and the fix."""

from pathlib import Path

import pytest

from builder.errors import ShowcaseInputError
from builder.load.sources import collect, load_portfolio
from builder.models.config import Paths


def messages(paths: Paths) -> list[str]:
    portfolio, problems = collect(paths)
    assert portfolio is None
    return [str(p) for p in problems]


def write(paths: Paths, name: str, text: str) -> Path:
    path = paths.data_dir / name
    path.write_text(text)
    return path


def test_valid_project_loads(project: Paths) -> None:
    portfolio = load_portfolio(project)
    assert [a.id for a in portfolio.achievements] == ["faster-ci"]
    assert portfolio.profile.name == "Ada Example"


def test_list_per_file_is_read(project: Paths) -> None:
    write(
        project,
        "more.yml",
        "- {id: a, title: A, date: 2023-01-01, summary: s}\n"
        "- {id: b, title: B, date: 2023-02-01, summary: s}\n",
    )
    ids = [a.id for a in load_portfolio(project).achievements]
    assert ids == ["faster-ci", "b", "a"]  # newest first


def test_unknown_field_suggests_the_close_one(project: Paths) -> None:
    write(project, "typo.yml", "id: typo\ntitle: T\ndate: 2024-01-01\nsumary: s\n")
    found = messages(project)
    assert (
        "achievements/typo.yml:4 [sumary]: unknown field 'sumary'; did you mean 'summary'?" in found
    )
    assert "achievements/typo.yml:1 [summary]: required field is missing" in found


def test_unknown_nested_field_suggests_from_the_nested_model(project: Paths) -> None:
    write(
        project,
        "m.yml",
        "id: m\ntitle: T\ndate: 2024-01-01\nsummary: s\nmetrics:\n  - name: p95\n    befor: 3\n",
    )
    assert (
        "achievements/m.yml:7 [metrics[0].befor]: unknown field 'befor'; did you mean 'before'?"
        in messages(project)
    )


def test_bad_date_names_line_and_format(project: Paths) -> None:
    write(project, "d.yml", "id: d\ntitle: T\ndate: 2024-13-01\nsummary: s\n")
    (found,) = messages(project)
    assert found.startswith("achievements/d.yml:3 [date]: expected a date as YYYY-MM-DD")
    assert "'2024-13-01'" in found


def test_end_date_before_date(project: Paths) -> None:
    write(project, "r.yml", "id: r\ntitle: T\ndate: 2024-05-01\nend_date: 2024-01-01\nsummary: s\n")
    (found,) = messages(project)
    assert "end_date 2024-01-01 is before date 2024-05-01" in found


def test_duplicate_ids_name_both_places(project: Paths) -> None:
    write(project, "zz-copy.yml", "id: faster-ci\ntitle: Again\ndate: 2024-01-01\nsummary: s\n")
    (found,) = messages(project)
    assert found == (
        "achievements/zz-copy.yml:1 [id]: duplicate id 'faster-ci' "
        "(first used at achievements/faster-ci.yml:1); ids must be unique"
    )


def test_malformed_yaml_gives_the_line(project: Paths) -> None:
    write(project, "bad.yml", "id: bad\ntitle: [unclosed\ndate: 2024-01-01\n")
    (found,) = messages(project)
    assert found.startswith("achievements/bad.yml:")
    assert "malformed YAML" in found


def test_empty_file_is_reported(project: Paths) -> None:
    write(project, "empty.yml", "  \n")
    assert messages(project) == ["achievements/empty.yml: the file is empty"]


def test_wrong_type_names_field_and_value(project: Paths) -> None:
    write(project, "t.yml", "id: t\ntitle: T\ndate: 2024-01-01\nsummary: s\nteam_size: four\n")
    (found,) = messages(project)
    assert found.startswith("achievements/t.yml:5 [team_size]: Input should be a valid integer")
    assert "(got 'four')" in found


def test_scalar_instead_of_mapping(project: Paths) -> None:
    write(project, "s.yml", "just a sentence\n")
    assert messages(project) == ["achievements/s.yml:1: expected a mapping of fields, got str"]


def test_duplicate_key_would_lose_data(project: Paths) -> None:
    write(project, "k.yml", "id: k\ntitle: T\ntitle: U\ndate: 2024-01-01\nsummary: s\n")
    assert messages(project) == ["achievements/k.yml:3 [title]: key 'title' appears twice"]


def test_bad_id_says_what_is_allowed(project: Paths) -> None:
    write(project, "i.yml", "id: Bad Id\ntitle: T\ndate: 2024-01-01\nsummary: s\n")
    (found,) = messages(project)
    assert found.startswith("achievements/i.yml:1 [id]: String should match pattern")


def test_profile_problems_and_achievement_problems_come_together(project: Paths) -> None:
    write(project, "profile.yml", "name: Ada\nheadline: x\ntarget_roles: []\n")
    write(project, "x.yml", "id: x\ntitle: T\ndate: nope\nsummary: s\n")
    found = messages(project)
    assert len(found) == 2
    assert found[0].startswith(
        "achievements/profile.yml:3 [target_roles]: List should have at least 1"
    )
    assert found[1].startswith("achievements/x.yml:3 [date]")


def test_missing_profile(project: Paths) -> None:
    project.profile_file.unlink()
    assert messages(project) == ["achievements/profile.yml: profile file not found"]


def test_error_lists_every_problem(project: Paths) -> None:
    write(project, "e1.yml", "")
    write(project, "e2.yml", "")
    with pytest.raises(ShowcaseInputError) as info:
        load_portfolio(project)
    assert info.value.render().splitlines()[0] == "2 problems in the portfolio data:"


def test_private_and_draft_are_not_public(project: Paths) -> None:
    write(
        project,
        "p.yml",
        "id: p\ntitle: Secret\ndate: 2024-01-01\nsummary: s\nprivate: true\n"
        "related_prs: ['https://github.com/o/r/pull/9']\n",
    )
    write(project, "d.yml", "id: d\ntitle: Draft\ndate: 2024-01-01\nsummary: s\ndraft: true\n")
    public = load_portfolio(project).public()
    assert [a.id for a in public.achievements] == ["faster-ci"]


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_a_yaml_alias_bomb_is_refused_at_once(project: Paths) -> None:
    assert len(ALIAS_BOMB) < 500  # expands to 9**9 strings if aliases were followed
    write(project, "bomb.yml", ALIAS_BOMB)
    assert (
        "achievements/bomb.yml:2: malformed YAML: aliases (*name) are not supported: "
        "write the value out" in messages(project)
    )


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "]" * 100_000, "a: " + "{b: " * 5_000 + "1" + "}" * 5_000]
)
def test_deep_nesting_is_a_problem_not_a_recursion_error(project: Paths, text: str) -> None:
    write(project, "deep.yml", text)
    assert "achievements/deep.yml:1: malformed YAML: nested more than 50 levels deep" in messages(
        project
    )


def test_a_file_over_the_size_cap_is_refused(project: Paths) -> None:
    write(project, "huge.yml", "summary: " + "x" * (5 * 1024 * 1024))
    assert messages(project) == [
        "achievements/huge.yml: the file is 5.0 MiB, over the 4 MiB limit for one YAML file; "
        "split it into several files"
    ]


def test_control_characters_are_refused_with_line_and_field(project: Paths) -> None:
    write(
        project,
        "ctl.yml",
        'id: ctl\ntitle: "red \\x1b[31m"\ndate: 2024-01-01\nsummary: s\n'
        'metrics:\n  - {name: "bell\\a"}\n',
    )
    found = messages(project)
    assert "achievements/ctl.yml:2 [title]: holds the control character U+001B; delete it" in (
        " ".join(found)
    )
    assert any(
        m.startswith("achievements/ctl.yml:6 [metrics[0].name]: holds the control") for m in found
    )


def test_the_profile_is_held_to_the_same_rules(project: Paths) -> None:
    project.profile_file.write_text(
        project.profile_file.read_text() + 'location: "Lisbon\\u0085"\n'
    )
    assert any(
        m.startswith("achievements/profile.yml:4 [location]: holds the control character U+0085")
        for m in messages(project)
    )
