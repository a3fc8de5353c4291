"""Narratives: STAR stories, bullets, an About summary and interview scripts.

Written by any OpenAI-compatible model when one is configured (OPENAI_API_KEY and/or
OPENAI_BASE_URL, or base_url in mkdocs.yml), by Jinja templates otherwise. Both see only the
precomputed facts; every model reply passes the grounding guard or the template text is used,
and the result records which texts fell back and why. The build always completes.
"""

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from builder.cache import Cache
from builder.errors import InputProblem, ShowcaseInputError, display_path
from builder.models.config import Paths
from builder.models.mlops import ModelReport
from builder.models.narrative_settings import NarrativeSettings
from builder.models.narratives import (
    TEMPLATE_SOURCE,
    AchievementNarrative,
    Fallback,
    InterviewAnswer,
    InterviewScript,
    NarrativeSet,
    TaskEvaluation,
)
from builder.models.portfolio import Portfolio
from builder.models.roles import ROLES_FILE, RolesFile
from builder.models.value import ValueReport
from builder.narratives import template_backend
from builder.narratives.client import resolve_endpoint
from builder.narratives.evaluation import Job, compare, score
from builder.narratives.facts import achievement_facts, profile_facts
from builder.narratives.grounding import fact_quantities
from builder.narratives.interview import haystack, panels, pick
from builder.narratives.prompts import prompt
from builder.narratives.prompts import variants as prompt_variants
from builder.narratives.reply_cache import ReplyCache
from builder.narratives.writer import Fallback as FellBack
from builder.narratives.writer import ModelWriter

log = logging.getLogger("showcase")

TASKS = ("star", "bullets", "about", "interview")


def plan(
    portfolio: Portfolio, values: ValueReport, model: ModelReport, roles: RolesFile
) -> dict[str, list[Job]]:
    """Every text the stage writes, per task, with its facts: the same for every backend."""
    profile = portfolio.profile
    facts = {a.id: achievement_facts(a, portfolio, values, model) for a in portfolio.achievements}
    role_panels = panels(roles, list(profile.target_roles))
    all_keywords = tuple(sorted({k for p in role_panels for k in p.keywords}))
    roles = list(profile.target_roles)
    jobs: dict[str, list[Job]] = {task: [] for task in TASKS}
    for achievement_id, f in facts.items():
        for task in ("star", "bullets"):
            jobs[task].append(
                Job(
                    task=task,
                    item=achievement_id,
                    facts=f,
                    context={"roles": roles},
                    quantities=fact_quantities(f),
                    keywords=all_keywords,
                    facts_text=haystack(f),
                )
            )
    about = profile_facts(profile, list(facts.values()))
    jobs["about"].append(
        Job(
            task="about",
            item="about",
            facts=about,
            context={"roles": roles},
            quantities=fact_quantities(about),
            keywords=all_keywords,
            facts_text=" ".join(haystack(f) for f in facts.values()),
        )
    )
    if facts:
        for panel in role_panels:
            used: dict[str, int] = {}
            for number, question in enumerate(panel.questions, 1):
                ids = pick(question, panel, list(facts.values()), used)
                for i in ids:
                    used[i] = used.get(i, 0) + 1
                q_facts = {
                    "role": panel.role,
                    "question": question.text,
                    "achievements": [facts[i] for i in ids],
                }
                jobs["interview"].append(
                    Job(
                        task="interview",
                        item=f"{panel.slug}#{number}",
                        facts=q_facts,
                        context={"role": panel.role, "question": question.text, "roles": roles},
                        quantities=fact_quantities(q_facts),
                        keywords=panel.keywords,
                        facts_text=" ".join(haystack(facts[i]) for i in ids),
                    )
                )
    return jobs


def evaluate_templates(
    templates_dir: Path, jobs: dict[str, list[Job]], pinned: Mapping[str, str]
) -> list[TaskEvaluation]:
    """A/B of the template variants: every variant renders every item, the rubric scores it."""
    out = []
    for task in TASKS:
        scores = {
            variant: {
                job.item: score(
                    job, template_backend.render(templates_dir, task, variant, job.facts)
                )
                for job in jobs[task]
            }
            for variant in template_backend.variants(templates_dir, task)
        }
        out.append(
            compare(
                task,
                "template",
                "template outputs of each variant over the same items",
                scores,
                baseline="a",
                pinned=pinned.get(task),
            )
        )
    return out


