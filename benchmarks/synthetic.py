"""Seeded generators for the demo PR export and for large synthetic portfolios.

`demo_export()` writes the pull requests behind the demo portfolio in achievements/: hand-written
"anchor" PRs that the achievements reference (their prose matches the achievement) plus filler
PRs composed from phrase templates, all in the exact shape of
`gh pr list --json number,title,body,url,state,author,createdAt,mergedAt,closedAt,additions,
deletions,changedFiles,files,labels,reviewDecision,reviews,comments,headRefName`.

`synthetic_portfolio()` writes a whole data folder (profile, achievement YAML, PR export) of the
same shapes at benchmark sizes, e.g. 2,000 achievements and 5,000 PRs:

    python -m benchmarks.synthetic --out /tmp/big --achievements 2000 --prs 5000 --seed 1
    python -m benchmarks.synthetic --demo-export achievements/exports/gh-pr-list.json

Every random choice comes from a `random.Random` seeded with a string naming the seed and the
record (repo and number), so one record does not shift when another is added or removed.
"""

import argparse
import base64
import datetime as dt
import hashlib
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ORG = "northwind-ai"
DEMO_SEED = 20261101
DEMO_SIZE = 300
LAST_DAY = dt.datetime(2026, 10, 31, 18, 0, tzinfo=dt.UTC)  # nothing in the data after this

OWNER = {"login": "mokafor", "name": "Maya Okafor", "id": "U_kgDOBq3xMA"}
TEAMMATES = [
    {"login": "dchen-nw", "name": "Daniel Chen", "id": "U_kgDOB9Lk2w"},
    {"login": "priya-raman", "name": "Priya Raman", "id": "MDQ6VXNlcjQ4MTkzMDI="},
    {"login": "tkowalczyk", "name": "Tomasz Kowalczyk", "id": "MDQ6VXNlcjI5MDc3MTE="},
    {"login": "lena-fischer", "name": "Lena Fischer", "id": "U_kgDOCa0Y9g"},
    {"login": "sam-adeyemi", "name": "Samuel Adeyemi", "id": "U_kgDOC4n1Rw"},
]
DEPENDABOT = {"login": "app/dependabot", "name": "", "id": "", "is_bot": True}

LABELS = {
    "bug": ("d73a4a", "Something isn't working"),
    "documentation": ("0075ca", "Improvements or additions to documentation"),
    "enhancement": ("a2eeef", "New feature or request"),
    "dependencies": ("0366d6", "Pull requests that update a dependency file"),
    "python": ("2b67c6", "Pull requests that update Python code"),
    "github_actions": ("000000", "Pull requests that update GitHub Actions code"),
    "performance": ("fbca04", "Latency, throughput or memory"),
    "ci": ("ededed", "Continuous integration"),
    "infra": ("5319e7", "Terraform, Kubernetes and cloud resources"),
    "llm": ("1d76db", "Large language models and prompts"),
    "observability": ("0e8a16", "Metrics, logs, traces and dashboards"),
    "security": ("b60205", "Security hardening or vulnerability fix"),
    "cost": ("c2e0c6", "Cloud spend"),
    "tests": ("bfd4f2", "Test suite"),
    "breaking-change": ("e11d21", "Changes behaviour that callers rely on"),
    "data-quality": ("f9d0c4", "Validation and quality of training data"),
}


# --------------------------------------------------------------------------------------------
# Anchor PRs: hand-written, referenced by the demo achievements (achievements/*.yml).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    repo: str
    number: int
    created: str
    title: str
    body: str
    branch: str
    labels: tuple[str, ...]
    files: tuple[str, ...]
    additions: int
    deletions: int
    hours_to_merge: float = 20.0
    state: str = "MERGED"
    crlf: bool = False
    author: dict = field(default_factory=lambda: OWNER)


