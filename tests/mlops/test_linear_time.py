"""Every pattern in builder/mlops is linear on text anyone can write (GitHub allows 65,536
characters in a PR body). Run in a subprocess with a wall-clock cap: a quadratic pattern
takes minutes on these strings (the old claim pattern: 208 s on 50 KB of "1,"), a linear
one milliseconds, so a generous cap is robust on a loaded machine and still fails."""

import subprocess
import sys
import textwrap

CAP_SECONDS = 60

SCRIPT = textwrap.dedent(
    """
    from builder.mlops import features, notebooks

    N = 65536
    strings = [
        "1," * (N // 2),
        "1." * (N // 2),
        "1" * N,
        "1 " * (N // 2),
        "$" * N,
        "1" + " " * (N - 1),
        "test_" * (N // 5),
        "_test." * (N // 6),
        "/train" * (N // 6),
        "train" + "a" * N,
        "docs/" * (N // 5),
        "\\x1b[" + "1;" * (N // 2),
        "\\x1b[" * (N // 2),
        " at 0x" * (N // 6),
    ]
    patterns = [
        features._CLAIM,
        *features.FILE_PATTERNS.values(),
        notebooks._ADDRESS,
        notebooks._ANSI,
    ]
    for pattern in patterns:
        for text in strings:
            pattern.findall(text)
            pattern.search(text)
    for text in strings:
        features.claims(text)
        features.label_kind([text])
    print("done", len(patterns) * len(strings))
    """
)


def test_every_mlops_pattern_is_linear_on_adversarial_strings():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=CAP_SECONDS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("done ")
