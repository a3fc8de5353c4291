import time

from builder.tailor.extract import read_posting
from builder.tailor.posting import MAX_CHARS

POSTING = """# Senior MLOps Engineer

Acme Rockets · Remote

## About us

We build rockets and we use Kubernetes everywhere.

## What you'll do

- Run model serving on Kubernetes and keep
  deployments boring with canary rollouts.

## Requirements

- Five years with Terraform on AWS.
- Solid Python.
- Kafka would be a bonus.

## Nice to have

- Experience with MLflow.
- A feature store is required for this team.

## What we offer

- A salary and Python stickers.
"""


def test_sections_decide_must_and_nice_and_wording_overrules(matcher) -> None:
    posting = read_posting(POSTING, matcher)
    found = {r.text: (r.must_have, r.kind) for r in posting.requirements}
    assert found == {
        "Run model serving on Kubernetes and keep deployments boring with canary rollouts.": (
            True,
            "responsibility",
        ),
        "Five years with Terraform on AWS.": (True, "qualification"),
        "Solid Python.": (True, "qualification"),
        "Kafka would be a bonus.": (False, "qualification"),
        "Experience with MLflow.": (False, "qualification"),
        "A feature store is required for this team.": (True, "qualification"),
    }
    assert posting.title == "Senior MLOps Engineer"
    assert (posting.role_family, posting.seniority) == ("mlops", "senior")
    assert posting.skills[:3] == ("Model serving", "Kubernetes", "Progressive delivery")
    assert posting.notes == ()


def test_prose_is_split_into_sentences(matcher) -> None:
    text = (
        "LLM Engineer\n\n## Qualifications\n\nYou have shipped RAG systems to real users. "
        "Our office has a nice view. You know PyTorch well, and it would be a bonus if you "
        "have fine-tuned a model.\n"
    )
    posting = read_posting(text, matcher)
    assert [(r.text, r.must_have) for r in posting.requirements] == [
        ("You have shipped RAG systems to real users.", True),
        ("You know PyTorch well, and it would be a bonus if you have fine-tuned a model.", False),
    ]
    assert posting.role_family == "llm"


def test_html_is_read_as_text_without_its_scripts(matcher) -> None:
    html = (
        "<html><head><style>li{color:red}</style></head><body><h1>Data Engineer</h1>"
        "<script>alert('Kubernetes')</script><h2>Requirements</h2><ul><li>Strong <b>SQL</b>"
        " &amp; Airflow</li><li>Docker</li></ul></body></html>"
    )
    posting = read_posting(html, matcher)
    assert [r.text for r in posting.requirements] == ["Strong SQL & Airflow", "Docker"]
    assert posting.title == "Data Engineer"
    assert "Kubernetes" not in posting.skills
    assert any("HTML" in n for n in posting.notes)


def test_unclosed_markup_is_read_in_linear_time(matcher) -> None:
    started = time.perf_counter()
    read_posting("<div>" + "<b " * 50_000, matcher)
    assert time.perf_counter() - started < 5


def test_empty_posting_says_so(matcher) -> None:
    posting = read_posting("  \n\n ", matcher)
    assert posting.requirements == ()
    assert "empty" in posting.notes[-1]


def test_a_huge_posting_is_truncated_with_a_note(matcher) -> None:
    text = (
        POSTING + "\n## Skills\n\n" + "\n".join(f"- Python and SQL item {i}" for i in range(60_000))
    )
    posting = read_posting(text, matcher)
    assert posting.characters == len(text) > MAX_CHARS
    assert any(f"first {MAX_CHARS:,}" in n for n in posting.notes)
    assert any("requirements found" in n for n in posting.notes)
    assert len(posting.requirements) == 80


def test_another_language_gets_an_honest_note(matcher) -> None:
    text = (
        "# Ingeniero de datos\n\nBuscamos una persona con experiencia en la nube, que conozca "
        "bien los sistemas de datos y que tenga ganas de aprender con nosotros cada día en "
        "nuestra oficina de Madrid, donde trabajamos juntos desde hace muchos años."
    )
    posting = read_posting(text, matcher)
    assert any("does not look like English" in n for n in posting.notes)
    assert any("requirement(s) recognised" in n for n in posting.notes)


def test_a_long_line_of_hashes_is_read_in_linear_time(matcher) -> None:
    """`#+ (.+?)\\s*#*$` backtracked quadratically here: 28 s for 100,000 characters."""
    started = time.perf_counter()
    read_posting("# Role\n\n# a" + "#" * 100_000 + "x\n", matcher)
    assert time.perf_counter() - started < 5


def test_a_headings_closing_hashes_are_dropped(matcher) -> None:
    text = "## Platform engineer ##\n\n## Requirements ###\n\n- Terraform on AWS\n"
    posting = read_posting(text, matcher)
    assert posting.title == "Platform engineer"
    assert [(r.section, r.must_have) for r in posting.requirements] == [("Requirements", True)]