def _b(text: str) -> str:
    """Anchor bodies are written indented in this file; strip the shared indentation."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    indent = min(len(x) - len(x.lstrip()) for x in lines if x.strip())
    return "\n".join(x[indent:] for x in lines)


ANCHORS: tuple[Anchor, ...] = (
    # data-quality-checks
    Anchor(
        "mlops-platform",
        41,
        "2022-09-06T09:14:22Z",
        "feat(dq): row-level validation for the nightly events load",
        _b("""
            ## Why

            The nightly `events` load silently accepts rows with negative durations, unknown
            country codes and timestamps in the future. They end up in the training set and
            we only notice when a model evaluation looks odd a week later.

            ## What

            - Declarative checks in `dq/rules/events.yml` (not-null, ranges, enums, freshness).
            - Rows failing a check go to `events_quarantine` with the rule that rejected them.
            - A summary row per run in `dq_runs` so we can chart the reject rate over time.

            ## Result

            First run against last night's load quarantined **1.49 GB (1.60%)** of the rows,
            almost all of them from the Android client build that shipped the clock bug.
            The check itself adds between 3 and 4 minutes to a 52-minute job.
            """),
        "feat/dq-row-validation",
        ("enhancement", "data-quality"),
        (
            "src/mlops_platform/dq/__init__.py",
            "src/mlops_platform/dq/rules.py",
            "src/mlops_platform/dq/quarantine.py",
            "dq/rules/events.yml",
            "migrations/0012_dq_runs.sql",
            "tests/dq/test_rules.py",
            "tests/dq/test_quarantine.py",
        ),
        742,
        38,
        30,
    ),
    Anchor(
        "mlops-platform",
        47,
        "2022-09-20T13:40:05Z",
        "feat(dq): fail the DAG on schema drift and post a Slack summary",
        _b("""
            Follow-up to #41.

            * compare the incoming schema with the last accepted one and stop the DAG on a
              removed or retyped column (added columns only warn)
            * post the run summary (rows in, rows quarantined, rules that fired) to #data-alerts
            * runbook entry in `docs/dq.md`

            No behaviour change for clean loads.
            """),
        "feat/dq-schema-drift",
        ("enhancement", "data-quality"),
        (
            "src/mlops_platform/dq/schema.py",
            "src/mlops_platform/dq/notify.py",
            "dags/events_nightly.py",
            "docs/dq.md",
            "tests/dq/test_schema.py",
        ),
        318,
        41,
    ),
    # terraform-infra-modules
    Anchor(
        "infra",
        58,
        "2022-10-18T08:02:51Z",
        "feat(terraform): reusable VPC + EKS module for ML environments",
        _b("""
            ## Summary

            Extracts the hand-rolled staging network and cluster into two modules,
            `modules/ml-vpc` and `modules/ml-eks`, with the same defaults we use today
            (3 AZs, private subnets, one managed node group per workload class).

            ## Notes

            - `terraform plan` against staging shows **no changes** after the `moved` blocks.
            - State migration steps are in `docs/terraform/upgrade.md`.
            """),
        "feat/tf-modules",
        ("infra", "enhancement"),
        (
            "infra/terraform/modules/ml-vpc/main.tf",
            "infra/terraform/modules/ml-vpc/variables.tf",
            "infra/terraform/modules/ml-vpc/outputs.tf",
            "infra/terraform/modules/ml-eks/main.tf",
            "infra/terraform/modules/ml-eks/variables.tf",
            "infra/terraform/modules/ml-eks/outputs.tf",
            "infra/terraform/envs/staging/main.tf",
            "infra/terraform/envs/staging/moved.tf",
        ),
        1184,
        902,
        44,
    ),
    Anchor(
        "infra",
        64,
        "2022-11-08T15:21:37Z",
        "feat(terraform): one-command staging environments",
        _b("""
            ## Why

            Asking for a new environment meant three tickets (network, cluster, IAM) and
            usually took 3 days of ping-pong between us and the platform team.

            ## What

            `make env NAME=foo` now renders `envs/foo` from a template, runs plan/apply with
            the shared modules and registers the cluster in Argo CD. Tear-down is
            `make destroy-env NAME=foo`.

            ## Result

            A complete environment is up in about 40 minutes instead of 3 days, and nobody
            has to click through the console.
            """),
        "feat/env-template",
        ("infra", "enhancement"),
        (
            "Makefile",
            "infra/terraform/envs/_template/main.tf.tmpl",
            "infra/terraform/envs/_template/backend.tf.tmpl",
            "scripts/new_env.py",
            "k8s/argocd/clusters/_template.yaml",
            ".github/workflows/terraform-plan.yml",
        ),
        436,
        57,
    ),
    Anchor(
        "infra",
        66,
        "2022-11-15T10:45:12Z",
        "docs(terraform): module usage and upgrade guide",
        _b("""
            Adds `docs/terraform/README.md` (what each module is for, the variables that
            matter, examples) and expands the upgrade guide with the state moves from #58.
            """),
        "docs/tf-guide",
        ("documentation",),
        ("docs/terraform/README.md", "docs/terraform/upgrade.md"),
        212,
        9,
        6,
    ),
    # feature-store
    Anchor(
        "mlops-platform",
        88,
        "2023-01-16T11:03:44Z",
        "feat(features): Postgres-backed offline feature store",
        _b("""
            ## Summary

            Every model repo had its own copy of the "compute user features" script, each
            slightly different. This adds a small offline feature store:

            - feature definitions as Python (`@feature(entity="user", ttl="7d")`),
            - materialisation into PostgreSQL tables partitioned by day,
            - `get_training_frame(entities, features, as_of)` for training code.

            ## Migration

            The churn and ranking models are ported in this PR; the others follow.
            """),
        "feat/feature-store",
        ("enhancement",),
        (
            "src/mlops_platform/features/__init__.py",
            "src/mlops_platform/features/registry.py",
            "src/mlops_platform/features/materialise.py",
            "src/mlops_platform/features/definitions/user.py",
            "migrations/0019_feature_tables.sql",
            "tests/features/test_registry.py",
            "tests/features/test_materialise.py",
            "docs/features.md",
        ),
        1630,
        211,
        52,
    ),
    Anchor(
        "mlops-platform",
        97,
        "2023-03-02T16:27:09Z",
        "perf(features): vectorise the backfill job",
        _b("""
            The backfill computed features row by row in Python. This rewrites the three
            heaviest features as set-based SQL plus numpy for the rolling windows.

            | backfill (90 days, all users) | before | after |
            |---|---:|---:|
            | wall time | 6h 21m | 7m 30s |
            | peak RSS | 11.2 GiB | 2.9 GiB |

            That is a **50.79x speedup** on the wall time, and the job now fits on the
            default runner instead of the memory-optimised one.
            """),
        "perf/vectorised-backfill",
        ("performance",),
        (
            "src/mlops_platform/features/backfill.py",
            "src/mlops_platform/features/sql/rolling_windows.sql",
            "tests/features/test_backfill.py",
            "benchmarks/backfill.py",
        ),
        388,
        264,
        22,
    ),
    Anchor(
        "mlops-platform",
        104,
        "2023-05-26T09:55:30Z",
        "feat(features): point-in-time correct joins for training sets",
        _b("""
            Training frames joined the *latest* feature value, which leaks the future into
            training rows. `get_training_frame` now does an as-of join on the event time.

            - new `as_of` column contract, documented in `docs/features.md`
            - property test comparing against a naive reference implementation
            """),
        "feat/pit-joins",
        ("enhancement", "bug"),
        (
            "src/mlops_platform/features/training_frame.py",
            "tests/features/test_training_frame.py",
            "docs/features.md",
        ),
        254,
        73,
    ),
    # docs-platform-handbook
    Anchor(
        "mlops-platform",
        99,
        "2023-03-10T14:12:18Z",
        "docs: platform handbook (getting started, model lifecycle, FAQ)",
        _b("""
            First version of the platform handbook, built with MkDocs and published from
            `main`. Sections:

            1. Getting started: access, local setup, your first training run
            2. Model lifecycle: experiment -> candidate -> production -> retired
            3. How to ask for help and what to put in the request
            4. FAQ collected from the #ml-platform channel

            Reviewers: please read it as a new joiner would and flag anything unclear.
            """),
        "docs/handbook",
        ("documentation",),
        (
            "docs/index.md",
            "docs/getting-started.md",
            "docs/model-lifecycle.md",
            "docs/faq.md",
            "mkdocs.yml",
            ".github/workflows/docs.yml",
        ),
        687,
        12,
        50,
    ),
    # flaky-test-quarantine
    Anchor(
        "mlops-platform",
        101,
        "2023-04-11T10:31:52Z",
        "test: quarantine flaky tests and report them weekly",
        _b("""
            ## Problem

            Over the last 30 days **7.8%** of CI runs on `main` failed on a test that then
            passed on retry. People have started to re-run red builds without reading them.

            ## Change

            - `@pytest.mark.quarantine(reason=..., issue=...)` runs the test but does not
              fail the build; the result is recorded.
            - Nightly job re-runs the suite 20 times and files an issue for any test that
              fails at least once.
            - Weekly summary in #ml-platform.

            ## Effect (2 weeks after enabling)

            Flaky failures went from 7.8% of CI runs to 0.9%, and the 11 quarantined tests
            each have an owner and an issue.
            """),
        "test/quarantine",
        ("tests", "ci"),
        (
            "conftest.py",
            "tests/plugins/quarantine.py",
            ".github/workflows/flaky-nightly.yml",
            "scripts/flaky_report.py",
            "docs/testing.md",
        ),
        301,
        24,
        crlf=True,
    ),
    Anchor(
        "mlops-platform",
        103,
        "2023-04-20T08:47:03Z",
        "fix(tests): remove sleep-based waits in the registry integration tests",
        _b("""
            Replaces `time.sleep(2)` polling with an explicit readiness probe on the test
            Postgres container. Two of the quarantined tests from #101 are fixed by this and
            leave quarantine.
            """),
        "fix/registry-test-waits",
        ("tests", "bug"),
        ("tests/registry/conftest.py", "tests/registry/test_registry_api.py"),
        46,
        61,
        4,
    ),
    # mlops-pipeline-github-actions
    Anchor(
        "mlops-platform",
        112,
        "2023-06-05T09:20:41Z",
        "feat(ci): train-evaluate-register workflow on GitHub Actions",
        _b("""
            ## What

            A reusable workflow `.github/workflows/train.yml` that any model repo can call:

            1. **train** on the pinned dataset snapshot (MLflow run, params and metrics logged)
            2. **evaluate** against the current production model on the holdout set
            3. **register** the candidate if it beats production by the configured margin

            Artefacts go to S3, run metadata to MLflow. Secrets come from OIDC, no long-lived
            keys in the repo.

            ## Not yet

            Promotion to production is still the manual checklist; that is the next PR.
            """),
        "feat/train-workflow",
        ("ci", "enhancement"),
        (
            ".github/workflows/train.yml",
            ".github/actions/setup-ml/action.yml",
            "src/mlops_platform/pipeline/train.py",
            "src/mlops_platform/pipeline/evaluate.py",
            "src/mlops_platform/pipeline/register.py",
            "tests/pipeline/test_evaluate.py",
            "docs/pipeline.md",
        ),
        964,
        55,
        70,
    ),
    Anchor(
        "mlops-platform",
        118,
        "2023-07-03T13:05:16Z",
        "feat(registry): model registry metadata in PostgreSQL",
        _b("""
            Moves the model registry's metadata (versions, stages, lineage to dataset
            snapshot and commit) from a JSON file on S3 to PostgreSQL, so two workflows
            registering at once cannot overwrite each other.

            - schema in `migrations/0031_registry.sql`
            - `registry.promote()` is a single transaction with a row lock
            - one-off import script for the existing 214 model versions
            """),
        "feat/registry-postgres",
        ("enhancement",),
        (
            "migrations/0031_registry.sql",
            "src/mlops_platform/registry/store.py",
            "src/mlops_platform/registry/models.py",
            "scripts/import_registry_json.py",
            "tests/registry/test_store.py",
            "tests/registry/test_promote.py",
        ),
        812,
        347,
    ),
    Anchor(
        "mlops-platform",
        125,
        "2023-08-14T10:10:00Z",
        "feat(release): automated promotion gate replaces the release checklist",
        _b("""
            ## Background

            Every model release went through a 45-minute manual checklist (compare metrics,
            check data snapshot, smoke-test the endpoint, update the changelog, tag). We ran
            it about 3 times a week, always two engineers on a call.

            ## This PR

            - `promote` job in the train workflow: checks the evaluation report, the dataset
              snapshot age, a shadow-traffic smoke test and the changelog entry
            - promotion needs one approval in the GitHub environment, nothing else
            - the old checklist is deleted from the wiki and replaced with a link here

            ## Result

            This eliminates the manual checklist entirely: 45 min x 3 releases x 2 engineers
            is **4.5 engineer-hours a week** back, and releases are no longer batched up to
            wait for the call.
            """),
        "feat/promotion-gate",
        ("ci", "enhancement"),
        (
            ".github/workflows/train.yml",
            ".github/workflows/promote.yml",
            "src/mlops_platform/pipeline/promote.py",
            "src/mlops_platform/pipeline/smoke.py",
            "tests/pipeline/test_promote.py",
            "docs/releasing.md",
        ),
        577,
        96,
        26,
    ),
    Anchor(
        "mlops-platform",
        131,
        "2023-09-12T15:44:29Z",
        "ci: self-hosted GPU runner for the training job",
        _b("""
            Runs the `train` job on an autoscaled g5 runner pool (actions-runner-controller)
            instead of CPU runners. Scale-to-zero when idle, so there is no standing cost.
            """),
        "ci/gpu-runner",
        ("ci", "infra"),
        (".github/workflows/train.yml", "k8s/arc/runner-deployment.yaml", "docs/pipeline.md"),
        88,
        14,
        8,
    ),
    # oncall-runbooks
    Anchor(
        "infra",
        121,
        "2023-08-28T12:30:44Z",
        "docs(runbooks): on-call runbooks for the model serving stack",
        _b("""
            One runbook per alert that can page someone, each with the same structure:
            what the alert means, how to confirm it, the first three things to try, when to
            escalate and to whom. Linked from the alert annotations so the page itself takes
            you to the right document.

            Written with the people who were on call last quarter; please review the ones
            for alerts you have been paged for.
            """),
        "docs/runbooks",
        ("documentation", "observability"),
        (
            "docs/runbooks/README.md",
            "docs/runbooks/gateway-high-latency.md",
            "docs/runbooks/gateway-5xx.md",
            "docs/runbooks/gpu-node-not-ready.md",
            "docs/runbooks/model-drift-alert.md",
            "docs/runbooks/postgres-replication-lag.md",
            "k8s/monitoring/alerts/serving.yaml",
        ),
        538,
        7,
        48,
    ),
    # prometheus-grafana-dashboards
    Anchor(
        "inference-gateway",
        57,
        "2023-10-23T09:18:36Z",
        "feat(metrics): Prometheus histograms for per-model latency and queue depth",
        _b("""
            - `gateway_request_duration_seconds{model,route,status}` histogram with buckets
              tuned for our range (5 ms to 10 s)
            - `gateway_queue_depth{model}` gauge
            - `gateway_tokens_total{model,direction}` counter
            - `/metrics` served on a separate port so it is not exposed through the ingress
            """),
        "feat/prom-metrics",
        ("observability", "enhancement"),
        (
            "src/gateway/metrics.py",
            "src/gateway/app.py",
            "src/gateway/middleware/timing.py",
            "tests/test_metrics.py",
        ),
        214,
        18,
    ),
    Anchor(
        "inference-gateway",
        61,
        "2023-11-06T14:02:11Z",
        "feat(dashboards): Grafana dashboards as code for the gateway",
        _b("""
            ## Why

            The last two bad deploys were noticed by a customer, not by us: it took about
            40 minutes before anyone looked at the right graph.

            ## What

            Dashboards generated with grafanalib and provisioned from the repo:

            - **Gateway overview**: request rate, error ratio, p50/p95/p99 per model
            - **Saturation**: queue depth, GPU memory, batch sizes
            - **Deploys**: annotations from Argo CD so every graph shows when a rollout happened

            With the new SLO alerts in northwind-ai/infra#139 a bad deploy now pages in
            under 5 minutes.
            """),
        "feat/grafana-as-code",
        ("observability", "enhancement"),
        (
            "dashboards/gateway_overview.py",
            "dashboards/saturation.py",
            "dashboards/deploys.py",
            "dashboards/Makefile",
            ".github/workflows/dashboards.yml",
        ),
        671,
        0,
        28,
    ),
    Anchor(
        "infra",
        139,
        "2023-11-06T11:26:58Z",
        "feat(monitoring): kube-prometheus-stack with alert rules for model serving",
        _b("""
            Installs kube-prometheus-stack through Argo CD and adds multi-window burn-rate
            alerts for the gateway SLOs (99.5% availability, p95 under 800 ms).
            Alert annotations link to the runbooks from #121.
            """),
        "feat/kube-prom-stack",
        ("observability", "infra"),
        (
            "k8s/monitoring/kustomization.yaml",
            "k8s/monitoring/values.yaml",
            "k8s/monitoring/alerts/slo-burn.yaml",
            "k8s/argocd/apps/monitoring.yaml",
        ),
        402,
        31,
    ),
    # mentoring
    Anchor(
        "mlops-platform",
        149,
        "2024-01-22T10:00:12Z",
        "docs: contributor guide and pairing checklist for new joiners",
        _b("""
            What we walk through in the first two weeks, written down so it does not depend
            on who happens to onboard you: repo tour, how we review, how to pick a first
            issue, and a pairing checklist for mentors.
            """),
        "docs/contributing",
        ("documentation",),
        ("CONTRIBUTING.md", "docs/onboarding/pairing-checklist.md", "docs/onboarding/index.md"),
        244,
        31,
        27,
    ),
    # k3d-local-deployment
    Anchor(
        "infra",
        152,
        "2024-02-01T09:37:25Z",
        "feat(k3d): local cluster with the full serving stack",
        _b("""
            ## Summary

            `make dev-cluster` creates a k3d cluster with a local registry, installs the
            gateway, a CPU build of the embedding model, Postgres and the monitoring stack
            with the same manifests we deploy to production (kustomize overlay `local`).

            ## Why

            New joiners spent the better part of two days getting a working environment
            from a wiki page that was out of date. The last two did it with this branch in
            under two hours, most of it waiting for image pulls.
            """),
        "feat/k3d-dev",
        ("infra", "enhancement"),
        (
            "Makefile",
            "k3d/cluster.yaml",
            "k8s/overlays/local/kustomization.yaml",
            "k8s/overlays/local/embedding-cpu.yaml",
            "k8s/overlays/local/postgres.yaml",
            "scripts/dev_cluster.sh",
            "docs/local-development.md",
        ),
        498,
        22,
        30,
    ),
    Anchor(
        "infra",
        155,
        "2024-02-14T16:08:40Z",
        "ci: run the e2e suite against a k3d cluster on every PR",
        _b("""
            Reuses the k3d setup from #152 in GitHub Actions. The job takes roughly 6 to 8
            minutes and catches manifest mistakes that `kubeconform` cannot (wrong service
            names, missing config keys).
            """),
        "ci/k3d-e2e",
        ("ci", "tests"),
        (".github/workflows/e2e.yml", "tests/e2e/test_gateway_smoke.py", "scripts/dev_cluster.sh"),
        176,
        12,
    ),
    # embedding-drift-monitoring
    Anchor(
        "mlops-platform",
        171,
        "2024-05-07T08:58:33Z",
        "feat(drift): population stability index on embedding clusters",
        _b("""
            ## Approach

            Raw embedding dimensions are useless for drift alerts, so we cluster a reference
            window of query embeddings (k-means, k=64) and compare the cluster occupancy of
            each day against it with the population stability index.

            - PSI < 0.1 ok, 0.1 to 0.25 warn, > 0.25 alert
            - reference window refreshed on every model promotion
            - results stored in `drift_daily` and exported as Prometheus metrics

            ## Backtest

            Replaying the last 6 months, the alert would have fired 4 days before the
            March relevance regression that we found through customer tickets.
            """),
        "feat/embedding-drift",
        ("enhancement", "observability"),
        (
            "src/mlops_platform/drift/psi.py",
            "src/mlops_platform/drift/reference.py",
            "src/mlops_platform/drift/job.py",
            "migrations/0047_drift_daily.sql",
            "tests/drift/test_psi.py",
            "notebooks/drift_backtest.ipynb",
        ),
        1020,
        40,
        46,
    ),
    Anchor(
        "mlops-platform",
        176,
        "2024-05-21T12:14:09Z",
        "feat(drift): alert routing and weekly drift report",
        _b("""
            Routes drift alerts to the owning team by model label and sends a weekly Markdown
            report (top drifting clusters with example queries) to the model owners.
            """),
        "feat/drift-report",
        ("enhancement", "observability"),
        (
            "src/mlops_platform/drift/report.py",
            "src/mlops_platform/drift/templates/weekly.md.j2",
            "k8s/cronjobs/drift-report.yaml",
            "tests/drift/test_report.py",
        ),
        287,
        15,
    ),
    # rag-search
    Anchor(
        "rag-search",
        3,
        "2024-06-03T10:22:47Z",
        "feat: FAISS-backed retrieval over the internal docs",
        _b("""
            First cut of the search service:

            - ingestion of Confluence and the handbook repos, chunked by heading
              (~400 tokens per chunk, 50 tokens overlap)
            - all-MiniLM-L6-v2 embeddings, FAISS flat index, rebuilt nightly
            - `/search` returns chunks with source links; `/answer` asks the LLM to answer
              only from the retrieved chunks and cite them

            Evaluation set of 120 real questions from #help channels is in `eval/questions.jsonl`.
            """),
        "feat/retrieval",
        ("enhancement", "llm"),
        (
            "src/rag_search/ingest/confluence.py",
            "src/rag_search/ingest/chunking.py",
            "src/rag_search/index.py",
            "src/rag_search/api.py",
            "src/rag_search/answer.py",
            "eval/questions.jsonl",
            "tests/test_chunking.py",
            "tests/test_api.py",
            "pyproject.toml",
        ),
        1875,
        0,
        75,
    ),
    Anchor(
        "rag-search",
        12,
        "2024-07-09T15:31:02Z",
        "feat(rerank): cross-encoder reranking of the top 50",
        _b("""
            Retrieval recall was fine but the best chunk was often ranked 5th or 6th, and
            the answer prompt only sees the top 4.

            | eval set (120 questions) | before | after |
            |---|---:|---:|
            | recall@4 | 0.62 | 0.81 |
            | MRR | 0.48 | 0.71 |
            | answers accepted by reviewers | 61% | 83% |
            | p95 latency | 420 ms | 585 ms |

            Reranking costs about 165 ms at p95, which we can afford for `/answer`.
            `/search` keeps the bi-encoder order unless `rerank=true`.
            """),
        "feat/rerank",
        ("enhancement", "llm"),
        ("src/rag_search/rerank.py", "src/rag_search/api.py", "tests/test_rerank.py"),
        233,
        19,
    ),
    Anchor(
        "rag-search",
        19,
        "2024-08-29T09:03:55Z",
        "perf(index): IVF-PQ index cuts memory from 304.4 MiB to 38.8 MiB",
        _b("""
            The flat index holds every vector as float32; with the second Confluence space
            ingested it no longer fits comfortably next to the reranker on one pod.

            Switches to `IndexIVFPQ` (nlist=1024, m=48, 8 bits) trained on a 100k sample:

            - index size **304.4 MiB to 38.8 MiB**
            - recall@4 on the eval set 0.81 -> 0.80 (within noise over 3 runs)
            - search p95 unchanged, build time +2 min
            """),
        "perf/ivfpq",
        ("performance", "llm"),
        ("src/rag_search/index.py", "scripts/train_ivfpq.py", "tests/test_index.py"),
        141,
        58,
    ),
    # embedding-request-batching
    Anchor(
        "inference-gateway",
        88,
        "2024-09-24T10:41:17Z",
        "perf(gateway): batch requests to the embedding model",
        _b("""
            ## Why

            The embedding model is called once per request. Under the evening peak the GPU
            sits at ~35% utilisation while requests queue behind each other, and p95 latency
            on `/v1/embed` regularly crosses our 800 ms SLO.

            ## What

            - Collect requests for up to `BATCH_WINDOW_MS` (default 8 ms) or `MAX_BATCH` (64)
              items, whichever comes first, then run a single forward pass.
            - Split results back per request; an error is returned to the request that caused
              it instead of failing the whole batch.
            - New metrics: `gateway_batch_size` histogram and `gateway_batch_wait_seconds`.

            ## Results

            Load test with `locust -u 200 -r 20` against staging (g5.xlarge, same model build):

            | metric | before | after |
            |---|---:|---:|
            | p50 latency | 412.3 ms | 188.0 ms |
            | p95 latency | 974.7 ms | 374.9 ms |
            | p99 latency | 1,840.2 ms | 611.5 ms |
            | throughput | 212 req/s | 545 req/s |
            | GPU utilisation | 35% | 81% |

            p95 latency goes **from 974.7 ms to 374.9 ms** (-61.5%) and throughput is about
            2.6x.

            ## Rollout

            Behind `EMBED_BATCHING=1`; staging first, then 10% of production traffic.

            Closes #84
            """),
        "perf/embed-batching",
        ("performance", "enhancement"),
        (
            "src/gateway/batching.py",
            "src/gateway/routes/embed.py",
            "src/gateway/metrics.py",
            "src/gateway/settings.py",
            "tests/test_batching.py",
            "tests/test_embed_route.py",
            "loadtest/locustfile.py",
        ),
        612,
        87,
        52,
    ),
    Anchor(
        "inference-gateway",
        91,
        "2024-10-08T13:37:50Z",
        "feat(gateway): adaptive batch window based on queue depth",
        _b("""
            A fixed 8 ms window adds latency at night when there is nothing to batch. The
            window now scales with queue depth: 0 ms when the queue is empty, up to 12 ms
            when it is deep. Off-peak p50 is back to what it was before batching.
            """),
        "feat/adaptive-window",
        ("performance",),
        ("src/gateway/batching.py", "src/gateway/settings.py", "tests/test_batching.py"),
        97,
        23,
    ),
    Anchor(
        "inference-gateway",
        92,
        "2024-10-08T16:02:31Z",
        "test(gateway): load test scenario for batched embeddings",
        "",
        "test/loadtest-batching",
        ("tests",),
        ("loadtest/locustfile.py", "loadtest/README.md", ".github/workflows/loadtest.yml"),
        118,
        6,
        3,
    ),
    # incident-prevention-canary
    Anchor(
        "inference-gateway",
        97,
        "2024-11-05T11:49:06Z",
        "feat(deploy): canary rollouts with automatic rollback on SLO burn",
        _b("""
            ## Problem

            Four SEV-2 incidents in the last six months were bad model or config rollouts
            that went to 100% of traffic at once.

            ## Change

            - Argo Rollouts canary: 5% -> 25% -> 50% -> 100%, 10 minutes per step
            - analysis template queries the error ratio and p95 latency of the canary pods
              only; two failed checks abort and roll back
            - `make rollout-status` for humans

            Replaying the four incidents against staging, three of them would have been
            rolled back at the 5% step.
            """),
        "feat/canary",
        ("enhancement", "observability"),
        (
            "deploy/rollout.yaml",
            "deploy/analysis-template.yaml",
            "Makefile",
            "docs/deploying.md",
        ),
        263,
        71,
        29,
        crlf=True,
    ),
    Anchor(
        "infra",
        188,
        "2024-11-19T10:15:44Z",
        "feat(argo): progressive delivery for model servers",
        _b("""
            Installs Argo Rollouts cluster-wide and converts the three model-server
            Deployments to Rollouts with the shared analysis template from
            northwind-ai/inference-gateway#97.
            """),
        "feat/argo-rollouts",
        ("infra",),
        (
            "k8s/argocd/apps/argo-rollouts.yaml",
            "k8s/serving/embedding/rollout.yaml",
            "k8s/serving/chat/rollout.yaml",
            "k8s/serving/rerank/rollout.yaml",
        ),
        219,
        164,
    ),
    # aws-bill-reduction
    Anchor(
        "infra",
        201,
        "2024-12-10T09:26:13Z",
        "chore(aws): rightsize inference node groups and move batch jobs to spot",
        _b("""
            Based on 30 days of CloudWatch and Kubecost data:

            - inference node group g5.4xlarge -> g5.2xlarge (GPU memory use peaks at 14 GiB)
            - nightly batch and backfill jobs on a spot node group with a fallback to
              on-demand
            - CPU node group min size 6 -> 3 outside business hours (Karpenter consolidation)

            Expected saving is in the cost report PR that follows.
            """),
        "chore/rightsize",
        ("cost", "infra"),
        (
            "infra/terraform/envs/prod/node_groups.tf",
            "infra/terraform/envs/prod/karpenter.tf",
            "k8s/batch/nodeselector-patch.yaml",
        ),
        121,
        67,
    ),
    Anchor(
        "infra",
        205,
        "2025-01-14T14:44:37Z",
        "feat(s3): lifecycle rules for training artefacts",
        _b("""
            Training checkpoints older than 30 days move to Glacier Instant Retrieval,
            intermediate artefacts expire after 14 days. Registered model versions are
            tagged `keep=true` and excluded.
            """),
        "feat/s3-lifecycle",
        ("cost", "infra"),
        ("infra/terraform/modules/ml-artifacts/lifecycle.tf", "infra/terraform/envs/prod/s3.tf"),
        74,
        3,
        6,
    ),
    Anchor(
        "infra",
        208,
        "2025-01-28T11:02:29Z",
        "feat(cost): tag-based cost report per team",
        _b("""
            ## Summary

            Weekly cost report from the Cost and Usage Report, grouped by the `team` and
            `workload` tags, posted to #ml-platform.

            ## Where we are after #201 and #205

            | | Nov 2024 | Jan 2025 |
            |---|---:|---:|
            | EC2 (GPU) | $24,800 | $16,900 |
            | EC2 (CPU) | $7,300 | $5,200 |
            | S3 | $6,100 | $3,800 |
            | other | $3,800 | $3,600 |
            | **total** | **$42,000** | **$29,500** |

            The monthly AWS bill is down from $42,000 to $29,500, roughly $150k a year.
            """),
        "feat/cost-report",
        ("cost",),
        (
            "scripts/cost_report.py",
            "scripts/templates/cost_report.md.j2",
            ".github/workflows/cost-report.yml",
            "infra/terraform/modules/cur/main.tf",
        ),
        356,
        0,
    ),
    # design-reviews
    Anchor(
        "mlops-platform",
        214,
        "2025-02-17T09:12:40Z",
        "docs(rfc): design review template and RFC process",
        _b("""
            Proposes a lightweight RFC process for changes that touch more than one team:
            a one-page template (context, options considered, decision, rollout, what we
            will measure), a weekly 30-minute review slot, and a decision log in `docs/rfcs/`.

            The template is deliberately short. Please comment on what you would cut.
            """),
        "docs/rfc-process",
        ("documentation",),
        ("docs/rfcs/README.md", "docs/rfcs/0000-template.md", "docs/rfcs/0001-feature-store.md"),
        203,
        0,
        51,
    ),
    # llm-eval-harness
    Anchor(
        "mlops-platform",
        231,
        "2025-04-15T10:29:18Z",
        "feat(eval): LLM eval harness with golden sets and rubric grading",
        _b("""
            ## Summary

            Prompt and model changes were judged by reading a handful of outputs. This adds
            `mlops-eval`, a harness that runs a prompt/model pair over versioned golden sets
            and grades the outputs:

            - exact and structural checks (JSON schema, required fields, citations present)
            - rubric grading by a judge model with a fixed prompt and temperature 0
            - per-case results and aggregate scores logged to MLflow
            - HTML diff report between two runs

            ## Golden sets

            Three to start: support answers (150 cases), summarisation (80), extraction (200).
            """),
        "feat/eval-harness",
        ("llm", "enhancement"),
        (
            "src/mlops_platform/eval/__init__.py",
            "src/mlops_platform/eval/runner.py",
            "src/mlops_platform/eval/graders.py",
            "src/mlops_platform/eval/report.py",
            "src/mlops_platform/eval/cli.py",
            "eval/golden/support.jsonl",
            "eval/golden/summarise.jsonl",
            "eval/golden/extract.jsonl",
            "tests/eval/test_graders.py",
            "tests/eval/test_runner.py",
        ),
        2140,
        35,
        68,
    ),
    Anchor(
        "mlops-platform",
        236,
        "2025-05-12T15:55:02Z",
        "ci(eval): block prompt changes that regress the golden set",
        _b("""
            Any PR touching `prompts/` runs the harness against `main` and fails if a golden
            set score drops by more than 2 points. The report is attached as a PR comment.
            Since the dry run started three weeks ago it has flagged 3 regressions that
            reviewers had approved.
            """),
        "ci/eval-gate",
        ("ci", "llm"),
        (".github/workflows/eval.yml", "src/mlops_platform/eval/compare.py", "docs/eval.md"),
        162,
        8,
    ),
    # ci-speedup
    Anchor(
        "mlops-platform",
        244,
        "2025-06-10T08:41:26Z",
        "ci: cache uv environments and split the test matrix",
        _b("""
            ## Changes

            * install with `uv sync --frozen` and cache the environment on the lockfile hash
            * split the test job into 4 shards with `pytest-split` using stored durations
            * run the slow integration tests only when `src/` or `migrations/` change

            ## Timing (median of 20 runs on `main`)

            | job | before | after |
            |---|---:|---:|
            | install | 3m 12s | 0m 41s |
            | tests | 8m 55s | 6m 48s |
            | total wall time | 13m 39s | 9m 2s |

            Wall time per PR pipeline: **13m 39s to 9m 2s**.
            """),
        "ci/uv-cache",
        ("ci", "performance"),
        (".github/workflows/ci.yml", ".test_durations", "pyproject.toml", "uv.lock"),
        1493,
        1377,
        16,
    ),
    Anchor(
        "inference-gateway",
        131,
        "2025-06-23T13:20:19Z",
        "perf(tests): share the model fixture across the unit suite",
        _b("""
            Each test module loaded the tokenizer and a tiny model on its own. Making the
            fixture session-scoped (and read-only) brings the unit suite from 22.73 s to
            17.27 s locally; in CI the saving is similar.
            """),
        "perf/test-fixture",
        ("tests", "performance"),
        ("tests/conftest.py", "tests/test_tokenize.py", "tests/test_batching.py"),
        34,
        52,
        3,
    ),
    # vllm-serving-migration
    Anchor(
        "inference-gateway",
        139,
        "2025-07-22T09:50:44Z",
        "feat(serving): move chat models to vLLM",
        _b("""
            ## Summary

            Replaces our HF `generate()` server with vLLM behind the same OpenAI-compatible
            routes. Continuous batching and paged attention do most of the work.

            ## Benchmark

            Llama-3.1-8B-Instruct, 1x L4, 512 input / 256 output tokens, 32 concurrent users:

            | | HF server | vLLM |
            |---|---:|---:|
            | output tokens/s | 412 | 1,930 |
            | p95 time to first token | 2.9 s | 0.62 s |
            | GPU memory | 21.3 GiB | 21.8 GiB |

            About 4.7x the throughput on the same hardware.

            ## Rollout

            Canary through the Rollouts setup from #97; the HF server stays deployable for
            one release.
            """),
        "feat/vllm",
        ("llm", "performance", "enhancement"),
        (
            "src/gateway/backends/vllm.py",
            "src/gateway/backends/__init__.py",
            "src/gateway/routes/chat.py",
            "deploy/vllm/rollout.yaml",
            "deploy/vllm/configmap.yaml",
            "tests/test_vllm_backend.py",
            "docs/serving.md",
        ),
        844,
        392,
        75,
    ),
    Anchor(
        "inference-gateway",
        142,
        "2025-08-12T11:11:51Z",
        "perf(serving): fp8 KV cache, about 26% less memory per replica",
        _b("""
            Enables `kv_cache_dtype=fp8` and lowers `gpu_memory_utilization` to 0.80.
            Memory per replica goes from 21.8 GiB to 16.1 GiB, about 26% less, which lets us
            run two replicas of the small model per L4 node pool slice. Quality on the
            support golden set: 87.4 -> 87.1 (noise level).
            """),
        "perf/fp8-kv",
        ("llm", "performance"),
        ("deploy/vllm/configmap.yaml", "docs/serving.md"),
        12,
        4,
        5,
    ),
    # gpu-scheduling
    Anchor(
        "infra",
        236,
        "2025-09-09T10:05:33Z",
        "feat(k8s): GPU time-slicing and priority classes for training jobs",
        _b("""
            - NVIDIA device plugin with time-slicing (4 slices) on the `gpu-shared` pool for
              notebooks and small fine-tunes
            - PriorityClasses `serving` > `training` > `batch`, with preemption for batch only
            - ResourceQuota per team namespace
            """),
        "feat/gpu-sharing",
        ("infra", "enhancement"),
        (
            "k8s/gpu/device-plugin-values.yaml",
            "k8s/gpu/time-slicing-config.yaml",
            "k8s/gpu/priority-classes.yaml",
            "k8s/namespaces/quotas.yaml",
            "infra/terraform/envs/prod/node_groups.tf",
        ),
        247,
        19,
    ),
    Anchor(
        "infra",
        240,
        "2025-09-30T15:37:08Z",
        "feat(scheduler): queue-aware GPU bin packing",
        _b("""
            ## Summary

            Adds Kueue with a ClusterQueue per GPU pool and a small admission webhook that
            packs training jobs onto partially used nodes before Karpenter scales out.

            ## Result (2 weeks, prod)

            - average GPU utilisation **from 31% to 68%**
            - median queue wait for training jobs 47 min -> 12 min
            - GPU node-hours down by about 38%
            """),
        "feat/kueue",
        ("infra", "cost", "performance"),
        (
            "k8s/kueue/cluster-queues.yaml",
            "k8s/kueue/local-queues.yaml",
            "k8s/argocd/apps/kueue.yaml",
            "tools/binpack-webhook/main.go",
            "tools/binpack-webhook/main_test.go",
            "tools/binpack-webhook/Dockerfile",
        ),
        931,
        12,
        50,
    ),
    # confidential-acquisition-dd-model (private)
    Anchor(
        "mlops-platform",
        258,
        "2025-11-03T16:48:21Z",
        "feat(heron): scoring model for Project Heron data room",
        _b("""
            Scoring model for the Project Heron due-diligence data room. Restricted:
            do not link this PR outside the deal team channel.

            - document classifier and risk-clause extractor over the data room export
            - results written to the restricted `heron` schema only
            """),
        "feat/heron-scoring",
        ("llm",),
        (
            "projects/heron/classify.py",
            "projects/heron/extract_clauses.py",
            "projects/heron/README.md",
            "tests/projects/heron/test_extract.py",
        ),
        689,
        0,
        22,
    ),
    # prompt-injection-guardrails
    Anchor(
        "inference-gateway",
        151,
        "2026-01-20T10:34:57Z",
        "feat(guardrails): prompt-injection classifier in front of tool calls",
        _b("""
            ## Why

            The agent endpoints pass retrieved web and email content straight into the
            context, and the red-team set shows that is enough to trigger tool calls.

            ## What

            - small DeBERTa classifier fine-tuned on public injection sets plus our red-team
              prompts, run on every untrusted chunk before it reaches the context
            - flagged chunks are dropped and logged; tool calls need a clean context
            - `guardrail_blocked_total{reason}` metric

            ## Red-team set (412 prompts)

            Blocked **97.2%**, up from 58.0% with the old regex filter. False positives on
            the support golden set: 0.4%. Added latency p95 about 11 ms.
            """),
        "feat/injection-guard",
        ("security", "llm"),
        (
            "src/gateway/guardrails/injection.py",
            "src/gateway/guardrails/__init__.py",
            "src/gateway/routes/agent.py",
            "src/gateway/metrics.py",
            "tests/guardrails/test_injection.py",
            "eval/redteam/prompts.jsonl",
        ),
        703,
        44,
        40,
    ),
    # pgvector-migration (list file)
    Anchor(
        "rag-search",
        41,
        "2026-03-10T09:44:15Z",
        "feat(store): move embeddings from FAISS files to pgvector",
        _b("""
            Keeping FAISS files in sync with deletes and permission changes was the source
            of most rag-search bugs this year. Embeddings now live in Postgres (pgvector,
            HNSW index) next to the chunk metadata, so an ACL change is one transaction.

            - recall@4 on the eval set unchanged (0.80)
            - p95 search 38 ms -> 46 ms, acceptable
            - nightly rebuild job removed
            """),
        "feat/pgvector",
        ("enhancement", "llm"),
        (
            "src/rag_search/store/pgvector.py",
            "src/rag_search/store/__init__.py",
            "src/rag_search/index.py",
            "migrations/0007_pgvector.sql",
            "tests/test_store_pgvector.py",
            "k8s/cronjobs/rebuild-index.yaml",
        ),
        488,
        517,
        33,
    ),
    # sbom-image-scanning (list file)
    Anchor(
        "infra",
        262,
        "2026-05-19T13:18:26Z",
        "ci(security): SBOM and Trivy scan gate for base images",
        _b("""
            Every base image build now produces an SBOM (syft) and fails on critical CVEs
            with a fix available (trivy). Rebuilt all five base images on patched
            distributions: critical CVEs across them went from 23 to 0.
            """),
        "ci/trivy-gate",
        ("security", "ci"),
        (
            ".github/workflows/base-images.yml",
            "images/python-cuda/Dockerfile",
            "images/python-slim/Dockerfile",
            ".trivyignore",
        ),
        96,
        41,
    ),
    # streaming-responses (list file)
    Anchor(
        "inference-gateway",
        163,
        "2026-08-25T14:27:39Z",
        "feat(gateway): server-sent events streaming for chat completions",
        _b("""
            `stream=true` on `/v1/chat/completions` now streams tokens as server-sent events
            in the OpenAI format, with proper cancellation when the client disconnects.
            Perceived latency in the support widget: time to first token from 2.8 s to
            410 ms at p50.
            """),
        "feat/sse",
        ("llm", "enhancement"),
        (
            "src/gateway/routes/chat.py",
            "src/gateway/streaming.py",
            "tests/test_streaming.py",
            "docs/api.md",
        ),
        356,
        48,
    ),
    # llm-value-extraction
    Anchor(
        "mlops-platform",
        268,
        "2026-04-08T09:06:44Z",
        "feat(value): LLM pipeline that extracts business value from PRs and tickets",
        _b("""
            ## Summary

            Every Friday each of us reads through the week's merged PRs and closed tickets in
            our area to write the "what did engineering deliver" report for product and
            finance. This automates the first draft:

            1. collect merged PRs and closed Jira tickets of the week
            2. an LLM extracts claims (metric, before, after, unit, who benefits) with
               quotes from the source text
            3. a deterministic step checks each quote appears verbatim and converts units
            4. claims are grouped per team and rendered into the report template

            ## Scope

            Extraction and checking only; the report template and scheduling come next.
            """),
        "feat/value-extraction",
        ("llm", "enhancement"),
        (
            "src/mlops_platform/value/__init__.py",
            "src/mlops_platform/value/collect.py",
            "src/mlops_platform/value/extract.py",
            "src/mlops_platform/value/verify.py",
            "src/mlops_platform/value/prompts/extract_claims.md",
            "tests/value/test_verify.py",
            "tests/value/test_extract.py",
        ),
        1288,
        0,
        54,
    ),
    Anchor(
        "mlops-platform",
        272,
        "2026-05-06T11:52:37Z",
        "feat(value): structured output with JSON schema and retries",
        _b("""
            - the extraction call uses the JSON schema response format; invalid replies are
              retried once with the validation error in the prompt
            - replies are cached by a hash of (prompt template, model, input text)
            - 200-case golden set in the eval harness: precision 0.94, recall 0.88
            """),
        "feat/value-structured",
        ("llm",),
        (
            "src/mlops_platform/value/extract.py",
            "src/mlops_platform/value/cache.py",
            "eval/golden/value_claims.jsonl",
            "tests/value/test_extract.py",
        ),
        402,
        117,
    ),
    Anchor(
        "mlops-platform",
        277,
        "2026-06-15T08:33:12Z",
        "docs(value): how the weekly value report is produced",
        _b("""
            Documents the pipeline end to end and what a reviewer still checks by hand.

            Each of the four senior developers used to spend most of Friday writing their
            section. With the draft generated, reviewing a section takes under an hour: that
            saves 8 hours per week for each senior developer on the 4-person team.
            """),
        "docs/value-report",
        ("documentation", "llm"),
        ("docs/value-report.md", "docs/index.md"),
        148,
        3,
        5,
    ),
)


# --------------------------------------------------------------------------------------------
# Filler PRs: composed from templates. Each repo has a path pool and subjects per kind.
# --------------------------------------------------------------------------------------------

REPO_STARTS = {
    "infra": dt.datetime(2022, 3, 1, tzinfo=dt.UTC),
    "mlops-platform": dt.datetime(2022, 5, 10, tzinfo=dt.UTC),
    "inference-gateway": dt.datetime(2023, 2, 1, tzinfo=dt.UTC),
    "rag-search": dt.datetime(2024, 4, 15, tzinfo=dt.UTC),
}
REPO_SHARE = {"infra": 0.27, "mlops-platform": 0.33, "inference-gateway": 0.26, "rag-search": 0.14}

PATHS = {
    "infra": [
        "infra/terraform/envs/prod/main.tf",
        "infra/terraform/envs/prod/node_groups.tf",
        "infra/terraform/envs/prod/iam.tf",
        "infra/terraform/envs/staging/main.tf",
        "infra/terraform/modules/ml-eks/main.tf",
        "infra/terraform/modules/ml-eks/variables.tf",
        "infra/terraform/modules/ml-vpc/main.tf",
        "infra/terraform/modules/ml-artifacts/main.tf",
        "infra/terraform/modules/rds/main.tf",
        "k8s/argocd/apps/gateway.yaml",
        "k8s/argocd/apps/monitoring.yaml",
        "k8s/monitoring/values.yaml",
        "k8s/monitoring/alerts/serving.yaml",
        "k8s/serving/embedding/rollout.yaml",
        "k8s/serving/chat/rollout.yaml",
        "k8s/namespaces/quotas.yaml",
        "k8s/overlays/local/kustomization.yaml",
        "k8s/gpu/device-plugin-values.yaml",
        ".github/workflows/terraform-plan.yml",
        ".github/workflows/e2e.yml",
        ".github/workflows/base-images.yml",
        "images/python-cuda/Dockerfile",
        "images/python-slim/Dockerfile",
        "scripts/dev_cluster.sh",
        "scripts/cost_report.py",
        "docs/runbooks/gateway-high-latency.md",
        "docs/local-development.md",
        "docs/terraform/README.md",
        "Makefile",
    ],
    "mlops-platform": [
        "src/mlops_platform/pipeline/train.py",
        "src/mlops_platform/pipeline/evaluate.py",
        "src/mlops_platform/pipeline/promote.py",
        "src/mlops_platform/registry/store.py",
        "src/mlops_platform/registry/models.py",
        "src/mlops_platform/features/registry.py",
        "src/mlops_platform/features/materialise.py",
        "src/mlops_platform/features/training_frame.py",
        "src/mlops_platform/drift/psi.py",
        "src/mlops_platform/drift/job.py",
        "src/mlops_platform/dq/rules.py",
        "src/mlops_platform/eval/runner.py",
        "src/mlops_platform/eval/graders.py",
        "src/mlops_platform/cli.py",
        "src/mlops_platform/settings.py",
        "migrations/0052_registry_tags.sql",
        "tests/pipeline/test_train.py",
        "tests/pipeline/test_promote.py",
        "tests/registry/test_store.py",
        "tests/features/test_materialise.py",
        "tests/drift/test_psi.py",
        "tests/eval/test_graders.py",
        ".github/workflows/ci.yml",
        ".github/workflows/train.yml",
        "notebooks/feature_importance.ipynb",
        "notebooks/drift_backtest.ipynb",
        "docs/pipeline.md",
        "docs/features.md",
        "pyproject.toml",
        "uv.lock",
    ],
    "inference-gateway": [
        "src/gateway/app.py",
        "src/gateway/settings.py",
        "src/gateway/batching.py",
        "src/gateway/metrics.py",
        "src/gateway/routes/embed.py",
        "src/gateway/routes/chat.py",
        "src/gateway/routes/health.py",
        "src/gateway/backends/vllm.py",
        "src/gateway/backends/hf.py",
        "src/gateway/middleware/auth.py",
        "src/gateway/middleware/timing.py",
        "src/gateway/tokenize.py",
        "src/gateway/streaming.py",
        "tests/conftest.py",
        "tests/test_batching.py",
        "tests/test_embed_route.py",
        "tests/test_chat_route.py",
        "tests/test_auth.py",
        "deploy/rollout.yaml",
        "deploy/vllm/configmap.yaml",
        "loadtest/locustfile.py",
        ".github/workflows/ci.yml",
        "Dockerfile",
        "docs/api.md",
        "docs/serving.md",
        "pyproject.toml",
        "uv.lock",
    ],
    "rag-search": [
        "src/rag_search/api.py",
        "src/rag_search/answer.py",
        "src/rag_search/index.py",
        "src/rag_search/rerank.py",
        "src/rag_search/ingest/confluence.py",
        "src/rag_search/ingest/github.py",
        "src/rag_search/ingest/chunking.py",
        "src/rag_search/store/pgvector.py",
        "src/rag_search/prompts/answer.md",
        "tests/test_api.py",
        "tests/test_chunking.py",
        "tests/test_rerank.py",
        "tests/test_answer.py",
        "eval/questions.jsonl",
        "eval/run_eval.py",
        "notebooks/retrieval_error_analysis.ipynb",
        ".github/workflows/ci.yml",
        "Dockerfile",
        "README.md",
        "pyproject.toml",
    ],
}

COMPONENTS = {
    "infra": ["terraform", "k8s", "argo", "monitoring", "eks", "iam", "karpenter", "images"],
    "mlops-platform": ["registry", "pipeline", "features", "drift", "eval", "dq", "cli"],
    "inference-gateway": ["gateway", "batching", "auth", "serving", "metrics", "chat", "embed"],
    "rag-search": ["ingest", "index", "rerank", "answer", "api", "eval", "chunking"],
}

FIX_SUBJECTS = [
    "handle an empty {thing} in {comp}",
    "retry {dep} calls on connection reset",
    "do not log {secret} at debug level",
    "off-by-one in the {thing} pagination",
    "close the {dep} session on shutdown",
    "timezone-naive timestamps in {comp} reports",
    "race between {comp} startup and the readiness probe",
    "wrong default for {setting}",
    "escape {thing} names in generated SQL",
    "memory leak when a {thing} is cancelled mid-flight",
    "respect {setting} when it is set to zero",
    "flaky {comp} test that depended on dict ordering",
    "propagate request ids to {dep} spans",
    "return 422 instead of 500 on malformed {thing}",
    "stale cache entry after a {thing} is renamed",
    "unicode normalisation in {thing} keys",
]
FEAT_SUBJECTS = [
    "add {setting} to the {comp} config",
    "expose {thing} counts as Prometheus metrics",
    "support {dep} as an optional backend",
    "dry-run mode for {comp}",
    "structured JSON logs for {comp}",
    "per-team quotas for {thing}s",
    "CLI command to inspect {thing}s",
    "health endpoint reports {dep} status",
    "allow overriding {setting} per environment",
    "tag {thing}s with the git commit that produced them",
]
REFACTOR_SUBJECTS = [
    "split {comp} into smaller modules",
    "replace hand-rolled retries with tenacity in {comp}",
    "typed settings for {comp} with pydantic",
    "remove the unused {thing} code path",
    "move {comp} helpers next to their callers",
    "one place for {dep} client construction",
]
DOCS_SUBJECTS = [
    "explain {setting} in the {comp} README",
    "fix broken links in the {comp} docs",
    "add an architecture diagram for {comp}",
    "document how to rotate {secret}",
    "troubleshooting section for {comp}",
    "update the local setup guide for {dep}",
]
TEST_SUBJECTS = [
    "cover the {thing} error paths in {comp}",
    "property tests for {thing} parsing",
    "integration test for {comp} against a real {dep}",
    "snapshot test for the {comp} report",
]
CI_SUBJECTS = [
    "pin actions to commit SHAs",
    "run {comp} tests on Python 3.12",
    "cache {dep} downloads between jobs",
    "upload coverage for {comp}",
    "actionlint on workflow changes",
    "nightly job for the {comp} integration suite",
]
PERF_SUBJECTS = [
    "cache {thing} lookups in {comp}",
    "stream {thing}s instead of loading them into memory",
    "reuse {dep} connections in {comp}",
    "avoid re-tokenising {thing}s in {comp}",
    "parallelise {thing} downloads",
    "cheaper serialisation of {thing}s",
]
THINGS = [
    "batch",
    "request",
    "model version",
    "dataset snapshot",
    "feature",
    "label",
    "chunk",
    "embedding",
    "prompt",
    "artefact",
    "namespace",
    "node group",
    "token",
    "job",
    "document",
    "run",
    "alert",
    "checkpoint",
]
DEPS_SLOT = ["Postgres", "Redis", "S3", "MLflow", "OpenAI", "vLLM", "Kafka", "FAISS", "Slack"]
SETTINGS = [
    "`MAX_BATCH`",
    "`REQUEST_TIMEOUT_S`",
    "`CACHE_TTL`",
    "`LOG_LEVEL`",
    "`POOL_SIZE`",
    "`RETRY_LIMIT`",
    "`SNAPSHOT_MAX_AGE`",
    "`TOP_K`",
    "`CHUNK_TOKENS`",
]
SECRETS = ["API tokens", "the database password", "OIDC client secrets", "signed URLs"]
PY_DEPS = [
    ("pydantic", "2.{a}.{b}"),
    ("fastapi", "0.1{a}.{b}"),
    ("numpy", "1.26.{b}"),
    ("torch", "2.{a}.{b}"),
    ("transformers", "4.4{a}.{b}"),
    ("mlflow", "2.1{a}.{b}"),
    ("sqlalchemy", "2.0.{b}{a}"),
    ("httpx", "0.2{a}.{b}"),
    ("uvicorn", "0.3{a}.{b}"),
    ("sentence-transformers", "3.{a}.{b}"),
    ("faiss-cpu", "1.{a}.{b}"),
    ("ruff", "0.{a}.{b}"),
    ("pytest", "8.{a}.{b}"),
    ("boto3", "1.3{a}.{b}"),
    ("openai", "1.{a}{b}.0"),
]
ACTION_DEPS = [
    ("actions/checkout", "{a}"),
    ("actions/setup-python", "{a}"),
    ("actions/cache", "{a}"),
    ("docker/build-push-action", "{a}"),
    ("aws-actions/configure-aws-credentials", "{a}"),
]
TF_DEPS = [("hashicorp/aws", "5.{a}{b}.0"), ("hashicorp/helm", "2.1{a}.{b}")]

WHY_LINES = [
    "Noticed while debugging a staging alert last week.",
    "Reported by {mate} in #ml-platform.",
    "This bit us twice during the last on-call rotation.",
    "Small cleanup before the larger change in the next PR.",
    "Found by the nightly integration run.",
    "Customer-facing symptom was an intermittent error on retries.",
    "Came up in review of an unrelated PR.",
    "The old behaviour was surprising and undocumented.",
]
CHANGE_LINES = [
    "guard against the empty case and return early",
    "add a regression test that fails on `main`",
    "log the offending {thing} id at warning level",
    "thread the setting through from the environment",
    "delete the workaround that is no longer needed",
    "update the docs and the changelog",
    "keep the old name as a deprecated alias for one release",
    "rename the helper so its purpose is obvious",
    "move the constant into settings",
    "make the error message say which field was wrong",
]
TEST_LINES = [
    "`pytest -q` passes locally",
    "tested against staging with a replayed day of traffic",
    "new unit tests cover both branches",
    "ran the e2e suite on a k3d cluster",
    "manually verified in Grafana after deploying to staging",
    "no functional change, existing tests pass",
]
COMMENT_BODIES = [
    "LGTM, thanks!",
    "Could we add a test for the empty case?",
    "Deployed to staging, dashboards look fine.",
    "Nice, the numbers match what I see locally.",
    "Minor: the docstring still mentions the old name.",
    "Can we backport this to the release branch?",
    "I think this also fixes the alert we saw on Tuesday.",
    "Let's wait for the Friday freeze to end before merging.",
    "Rebased on main.",
    "Addressed the comments, PTAL.",
]
REVIEW_BODIES = {
    "APPROVED": ["", "", "", "Looks good.", "LGTM", "Ship it."],
    "COMMENTED": ["One nit inline, otherwise fine.", "A few questions inline.", ""],
    "CHANGES_REQUESTED": ["A couple of things to fix before this goes in, see inline."],
}

KIND_WEIGHTS = [
    ("fix", 25),
    ("feat", 15),
    ("chore(deps)", 14),
    ("docs", 10),
    ("refactor", 9),
    ("test", 8),
    ("ci", 8),
    ("perf", 8),
    ("style", 1),
    ("build", 2),
]


# --------------------------------------------------------------------------------------------
# Record building
# --------------------------------------------------------------------------------------------


def _rng(seed: int, *parts: Any) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _node_id(prefix: str, *parts: Any) -> str:
    """GitHub-looking GraphQL node ids, derived from the record so they are stable."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).digest()
    return prefix + base64.urlsafe_b64encode(digest[:15]).decode().rstrip("=")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _label(repo: str, name: str) -> dict[str, str]:
    color, description = LABELS.get(name, ("ededed", ""))
    return {
        "color": color,
        "description": description,
        "id": _node_id("LA_kwDOH", repo, name),
        "name": name,
    }


