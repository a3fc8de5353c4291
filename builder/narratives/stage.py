"""Narratives: STAR stories, bullets, an About summary and interview scripts.

Written by any OpenAI-compatible model when one is configured (OPENAI_API_KEY and/or
OPENAI_BASE_URL, or base_url in mkdocs.yml), by Jinja templates otherwise. Both see only the
precomputed facts; every model reply passes the grounding guard or the template text is used,
and the result records which texts fell back and why. The build always completes.
"""

import logging
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from builder import memo
from builder.cache import Cache, content_hash, files_digest
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
from builder.narratives.client import (
    BUDGET_SPENT,
    ChatClient,
    ModelError,
    model_label,
    resolve_endpoint,
)
from builder.narratives.evaluation import Job, compare, score
from builder.narratives.facts import achievement_facts, profile_facts
from builder.narratives.interview import haystack, panels, pick
from builder.narratives.prompts import prompt
from builder.narratives.prompts import variants as prompt_variants
from builder.narratives.replies import Rejected
from builder.narratives.reply_cache import ReplyCache
from builder.narratives.writer import Fallback as FellBack
from builder.narratives.writer import ModelWriter, guard
from builder.progress import counter

log = logging.getLogger("showcase")

TASKS = ("star", "bullets", "about", "interview")
TEMPLATE_NAMESPACE = "narrative-templates"


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
                    keywords=all_keywords,
                    facts_text=haystack(f),
                )
            )
    about = profile_facts(profile, list(facts.values()), values)
    jobs["about"].append(
        Job(
            task="about",
            item="about",
            facts=about,
            context={"roles": roles},
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
                    "number": number,  # the template rotates its openings on this
                    "achievements": [facts[i] for i in ids],
                }
                jobs["interview"].append(
                    Job(
                        task="interview",
                        item=f"{panel.slug}#{number}",
                        facts=q_facts,
                        context={"role": panel.role, "question": question.text, "roles": roles},
                        keywords=panel.keywords,
                        facts_text=" ".join(haystack(facts[i]) for i in ids),
                    )
                )
    return jobs


Drafted = dict[tuple[str, str, str], tuple[dict[str, Any], dict[str, float]]]


def draft_templates(templates_dir: Path, jobs: dict[str, list[Job]], cache: Cache) -> Drafted:
    """Every template variant's text for every job, with its rubric score: (task, item,
    variant) -> (reply, score). Each is kept in the build cache under a hash of the job's
    facts and the templates, so an edit to one achievement redraws only the texts whose
    facts changed (its own, the About text, the interview answers citing it)."""
    code = template_code(templates_dir)
    drafted: Drafted = {}
    for task in TASKS:
        for variant in template_backend.variants(templates_dir, task):
            for job in jobs[task]:
                key = content_hash(code, task, variant, job.payload, job.keywords, job.facts_text)
                entry = cache.get_json(TEMPLATE_NAMESPACE, key)
                if entry is None:
                    reply = template_backend.render(templates_dir, task, variant, job.facts)
                    entry = {"reply": reply, "score": score(job, reply)}
                    cache.put_json(TEMPLATE_NAMESPACE, key, entry)
                drafted[(task, job.item, variant)] = (entry["reply"], entry["score"])
    return drafted


def template_code(templates_dir: Path) -> str:
    """What a template text depends on besides its facts: the narrative templates and the
    code that renders and scores them."""
    return files_digest([templates_dir / template_backend.TEMPLATE_DIR, Path(__file__).parent])


def evaluate_templates(
    templates_dir: Path, jobs: dict[str, list[Job]], drafted: Drafted, pinned: Mapping[str, str]
) -> list[TaskEvaluation]:
    """A/B of the template variants: every variant renders every item, the rubric scores it."""
    out = []
    for task in TASKS:
        scores = {
            variant: {job.item: drafted[(task, job.item, variant)][1] for job in jobs[task]}
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
    """A/B of the prompt variants over the model's answers already in the cache (no requests):
    a reply the guard accepts is scored by the rubric, a rejected one scores 0, and items are
    paired where every variant has an answer. `showcase prompts evaluate` asks for them all."""
    out = []
    for task in TASKS:
        scores: dict[str, dict[str, dict[str, float]]] = {}
        for variant in prompt_variants(templates_dir, task):
            scores[variant] = {}
            for job in jobs[task]:
                answer = writer.verdict(job, variant)
                if answer is not None:
                    scores[variant][job.item] = score(job, accepted_reply(writer, job, answer))
        out.append(
            compare(
                task,
                "prompt",
                f"the answers of {model_name(writer, task)} to each prompt variant, as cached "
                "(a reply the grounding guard rejected scores 0)",
                scores,
                baseline="a",
                pinned=pinned.get(task),
            )
        )
    return out


def accepted_reply(writer: ModelWriter, job: Job, answer: dict[str, Any]) -> dict[str, Any] | None:
    """A cached answer's reply if the guard accepts it today, else None (scores 0)."""
    try:
        return guard(job, answer.get("reply"))
    except Rejected:
        return None


def model_name(writer: ModelWriter, task: str) -> str:
    """The model of a task as pages show it (a replay names what the cache says)."""
    try:
        name = writer.model_for(task)
    except ModelError as exc:
        return f"no model ({exc.reason})"
    return model_label(name) if name else "the cached model"


Outcome = tuple[dict[str, Any], str] | FellBack


def write_all(
    writer: ModelWriter, work: list[tuple[Job, str]], settings: NarrativeSettings
) -> dict[tuple[str, str, str], Outcome]:
    """Every (job, variant) through the writer, `settings.concurrency` at a time, within the
    stage's time budget (the writer's deadline: past it only cached answers are used).
    Results are keyed, not ordered, so the order replies arrive in never changes a byte of
    the output."""
    results: dict[tuple[str, str, str], Outcome] = {}
    with (
        counter("Narrative texts", len(work)) as advance,
        ThreadPoolExecutor(max_workers=settings.concurrency) as pool,
    ):
        futures = {
            pool.submit(_attempt, writer, job, variant): (job.task, job.item, variant)
            for job, variant in work
        }
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            advance()
    return results


def _attempt(writer: ModelWriter, job: Job, variant: str) -> Outcome:
    try:
        return writer.write(job, variant)
    except FellBack as exc:
        return exc


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

    `cache` (the build's folder cache) keeps what discovery learnt about the endpoint; model
    replies live in the reply cache, a JSONL file meant to be committed. `roles` is the
    interview panels the load stage read; `environ` holds OPENAI_API_KEY and OPENAI_BASE_URL
    (environment.endpoint_environment())."""
    deadline = time.monotonic() + settings.budget_seconds  # the budget is the whole stage's
    templates_dir = paths.templates_dir
    writer = model_writer(settings, paths, environ, cache, deadline)
    # scipy's assignments and tests are remembered by their inputs (builder/memo.py)
    with memo.remembering(paths.cache_dir):
        jobs = plan(portfolio, values, model, required_roles(roles, paths))
        pinned = dict(settings.prompt_variants)
        drafted = draft_templates(templates_dir, jobs, cache)
        evaluations = evaluate_templates(templates_dir, jobs, drafted, pinned)
        template_variant = {e.task: e.winner for e in evaluations}
        prompt_variant: dict[str, str] = {}
        if writer is not None:
            prompt_evals = evaluate_prompts(writer, templates_dir, jobs, pinned)
            evaluations += prompt_evals
            prompt_variant = {e.task: e.winner for e in prompt_evals}

    written: dict[tuple[str, str, str], Outcome] = {}
    if writer is not None:
        work = [(job, prompt_variant[task]) for task in TASKS for job in jobs[task]]
        written = write_all(writer, work, settings)
    outputs: dict[str, dict[str, tuple[dict[str, Any], str]]] = {t: {} for t in TASKS}
    fallbacks: list[Fallback] = []
    for task in TASKS:
        for job in jobs[task]:
            outcome = written.get((task, job.item, prompt_variant.get(task, "")))
            if isinstance(outcome, tuple):
                outputs[task][job.item] = outcome
                continue
            if isinstance(outcome, FellBack):
                fallbacks.append(Fallback(task=task, item=job.item, reason=outcome.reason))
            reply = drafted[(task, job.item, template_variant[task])][0]
            outputs[task][job.item] = (reply, TEMPLATE_SOURCE)
    if writer is not None and writer.cache.save():
        log.info("Reply cache updated: %s", display_path(writer.cache.path, paths.root))

    result = assemble(portfolio, jobs, outputs)
    texts = sum(len(v) for v in jobs.values())
    if writer is None:
        return result.model_copy(
            update={
                "prompt_versions": _versions(templates_dir, None, {}, template_variant),
                "texts": texts,
                "evaluations": tuple(evaluations),
            }
        )
    result = result.model_copy(
        update={
            "backend": "model" if writer.client else "cache replay",
            "endpoint": writer.endpoint.host if writer.client and writer.endpoint else None,
            "endpoint_kind": writer.endpoint.kind if writer.client and writer.endpoint else None,
            "output_mode": _output_mode(writer),
            "models": {t: model_name(writer, t) for t in TASKS},
            "prompt_versions": _versions(templates_dir, writer, prompt_variant, template_variant),
            "fallbacks": tuple(fallbacks),
            "texts": texts,
            "requests": writer.requests,
            "cache_hits": writer.cache.hits,
            "evaluations": tuple(evaluations),
            "guard": guard_tally(writer.verdicts),
            "budget_seconds": settings.budget_seconds,
        }
    )
    report(result)
    return result


def report(result: NarrativeSet) -> None:
    """The build's account of the narratives: where the texts came from and the guard's
    figures (printed at the end of the stage, the same on a replay)."""
    log.info(
        "Narratives: %d texts, %d from the model, %d from templates (%s); %d requests, "
        "%d cache hits",
        result.texts,
        result.texts - len(result.fallbacks),
        len(result.fallbacks),
        ", ".join(f"{n} {r}" for r, n in result.fallback_reasons.items()) or "none",
        result.requests,
        result.cache_hits,
    )
    rejected = {v: n for v, n in result.guard.items() if v != "accepted"}
    log.info(
        "Grounding guard: %d model replies accepted, %d rejected (%s)",
        result.guard.get("accepted", 0),
        result.guard_rejected,
        ", ".join(f"{n} {v}" for v, n in rejected.items()) or "none",
    )
    late = result.fallback_reasons.get(BUDGET_SPENT, 0)
    if late:
        log.warning(
            "%d texts came from the templates: the %.0f s time budget of the narratives stage "
            "was spent (budget_seconds in mkdocs.yml)",
            late,
            result.budget_seconds or 0,
        )


def guard_tally(verdicts: Mapping[str, int]) -> dict[str, int]:
    accepted = {"accepted": verdicts.get("accepted", 0)}
    rejected = sorted(((v, n) for v, n in verdicts.items() if v != "accepted"), key=_by_count)
    return {**accepted, **dict(rejected)}


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _output_mode(writer: ModelWriter) -> str | None:
    if writer.client is None or not writer.client.modes:
        return None
    return ", ".join(sorted(set(writer.client.modes.values())))


def evaluate_variants(
    portfolio: Portfolio,
    values: ValueReport,
    model: ModelReport,
    settings: NarrativeSettings,
    paths: Paths,
    *,
    roles: RolesFile | None,
    environ: Mapping[str, str],
    cache: Cache | None = None,
) -> tuple[list[TaskEvaluation], ModelWriter | None, list[Fallback]]:
    """Run every prompt variant over every item (cached answers reused, new ones cached),
    then score template and prompt variants. Returns the evaluations, the writer (None when
    no endpoint is configured: its requests and guard verdicts) and the texts that produced
    no usable reply."""
    deadline = time.monotonic() + settings.budget_seconds
    templates_dir = paths.templates_dir
    jobs = plan(portfolio, values, model, required_roles(roles, paths))
    pinned = dict(settings.prompt_variants)
    drafted = draft_templates(templates_dir, jobs, cache or Cache(paths.cache_dir, enabled=False))
    evaluations = evaluate_templates(templates_dir, jobs, drafted, pinned)
    writer = model_writer(settings, paths, environ, cache, deadline)
    if writer is None:
        return evaluations, None, []
    work = [
        (job, variant)
        for task in TASKS
        for variant in prompt_variants(templates_dir, task)
        for job in jobs[task]
    ]
    written = write_all(writer, work, settings)
    failed = [
        Fallback(task=job.task, item=f"{job.item} ({variant})", reason=outcome.reason)
        for job, variant in work
        if isinstance(outcome := written[(job.task, job.item, variant)], FellBack)
    ]
    writer.cache.save()
    evaluations += evaluate_prompts(writer, templates_dir, jobs, pinned)
    return evaluations, writer, failed


def model_writer(
    settings: NarrativeSettings,
    paths: Paths,
    environ: Mapping[str, str],
    cache: Cache | None,
    deadline: float | None = None,
) -> ModelWriter | None:
    """A writer for the configured endpoint; a replay-only writer when none is configured but
    the committed cache holds replies; None for the plain template backend. `cache` (the
    build's folder cache) keeps what discovery learnt about the endpoint."""
    reply_cache = ReplyCache(paths.root / settings.cache_file, settings.cache_mode)
    endpoint = resolve_endpoint(settings, environ)
    if endpoint is not None:
        client = ChatClient(endpoint, settings, cache)
        writer = ModelWriter(endpoint, client, settings, paths.templates_dir, reply_cache)
        writer.deadline = deadline
        return writer
    if settings.backend == "auto" and settings.cache_mode != "off" and reply_cache.entries:
        return ModelWriter(None, None, settings, paths.templates_dir, reply_cache)
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
