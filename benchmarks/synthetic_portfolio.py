"""Synthetic portfolios for the benchmarks: a whole data folder (profile, achievement YAML, PR
export) in the demo's shapes at benchmark sizes, e.g. 2,000 achievements and 5,000 PRs.

Achievements and about half the PRs are about one of the topics in
data/synthetic_portfolio.yaml, so an achievement links to PRs about the same work; the other
PRs are the demo's fillers (tests/fixtures/generators/filler_prs.py). Same seed, same bytes.

    python -m benchmarks.synthetic_portfolio --out /tmp/big --achievements 2000 --prs 5000
"""

import argparse
import datetime as dt
import random
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.fixtures.generators.filler_prs import (
    COMPONENTS,
    PATHS,
    TEST_LINES,
    filler_draft,
    generic_paths,
)
from tests.fixtures.generators.pr_records import (
    LAST_DAY,
    OWNER,
    TEAMMATES,
    Draft,
    draft_record,
    dump_export,
    parse_iso,
    rng_for,
    sort_key,
    wrap,
)

_DATA = yaml.safe_load(
    (Path(__file__).parent / "data/synthetic_portfolio.yaml").read_text(encoding="utf-8")
)
SYNTH_REPOS: list[str] = _DATA["repos"]
SLOTS: dict[str, list[str]] = _DATA["slots"]
TOPICS: list[dict[str, Any]] = _DATA["topics"]
# Some topics come up far more often than others, as in a real career.
TOPIC_WEIGHTS = [1 / (rank + 2) ** 0.6 for rank in range(len(TOPICS))]
TITLE_TAILS: list[str] = _DATA["title_tails"]
LEADS: list[str] = _DATA["leads"]
CONTEXTS: list[str] = _DATA["contexts"]
PROBLEMS: list[str] = _DATA["problems"]
EXTRA_TAGS: list[str] = _DATA["extra_tags"]
QUANT: dict[str, list[dict[str, Any]]] = _DATA["quant"]
SYNTHETIC_PROFILE: dict[str, Any] = _DATA["profile"]


def _fmt(value: float, unit: str) -> str:
    if unit in ("%", "count"):
        return f"{value:g}{'%' if unit == '%' else ''}"
    if value >= 1000:
        return f"{value:,.0f} {unit}" if value == int(value) else f"{value:,.1f} {unit}"
    return f"{value:g} {unit}"


def _claim(rng: random.Random, family: str) -> tuple[str, dict | None, dict[str, Any]]:
    """One quantified sentence, its Metric (or None) and extra achievement fields."""
    extra: dict[str, Any] = {}
    if family == "hours":
        hours = rng.choice([1.5, 2, 3, 4, 5, 6, 8, 10, 12])
        team = rng.randrange(2, 12)
        role = rng.choice(SLOTS["role"])
        extra = {"hours_saved_per_week": hours, "team_size": team, "beneficiary_role": role}
        style = rng.randrange(4)
        if style == 0:
            text = f"It saves {hours:g} hours per week for {role}s on a {team}-person team."
        elif style == 1:
            text = f"That frees about {hours:g} h/week of {role} time across {team} people."
        elif style == 2:
            minutes, runs, people = rng.choice([20, 30, 45, 60, 90]), rng.randrange(1, 6), 2
            hours = round(minutes * runs * people / 60, 2)
            extra["hours_saved_per_week"] = hours
            text = (
                f"Eliminated a manual {minutes}-minute {rng.choice(SLOTS['task'])} run "
                f"{runs} times a week by {people} engineers."
            )
        else:
            text = f"Roughly {hours:g} hours a week no longer go into this, for a team of {team}."
        return (
            text,
            {"name": "time saved", "after": extra["hours_saved_per_week"], "unit": "h/week"},
            extra,
        )
    if family == "cost":
        before = rng.randrange(8, 160) * 1000
        after = int(before * rng.uniform(0.45, 0.9) / 100) * 100
        cloud = rng.choice(SLOTS["cloud"])
        text = rng.choice(
            [
                f"Cut the monthly {cloud} bill from ${before:,} to ${after:,}.",
                f"Monthly spend went from ${before:,} to ${after:,}.",
                f"Saves roughly ${before - after:,} a month on {cloud}.",
            ]
        )
        return (
            text,
            {
                "name": f"monthly {cloud} bill",
                "before": before,
                "after": after,
                "unit": "USD/month",
            },
            extra,
        )
    if family == "incidents":
        count = rng.randrange(2, 13)
        text = rng.choice(
            [
                f"Prevented an estimated {count} high-severity incidents per year.",
                f"Paging alerts went from {count * 3} to {count} a month.",
                f"Would have caught {count} of the last {count + rng.randrange(1, 4)} incidents.",
            ]
        )
        return text, None, extra
    quant = rng.choice(QUANT[family])
    name, unit, lower_better = quant["metric"], quant["unit"], quant["lower_is_better"]
    raw = rng.uniform(quant["low"], quant["high"])
    before = round(raw, 2 if raw < 10 else rng.choice([0, 1, 2])) if unit != "count" else int(raw)
    factor = rng.uniform(0.15, 0.8)
    if unit == "count":
        after = int(before * factor) if rng.random() < 0.7 else 0
    elif lower_better:
        after = round(before * factor, 2 if before < 10 else 1)
    else:
        after = round(min(before / factor, 99.5) if unit == "%" else before / factor, 1)
    b, a = _fmt(before, unit), _fmt(after, unit)
    change = abs(after - before) / max(before, 1e-9) * 100
    style = rng.randrange(6)
    if style == 0:
        text = f"{name[0].upper() + name[1:]} from {b} to {a}."
    elif style == 1:
        verb = "down" if after < before else "up"
        text = f"{name[0].upper() + name[1:]} went {verb} from {b} to {a}."
    elif style == 2 and unit in ("ms", "s", "min") and after > 0:
        text = f"A {before / after:.2f}x speedup on {name} ({b} to {a})."
    elif style == 3:
        word = "less" if after < before else "more"
        text = f"About {change:.0f}% {word} {name} ({b} -> {a})."
    elif style == 4:
        text = f"Brought {name} to {a}, from {b} before."
    else:
        text = f"{name[0].upper() + name[1:]}: {b} before, {a} after."
    return text, {"name": name, "before": before, "after": after, "unit": unit}, extra