def _author(person: dict) -> dict:
    """As gh prints it: users get id, login and name; apps only is_bot and an app/ login."""
    if person.get("is_bot"):
        return {"is_bot": True, "login": person["login"]}
    return {
        "id": person["id"],
        "is_bot": False,
        "login": person["login"],
        "name": person["name"],
    }


def _split_lines(rng: random.Random, total: int, n: int) -> list[int]:
    """Split `total` changed lines over n files, unevenly, as real diffs are."""
    if n == 0:
        return []
    weights = [rng.paretovariate(1.2) for _ in range(n)]
    scale = sum(weights)
    parts = [int(total * w / scale) for w in weights]
    parts[0] += total - sum(parts)
    return parts


def _files(rng: random.Random, paths: Sequence[str], additions: int, deletions: int) -> list[dict]:
    adds = _split_lines(rng, additions, len(paths))
    dels = _split_lines(rng, deletions, len(paths))
    return [
        {"additions": a, "deletions": d, "path": p}
        for p, a, d in zip(paths, adds, dels, strict=True)
    ]


def _reviews_and_comments(
    rng: random.Random,
    seed: int,
    url: str,
    author: dict,
    created: dt.datetime,
    state: str,
    closed: dt.datetime | None,
) -> tuple[list[dict], list[dict], str]:
    end = closed or min(created + dt.timedelta(days=4), LAST_DAY)
    span = max((end - created).total_seconds(), 600.0)
    pool = [p for p in [OWNER, *TEAMMATES] if p["login"] != author["login"]]

    def moment() -> dt.datetime:
        return created + dt.timedelta(seconds=rng.uniform(0.05, 0.95) * span)

    reviews: list[dict] = []
    if state == "MERGED" and not author.get("is_bot"):
        plan = rng.choices(
            [
                ["APPROVED"],
                ["COMMENTED", "APPROVED"],
                ["CHANGES_REQUESTED", "APPROVED"],
                ["APPROVED", "APPROVED"],
                [],
            ],
            weights=[50, 18, 10, 12, 10],
        )[0]
    elif state == "MERGED":
        plan = rng.choice([["APPROVED"], []])
    elif state == "OPEN":
        plan = rng.choice([[], ["COMMENTED"], ["CHANGES_REQUESTED"], ["APPROVED"]])
    else:
        plan = rng.choice([[], ["COMMENTED"], ["CHANGES_REQUESTED"]])
    times = sorted(moment() for _ in plan)
    for index, (review_state, when) in enumerate(zip(plan, times, strict=True)):
        reviewer = rng.choice(pool)
        reviews.append(
            {
                "author": {"login": reviewer["login"]},
                "authorAssociation": "MEMBER",
                "body": rng.choice(REVIEW_BODIES[review_state]),
                "commit": {"oid": hashlib.sha1(f"{url}:{index}".encode()).hexdigest()},
                "id": _node_id("PRR_kwDOH", url, index),
                "includesCreatedEdit": False,
                "reactionGroups": [],
                "state": review_state,
                "submittedAt": _iso(when),
            }
        )
    comments: list[dict] = []
    for index in range(rng.choices([0, 1, 2, 3, 5], weights=[45, 25, 15, 10, 5])[0]):
        who = rng.choice([p for p in (author, *pool[:2]) if not p.get("is_bot")])
        comment_id = int(hashlib.sha256(f"{seed}:{url}:c{index}".encode()).hexdigest()[:8], 16)
        comments.append(
            {
                "author": {"login": who["login"]},
                "authorAssociation": "NONE" if who.get("is_bot") else "MEMBER",
                "body": rng.choice(COMMENT_BODIES),
                "createdAt": _iso(moment()),
                "id": _node_id("IC_kwDOH", url, "comment", index),
                "includesCreatedEdit": rng.random() < 0.1,
                "isMinimized": False,
                "minimizedReason": "",
                "reactionGroups": [],
                "url": f"{url}#issuecomment-{1_000_000_000 + comment_id % 900_000_000}",
                "viewerDidAuthor": who["login"] == OWNER["login"],
            }
        )
    comments.sort(key=lambda c: c["createdAt"])
    if state == "MERGED":
        decision = "APPROVED" if any(r["state"] == "APPROVED" for r in reviews) else ""
    elif reviews and reviews[-1]["state"] == "CHANGES_REQUESTED":
        decision = "CHANGES_REQUESTED"
    elif reviews and reviews[-1]["state"] == "APPROVED":
        decision = "APPROVED"
    else:
        decision = rng.choice(["REVIEW_REQUIRED", "REVIEW_REQUIRED", ""])
    return reviews, comments, decision


