"""The facts a narrative may use: the achievement's fields plus figures computed upstream.

Templates and prompts see only these dicts, and the grounding guard checks every number of a
generated text against the numbers in them. Figures are pre-formatted here (\"300 ms\",
\"$208K\", \"60% lower\") so a text that quotes them is grounded by construction.
"""

from typing import Any

from builder.models.achievement import Achievement, Metric
from builder.models.mlops import ModelReport
from builder.models.portfolio import Portfolio
from builder.models.profile import Profile
from builder.models.value import ValueReport
from builder.narratives import phrasing
from builder.text import about_usd, plain, sentences, usd

_COUNT_UNITS = {"", "count", "#", "n", "number", "items"}
# Methods whose dollars come from the owner's own figures (hours, a bill, a stated amount). The
# others are modelled guesses (compute share, failure cost): fine in "How this was estimated",
# but not something the owner should say aloud as what the work saved.
SPOKEN_METHODS = {"time_savings", "infrastructure", "explicit_dollars", "revenue", "automation"}
_SAVING_KIND = {
    "time_savings": "of engineering time",
    "infrastructure": "in infrastructure cost",
    "explicit_dollars": "",
    "revenue": "in revenue",
    "automation": "of manual work",
}
# Categories as a sentence names them ("mostly LLM systems, MLOps and infrastructure").
CATEGORY_WORDS = {
    "mlops": "MLOps",
    "llm": "LLM systems",
    "genai": "generative AI",
    "ml": "machine learning",
    "data": "data engineering",
    "infrastructure": "infrastructure",
    "observability": "observability",
    "reliability": "reliability",
    "security": "security",
    "cost": "cloud cost",
    "developer-experience": "developer experience",
    "leadership": "technical leadership",
    "other": "other work",
}
# Skills that are practices rather than tools: "I used technical writing" is not English.
_PRACTICE_WORDS = {
    "architecture",
    "communication",
    "design",
    "evaluation",
    "engineering",
    "leadership",
    "management",
    "mentoring",
    "response",
    "review",
    "security",
    "serving",
    "validation",
    "writing",
}


def fmt(value: float) -> str:
    """A figure as people write it: no trailing .0, thousands separators, at most 2 decimals."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    unit = unit.strip()
    if unit.lower() in _COUNT_UNITS:
        return fmt(value)
    if unit in {"%", "percent"}:
        return f"{fmt(value)}%"
    if unit == "$" or unit.upper().startswith("USD"):
        # Exact dollars (the owner's figure), not the rounded $42K style of value estimates.
        per = unit.partition("/")[2].strip()
        money = f"${fmt(value)}"
        return f"{money} per {per}" if per else money
    return f"{fmt(value)} {unit}"


def metric_facts(metric: Metric) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": plain(metric.name),
        "unit": metric.unit,
        "note": plain(metric.note),
    }
    if metric.before is not None:
        out["before"] = metric.before
        out["before_text"] = with_unit(metric.before, metric.unit)
    if metric.after is not None:
        out["after"] = metric.after
        out["after_text"] = with_unit(metric.after, metric.unit)
    if metric.before is not None and metric.after is not None and metric.before != 0:
        change = (metric.after - metric.before) / abs(metric.before) * 100
        pct = round(abs(change))
        if pct:
            out["change_percent"] = pct
            out["change_text"] = f"{pct}% {'higher' if change > 0 else 'lower'}"
        if metric.after != 0 and metric.before / metric.after >= 2:
            ratio = round(metric.before / metric.after, 1)
            out["ratio"] = ratio
            out["ratio_text"] = f"{fmt(ratio)}x"
        if metric.before > 0 and metric.after / metric.before >= 2:
            out["up_ratio_text"] = f"{fmt(round(metric.after / metric.before, 1))}x"
    out.update(metric_phrases(out))
    return out


def metric_phrases(m: dict[str, Any]) -> dict[str, str]:
    """The change as a person says it: 'cut the p95 latency from 300 ms to 120 ms (60%
    lower)' (past), 'cutting ...' (for a bullet), 'p95 latency down 60%' (short)."""
    if "before" not in m or "after" not in m or m["before"] == m["after"]:
        return {}
    down = m["after"] < m["before"]
    if m["after"] == 0:
        change, short = "", "down to zero"
    elif not down and "up_ratio_text" in m:
        change, short = f" ({m['up_ratio_text']})", f"up {m['up_ratio_text']}"
    elif "change_percent" in m:
        change = f" ({m['change_text']})"
        short = f"{'down' if down else 'up'} {m['change_percent']}%"
    else:
        change, short = "", f"from {m['before_text']} to {m['after_text']}"
    span = f"the {m['name']} from {m['before_text']} to {m['after_text']}{change}"
    return {
        "past": f"{'cut' if down else 'raised'} {span}",
        "gerund": f"{'cutting' if down else 'raising'} {span}",
        "short": f"{m['name']} {short}",
    }


