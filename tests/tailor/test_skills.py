from pathlib import Path

import pytest

from builder.errors import ShowcaseInputError
from builder.load.skills import load_vocabulary
from builder.tailor.skills import SkillMatcher


def test_aliases_meet_their_canonical_name(matcher: SkillMatcher) -> None:
    text = "We run k8s (EKS) with Terraform; CI/CD in GitHub Actions; vLLM or TGI for serving."
    assert matcher.find(text) == [
        "Kubernetes",
        "Terraform",
        "CI/CD",
        "GitHub Actions",
        "vLLM",
        "TGI",
    ]


def test_longest_alias_wins_and_plurals_match(matcher: SkillMatcher) -> None:
    assert matcher.find("online feature store and feature stores") == [
        "Online feature serving",
        "Feature store",
    ]


def test_case_sensitive_names_are_not_common_words(matcher: SkillMatcher) -> None:
    assert matcher.find("Services in Go or Rust") == ["Go", "Rust"]
    assert "Go" not in matcher.find("ready to go live")


def test_shipped_vocabulary_is_versioned_and_large(vocabulary) -> None:
    assert vocabulary.version == "1"
    assert len(vocabulary.skills) >= 150
    names = [s.name.casefold() for s in vocabulary.skills]
    assert len(names) == len(set(names))


def test_owner_file_extends_the_vocabulary(tmp_path: Path) -> None:
    (tmp_path / "skills.yml").write_text(
        "skills:\n  - {name: Kubernetes, aliases: [kubbie]}\n  - {name: Dagster, group: data}\n"
    )
    vocabulary = load_vocabulary(tmp_path, tmp_path)
    matcher = SkillMatcher.from_vocabulary(vocabulary)
    assert vocabulary.version == "1+owner"
    assert matcher.find("kubbie and Dagster") == ["Kubernetes", "Dagster"]
    assert matcher.find("k8s") == ["Kubernetes"]  # the shipped aliases stay


def test_a_bad_owner_file_names_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "skills.yml").write_text("skills:\n  - {name: Foo, alias: [f]}\n")
    with pytest.raises(ShowcaseInputError) as error:
        load_vocabulary(tmp_path, tmp_path)
    message = error.value.render()
    assert "skills.yml:2" in message and "alias" in message