def _record(
    seed: int,
    repo: str,
    number: int,
    title: str,
    body: str,
    branch: str,
    author: dict,
    created: dt.datetime,
    state: str,
    hours_open: float,
    labels: Sequence[str],
    files: list[dict],
    changed_files: int,
    org: str = ORG,
) -> dict[str, Any]:
    url = f"https://github.com/{org}/{repo}/pull/{number}"
    rng = _rng(seed, repo, number, "meta")
    closed = None if state == "OPEN" else min(created + dt.timedelta(hours=hours_open), LAST_DAY)
    reviews, comments, decision = _reviews_and_comments(
        rng, seed, url, author, created, state, closed
    )
    # totals cover every file, even past the 100 entries gh lists
    return {
        "additions": sum(f["additions"] for f in files),
        "author": _author(author),
        "body": body,
        "changedFiles": changed_files,
        "closedAt": None if closed is None else _iso(closed),
        "comments": comments,
        "createdAt": _iso(created),
        "deletions": sum(f["deletions"] for f in files),
        "files": files[:100],  # gh caps the files list at 100 entries
        "headRefName": branch,
        "labels": [_label(repo, name) for name in labels],
        "mergedAt": _iso(closed) if state == "MERGED" and closed else None,
        "number": number,
        "reviewDecision": decision,
        "reviews": reviews,
        "state": state,
        "title": title,
        "url": url,
    }