def metric_sentence(m: dict[str, Any]) -> str:
    """'p95 latency went from 300 ms to 120 ms (60% lower)' or the nearest thing the data allows."""
    if "before_text" in m and "after_text" in m:
        change = f" ({m['change_text']})" if "change_text" in m else ""
        return f"{m['name']} went from {m['before_text']} to {m['after_text']}{change}"
    if "after_text" in m:
        return f"{m['name']} reached {m['after_text']}"
    if "before_text" in m:
        return f"{m['name']} was {m['before_text']} before"
    return m["name"]


def headline(title: str, raw: list[Metric], metrics: list[dict[str, Any]]) -> str | None:
    """The first metric sentence that the title does not already state."""
    for metric, facts in zip(raw, metrics, strict=True):
        if metric.after is not None and fmt(metric.after) in title:
            continue
        return metric_sentence(facts)
    return None


def achievement_facts(
    achievement: Achievement, portfolio: Portfolio, values: ValueReport, model: ModelReport
) -> dict[str, Any]:
    a = achievement
    prs = [p for p in portfolio.pull_requests if p.url in set(a.related_prs)]
    merged = [p for p in prs if p.merged]
    metrics = [metric_facts(m) for m in a.metrics]
    facts: dict[str, Any] = {
        "id": a.id,
        "title": plain(a.title),
        "date": a.date.isoformat(),
        "year": a.date.year,
        "end_year": a.end_date.year if a.end_date else None,
        "organisation": plain(a.organisation) or None,
        "project": plain(a.project) or None,
        "category": a.category,
        "summary": plain(a.summary),
        "problem": plain(a.problem),
        "action": plain(a.action),
        "result": plain(a.result),
        "skills": [plain(s) for s in a.skills],
        "tags": list(a.tags),
        "team_size": a.team_size,
        "beneficiary_role": plain(a.beneficiary_role) or None,
        "hours_saved_per_week": a.hours_saved_per_week,
        "hours_saved_text": (
            f"{fmt(a.hours_saved_per_week)} hours per week" if a.hours_saved_per_week else None
        ),
        "effort_hours": a.effort_hours,
        "featured": a.featured,
        "metrics": metrics,
        "metric_sentences": [metric_sentence(m) for m in metrics],
        "headline": headline(plain(a.title), a.metrics, metrics),
        "pull_requests": {
            "count": len(prs),
            "merged": len(merged),
            "repos": sorted({p.repo for p in merged}),
            "lines_changed": sum((p.additions or 0) + (p.deletions or 0) for p in merged),
        },
        "value": value_facts(values, a.id),
        "prediction": prediction_facts(model, a.id),
    }
    facts.update(prose_facts(a, facts))
    return facts


def prose_facts(a: Achievement, facts: dict[str, Any]) -> dict[str, Any]:
    """The same facts shaped for sentences: who benefits (with agreement), the work in the
    first person, the title as an aim, tools apart from practices."""
    summary = sentences(a.summary)
    problem = sentences(a.problem)
    action = [phrasing.first_person(s) for s in sentences(a.action)]
    where = f"at {facts['organisation']}" if facts["organisation"] else ""
    tools = [s for s in facts["skills"] if not _is_practice(s)]
    hours = None
    if a.hours_saved_per_week:
        total = a.hours_saved_per_week * (a.team_size or 1)
        hours = f"{fmt(total)} hours a week"
    return {
        "where": where,
        "context": f"{where} in {a.date.year}".strip(),
        "people": phrasing.people(a.team_size, plain(a.beneficiary_role) or None),
        "did": phrasing.did_clause(facts["title"], facts["skills"]),
        "aim": phrasing.aim_clause(facts["title"], facts["skills"]),
        "problem_cue": phrasing.first_clause(problem[0]) if problem else "",
        "action_cue": phrasing.first_clause(action[0]) if action else "",
        "result_i": [phrasing.first_person(s) for s in sentences(a.result)],
        "summary_lead": summary[0] if summary else "",
        "summary_lead_i": phrasing.first_person(summary[0]) if summary else "",
        "summary_rest": summary[1:],
        "action_i": action,
        "tools": tools,
        "practices": [s for s in facts["skills"] if _is_practice(s)],
        "hours_total_text": hours,
        # a change the title already states ("Cut the bill from $42,000 to $29,500") is not
        # said again
        "changes": [
            m
            for m, raw in zip(facts["metrics"], a.metrics, strict=True)
            if "past" in m and not (raw.after is not None and fmt(raw.after) in a.title)
        ],
        "prs_text": _prs_text(facts["pull_requests"], a.category == "leadership"),
    }


def _is_practice(skill: str) -> bool:
    return skill.split(" ")[-1].lower() in _PRACTICE_WORDS


