"""The LLM refinement of the reader's requirements, against the narratives' fake OpenAI server
(a real HTTP server, so the openai client's own request path runs)."""

import json
import socket

import pytest

from builder.tailor.extract import read_posting
from builder.tailor.refine import TASK, endpoint_ask, refine
from tests.narratives.conftest import fake_openai  # noqa: F401  (the server fixture)
from tests.narratives.narratives_fakes import FakeOpenAI, Scripted, completion, fast_settings

POSTING = """# ML engineer

## Requirements

- Strong Python and production experience with Kubernetes
- Terraform for AWS infrastructure
"""


def answering(fake: FakeOpenAI, items: list[dict]) -> None:
    body = completion(json.dumps({"requirements": items}))
    fake.responder = lambda request: Scripted(body=body)


def refined(fake: FakeOpenAI, matcher):
    ask = endpoint_ask(fast_settings(), {"OPENAI_BASE_URL": fake.url})
    return refine(read_posting(POSTING, matcher), matcher, ask)


def test_a_grounded_split_and_relabel_are_applied(fake_openai: FakeOpenAI, matcher) -> None:  # noqa: F811
    answering(
        fake_openai,
        [
            {"source": 0, "text": "Strong Python", "must_have": True},
            {"source": 0, "text": "production experience with Kubernetes", "must_have": True},
            {"source": 1, "text": "Terraform for AWS infrastructure", "must_have": False},
        ],
    )
    posting = refined(fake_openai, matcher)
    assert [(r.text, r.must_have, r.skills) for r in posting.requirements] == [
        ("Strong Python", True, ("Python",)),
        ("production experience with Kubernetes", True, ("Kubernetes",)),
        ("Terraform for AWS infrastructure", False, ("Terraform", "AWS")),
    ]
    assert all(r.section == "Requirements" for r in posting.requirements)
    assert posting.notes[-1] == "requirements refined by the LLM: 1 re-labelled, 1 split"
    asked = fake_openai.texts[-1]["messages"]
    assert asked[0]["content"].startswith(f"Task: {TASK}")
    assert "Terraform for AWS infrastructure" in asked[1]["content"]


@pytest.mark.parametrize(
    ("items", "why"),
    [
        (  # a requirement the posting never states
            [
                {"source": 0, "text": "Ten years of Rust", "must_have": True},
                {"source": 1, "text": "Terraform for AWS infrastructure", "must_have": True},
            ],
            "not the posting's words",
        ),
        (  # the second requirement silently dropped
            [{"source": 0, "text": "Strong Python", "must_have": True}],
            "1 requirement(s) dropped",
        ),
        (  # a source that does not exist
            [{"source": 7, "text": "Strong Python", "must_have": True}],
            "unknown source 7",
        ),
    ],
)
def test_an_ungrounded_reply_keeps_the_readers_result(
    fake_openai: FakeOpenAI,  # noqa: F811
    matcher,
    items: list[dict],
    why: str,
) -> None:
    answering(fake_openai, items)
    posting = refined(fake_openai, matcher)
    assert posting.requirements == read_posting(POSTING, matcher).requirements
    assert why in posting.notes[-1] and "the reader's is used" in posting.notes[-1]


def test_a_reply_that_is_not_json_keeps_the_readers_result(
    fake_openai: FakeOpenAI,  # noqa: F811
    matcher,
) -> None:
    fake_openai.responder = lambda request: Scripted(body=completion("Sure! Here you go."))
    posting = refined(fake_openai, matcher)
    assert posting.requirements == read_posting(POSTING, matcher).requirements
    assert posting.notes[-1].startswith("the LLM refinement was not used")


def test_an_endpoint_that_is_down_keeps_the_readers_result(matcher) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ask = endpoint_ask(fast_settings(), {"OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1"})
    posting = refine(read_posting(POSTING, matcher), matcher, ask)
    assert posting.requirements == read_posting(POSTING, matcher).requirements
    assert posting.notes[-1].startswith("the LLM refinement was not used")


def test_without_an_endpoint_nothing_is_asked(matcher) -> None:
    assert endpoint_ask(fast_settings(), {}) is None
    assert refine(read_posting(POSTING, matcher), matcher, None) == read_posting(POSTING, matcher)