def _anchor_record(anchor: Anchor, seed: int) -> dict[str, Any]:
    rng = _rng(seed, anchor.repo, anchor.number, "files")
    files = _files(rng, anchor.files, anchor.additions, anchor.deletions)
    body = anchor.body.replace("\n", "\r\n") if anchor.crlf else anchor.body
    return _record(
        seed,
        anchor.repo,
        anchor.number,
        anchor.title,
        body,
        anchor.branch,
        anchor.author,
        _parse(anchor.created),
        anchor.state,
        anchor.hours_to_merge,
        anchor.labels,
        files,
        len(files),
    )


@dataclass
class _Draft:
    """A filler PR before it has a number (numbers follow creation dates, see _number)."""

    repo: str
    created: dt.datetime
    state: str
    hours_open: float
    title: str
    body: str
    branch: str
    author: dict
    labels: tuple[str, ...]
    paths: tuple[str, ...]
    additions: int
    deletions: int
    crlf: bool = False
    topic: str | None = None


def _wrap(rng: random.Random, paragraphs: list[str]) -> str:
    """Half the authors hard-wrap their prose at 72-88 columns, the others write long lines."""
    width = rng.choice([0, 0, 72, 80, 88])
    out = []
    for para in paragraphs:
        if width and not para.lstrip().startswith(("|", "-", "*", "#", "1.", "<", "`")):
            out.append(_fill(para, width))
        else:
            out.append(para)
    return "\n\n".join(out)


