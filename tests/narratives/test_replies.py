"""Reply validation: schema, lengths, JSON extraction, then the grounding guard."""

import pytest

from builder.narratives.grounding import fact_quantities
from builder.narratives.replies import Rejected, check, extract_json, json_schema, validate

STAR = {
    "situation": "The GPU idled while requests queued every evening.",
    "task": "I had to make the embedding model keep up.",
    "action": "I added dynamic request batching in the gateway.",
    "result": "p95 latency went from 974.7 ms to 374.9 ms.",
}
FACTS = fact_quantities({"m": "p95 latency went from 974.7 ms to 374.9 ms (62% lower)"})


def test_a_grounded_reply_is_accepted_and_normalised() -> None:
    reply = check("star", {**STAR, "task": "  I had to make   the model keep up. "}, FACTS)
    assert reply["task"] == "I had to make the model keep up."


def test_a_reply_with_an_invented_number_is_rejected() -> None:
    with pytest.raises(Rejected) as caught:
        check("star", {**STAR, "result": "p95 latency fell by 80% overnight."}, FACTS)
    assert caught.value.reason == "ungrounded number"
    assert "80%" in caught.value.detail


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({**STAR, "result": ""}, "empty"),
        ({k: v for k, v in STAR.items() if k != "action"}, "schema mismatch"),
        ({**STAR, "action": "word " * 200}, "off-length"),
        (["not", "an", "object"], "schema mismatch"),
    ],
)
def test_malformed_replies_are_rejected_with_a_reason(data: object, reason: str) -> None:
    with pytest.raises(Rejected) as caught:
        validate("star", data)
    assert caught.value.reason == reason


def test_bullets_need_two_or_three() -> None:
    with pytest.raises(Rejected) as caught:
        validate(
            "bullets",
            {
                "bullets": ["Only one bullet here"],
                "talking_points": ["a b c"] * 3,
                "pitch": "x y z",
            },
        )
    assert caught.value.reason == "off-length"


@pytest.mark.parametrize(
    "text",
    [
        '{"answer": "yes"}',
        'Sure! Here it is:\n```json\n{"answer": "yes"}\n```',
        'Here you go: {"answer": "yes"} Hope that helps.',
    ],
)
def test_json_is_found_in_prose_and_fences(text: str) -> None:
    assert extract_json(text) == {"answer": "yes"}


def test_prose_without_json_is_rejected() -> None:
    with pytest.raises(Rejected) as caught:
        extract_json("I am sorry, I cannot produce JSON today.")
    assert caught.value.reason == "not JSON"


def test_schema_sent_to_servers_lists_every_field() -> None:
    schema = json_schema("bullets")
    assert schema["required"] == ["bullets", "talking_points", "pitch"]
    assert schema["properties"]["bullets"] == {"type": "array", "items": {"type": "string"}}
    assert schema["additionalProperties"] is False


def test_the_grammar_schema_bounds_items_not_string_lengths() -> None:
    from builder.narratives.replies import bounded_schema

    bullets = bounded_schema("bullets")["properties"]["bullets"]
    assert (bullets["minItems"], bullets["maxItems"]) == (2, 3)
    assert "maxLength" not in str(bounded_schema("star"))


def test_names_the_facts_never_mention_are_found() -> None:
    from builder.narratives.replies import unknown_names

    facts = '{"skills": ["pytorch", "vllm"], "title": "gpu batching for the llm gateway"}'
    assert unknown_names("Built it with PyTorch and vLLM on the GPU for the LLM.", facts) == []
    assert unknown_names("It improved the LLLM using TensorRT and CUDA.", facts) == [
        "LLLM",
        "TensorRT",
        "CUDA",
    ]


def test_an_about_text_or_answer_about_someone_else_misses_a_fact() -> None:
    from builder.narratives.evaluation import missing_fact

    about = {"name": "Maya Okafor", "target_roles": ["MLOps Engineer"]}
    invented = {"about": "The engineer is a master of ML. He has built a platform."}
    assert missing_fact("about", invented, about) == "the owner's name"
    good = {"about": "I'm Maya, an MLOps Engineer who ships platforms."}
    assert missing_fact("about", good, about) is None
    question = {"achievements": [{"title": "Evaluation harness for the support assistant"}]}
    off_topic = {"answer": "I built a deep learning model called LLM for many industries."}
    assert missing_fact("interview", off_topic, question) == "the achievement's title"
    on_topic = {"answer": "The evaluation harness for our support assistant caught two."}
    assert missing_fact("interview", on_topic, question) is None