def _prs_text(prs: dict[str, Any], written: bool) -> str | None:
    """'It shipped in two merged pull requests to acme/gw.' ('The written part went in as ...'
    for leadership work, where the pull requests hold documents, not the work itself)."""
    merged = prs["merged"]
    if not merged:
        return None
    count = f"{phrasing.count_word(merged)} merged pull request{'s' if merged != 1 else ''}"
    repos = prs["repos"][:3]
    where = ""
    if len(repos) == 1:
        where = f" to {repos[0]}"
    elif repos:
        where = f" across {', '.join(repos[:-1])} and {repos[-1]}"
    lead = "The written part went in as" if written else "It shipped in"
    return f"{lead} {count}{where}."


def value_facts(values: ValueReport, item_id: str) -> dict[str, Any] | None:
    estimate = values.estimates.get(item_id)
    if estimate is None or estimate.value_usd_per_year is None:
        return None
    out: dict[str, Any] = {
        "usd_per_year": round(estimate.value_usd_per_year, 2),
        "usd_text": f"{usd(estimate.value_usd_per_year)} per year",
        "method": str(getattr(estimate, "method_label", estimate.method)),
        "formula": estimate.formula,
    }
    if estimate.confidence is not None:
        out["confidence_percent"] = round(estimate.confidence * 100)
    out.update(spoken_value(estimate.method, estimate.value_usd_per_year))
    signals = getattr(estimate, "signals", None)
    if signals:
        out["signals"] = _jsonable(signals)
    return out


def rounded_usd(value: float) -> str:
    """Dollars rounded as a person says them: two significant figures ($208,450 -> $210K)."""
    if value <= 0:
        return usd(value)
    digits = len(str(int(value))) - 2
    return usd(round(value, -digits) if digits > 0 else round(value))


def spoken_value(method: str, value: float) -> dict[str, Any]:
    """'about $210K a year of engineering time', and whether to say it aloud at all."""
    about = f"about {rounded_usd(value)} a year"
    kind = _SAVING_KIND.get(method, "")
    return {
        "speak": method in SPOKEN_METHODS and value > 0,
        "about_text": about,
        "saving_text": f"{about} {kind}".strip(),
    }


def prediction_facts(model: ModelReport, item_id: str) -> dict[str, Any] | None:
    prediction = model.predictions.get(item_id) if model.trusted else None
    if prediction is None:
        return None  # no score to quote from a model that does not beat the mean
    return {
        "impact_point": round(prediction.point, 1),
        "impact_low": round(prediction.low, 1),
        "impact_high": round(prediction.high, 1),
        "weak_label": prediction.weak_label,
        "impact_text": (
            f"{prediction.point:.1f} on a 0-10 scale "
            f"(interval {prediction.low:.1f} to {prediction.high:.1f})"
        ),
    }


def profile_facts(
    profile: Profile, achievement_facts_list: list[dict[str, Any]], values: ValueReport
) -> dict[str, Any]:
    """Facts for the About summary: the profile plus counts over the achievements, and the
    portfolio total exactly as every other page states it (one total, computed once)."""
    categories: dict[str, int] = {}
    skills: dict[str, int] = {}
    for f in achievement_facts_list:
        categories[f["category"]] = categories.get(f["category"], 0) + 1
        for skill in dict.fromkeys(f["skills"]):
            skills[skill] = skills.get(skill, 0) + 1
    valued = [f for f in achievement_facts_list if f["value"]]
    ranked_categories = sorted(categories.items(), key=lambda kv: (-kv[1], kv[0]))
    years = [f["year"] for f in achievement_facts_list]
    top = sorted(valued, key=lambda f: (-f["value"]["usd_per_year"], f["id"]))[:3]
    return {
        "name": plain(profile.name),
        "headline": plain(profile.headline),
        "summary": plain(profile.summary),
        "target_roles": [plain(r) for r in profile.target_roles],
        "years_experience": profile.years_experience,
        "location": plain(profile.location) or None,
        "achievements": len(achievement_facts_list),
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "categories": [c for c, _ in ranked_categories],
        "top_skills": [s for s, _ in sorted(skills.items(), key=lambda kv: (-kv[1], kv[0]))][:8],
        "quantified": len(valued),
        "total_value_text": None
        if values.total_usd_per_year is None
        else about_usd(values.total_usd_per_year, values.total_interval_90),
        "total_value_usd": values.total_usd_per_year,
        "area_words": [CATEGORY_WORDS.get(c, c) for c, _ in ranked_categories][:3],
        "highlights": [
            {"id": f["id"], "title": f["title"], "value_text": f["value"]["usd_text"]} for f in top
        ],
        "featured": [
            {"id": f["id"], "title": f["title"]} for f in achievement_facts_list if f["featured"]
        ],
    }


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