def _fill(text: str, width: int) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "\n".join(lines)


def _slot(rng: random.Random, template: str, repo: str, comp: str | None = None) -> str:
    return template.format(
        thing=rng.choice(THINGS),
        comp=comp or rng.choice(COMPONENTS.get(repo) or COMPONENTS["mlops-platform"]),
        dep=rng.choice(DEPS_SLOT),
        setting=rng.choice(SETTINGS),
        secret=rng.choice(SECRETS),
        mate=rng.choice(TEAMMATES)["login"],
    )


def _number_phrase(rng: random.Random) -> tuple[str, list[str]]:
    """A performance claim in one of the many ways engineers write them, plus table rows."""
    style = rng.randrange(7)
    a = round(rng.uniform(40, 2500), 1)
    b = round(a * rng.uniform(0.25, 0.85), 1)
    if style == 0:
        what = rng.choice(["p95 latency", "p99 latency", "median latency", "cold start"])
        sa, sb = (f"{a:,}", f"{b:,}") if rng.random() < 0.5 else (str(a), str(b))
        return f"{what} from {sa} ms to {sb} ms", [f"| {what} | {sa} ms | {sb} ms |"]
    if style == 1:
        x = round(a / b, 2)
        return f"roughly {x}x faster on the benchmark below", [f"| wall time | {a} s | {b} s |"]
    if style == 2:
        pct = rng.randrange(12, 61)
        return f"about {pct}% less memory at peak", [f"| peak RSS | {a} MiB | {b} MiB |"]
    if style == 3:
        m1, s1 = divmod(int(a), 60)
        m2, s2 = divmod(int(b), 60)
        return f"the job takes {m2}m {s2}s instead of {m1}m {s1}s", []
    if style == 4:
        lo = rng.randrange(10, 40)
        return f"between {lo} and {lo + rng.randrange(5, 25)}% fewer calls to the backend", []
    if style == 5:
        qa, qb = rng.randrange(80, 400), rng.randrange(420, 1600)
        return (
            f"throughput goes from {qa} to {qb} req/s on the same pod size",
            [f"| throughput | {qa} req/s | {qb} req/s |"],
        )
    gb = round(rng.uniform(0.2, 9.0), 2)
    pct = round(rng.uniform(0.3, 6.0), 2)
    return f"{gb} GB ({pct}%) less data scanned per run", []


def _deps_bump(rng: random.Random, repo: str) -> tuple[str, str, str, tuple[str, ...], bool]:
    kind = rng.choices(["py", "actions", "tf"], weights=[6, 3, 1 if repo == "infra" else 0])[0]
    bank = {"py": PY_DEPS, "actions": ACTION_DEPS, "tf": TF_DEPS}[kind]
    name, pattern = rng.choice(bank)
    a, b = rng.randrange(1, 9), rng.randrange(0, 9)
    old = pattern.format(a=a, b=b)
    new = pattern.format(a=a, b=b + 1) if "{b}" in pattern else str(a + 1)
    group = {"py": "pip", "actions": "github_actions", "tf": "terraform"}[kind]
    title = f"chore(deps): bump {name} from {old} to {new}"
    bot = rng.random() < 0.55
    repo_url = f"https://github.com/{name if '/' in name else f'{name}/{name}'}"
    if bot:
        body = (
            f"Bumps [{name}]({repo_url}) from {old} to "
            f"{new}.\n<details>\n<summary>Commits</summary>\n<ul>\n"
            f"<li><code>{hashlib.sha1(title.encode()).hexdigest()[:7]}</code> Release "
            f"{new}</li>\n</ul>\n</details>\n<br />\n\n\n[![Dependabot compatibility score]"
            f"(https://dependabot-badges.githubapp.com/badges/compatibility_score?dependency-name"
            f"={name}&package-manager={group}&previous-version={old}&new-version={new})]"
            f"(https://docs.github.com/en/github/managing-security-vulnerabilities/about-"
            f"dependabot-security-updates#about-compatibility-scores)\n\n"
            "Dependabot will resolve any conflicts with this PR as long as you don't alter it "
            "yourself. You can also trigger a rebase manually by commenting `@dependabot rebase`."
        )
    else:
        body = rng.choice(
            [
                "",
                "Routine bump; nothing in the changelog affects us.",
                f"Needed for the fix in {name} {new} (see upstream changelog).",
            ]
        )
    files = {
        "py": ("pyproject.toml", "uv.lock"),
        "actions": (".github/workflows/ci.yml",),
        "tf": ("infra/terraform/versions.tf", "infra/terraform/.terraform.lock.hcl"),
    }[kind]
    labels = ("dependencies", "python" if kind == "py" else group)
    branch = f"dependabot/{group}/{name.replace('/', '-')}-{new}"
    return title, body, branch, files, bot and bool(labels)


def _filler(seed: int, repo: str, index: int, created: dt.datetime, state: str) -> _Draft:
    rng = _rng(seed, repo, "filler", index)
    kind = rng.choices([k for k, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS])[0]
    pool = PATHS.get(repo) or _generic_paths(repo)
    author = OWNER if rng.random() < 0.72 else rng.choice(TEAMMATES)
    labels: tuple[str, ...] = ()
    hours = rng.choice([0.4, 2, 5, 20, 26, 50, 75, 140])
    if kind == "chore(deps)":
        title, body, branch, paths, bot = _deps_bump(rng, repo)
        if bot:
            author = DEPENDABOT
        labels = ("dependencies",)
        additions = rng.randrange(1, 40) if len(paths) == 1 else rng.randrange(3, 180)
        draft = _Draft(
            repo,
            created,
            state,
            hours,
            title,
            body,
            branch,
            author,
            labels,
            paths,
            additions,
            max(1, additions - rng.randrange(0, 3)),
        )
        return draft
    templates = {
        "fix": FIX_SUBJECTS,
        "feat": FEAT_SUBJECTS,
        "refactor": REFACTOR_SUBJECTS,
        "docs": DOCS_SUBJECTS,
        "test": TEST_SUBJECTS,
        "ci": CI_SUBJECTS,
        "perf": PERF_SUBJECTS,
        "style": ["format {comp} with ruff"],
        "build": ["slimmer {comp} Docker image"],
    }[kind]
    comp = rng.choice(COMPONENTS.get(repo) or COMPONENTS["mlops-platform"])
    template = rng.choice(templates)
    subject = _slot(rng, template, repo, comp)
    # "perf(terraform): cache lookups in terraform" reads badly: scope only when the subject
    # does not name the component itself
    scoped = "{comp}" not in template and rng.random() < 0.8
    title = f"{kind}({comp}): {subject}" if scoped else f"{kind}: {subject}"
    branch = f"{kind}/{re.sub(r'[^a-z0-9]+', '-', subject.lower()).strip('-')[:40]}"
    paragraphs: list[str] = []
    labels = {
        "fix": ("bug",),
        "feat": ("enhancement",),
        "docs": ("documentation",),
        "test": ("tests",),
        "ci": ("ci",),
        "perf": ("performance",),
    }.get(kind, ())
    if kind in ("fix", "feat", "refactor"):
        paragraphs.append(_slot(rng, rng.choice(WHY_LINES), repo))
        changes = rng.sample(CHANGE_LINES, rng.randrange(1, 4))
        bullet = rng.choice(["-", "*"])
        if rng.random() < 0.6:
            paragraphs = ["## Summary", *paragraphs, "## Changes"]
        paragraphs.append("\n".join(f"{bullet} {_slot(rng, c, repo)}" for c in changes))
        if rng.random() < 0.5:
            paragraphs += ["## Testing", rng.choice(TEST_LINES)]
        if kind == "refactor":
            paragraphs.append("No functional change.")
        if rng.random() < 0.3:
            paragraphs.append(f"Fixes #{rng.randrange(2, 300)}")
    elif kind == "perf":
        claim, rows = _number_phrase(rng)
        lead = rng.choice(
            [
                f"Profiling showed most of the time in {comp}. With this change, {claim}.",
                f"{claim[0].upper() + claim[1:]} (staging, same data).",
                f"Measured on the nightly dataset: {claim}.",
            ]
        )
        paragraphs.append(lead)
        if rows:
            paragraphs.append("\n".join(["| | before | after |", "|---|---:|---:|", *rows]))
        paragraphs.append(rng.choice(TEST_LINES))
    elif kind == "ci" and rng.random() < 0.4:
        secs = rng.randrange(15, 95)
        paragraphs.append(f"Shaves roughly {secs} s off every run of the `{comp}` job.")
    elif kind in ("docs", "test", "ci", "style", "build") and rng.random() < 0.85:
        paragraphs.append(_slot(rng, rng.choice(WHY_LINES), repo, comp))
    body = "" if rng.random() < 0.03 else _wrap(rng, paragraphs)
    n_files = min(
        len(pool), rng.choices([1, 2, 3, 4, 6, 9, 14], weights=[20, 25, 20, 15, 10, 6, 4])[0]
    )
    if kind == "docs":
        paths = tuple(p for p in pool if p.startswith("docs/") or p.endswith(".md"))[:2] or (
            "README.md",
        )
    else:
        paths = tuple(sorted(rng.sample(pool, n_files)))
    scale = {"docs": 40, "test": 120, "ci": 30, "style": 300, "feat": 260}.get(kind, 90)
    additions = max(1, int(rng.expovariate(1 / scale)))
    deletions = int(additions * rng.uniform(0.05, 1.3))
    return _Draft(
        repo,
        created,
        state,
        hours,
        title,
        body,
        branch,
        author,
        labels,
        paths,
        additions,
        deletions,
        crlf=rng.random() < 0.1,
    )


def _generic_paths(repo: str) -> list[str]:
    package = repo.replace("-", "_")
    modules = ["api", "models", "settings", "jobs", "io", "metrics", "cli", "service"]
    return [
        *(f"src/{package}/{m}.py" for m in modules),
        *(f"tests/test_{m}.py" for m in modules[:5]),
        ".github/workflows/ci.yml",
        "Dockerfile",
        "README.md",
        "docs/index.md",
        "pyproject.toml",
        "k8s/deployment.yaml",
    ]


BULK = (
    # (repo, created, title, body, branch, files, label)
    (
        "mlops-platform",
        "2024-03-19T17:02:40Z",
        "style: apply ruff format to the whole codebase",
        "Mechanical change: `ruff format .` with the settings from `pyproject.toml`.\n\n"
        "Add this commit to `.git-blame-ignore-revs` after merging.",
        "style/ruff-format",
        143,
        "src/mlops_platform/{pkg}/{mod}.py",
    ),
    (
        "infra",
        "2025-03-04T09:30:11Z",
        "refactor(k8s): move every manifest onto kustomize bases",
        "## Summary\n\nOne base per service, overlays per environment. `kustomize build` "
        "output for prod is byte-identical before and after (checked in CI).\n\n"
        "## Review tips\n\nMost files are renames; review `k8s/bases/` first.",
        "refactor/kustomize-bases",
        118,
        "k8s/{pkg}/{mod}.yaml",
    ),
)
_BULK_PKGS = ["registry", "pipeline", "features", "drift", "eval", "dq", "serving", "batch"]
_BULK_MODS = [
    "base",
    "overlay",
    "config",
    "service",
    "job",
    "deploy",
    "rules",
    "io",
    "cli",
    "models",
    "store",
    "client",
    "schema",
    "report",
    "utils_test",
    "api",
    "jobs",
    "tasks",
]


def _bulk_draft(seed: int, spec: tuple) -> _Draft:
    repo, created, title, body, branch, n, pattern = spec
    rng = _rng(seed, repo, "bulk", title)
    names = [pattern.format(pkg=p, mod=m) for p in _BULK_PKGS for m in _BULK_MODS]
    paths = tuple(sorted(rng.sample(names, n)))
    additions = n * rng.randrange(20, 60)
    return _Draft(
        repo,
        _parse(created),
        "MERGED",
        3.5,
        title,
        body,
        branch,
        OWNER,
        ("refactor",) if "refactor" in title else (),
        paths,
        additions,
        int(additions * 0.93),
    )


def _filler_dates(seed: int, repo: str, count: int) -> list[tuple[dt.datetime, str]]:
    """Creation time and final state of each filler PR: mostly merged, recent ones open."""
    rng = _rng(seed, repo, "dates")
    start = REPO_STARTS.get(repo, dt.datetime(2022, 1, 10, tzinfo=dt.UTC))
    span = (LAST_DAY - dt.timedelta(days=2) - start).total_seconds()
    out = []
    for _ in range(count):
        created = start + dt.timedelta(seconds=span * rng.random() ** 0.85)
        created = created.replace(hour=rng.choice([8, 9, 10, 11, 13, 14, 15, 16, 17]))
        age = (LAST_DAY - created).days
        roll = rng.random()
        if age < 120 and roll < 0.5:
            state = "OPEN"
        elif roll < 0.87:
            state = "MERGED"
        else:
            state = "CLOSED"
        out.append((created, state))
    return sorted(out, key=lambda pair: pair[0])


