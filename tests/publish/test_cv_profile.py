"""builder/models/cv.py: experience and education in profile.yml, with errors an owner can act
on, and the link from an achievement to its position."""

import datetime as dt
from pathlib import Path

from builder.load.sources import collect
from builder.models.config import Paths, ShowcaseConfig
from builder.models.cv import Experience, position_of

PROFILE = """name: A
headline: B
target_roles: [C]
experience:
  - organisation: Acme
    position: ML Engineer
    start: 2022-03
    key: acme
  - organisation: Acme
    position: Data Engineer
    start: 2019-01
    end: 2022-02
education:
  - institution: Uni
    degree: MSc
    start: 2015-09
    end: {school_end}
"""


def write(tmp_path: Path, school_end: str = "2017-06", experience: str = "acme") -> Paths:
    paths = Paths.resolve(ShowcaseConfig(), tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.profile_file.write_text(PROFILE.format(school_end=school_end))
    (paths.data_dir / "one.yml").write_text(
        f"id: one\ntitle: T\ndate: 2020-05-01\nsummary: S.\nexperience: {experience}\n"
    )
    return paths


def test_months_load_and_the_link_is_checked(tmp_path: Path) -> None:
    portfolio, problems = collect(write(tmp_path))
    assert problems == []
    first = portfolio.profile.experience[0]
    assert first.start == dt.date(2022, 3, 1) and first.current


def test_end_before_start_names_file_line_and_entry(tmp_path: Path) -> None:
    _, problems = collect(write(tmp_path, school_end="2014-06"))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line, problem.field) == (
        "achievements/profile.yml",
        14,
        "education[0]",
    )
    assert "end 2014-06 is before start 2015-09" in problem.message


def test_unknown_experience_key_suggests_the_right_one(tmp_path: Path) -> None:
    _, problems = collect(write(tmp_path, experience="acne"))
    assert [(p.file, p.field) for p in problems] == [("achievements/one.yml", "experience")]
    assert "unknown experience key 'acne'; did you mean 'acme'?" in problems[0].message


def test_a_bad_month_is_an_error(tmp_path: Path) -> None:
    _, problems = collect(write(tmp_path, school_end="2017-13"))
    assert problems[0].field == "education[0].end"
    assert "month 13" in problems[0].message


def test_position_by_key_then_by_organisation_and_date() -> None:
    jobs = [
        Experience(organisation="Acme", position="Lead", start=dt.date(2022, 3, 1), key="lead"),
        Experience(organisation="Acme", position="Engineer", start=dt.date(2019, 1, 1),
                   end=dt.date(2022, 2, 1)),
    ]  # fmt: skip
    assert position_of(jobs, "lead", None, dt.date(2000, 1, 1)) == 0
    assert position_of(jobs, None, "acme", dt.date(2022, 2, 27)) == 1  # whole end month
    assert position_of(jobs, None, "Acme", dt.date(2023, 1, 1)) == 0
    assert position_of(jobs, None, "Acme", dt.date(2010, 1, 1)) == 1  # nearest
    assert position_of(jobs, None, "Other", dt.date(2023, 1, 1)) is None
