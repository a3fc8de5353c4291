"""Cross-file check: every achievement's `experience:` key names a position in the profile."""

import difflib

from builder.errors import InputProblem
from builder.models.achievement import Achievement
from builder.models.profile import Profile


def unknown_experience(
    profile: Profile, found: list[tuple[Achievement, str, int | None]]
) -> list[InputProblem]:
    """A problem for each achievement whose `experience:` is not a key in profile.yml."""
    keys = sorted(e.key for e in profile.experience if e.key)
    problems = []
    for achievement, label, line in found:
        key = achievement.experience
        if key is None or key in keys:
            continue
        guess = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
        if guess:
            hint = f"; did you mean '{guess[0]}'?"
        elif keys:
            hint = f"; keys in the profile: {', '.join(keys)}"
        else:
            hint = "; no experience entry in the profile has a key (add `key:` to one)"
        problems.append(
            InputProblem(label, line, "experience", f"unknown experience key '{key}'{hint}")
        )
    return problems