def _number(
    drafts: list[_Draft], fixed: dict[int, dt.datetime], start: dt.datetime, rate: float
) -> list[int]:
    """PR numbers for drafts, increasing with creation time and consistent with the anchors'
    fixed numbers (linear interpolation between them). Issues share GitHub's counter, so gaps
    are expected; collisions move to the next free number."""
    knots = sorted([(start, 1), *((when, num) for num, when in fixed.items())])
    taken = set(fixed)
    numbers = []
    for draft in drafts:
        t = draft.created
        before = [k for k in knots if k[0] <= t]
        after = [k for k in knots if k[0] > t]
        (t0, n0) = before[-1] if before else knots[0]
        if after:
            (t1, n1) = after[0]
            frac = (t - t0).total_seconds() / max((t1 - t0).total_seconds(), 1.0)
            guess = n0 + frac * (n1 - n0)
        else:
            guess = n0 + (t - t0).days * rate
        number = max(1, int(guess))
        while number in taken:
            number += 1
        taken.add(number)
        numbers.append(number)
    return numbers


def _draft_record(seed: int, draft: _Draft, number: int, org: str = ORG) -> dict[str, Any]:
    rng = _rng(seed, draft.repo, number, "files")
    files = _files(rng, draft.paths, draft.additions, draft.deletions)
    body = draft.body.replace("\n", "\r\n") if draft.crlf else draft.body
    return _record(
        seed,
        draft.repo,
        number,
        draft.title,
        body,
        draft.branch,
        draft.author,
        draft.created,
        draft.state,
        draft.hours_open,
        draft.labels,
        files,
        len(files),
        org,
    )


def _sort_key(record: dict) -> tuple:
    return (record["url"].rsplit("/pull/", 1)[0], -record["number"])


def demo_export(seed: int = DEMO_SEED, size: int = DEMO_SIZE) -> list[dict[str, Any]]:
    """The demo portfolio's `gh pr list` export: every anchor PR plus seeded fillers."""
    records = [_anchor_record(anchor, seed) for anchor in ANCHORS]
    bulk = [_bulk_draft(seed, spec) for spec in BULK]
    fillers_total = size - len(records) - len(bulk)
    shares = list(REPO_SHARE.items())
    counts = {repo: round(fillers_total * share) for repo, share in shares}
    counts[shares[0][0]] += fillers_total - sum(counts.values())
    for repo, count in counts.items():
        drafts = [b for b in bulk if b.repo == repo]
        for index, (created, state) in enumerate(_filler_dates(seed, repo, count)):
            drafts.append(_filler(seed, repo, index, created, state))
        drafts.sort(key=lambda d: d.created)
        fixed = {a.number: _parse(a.created) for a in ANCHORS if a.repo == repo}
        numbers = _number(drafts, fixed, REPO_STARTS[repo], rate=0.12)
        records += [_draft_record(seed, d, n) for d, n in zip(drafts, numbers, strict=True)]
    return sorted(records, key=_sort_key)