def _fill_slots(
    rng: random.Random, template: str, comp: str = "core", fixed: dict[str, str] | None = None
) -> str:
    """Fill {service}, {model}, ... ; `fixed` keeps one achievement talking about one system."""
    values = fixed or {k: rng.choice(v) for k, v in SLOTS.items()}
    return template.format(**values, c=comp)


def _topic_draft(
    seed: int, repo: str, index: int, created: dt.datetime, state: str, topic: dict
) -> Draft:
    rng = rng_for(seed, repo, "topic", index)
    comp = rng.choice(COMPONENTS.get(repo) or ["core", "api", "jobs", "service"])
    title = _fill_slots(rng, rng.choice(topic["prs"]), comp)
    action = _fill_slots(rng, rng.choice(topic["actions"]), comp)
    paragraphs = ["## Summary", f"This PR {action}."]
    family = rng.choice(topic["quant"])
    if family != "none" and rng.random() < 0.7:
        claim, metric, _ = _claim(rng, family)
        paragraphs += ["## Results", claim]
        if metric and metric.get("before") is not None and rng.random() < 0.5:
            unit = metric["unit"]
            paragraphs.append(
                "\n".join(
                    [
                        "| metric | before | after |",
                        "|---|---:|---:|",
                        f"| {metric['name']} | {_fmt(metric['before'], unit)} | "
                        f"{_fmt(metric['after'], unit)} |",
                    ]
                )
            )
    if rng.random() < 0.5:
        paragraphs += ["## Testing", rng.choice(TEST_LINES)]
    pool = PATHS.get(repo) or generic_paths(repo)
    paths = tuple(sorted(rng.sample(pool, min(len(pool), rng.randrange(1, 9)))))
    additions = max(1, int(rng.expovariate(1 / 220)))
    branch = re.sub(r"[^a-z0-9/]+", "-", title.lower().replace(": ", "/"))[:48].strip("-")
    author = OWNER if rng.random() < 0.8 else rng.choice(TEAMMATES)
    labels = {
        "cost": ("cost",),
        "security": ("security",),
        "llm": ("llm",),
        "observability": ("observability",),
    }.get(topic["category"], ("enhancement",))
    return Draft(
        repo,
        created,
        state,
        rng.choice([3, 20, 30, 60]),
        title,
        wrap(rng, paragraphs),
        branch,
        author,
        labels,
        paths,
        additions,
        int(additions * rng.uniform(0.05, 0.8)),
        crlf=rng.random() < 0.08,
        topic=topic["key"],
    )


def synthetic_prs(n_prs: int, seed: int) -> list[dict[str, Any]]:
    """n_prs gh-pr-list records over SYNTH_REPOS; about half are about one of TOPICS."""
    rng = rng_for(seed, "prs")
    start = dt.datetime(2022, 1, 10, tzinfo=dt.UTC)
    span = (LAST_DAY - dt.timedelta(days=1) - start).total_seconds()
    drafts: list[Draft] = []
    for index in range(n_prs):
        repo = rng.choice(SYNTH_REPOS)
        created = start + dt.timedelta(seconds=span * rng.random())
        age = (LAST_DAY - created).days
        roll = rng.random()
        state = "OPEN" if age < 90 and roll < 0.4 else ("MERGED" if roll < 0.87 else "CLOSED")
        if rng.random() < 0.5:
            topic = rng.choices(TOPICS, weights=TOPIC_WEIGHTS)[0]
            drafts.append(_topic_draft(seed, repo, index, created, state, topic))
        else:
            drafts.append(filler_draft(seed, repo, index, created, state))
    drafts.sort(key=lambda d: (d.repo, d.created))
    records, counters = [], {}
    for draft in drafts:
        counters[draft.repo] = counters.get(draft.repo, 0) + rng.choice([1, 1, 1, 2, 3])
        record = draft_record(seed, draft, counters[draft.repo])
        record["_topic"] = draft.topic
        records.append(record)
    return records


