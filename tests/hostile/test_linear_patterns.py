"""Every pattern family on untrusted text stays linear on 65,536-character adversarial strings.

Each case is a function that sees PR, profile or achievement text and an input built to make a
backtracking pattern quadratic (long runs of a pattern's opening character with no closing one,
repetitions that overlap). The owner of each family: load/, ingest.py, models/, render/,
publish/ and the text leaf here; the value and mlops extractors in test_team_extractors.py.
"""

import pytest

from tests.hostile.linear_time import CPU_CAP_SECONDS, cpu_seconds

CASES = [
    # ingest.py: HTML comments and paragraphs of a PR body
    ("builder.ingest:first_paragraph", "'<!--' * (N // 4)"),
    ("builder.ingest:first_paragraph", "'<!-- a -->' * (N // 10) + '<!--' + 'a' * N"),
    ("builder.ingest:first_paragraph", "'\\n' + ' \\t' * (N // 2) + 'x'"),
    ("builder.ingest:without_html_comments", "'<!--' + '-' * N"),
    # text.py: links, sentences, escaping, slugs, titles (render filters use these)
    ("builder.text:plain", "'[' * N"),
    ("builder.text:plain", "'[a](' * (N // 4)"),
    ("builder.text:plain", "'![x](' + '(' * N"),
    ("builder.text:plain", "'[' + 'a' * N + '](' + 'b' * N"),
    ("builder.text:sentences", "'. ' * (N // 2)"),
    ("builder.text:sentences", "'a.' + ' ' * N + 'a'"),
    ("builder.text:md_inline", "'<&>' * (N // 3)"),
    ("builder.text:md_block", "'\\n \\n' * (N // 3)"),
    ("builder.text:slug", "'-a' * (N // 2)", "('x',)"),
    ("builder.text:page_title", "'# ' + '#' * N", "('p.md',)"),
    ("builder.text:link", "'[' * N", "('https://a.example/' + '(' * N,)"),
    # models/pull_request.py: the PR URL
    ("builder.models.pull_request:parse_pr_url", "'https://github.com/' + 'a' * N"),
    ("builder.models.pull_request:parse_pr_url", "'https://' + 'a.' * (N // 2)"),
    ("builder.models.pull_request:parse_pr_url", "'https://github.com/a/b/pull/' + '1' * N"),
    # load/urls.py: owner link URLs (link_url refuses past 2,000 characters; the host and
    # mailbox patterns behind it are run on full-length strings directly)
    ("builder.load.urls:link_url", "'https://a.example/' + '%' * N"),
    ("builder.load.urls:_web", "'https://' + 'a-' * (N // 2) + '/'", "('https',)"),
    ("builder.load.urls:_web", "'https://' + 'a.' * (N // 2)", "('https',)"),
    ("builder.load.urls:_mailto", "'mailto:' + 'a' * N + '@' + 'b-' * N"),
    # load/pr_exports.py: cleaning and cutting every string once
    ("builder.load.pr_exports:_clean", "'\\x1b[31m' * (N // 5) + '\\ud800' * N"),
    ("builder.load.pr_exports:_split", "';' * N"),
    ("builder.load.pr_exports:_json_documents", "'[]' * (N // 2)"),
    ("builder.load.pr_exports:_json_documents", "'[' * N"),
    # render/: figures in bullets, the value page's URL check
    ("builder.text:round_in_text", "'1,' * (N // 2) + '.5'"),
    ("builder.text:round_in_text", "'1.' * (N // 2)"),
    ("builder.text:round_in_text", "' 1.1' + 'a.' * (N // 2)"),
    # publish/csp.py: the policy over a page full of crafted markup
    ("builder.publish.csp:policy", "'<script>' * (N // 8)"),
    ("builder.publish.csp:policy", "'<p style=\"' + 'a' * N"),
    ("builder.publish.csp:policy", "'<meta http-equiv=content-security-policy ' * (N // 40)"),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1][:24]}" for c in CASES])
def test_pattern_family_is_linear_on_adversarial_text(case: tuple[str, ...]) -> None:
    target, make, *extra = case
    spent = cpu_seconds(target, make, *extra)
    assert spent < CPU_CAP_SECONDS, f"{target} spent {spent:.1f} s CPU on {make}"