def dump_export(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(records, indent=2, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------
# Synthetic portfolios for benchmarks: topic-based achievements linked to topic-based PRs.
# --------------------------------------------------------------------------------------------

SLOTS = {
    "service": [
        "the inference gateway",
        "the search API",
        "the feature service",
        "the ranking service",
        "the fraud scorer",
        "the recommendation API",
        "the support copilot",
        "the ETA predictor",
        "the document classifier",
        "the pricing service",
        "the agent runtime",
    ],
    "model": [
        "embedding model",
        "reranker",
        "churn model",
        "ranking model",
        "fraud model",
        "summarisation model",
        "intent classifier",
        "forecasting model",
        "chat model",
        "demand model",
        "OCR model",
        "toxicity classifier",
    ],
    "team": [
        "search",
        "payments",
        "growth",
        "support",
        "risk",
        "logistics",
        "data platform",
        "marketplace",
        "trust and safety",
    ],
    "store": ["PostgreSQL", "S3", "BigQuery", "Redis", "DynamoDB", "ClickHouse"],
    "cloud": ["AWS", "GCP", "Azure"],
    "role": [
        "senior developer",
        "data scientist",
        "ML engineer",
        "analyst",
        "support agent",
        "on-call engineer",
        "developer",
    ],
    "task": [
        "release checklist",
        "data refresh",
        "model sign-off",
        "access review",
        "capacity report",
        "label audit",
        "backfill",
        "incident review",
    ],
}

TOPICS: tuple[dict[str, Any], ...] = (
    {
        "key": "batching",
        "category": "ml",
        "quant": ("latency", "throughput"),
        "skills": ["Python", "PyTorch", "FastAPI", "asyncio", "Triton", "Prometheus"],
        "titles": [
            "Request batching for the {model}",
            "Dynamic batching in {service}",
            "Micro-batching for {model} inference",
        ],
        "actions": [
            "grouped concurrent requests into batches bounded by a time window",
            "added an adaptive batch window driven by queue depth",
            "moved tokenisation out of the request path and batched the forward pass",
        ],
        "prs": [
            "perf({c}): batch requests to the {model}",
            "feat({c}): adaptive batch window",
            "test({c}): load test for batched inference",
        ],
    },
    {
        "key": "serving",
        "category": "llm",
        "quant": ("throughput", "memory", "latency"),
        "skills": ["vLLM", "Kubernetes", "Python", "TensorRT-LLM", "CUDA"],
        "titles": [
            "Migrated {service} to vLLM",
            "Quantised serving for the {model}",
            "Faster LLM serving for {service}",
        ],
        "actions": [
            "replaced the generate() server with continuous batching",
            "served the {model} with int8 weights and an fp8 KV cache",
            "tuned tensor parallelism and max sequence length per route",
        ],
        "prs": [
            "feat({c}): vLLM backend for {service}",
            "perf({c}): fp8 KV cache",
            "chore({c}): tune gpu_memory_utilization",
        ],
    },
    {
        "key": "ci",
        "category": "developer-experience",
        "quant": ("duration", "hours"),
        "skills": ["GitHub Actions", "uv", "pytest", "Docker", "Bazel"],
        "titles": [
            "Faster CI for the {team} repositories",
            "Cut CI time for {service}",
            "Test sharding and caching in CI",
        ],
        "actions": [
            "cached dependency environments on the lockfile hash",
            "split the test suite into shards by recorded duration",
            "ran slow integration tests only when relevant paths change",
        ],
        "prs": [
            "ci: cache environments between jobs",
            "ci: shard tests by duration",
            "perf(tests): session-scoped fixtures for {service}",
        ],
    },
    {
        "key": "cost",
        "category": "cost",
        "quant": ("cost",),
        "skills": ["AWS", "Terraform", "Karpenter", "Kubecost", "FinOps"],
        "titles": [
            "Reduced the {cloud} bill for the {team} team",
            "Rightsized GPU capacity",
            "Spot capacity for batch ML jobs",
        ],
        "actions": [
            "rightsized node groups from 30 days of utilisation data",
            "moved nightly jobs to spot instances with an on-demand fallback",
            "added lifecycle rules that archive old checkpoints",
        ],
        "prs": [
            "chore(cost): rightsize node groups",
            "feat(s3): lifecycle rules for artefacts",
            "feat(cost): weekly cost report per team",
        ],
    },
    {
        "key": "drift",
        "category": "mlops",
        "quant": ("incidents", "none"),
        "skills": ["Python", "Evidently", "scikit-learn", "Prometheus", "PostgreSQL"],
        "titles": [
            "Drift monitoring for the {model}",
            "Data and concept drift alerts for {team}",
            "Embedding drift detection for {service}",
        ],
        "actions": [
            "compared daily feature distributions with a reference window using PSI",
            "clustered embeddings and tracked cluster occupancy over time",
            "routed drift alerts to the owning team with example inputs",
        ],
        "prs": [
            "feat(drift): PSI on {model} features",
            "feat(drift): weekly drift report",
            "fix(drift): handle empty reference windows",
        ],
    },
    {
        "key": "rag",
        "category": "genai",
        "quant": ("quality", "memory", "latency"),
        "skills": ["FAISS", "LangChain", "sentence-transformers", "OpenAI API", "pgvector"],
        "titles": [
            "RAG search for {team} documentation",
            "Retrieval-augmented answers in {service}",
            "Hybrid retrieval for {service}",
        ],
        "actions": [
            "reranked the top candidates with a cross-encoder",
            "combined BM25 and dense retrieval with reciprocal rank fusion",
            "chunked documents by heading with overlap and source links",
        ],
        "prs": [
            "feat(rag): cross-encoder reranking",
            "perf(index): IVF-PQ index",
            "feat(ingest): heading-aware chunking",
        ],
    },
    {
        "key": "eval",
        "category": "llm",
        "quant": ("quality", "none"),
        "skills": ["Python", "OpenAI API", "MLflow", "pytest", "LLM evaluation"],
        "titles": [
            "Evaluation harness for {service} prompts",
            "Golden-set CI gate for LLM changes",
            "LLM-as-judge grading for the {model}",
        ],
        "actions": [
            "built golden sets from real traffic with reviewer labels",
            "graded outputs with schema checks and a rubric judge at temperature 0",
            "failed CI when a golden-set score dropped by more than two points",
        ],
        "prs": [
            "feat(eval): golden-set runner",
            "ci(eval): block regressions on prompt changes",
            "feat(eval): HTML diff report between runs",
        ],
    },
    {
        "key": "pipeline",
        "category": "mlops",
        "quant": ("hours", "duration"),
        "skills": ["GitHub Actions", "MLflow", "PostgreSQL", "Airflow", "Python"],
        "titles": [
            "Automated training pipeline for the {model}",
            "Model promotion gate for {team}",
            "Reproducible retraining for {service}",
        ],
        "actions": [
            "wrote a reusable train-evaluate-register workflow",
            "stored model registry metadata in {store} with transactional promotion",
            "replaced a manual {task} with an automated gate",
        ],
        "prs": [
            "feat(pipeline): train-evaluate-register workflow",
            "feat(registry): metadata in {store}",
            "feat(release): automated promotion gate",
        ],
    },
    {
        "key": "observability",
        "category": "observability",
        "quant": ("incidents", "duration"),
        "skills": ["Prometheus", "Grafana", "OpenTelemetry", "Loki", "SLOs"],
        "titles": [
            "SLO dashboards and alerts for {service}",
            "Tracing across {service}",
            "Grafana dashboards as code for the {team} team",
        ],
        "actions": [
            "added latency histograms and queue-depth gauges per model",
            "generated dashboards from code with deploy annotations",
            "added multi-window burn-rate alerts linked to runbooks",
        ],
        "prs": [
            "feat(metrics): per-model latency histograms",
            "feat(dashboards): as code",
            "feat(alerts): SLO burn-rate rules",
        ],
    },
    {
        "key": "k8s",
        "category": "infrastructure",
        "quant": ("duration", "none"),
        "skills": ["Kubernetes", "k3d", "Helm", "Kustomize", "Argo CD"],
        "titles": [
            "Local k3d cluster for {service}",
            "GitOps deployment for the {team} services",
            "Progressive delivery for {service}",
        ],
        "actions": [
            "packaged the stack into a k3d cluster built from production manifests",
            "moved deployments to Argo CD with one overlay per environment",
            "rolled out canaries that abort on SLO burn",
        ],
        "prs": [
            "feat(k3d): local cluster",
            "feat(argo): rollouts for {service}",
            "ci: e2e tests against k3d",
        ],
    },
    {
        "key": "gpu",
        "category": "infrastructure",
        "quant": ("utilisation", "cost"),
        "skills": ["Kubernetes", "Kueue", "NVIDIA GPU", "Karpenter", "Go"],
        "titles": [
            "GPU scheduling for training jobs",
            "GPU sharing for notebooks and fine-tunes",
            "Queue-aware GPU bin packing",
        ],
        "actions": [
            "enabled GPU time-slicing on a shared pool",
            "added priority classes and per-team quotas",
            "packed jobs onto partially used nodes before scaling out",
        ],
        "prs": [
            "feat(k8s): GPU time-slicing",
            "feat(scheduler): Kueue cluster queues",
            "feat(webhook): bin-packing admission",
        ],
    },
    {
        "key": "dq",
        "category": "data",
        "quant": ("data", "incidents"),
        "skills": ["Python", "Great Expectations", "SQL", "Airflow", "dbt"],
        "titles": [
            "Data quality checks for the {team} pipelines",
            "Schema drift guard for {store}",
            "Quarantine for malformed training rows",
        ],
        "actions": [
            "wrote declarative checks for ranges, enums and freshness",
            "routed failing rows to a quarantine table",
            "stopped the DAG on removed or retyped columns",
        ],
        "prs": [
            "feat(dq): row-level validation",
            "feat(dq): schema drift guard",
            "docs(dq): rule reference",
        ],
    },
    {
        "key": "features",
        "category": "data",
        "quant": ("speedup", "duration"),
        "skills": ["Python", "PostgreSQL", "Feast", "Spark", "NumPy"],
        "titles": [
            "Feature store for the {team} models",
            "Point-in-time joins for training sets",
            "Vectorised feature backfill",
        ],
        "actions": [
            "defined features once and materialised them into {store}",
            "implemented as-of joins to stop leaking future values",
            "rewrote the backfill as set-based SQL",
        ],
        "prs": [
            "feat(features): offline store",
            "perf(features): vectorised backfill",
            "fix(features): point-in-time joins",
        ],
    },
    {
        "key": "flaky",
        "category": "developer-experience",
        "quant": ("flaky", "none"),
        "skills": ["pytest", "GitHub Actions", "Python"],
        "titles": [
            "Flaky test quarantine for {service}",
            "Deterministic integration tests",
            "Nightly flake hunter",
        ],
        "actions": [
            "quarantined flaky tests with an owner and an issue each",
            "replaced sleep-based waits with readiness probes",
            "reran the suite nightly to catch new flakes",
        ],
        "prs": [
            "test: quarantine marker",
            "fix(tests): remove sleep-based waits",
            "ci: nightly flake rerun",
        ],
    },
    {
        "key": "security",
        "category": "security",
        "quant": ("blocked", "count"),
        "skills": ["Trivy", "Syft", "OPA", "LLM security", "Python"],
        "titles": [
            "Prompt-injection guardrails for {service}",
            "Image scanning gate for {team}",
            "Secrets scanning in CI",
        ],
        "actions": [
            "put a classifier in front of untrusted context",
            "generated SBOMs and failed builds on fixable critical CVEs",
            "rotated credentials and moved CI to OIDC",
        ],
        "prs": [
            "feat(guardrails): injection classifier",
            "ci(security): Trivy gate",
            "chore(security): OIDC for CI",
        ],
    },
    {
        "key": "automation",
        "category": "llm",
        "quant": ("hours",),
        "skills": ["OpenAI API", "Python", "LangChain", "JSON Schema"],
        "titles": [
            "LLM triage for {team} tickets",
            "Automated release notes with an LLM",
            "Structured extraction from {team} documents",
        ],
        "actions": [
            "extracted structured fields with JSON-schema output and retries",
            "verified every quoted span against the source text",
            "cached replies by prompt, model and input hash",
        ],
        "prs": [
            "feat(llm): structured extraction",
            "feat(llm): reply cache",
            "docs(llm): how the report is produced",
        ],
    },
    {
        "key": "reliability",
        "category": "reliability",
        "quant": ("incidents", "none"),
        "skills": ["SRE", "Incident response", "Kubernetes", "Postgres"],
        "titles": [
            "Runbooks for {service}",
            "Load shedding in {service}",
            "Failover drills for {store}",
        ],
        "actions": [
            "wrote a runbook per paging alert",
            "added admission control under overload",
            "ran quarterly failover drills and fixed what broke",
        ],
        "prs": ["docs(runbooks): {service}", "feat({c}): load shedding", "fix({c}): failover"],
    },
    {
        "key": "leadership",
        "category": "leadership",
        "quant": ("none",),
        "skills": ["Mentoring", "Technical leadership", "Hiring", "Architecture"],
        "titles": [
            "Mentored engineers on the {team} team",
            "Ran design reviews for {team}",
            "Led the {team} MLOps guild",
        ],
        "actions": [
            "held weekly one-to-ones and paired on first production changes",
            "introduced a one-page RFC template and a weekly review slot",
            "organised monthly talks and a shared backlog of platform chores",
        ],
        "prs": ["docs: onboarding guide", "docs(rfc): review template", "docs: guild notes"],
    },
    {
        "key": "docs",
        "category": "developer-experience",
        "quant": ("none",),
        "skills": ["Technical writing", "MkDocs", "Diagrams"],
        "titles": [
            "Platform handbook for {team}",
            "Architecture docs for {service}",
            "API reference for {service}",
        ],
        "actions": [
            "wrote the getting-started path and a FAQ from support threads",
            "drew the architecture and data-flow diagrams",
            "generated the API reference from the OpenAPI schema",
        ],
        "prs": ["docs: handbook", "docs: architecture overview", "docs(api): reference"],
    },
)

# Some topics come up far more often than others, as in a real career.
TOPIC_WEIGHTS = [1 / (rank + 2) ** 0.6 for rank in range(len(TOPICS))]
TITLE_TAILS = [
    "",
    "",
    "",
    "",
    " for {team}",
    " (v2)",
    " at scale",
    " on {cloud}",
    " in {service}",
    " for the {team} team",
]
LEADS = [
    "{{action}}.",
    "For the {team} team, {{action}}.",
    "Together with two {role}s, {{action}}.",
    "Owned the change end to end: {{action}}.",
    "After an incident in {service}, {{action}}.",
    "As part of the {team} roadmap, {{action}}.",
    "Proposed and then {{action}}.",
]
CONTEXTS = [
    "The {team} team had asked for this for two quarters.",
    "It started as a spike during an on-call week.",
    "The design was reviewed with the {team} and platform teams before any code was written.",
    "Rolled out behind a flag, one {team} service at a time.",
    "Most of the work was in the migration, not the new code.",
    "The first version ran beside the old path for a month before the switch.",
    "{store} was already in place, so no new infrastructure was needed.",
    "Documented in the handbook with a worked example.",
]

QUANT = {
    # family: (metric name, unit, lo, hi, lower is better)
    "latency": [
        ("p95 latency", "ms", 120.0, 2400.0, True),
        ("p99 latency", "ms", 300.0, 5000.0, True),
        ("time to first token", "ms", 200.0, 3500.0, True),
    ],
    "throughput": [
        ("throughput", "req/s", 40.0, 900.0, False),
        ("output tokens per second", "tokens/s", 150.0, 2500.0, False),
    ],
    "memory": [
        ("memory per replica", "GiB", 4.0, 48.0, True),
        ("index size", "MiB", 80.0, 4000.0, True),
    ],
    "duration": [
        ("pipeline wall time", "s", 90.0, 2400.0, True),
        ("job duration", "min", 8.0, 600.0, True),
    ],
    "speedup": [("backfill wall time", "min", 30.0, 900.0, True)],
    "quality": [
        ("answers accepted", "%", 40.0, 80.0, False),
        ("recall@10", "%", 45.0, 85.0, False),
    ],
    "utilisation": [("GPU utilisation", "%", 15.0, 45.0, False)],
    "data": [("malformed rows caught", "%", 0.3, 6.0, False)],
    "flaky": [("flaky CI runs", "%", 3.0, 15.0, True)],
    "blocked": [("red-team prompts blocked", "%", 40.0, 80.0, False)],
    "count": [("critical CVEs", "count", 8.0, 60.0, True)],
}


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
    name, unit, lo, hi, lower_better = rng.choice(QUANT[family])
    raw = rng.uniform(lo, hi)
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
) -> _Draft:
    rng = _rng(seed, repo, "topic", index)
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
    pool = PATHS.get(repo) or _generic_paths(repo)
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
    return _Draft(
        repo,
        created,
        state,
        rng.choice([3, 20, 30, 60]),
        title,
        _wrap(rng, paragraphs),
        branch,
        author,
        labels,
        paths,
        additions,
        int(additions * rng.uniform(0.05, 0.8)),
        crlf=rng.random() < 0.08,
        topic=topic["key"],
    )


SYNTH_REPOS = (
    "inference-gateway",
    "mlops-platform",
    "rag-search",
    "infra",
    "feature-store",
    "eval-harness",
    "data-pipelines",
    "model-zoo",
    "agents",
    "labeling-tool",
    "platform-docs",
    "ml-notebooks",
)


def synthetic_prs(n_prs: int, seed: int) -> list[dict[str, Any]]:
    """n_prs gh-pr-list records over SYNTH_REPOS; about half are about one of TOPICS."""
    rng = _rng(seed, "prs")
    start = dt.datetime(2022, 1, 10, tzinfo=dt.UTC)
    span = (LAST_DAY - dt.timedelta(days=1) - start).total_seconds()
    drafts: list[_Draft] = []
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
            drafts.append(_filler(seed, repo, index, created, state))
    drafts.sort(key=lambda d: (d.repo, d.created))
    records, counters = [], {}
    for draft in drafts:
        counters[draft.repo] = counters.get(draft.repo, 0) + rng.choice([1, 1, 1, 2, 3])
        record = _draft_record(seed, draft, counters[draft.repo])
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
    dates = sorted(_parse(p["mergedAt"] or p["createdAt"]) for p in prs)
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
            template=rng.choice(
                [
                    "Work on {service} kept stalling on the same manual steps.",
                    "The {team} team could not tell when the {model} degraded.",
                    "Costs and latency of {service} grew faster than its traffic.",
                    "Releases of the {model} depended on one person being available.",
                ]
            ),
        )
        record["action"] = action_text[0].upper() + action_text[1:] + "."
        if claims:
            record["result"] = " ".join(claims)
    record["skills"] = rng.sample(topic["skills"], rng.randrange(2, len(topic["skills"]) + 1))
    record["tags"] = [
        topic["key"],
        *rng.sample(
            ["platform", "mlops", "latency", "quality", "automation", "python"], rng.randrange(0, 3)
        ),
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
    rng = _rng(seed, "achievements")
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
    dump_export(sorted(records, key=_sort_key), out_dir / "exports" / "gh-pr-list.json")


SYNTHETIC_PROFILE = {
    "name": "Alex Synthetic",
    "headline": "MLOps engineer (synthetic benchmark profile)",
    "target_roles": ["MLOps Engineer", "LLM Engineer"],
    "summary": "Generated by benchmarks/synthetic.py for load and speed benchmarks.",
    "email": "alex@example.com",
    "location": "Remote",
    "remote": "remote",
    "links": [{"label": "GitHub", "url": "https://github.com/alex-synthetic"}],
    "team_size": 8,
    "years_experience": 7,
}


# --------------------------------------------------------------------------------------------
# Hostile export for security tests (tests/fixtures/exports/hostile-prs.json).
# --------------------------------------------------------------------------------------------

XSS_TEXT = (
    "<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)> "
    '<a href="javascript:alert(document.cookie)">x</a> </textarea><svg onload=alert(1)> '
    "{{ config }} {% raw %}{% endraw %} ${7*7} <!-- comment --> ]]> &lt;escaped&gt;"
)


def _big_body() -> str:
    """About 1 MiB of text that stresses parsers: a 200 kB word, many claims, a wide table."""
    parts = [
        "## Benchmarks\n",
        "x" * 250_000,
        "\n\n",
        "p95 latency from 974.7 ms to 374.9 ms, " * 8_000,
        "\n\n| metric | before | after |\n|---|---:|---:|\n",
        "| p95 latency | 974.7 ms | 374.9 ms |\n" * 10_000,
        "\n" + "9" * 5_000 + " ms\n",
        "(" * 20_000 + ")" * 20_000,
        "\n" + "*" * 10_000 + "\n",
    ]
    return "".join(parts)


def hostile_export(seed: int = DEMO_SEED) -> list[dict[str, Any]]:
    """PRs whose text tries HTML/JS injection, odd Unicode and sheer size, in gh pr list shape."""
    created = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    mallory = {
        "login": "mallory-<b>x</b>",
        "name": "<img src=x onerror=alert(1)>",
        "id": "U_kgDOHostile",
        "is_bot": False,
    }
    specs = [
        (
            "infra",
            9001,
            "<script>alert(1)</script> fix: escape titles",
            XSS_TEXT,
            "<script>alert('branch')</script>",
            mallory,
            "MERGED",
            ("bug", '<img src=x onerror=alert("label")>'),
        ),
        (
            "infra",
            9002,
            "docs: [click](javascript:alert(1)) **bold** `code` | pipe |",
            '[click](javascript:alert(1))\n\n[ok](https://example.com "title" onclick=alert(1))\n\n'
            '<iframe src="javascript:alert(1)"></iframe>\n\n| a | b |\n|---|---|\n| <b>x</b> | y |',
            "docs/x",
            OWNER,
            "OPEN",
            ("documentation",),
        ),
        (
            "rag-search",
            9003,
            "fix: \u202egnp.exe \u200d\u200b\u2060 \U0001f469\u200d\U0001f4bb Z\u0334\u0322a\u0337l"
            "\u0336g\u0338o\u0335 \ufeff",
            "Right-to-left override: \u202eevil\u202c, zero-width: a\u200bb\u200cc\u200dd, "
            "emoji: \U0001f680\U0001f525\U0001f1f3\U0001f1f1, combining: e\u0301\u0301\u0301, "
            "ANSI: \u001b[31mred\u001b[0m, bell \u0007, line separator \u2028 paragraph \u2029, "
            "fullwidth \uff1cscript\uff1e, math \U0001d400\U0001d401, CJK \u6f22\u5b57.",
            "fix/unicode-\u202e",
            OWNER,
            "MERGED",
            ("\u202elabel", "\U0001f525 hot"),
        ),
        (
            "mlops-platform",
            9004,
            "perf: a very large body",
            _big_body(),
            "perf/huge",
            OWNER,
            "MERGED",
            ("performance",),
        ),
        ("mlops-platform", 9005, "", None, "empty", OWNER, "CLOSED", ()),
        (
            "inference-gateway",
            9006,
            "chore: empty body",
            "",
            "chore/empty",
            OWNER,
            "MERGED",
            ("<script>alert('label')</script>",),
        ),
    ]
    records = []
    for repo, number, title, body, branch, author, state, labels in specs:
        files = [{"additions": 1, "deletions": 0, "path": "docs/<script>.md"}] if title else []
        record = _record(
            seed,
            repo,
            number,
            title,
            "",
            branch,
            author,
            created,
            state,
            6.0,
            labels,
            files,
            len(files),
        )
        record["body"] = body  # None stays null, as gh prints it for a PR without a body
        for label in record["labels"]:
            if "<" in label["name"]:
                label["description"] = "<b>bold</b><script>alert('desc')</script>"
        records.append(record)
    records[1]["url"] += '#"><script>alert(1)</script>'
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="folder to write a synthetic portfolio into")
    parser.add_argument("--achievements", type=int, default=2000)
    parser.add_argument("--prs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--demo-export", type=Path, help="write the demo portfolio's gh pr list export here"
    )
    parser.add_argument(
        "--hostile-export", type=Path, help="write the security-test export (hostile-prs.json)"
    )
    args = parser.parse_args(argv)
    if args.hostile_export is not None:
        dump_export(hostile_export(), args.hostile_export)
        print(f"wrote the hostile export to {args.hostile_export}")
    elif args.demo_export is None and args.out is None:
        parser.error("give --out (synthetic portfolio) or --demo-export (demo PR export)")
    if args.demo_export is not None:
        records = demo_export()
        dump_export(records, args.demo_export)
        print(f"wrote {len(records)} pull requests to {args.demo_export}")
    if args.out is not None:
        synthetic_portfolio(args.out, args.achievements, args.prs, args.seed)
        print(f"wrote {args.achievements} achievements and {args.prs} PRs to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