def _synthetic_achievement(
    rng: random.Random, index: int, topic: dict, prs: list[dict]
) -> dict[str, Any]:
    fixed = {k: rng.choice(v) for k, v in SLOTS.items()}
    title = _fill_slots(rng, rng.choice(topic["titles"]) + rng.choice(TITLE_TAILS), fixed=fixed)
    actions = rng.sample(topic["actions"], rng.randrange(1, len(topic["actions"]) + 1))
    action_text = "; ".join(_fill_slots(rng, a, fixed=fixed) for a in actions)
    claims, metrics, extra = [], [], {}
    families = [f for f in topic["quant"] if f != "none"]
    if families and rng.random() < 0.85:
        for family in rng.sample(families, rng.randrange(1, len(families) + 1)):
            text, metric, more = _claim(rng, family)
            claims.append(text)
            extra.update(more)
            if metric and rng.random() < 0.6:
                metrics.append(metric)
    lead = _fill_slots(rng, rng.choice(LEADS), fixed=fixed).format(action=action_text)
    context = [_fill_slots(rng, rng.choice(CONTEXTS), fixed=fixed)] if rng.random() < 0.5 else []
    summary = " ".join([lead[0].upper() + lead[1:], *context, *claims[:2]])
    dates = sorted(parse_iso(p["mergedAt"] or p["createdAt"]) for p in prs)
    record: dict[str, Any] = {
        "id": f"{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:60]}-{index:05d}",
        "title": title,
        "date": dates[0].date() if dates else dt.date(2024, 1, 1),
    }
    if dates and (dates[-1] - dates[0]).days > 7:
        record["end_date"] = dates[-1].date()
    record.update(
        {"organisation": "Northwind AI", "category": topic["category"], "summary": summary}
    )
    if rng.random() < 0.6:
        record["problem"] = _fill_slots(
            rng,
            fixed=fixed,
            template=rng.choice(PROBLEMS),
        )
        record["action"] = action_text[0].upper() + action_text[1:] + "."
        if claims:
            record["result"] = " ".join(claims)
    record["skills"] = rng.sample(topic["skills"], rng.randrange(2, len(topic["skills"]) + 1))
    record["tags"] = [
        topic["key"],
        *rng.sample(EXTRA_TAGS, rng.randrange(0, 3)),
    ]
    if metrics:
        record["metrics"] = metrics
    record["related_prs"] = [p["url"] for p in prs]
    record.update(extra)
    if rng.random() < 0.5:
        record["effort_hours"] = rng.choice([8, 16, 24, 40, 60, 80, 120, 200])
    if rng.random() < 0.6:
        # a learnable signal for the impact model: quantified, costly work rates higher
        base = 4.0 + 1.2 * len(claims) + (1.0 if topic["category"] in ("cost", "llm") else 0.0)
        record["impact_score"] = round(min(10.0, max(0.0, rng.gauss(base, 1.0))), 1)
    record["featured"] = rng.random() < 0.04
    if rng.random() < 0.01:
        record["private"] = True
    return record


def _dump_yaml(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


def synthetic_portfolio(out_dir: Path, n_achievements: int, n_prs: int, seed: int) -> None:
    """A complete data folder (profile.yml, achievement YAML, exports/gh-pr-list.json)."""
    rng = rng_for(seed, "achievements")
    out_dir.mkdir(parents=True, exist_ok=True)
    records = synthetic_prs(n_prs, seed)
    by_topic: dict[str | None, list[dict]] = {}
    for record in records:
        by_topic.setdefault(record.pop("_topic"), []).append(record)
    achievements = []
    for index in range(n_achievements):
        topic = rng.choices(TOPICS, weights=TOPIC_WEIGHTS)[0]
        pool = by_topic.get(topic["key"]) or records
        prs = rng.sample(pool, min(len(pool), rng.randrange(1, 7)))
        achievements.append(_synthetic_achievement(rng, index, topic, prs))
    header = "# yaml-language-server: $schema=schema/achievement.schema.json\n"
    (out_dir / "profile.yml").write_text(
        "# yaml-language-server: $schema=schema/profile.schema.json\n"
        + _dump_yaml(SYNTHETIC_PROFILE),
        encoding="utf-8",
    )
    index = 0
    while index < len(achievements):
        # one file in twenty holds a YAML list of three, as owners sometimes group small items
        if index % 60 == 59 and index + 3 <= len(achievements):
            chunk, name = achievements[index : index + 3], f"batch-{index:05d}.yml"
            index += 3
            data: Any = chunk
        else:
            data, name = achievements[index], f"{achievements[index]['id']}.yml"
            index += 1
        (out_dir / name).write_text(header + _dump_yaml(data), encoding="utf-8")
    dump_export(sorted(records, key=sort_key), out_dir / "exports" / "gh-pr-list.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the portfolio")
    parser.add_argument("--achievements", type=int, default=2000)
    parser.add_argument("--prs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    synthetic_portfolio(args.out, args.achievements, args.prs, args.seed)
    print(f"wrote {args.achievements} achievements and {args.prs} PRs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