def evaluate_prompts(
    writer: ModelWriter, templates_dir: Path, jobs: dict[str, list[Job]], pinned: Mapping[str, str]
) -> list[TaskEvaluation]:
    """A/B of the prompt variants over the model replies already in the cache (no requests):
    items are paired where every variant has an accepted reply. `showcase prompts evaluate`
    fills the cache for every variant."""
    out = []
    for task in TASKS:
        scores: dict[str, dict[str, dict[str, float]]] = {}
        for variant in prompt_variants(templates_dir, task):
            scores[variant] = {}
            for job in jobs[task]:
                reply = writer.cached(job, variant)
                if reply is not None:
                    scores[variant][job.item] = score(job, reply)
        out.append(
            compare(
                task,
                "prompt",
                f"cached replies of {writer.settings.model_for(task)} to each prompt variant "
                "(accepted replies only, so grounding is 1 by construction)",
                scores,
                baseline="a",
                pinned=pinned.get(task),
            )
        )
    return out


def required_roles(roles: RolesFile | None, paths: Paths) -> RolesFile:
    """The interview panels the load stage read; without the file there are no scripts."""
    if roles is None:
        label = display_path(paths.templates_dir / ROLES_FILE, paths.root)
        fix = "roles file not found; the interview scripts need it (copy the demo's)"
        raise ShowcaseInputError([InputProblem(label, None, None, fix)])
    return roles


def write_narratives(
    portfolio: Portfolio,
    values: ValueReport,
    model: ModelReport,
    settings: NarrativeSettings,
    paths: Paths,
    cache: Cache,
    *,
    roles: RolesFile | None,
    environ: Mapping[str, str],
) -> NarrativeSet:
    """Narratives for every public achievement, the About text and one script per target role.

    `cache` (the build's folder cache) is not used: model replies live in the reply cache, a
    JSONL file meant to be committed. `roles` is the interview panels the load stage read;
    `environ` holds OPENAI_API_KEY and OPENAI_BASE_URL (client.endpoint_environment())."""
    templates_dir = paths.templates_dir
    jobs = plan(portfolio, values, model, required_roles(roles, paths))
    pinned = dict(settings.prompt_variants)
    evaluations = evaluate_templates(templates_dir, jobs, pinned)
    template_variant = {e.task: e.winner for e in evaluations}

    writer = model_writer(settings, paths, environ)
    prompt_variant: dict[str, str] = {}
    if writer is not None:
        prompt_evals = evaluate_prompts(writer, templates_dir, jobs, pinned)
        evaluations += prompt_evals
        prompt_variant = {e.task: e.winner for e in prompt_evals}

    outputs: dict[str, dict[str, tuple[dict[str, Any], str]]] = {t: {} for t in TASKS}
    fallbacks: list[Fallback] = []
    for task in TASKS:
        for job in jobs[task]:
            if writer is not None:
                try:
                    outputs[task][job.item] = writer.write(job, prompt_variant[task])
                    continue
                except FellBack as exc:
                    fallbacks.append(Fallback(task=task, item=job.item, reason=exc.reason))
            reply = template_backend.render(templates_dir, task, template_variant[task], job.facts)
            outputs[task][job.item] = (reply, TEMPLATE_SOURCE)
    if writer is not None and writer.cache.save():
        log.info("Reply cache updated: %s", writer.cache.path)

    result = assemble(portfolio, jobs, outputs)
    texts = sum(len(v) for v in jobs.values())
    if writer is not None:
        log.info(
            "Narratives: %d texts, %d from the model, %d from templates (%s); %d requests, "
            "%d cache hits",
            texts,
            texts - len(fallbacks),
            len(fallbacks),
            ", ".join(f"{n} {r}" for r, n in _reasons(fallbacks).items()) or "none",
            writer.requests,
            writer.cache.hits,
        )
    return result.model_copy(
        update={
            "backend": "model"
            if writer is not None and writer.client
            else ("cache replay" if writer is not None else TEMPLATE_SOURCE),
            "endpoint": writer.base_url if writer is not None else None,
            "models": {t: settings.model_for(t) for t in TASKS} if writer is not None else {},
            "prompt_versions": _versions(templates_dir, writer, prompt_variant, template_variant),
            "fallbacks": tuple(fallbacks),
            "texts": texts,
            "requests": writer.requests if writer is not None else 0,
            "cache_hits": writer.cache.hits if writer is not None else 0,
            "evaluations": tuple(evaluations),
        }
    )


