"""builder/jsonresume: resume.json valid against the vendored schema; imports only add."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder.errors import ShowcaseInputError
from builder.load.jsonresume import import_resume
from builder.load.sources import collect
from builder.load.vendored_schemas import JSONRESUME_VERSION as SCHEMA_VERSION
from builder.load.vendored_schemas import problems as vendored_problems
from builder.load.vendored_schemas import schema as vendored_schema
from builder.models.config import Paths, ShowcaseConfig
from builder.render.jsonresume import export_bytes, export_resume
from builder.render.pdf.ranking import ranked
from tests.publish import cv_factory
from tests.publish import publish_factory as factory

SAMPLE = Path(__file__).parent / "data" / "sample.resume.json"


def test_vendored_schema_is_the_json_resume_schema() -> None:
    vendored = vendored_schema("jsonresume")
    assert vendored["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert {"basics", "work", "projects", "skills", "meta"} <= set(vendored["properties"])
    jsonschema.Draft7Validator.check_schema(vendored)


def test_export_is_valid_and_follows_the_ranking() -> None:
    enriched = factory.enriched(factory.achievements(12))
    document = export_resume(enriched)
    assert vendored_problems("jsonresume", document) == []
    assert document["$schema"].endswith(f"@jsonresume/schema@{SCHEMA_VERSION}/schema.json")
    assert document["basics"]["name"] == "Ada Example"
    assert document["basics"]["email"] == "ada@example.com"
    assert [p["network"] for p in document["basics"]["profiles"]] == ["GitHub", "LinkedIn"]
    # No experience in this profile: every achievement is a project, and no job is invented.
    assert document["work"] == []
    assert [p["name"] for p in document["projects"]] == [a.title for a in ranked(enriched)]
    first = ranked(enriched)[0]
    assert document["projects"][0]["url"] == (f"https://ada.example.org/achievements/{first.id}/")
    assert document["meta"]["lastModified"].startswith(
        max(a.end_date or a.date for a in enriched.portfolio.achievements).isoformat()
    )


def test_demo_export_has_positions_education_and_grouped_skills() -> None:
    enriched = cv_factory.demo()
    document = export_resume(enriched)
    assert vendored_problems("jsonresume", document) == []
    profile = enriched.portfolio.profile
    assert [(w["name"], w["position"]) for w in document["work"]] == [
        (e.organisation, e.position) for e in profile.experience
    ]
    current = document["work"][0]
    assert current["startDate"] == "2024-07" and "endDate" not in current
    assert document["work"][1]["endDate"] == "2024-06"
    assert all(h[0].isupper() for w in document["work"] for h in w["highlights"])
    assert len(document["work"][0]["highlights"]) + len(document["work"][1]["highlights"]) == 25
    assert [e["institution"] for e in document["education"]] == [
        "Delft University of Technology",
        "University of Lagos",
    ]
    assert document["education"][0] == {
        "institution": "Delft University of Technology",
        "studyType": "MSc",
        "startDate": "2014-09",
        "area": "Computer Science",
        "endDate": "2016-11",
    }
    skills = {group["name"]: group["keywords"] for group in document["skills"]}
    assert "vLLM" in skills["ML and LLM"] and "Python" in skills["Programming languages"]
    assert document["projects"] == []  # every demo achievement belongs to a position
    assert document["languages"][0] == {"language": "English", "fluency": "fluent"}


def test_demo_export_round_trips_experience_and_education(tmp_path: Path) -> None:
    enriched = cv_factory.demo()
    exported = tmp_path / "resume.json"
    exported.write_bytes(export_bytes(enriched))
    paths = project(tmp_path / "new")
    report = import_resume(exported, paths.data_dir, paths.profile_file, tmp_path)
    assert report.skipped == []
    portfolio, found = collect(paths)
    assert found == []
    original = enriched.portfolio.profile
    fields = ("organisation", "position", "start", "end", "location", "scope")
    assert [tuple(getattr(e, f) for f in fields) for e in portfolio.profile.experience] == [
        tuple(getattr(e, f) for f in fields) for e in original.experience
    ]
    assert [e.model_dump(exclude={"note"}) for e in portfolio.profile.education] == [
        e.model_dump(exclude={"note"}) | {"location": None} for e in original.education
    ]
    assert portfolio.profile.certifications[0].name == original.certifications[0].name
    assert [lang.language for lang in portfolio.profile.languages] == ["English", "Dutch", "Yoruba"]
    # Each imported highlight lands in the position it came from.
    again = export_resume(
        factory.enriched(list(portfolio.achievements), the_profile=portfolio.profile)
    )
    assert [len(w["highlights"]) for w in again["work"]] == [
        len(w["highlights"]) for w in export_resume(enriched)["work"]
    ]


def test_export_bytes_are_stable_and_keep_hostile_text_as_data() -> None:
    item = factory.achievements(1)[0].model_copy(update={"title": '</script><b>"x"</b>'})
    enriched = factory.enriched([item])
    data = export_bytes(enriched)
    assert data == export_bytes(enriched)
    assert json.loads(data)["projects"][0]["name"] == '</script><b>"x"</b>'


def test_schema_violations_are_reported_with_their_location() -> None:
    found = vendored_problems(
        "jsonresume", {"basics": {"name": 5}, "projects": [{"startDate": "March 2020"}]}
    )
    locations = [where for where, _ in found]
    assert "basics/name" in locations
    assert "projects/0/startDate" in locations


def project(tmp_path: Path) -> Paths:
    return Paths.resolve(ShowcaseConfig(), tmp_path)


def test_import_writes_a_profile_and_achievements_that_load(tmp_path: Path) -> None:
    paths = project(tmp_path)
    report = import_resume(SAMPLE, paths.data_dir, paths.profile_file, tmp_path)
    assert paths.profile_file in report.written
    assert len(report.written) == 4  # profile, two work highlights, one dated project
    assert [what for what, _ in report.skipped] == ["projects[1]"]
    portfolio, found = collect(paths)
    assert found == []
    assert portfolio.profile.name == "Jon Sample"
    assert portfolio.profile.target_roles == ["LLM Engineer"]
    assert [link.url for link in portfolio.profile.links] == [
        "https://jon.example.net",
        "https://github.com/jon-sample",
    ]  # the javascript: profile is not carried over
    titles = {a.title: a for a in portfolio.achievements}
    cost = titles["Cut model serving cost by 38% by moving to batched inference"]
    assert cost.organisation == "Umbrella Labs"
    assert cost.date.isoformat() == "2021-03-01"
    assert cost.end_date.isoformat() == "2023-11-30"
    rag = titles["Open-source RAG toolkit"]
    assert rag.skills == ["Python", "FAISS"]
    assert rag.date.isoformat() == "2022-01-01"
    assert "1,200 GitHub stars" in rag.result


def test_import_never_overwrites_and_adds_nothing_twice(tmp_path: Path) -> None:
    paths = project(tmp_path)
    paths.data_dir.mkdir(parents=True)
    paths.profile_file.write_text("name: Kept\nheadline: Mine\ntarget_roles: [Mine]\n")
    first = import_resume(SAMPLE, paths.data_dir, paths.profile_file, tmp_path)
    assert paths.profile_file not in first.written
    assert paths.profile_file.read_text().startswith("name: Kept")
    before = {p: p.read_text() for p in paths.data_dir.glob("*.yml")}
    second = import_resume(SAMPLE, paths.data_dir, paths.profile_file, tmp_path)
    assert second.written == []
    assert {p: p.read_text() for p in paths.data_dir.glob("*.yml")} == before


def test_import_takes_a_new_id_when_the_slug_is_used(tmp_path: Path) -> None:
    paths = project(tmp_path)
    paths.data_dir.mkdir(parents=True)
    taken = "umbrella-labs-built-the-evaluation-harness-used-by-four-team"  # 60 characters
    (paths.data_dir / "mine.yml").write_text(
        yaml.safe_dump({"id": taken, "title": "Other", "date": "2020-01-01", "summary": "Other."})
    )
    report = import_resume(SAMPLE, paths.data_dir, paths.profile_file, tmp_path)
    assert paths.data_dir / f"{taken}-2.yml" in report.written
    assert collect(paths)[1] == []


def test_import_rejects_an_invalid_file_naming_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"basics": {"name": "X", "email": 3}}))
    paths = project(tmp_path)
    with pytest.raises(ShowcaseInputError) as caught:
        import_resume(bad, paths.data_dir, paths.profile_file, tmp_path)
    message = caught.value.render()
    assert "bad.json" in message and "basics/email" in message
    assert not paths.data_dir.exists()


def test_export_then_import_round_trips_the_project_titles(tmp_path: Path) -> None:
    enriched = factory.enriched(factory.achievements(6))
    exported = tmp_path / "resume.json"
    exported.write_bytes(export_bytes(enriched))
    paths = project(tmp_path / "new")
    import_resume(exported, paths.data_dir, paths.profile_file, tmp_path)
    portfolio, found = collect(paths)
    assert found == []
    project_titles = {a.title for a in enriched.portfolio.achievements}
    assert project_titles <= {a.title for a in portfolio.achievements}
