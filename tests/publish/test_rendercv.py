"""builder/render/rendercv.py: a RenderCV YAML file from the CV, valid against its schema."""

import yaml

from builder.load.vendored_schemas import RENDERCV_VERSION
from builder.load.vendored_schemas import problems as vendored_problems
from builder.load.vendored_schemas import schema as vendored_schema
from builder.render.rendercv import export_rendercv, export_yaml
from tests.publish import cv_factory


def test_vendored_schema_is_rendercvs() -> None:
    vendored = vendored_schema("rendercv")
    assert vendored["title"] == "RenderCV" and RENDERCV_VERSION == "2.8"
    assert {"cv", "design", "locale", "settings"} == set(vendored["properties"])


def test_demo_export_is_valid_and_carries_the_cv() -> None:
    enriched = cv_factory.demo()
    document = yaml.safe_load(export_yaml(enriched))
    assert vendored_problems("rendercv", document) == []
    cv = document["cv"]
    assert cv["name"] == "Maya Okafor" and cv["email"] == "maya.okafor@example.com"
    assert {"network": "GitHub", "username": "mokafor"} in cv["social_networks"]
    experience = cv["sections"]["experience"]
    assert [(e["company"], e["position"]) for e in experience][:2] == [
        ("Northwind AI", "Senior MLOps Engineer"),
        ("Northwind AI", "MLOps Engineer"),
    ]
    assert experience[0]["end_date"] == "present" and experience[1]["end_date"] == "2024-06"
    assert cv["sections"]["education"][0]["institution"] == "Delft University of Technology"
    assert cv["sections"]["talks"][0]["location"] == "PyData Amsterdam"
    labels = [s["label"] for s in cv["sections"]["skills"]]
    assert labels[:2] == ["Programming languages", "ML and LLM"]


def test_schema_check_catches_what_rendercv_would_reject() -> None:
    bad = {"cv": {"name": "X", "social_networks": [{"network": "Friendster", "username": "x"}]}}
    assert [where for where, _ in vendored_problems("rendercv", bad)] == ["cv/social_networks"]
    missing = {"cv": {"sections": {"experience": [{"company": "Acme"}]}}}
    assert vendored_problems("rendercv", missing)


def test_same_input_same_bytes_and_role_changes_order() -> None:
    enriched = cv_factory.demo()
    assert export_yaml(enriched) == export_yaml(enriched)
    default = export_rendercv(enriched)["cv"]["sections"]["experience"][0]["highlights"]
    for_llm = export_rendercv(enriched, "LLM Engineer")["cv"]["sections"]["experience"][0]
    assert for_llm["highlights"] != default