def evaluate_variants(
    portfolio: Portfolio,
    values: ValueReport,
    model: ModelReport,
    settings: NarrativeSettings,
    paths: Paths,
    *,
    roles: RolesFile | None,
    environ: Mapping[str, str],
) -> tuple[list[TaskEvaluation], int, list[Fallback]]:
    """Run every prompt variant over every item (cached replies reused, new ones cached),
    then score template and prompt variants. Returns the evaluations, the requests sent and
    the texts that produced no usable reply."""
    templates_dir = paths.templates_dir
    jobs = plan(portfolio, values, model, required_roles(roles, paths))
    pinned = dict(settings.prompt_variants)
    evaluations = evaluate_templates(templates_dir, jobs, pinned)
    writer = model_writer(settings, paths, environ)
    if writer is None:
        return evaluations, 0, []
    failed: list[Fallback] = []
    for task in TASKS:
        for variant in prompt_variants(templates_dir, task):
            for job in jobs[task]:
                try:
                    writer.write(job, variant)
                except FellBack as exc:
                    item = f"{job.item} ({variant})"
                    failed.append(Fallback(task=task, item=item, reason=exc.reason))
    writer.cache.save()
    evaluations += evaluate_prompts(writer, templates_dir, jobs, pinned)
    return evaluations, writer.requests, failed


def model_writer(
    settings: NarrativeSettings, paths: Paths, environ: Mapping[str, str]
) -> ModelWriter | None:
    """A writer for the configured endpoint; a replay-only writer when none is configured but
    the committed cache holds replies; None for the plain template backend."""
    mode = settings.cache_mode
    reply_cache = ReplyCache(paths.root / settings.cache_file, mode)
    endpoint = resolve_endpoint(settings, environ)
    if endpoint is not None:
        return ModelWriter.for_endpoint(endpoint, settings, paths.templates_dir, reply_cache)
    if settings.backend == "auto" and mode != "off" and reply_cache.entries:
        replay = resolve_endpoint(settings.model_copy(update={"backend": "model"}), {})
        assert replay is not None
        return ModelWriter.for_endpoint(
            replay, settings, paths.templates_dir, reply_cache, live=False
        )
    return None


def assemble(
    portfolio: Portfolio,
    jobs: dict[str, list[Job]],
    outputs: dict[str, dict[str, tuple[dict[str, Any], str]]],
) -> NarrativeSet:
    achievements = {}
    for a in portfolio.achievements:
        star, star_source = outputs["star"][a.id]
        more, more_source = outputs["bullets"][a.id]
        achievements[a.id] = AchievementNarrative(
            achievement_id=a.id,
            star={k: star[k] for k in ("situation", "task", "action", "result")},
            bullets=tuple(more["bullets"]),
            talking_points=tuple(more["talking_points"]),
            pitch=more["pitch"],
            source=star_source,
            bullets_source=more_source,
        )
    scripts: dict[str, list[InterviewAnswer]] = {}
    roles: dict[str, str] = {}
    for job in jobs["interview"]:
        slug = job.item.split("#")[0]
        roles[slug] = job.facts["role"]
        reply, source = outputs["interview"][job.item]
        scripts.setdefault(slug, []).append(
            InterviewAnswer(
                question=job.facts["question"],
                answer=reply["answer"],
                achievement_ids=tuple(f["id"] for f in job.facts["achievements"]),
                source=source,
            )
        )
    about, about_source = outputs["about"]["about"]
    return NarrativeSet(
        achievements=achievements,
        about=about["about"],
        about_source=about_source,
        interviews=tuple(
            InterviewScript(role=roles[slug], slug=slug, answers=tuple(answers))
            for slug, answers in scripts.items()
        ),
    )


def _versions(
    templates_dir: Path,
    writer: ModelWriter | None,
    prompt_variant: Mapping[str, str],
    template_variant: Mapping[str, str],
) -> dict[str, str]:
    if writer is None:
        return {t: f"template {template_variant[t]}" for t in TASKS}
    return {
        t: f"prompt {prompt(templates_dir, t, prompt_variant[t]).version}, "
        f"template {template_variant[t]}"
        for t in TASKS
    }


def _reasons(fallbacks: list[Fallback]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in fallbacks:
        counts[f.reason] = counts.get(f.reason, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


__all__ = ["AchievementNarrative", "NarrativeSet", "evaluate_variants", "write_narratives"]
