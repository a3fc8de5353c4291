"""How well `showcase tailor` ranks evidence and lists gaps, on the dev set of postings.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/tailor_eval.py [-f mkdocs.yml]

For each posting of benchmarks/devsets/postings (labels.json written by hand, in our own
words) it runs the tailor stage on the demo portfolio and prints:

- hit@3 of the evidence ranking: a labelled requirement with labelled evidence counts as a
  hit when one of those achievement ids is among the top three the tailor gives for the
  extracted requirement closest to it (the full model's cosine between the label's text and
  each extracted requirement picks it; the mean alignment cosine is printed too, so a
  misread posting shows as a low alignment rather than hiding in the hit rate);
- best-evidence hit@3: one of the tailor's three best achievements for the posting is in the
  label's best_evidence;
- precision of the gap list. The rule, fuzzy on purpose because labels are phrases: a reported
  gap (a skill the portfolio never names, or a requirement without evidence above the
  threshold) is correct when it names the same thing as an entry of the label's `gaps`, or
  as a labelled requirement with no evidence. "The same thing": the vocabulary finds a
  common skill in both texts, or at least half of the shorter text's content words (four
  letters or more) occur in the other.
"""

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from builder.cli_context import load_project
from builder.load.skills import load_vocabulary
from builder.models.options import BuildOptions
from builder.models.tailor import TailorReport
from builder.pipeline import Session, enrich
from builder.tailor.skills import SkillMatcher
from builder.tailor.stage import tailor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' shared flags
from tests.browser_flags import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DEVSET = Path(__file__).parent / "devsets" / "postings"
TARGET = 0.8
_CONTENT = re.compile(r"[a-z][a-z0-9+#.-]{3,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument(
        "--browser",
        type=Path,
        metavar="SITE",
        help="also run the /match/ page of this built site in Chromium and compare",
    )
    args = parser.parse_args()
    project = load_project(args.config_file)
    session = Session()
    loaded = enrich(project.config, project.root, BuildOptions(), "load", session)
    embedder = session.embedder(project.config.search.model, session.cache(loaded.paths.cache_dir))
    vocabulary = load_vocabulary(loaded.paths.data_dir, project.root)
    matcher = SkillMatcher.from_vocabulary(vocabulary)
    labels = json.loads((args.devset / "labels.json").read_text("utf-8"))["postings"]
    totals = {"hits": 0, "counted": 0, "best": 0, "gaps_ok": 0, "gaps": 0, "align": []}
    reports: list[tuple[dict, str, TailorReport]] = []
    print(
        f"{'posting':45} {'hit@3':>9} {'align':>6} {'best@3':>6} {'gap prec':>10} family/seniority"
    )
    for label in labels:
        text = (args.devset / label["file"]).read_text("utf-8")
        report = tailor(text, loaded.portfolio, vocabulary, embedder.embed, embedder.encode)
        reports.append((label, text, report))
        hits, counted, align = evidence_hits(report, label, embedder.encode)
        best = bool(set(report.best_evidence[:3]) & set(label["best_evidence"]))
        ok, reported = gap_precision(report, label, matcher)
        totals["hits"] += hits
        totals["counted"] += counted
        totals["best"] += best
        totals["gaps_ok"] += ok
        totals["gaps"] += reported
        totals["align"] += align
        family = f"{report.posting.role_family}/{report.posting.seniority}"
        want = f"{label['role_family']}/{label['seniority']}"
        print(
            f"{label['file'][:45]:45} {hits:>3}/{counted:<3}{ratio(hits, counted):>3} "
            f"{np.mean(align) if align else 0:6.2f} {'yes' if best else 'no':>6} "
            f"{ok:>3}/{reported:<3}{ratio(ok, reported):>4} {family}"
            f"{'' if family == want else f' (label {want})'}"
        )
    overall = totals["hits"] / max(totals["counted"], 1)
    print()
    print(
        f"evidence hit@3: {overall:.3f} over {totals['counted']} labelled requirements "
        f"(target {TARGET}: {'met' if overall >= TARGET else 'NOT met'})"
    )
    print(f"best-evidence hit@3: {totals['best']}/{len(labels)} postings")
    print(
        f"gap precision: {totals['gaps_ok'] / max(totals['gaps'], 1):.3f} "
        f"({totals['gaps_ok']} of {totals['gaps']} reported gaps)"
    )
    print(f"mean alignment cosine (label to extracted requirement): {np.mean(totals['align']):.3f}")
    if args.browser:
        compare_browser(args.browser, reports, embedder.encode, matcher)
    return 0


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  - "


def evidence_hits(report: TailorReport, label: dict, encode) -> tuple[int, int, list[float]]:
    wanted = [r for r in label["requirements"] if r["evidence"]]
    if not wanted or not report.matches:
        return 0, len(wanted), []
    extracted = encode([m.requirement.text for m in report.matches])
    labelled = encode([r["text"] for r in wanted])
    similarity = labelled @ extracted.T
    hits, align = 0, []
    for row, requirement in zip(similarity, wanted, strict=True):
        closest = int(np.argmax(row))
        align.append(float(row[closest]))
        top = {e.achievement_id for e in report.matches[closest].evidence[:3]}
        hits += bool(top & set(requirement["evidence"]))
    return hits, len(wanted), align


def gap_precision(report: TailorReport, label: dict, matcher: SkillMatcher) -> tuple[int, int]:
    truth = list(label["gaps"])
    truth += [
        " ".join([r["text"], *r["skills"]]) for r in label["requirements"] if not r["evidence"]
    ]
    reported = [g.skill for g in report.skill_gaps] + [g.text for g in report.requirement_gaps]
    correct = sum(any(same_thing(g, t, matcher) for t in truth) for g in reported)
    return correct, len(reported)


def same_thing(reported: str, truth: str, matcher: SkillMatcher) -> bool:
    if set(matcher.find(reported)) & set(matcher.find(truth)):
        return True
    a, b = set(_CONTENT.findall(reported.casefold())), set(_CONTENT.findall(truth.casefold()))
    shorter = min(a, b, key=len)
    return bool(shorter) and len(a & b) >= 0.5 * len(shorter)


# --- the /match/ page: the same postings read and matched in Chromium ---------------------


def browser_reports(site: Path, texts: list[str]) -> list[dict]:
    """window.showcaseMatch.matchPosting of each text on the built site's /match/ page."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/match/")
            out = [page.evaluate("(t) => window.showcaseMatch.matchPosting(t)", t) for t in texts]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def compare_browser(site: Path, reports: list, encode, matcher: SkillMatcher) -> None:
    """The page against the CLI: the same requirements read, hit@3 of its evidence on the
    labels (aligned through the CLI's requirements), and how often it calls a requirement
    covered, and strong, when the CLI does; then the same agreement over a threshold grid
    (what BROWSER_COVERED and BROWSER_STRONG in builder/tailor/browser.py were chosen with)."""
    pages = browser_reports(site, [text for _, text, _ in reports])
    print()
    print(f"/match/ page in Chromium ({site}):")
    same_reading = hits = counted = 0
    pairs: list[tuple[float, bool, bool, bool]] = []  # browser score, covered, CLI covered, strong
    gaps_ok = gaps = 0
    for (label, _, report), page in zip(reports, pages, strict=True):
        cli = [(m.requirement.text, m.requirement.must_have) for m in report.matches]
        ours = [(m["requirement"]["text"], m["requirement"]["must"]) for m in page["matches"]]
        same_reading += cli == ours
        shown = sum(m["covered"] for m in page["matches"])
        print(
            f"  {label['file'][:45]:45} covered on the page {shown}/{len(ours)}, "
            f"by the CLI {sum(m.covered for m in report.matches)}/{len(cli)}"
        )
        by_text = {m["requirement"]["text"]: m for m in page["matches"]}
        for match in report.matches:
            mine = by_text.get(match.requirement.text)
            if mine is None or not match.evidence:
                continue
            score = mine["evidence"][0]["score"] if mine["evidence"] else 0.0
            strong = match.evidence[0].strength == "strong"
            pairs.append((score, mine["covered"], match.covered, strong))
        wanted = [r for r in label["requirements"] if r["evidence"]]
        counted += len(wanted)
        if wanted and report.matches:
            similarity = encode([r["text"] for r in wanted]) @ encode([t for t, _ in cli]).T
            for row, requirement in zip(similarity, wanted, strict=True):
                mine = by_text.get(cli[int(np.argmax(row))][0])
                top = {e["id"] for e in (mine["evidence"] if mine else [])[:3]}
                hits += bool(top & set(requirement["evidence"]))
        truth = list(label["gaps"]) + [
            " ".join([r["text"], *r["skills"]]) for r in label["requirements"] if not r["evidence"]
        ]
        reported = [g["skill"] for g in page["skillGaps"]]
        reported += [m["requirement"]["text"] for m in page["matches"] if not m["covered"]]
        gaps_ok += sum(any(same_thing(g, t, matcher) for t in truth) for g in reported)
        gaps += len(reported)
    agree = sum(c == cli for _, c, cli, _ in pairs) / max(len(pairs), 1)
    print(f"  postings read into the same requirements as the CLI: {same_reading}/{len(reports)}")
    print(f"  evidence hit@3: {hits / max(counted, 1):.3f} over {counted} labelled requirements")
    print(f"  covered agrees with the CLI: {agree:.3f} over {len(pairs)} requirements")
    print(f"  gap precision: {gaps_ok / max(gaps, 1):.3f} ({gaps_ok} of {gaps} reported gaps)")
    scores = np.array([p[0] for p in pairs])
    cli_covered = np.array([p[2] for p in pairs])
    cli_strong = np.array([p[3] for p in pairs])
    print(
        f"  the CLI calls {cli_covered.sum()} covered and {cli_strong.sum()} strong; "
        "balanced accuracy (mean of both classes' recall) of score >= t against that:"
    )
    for t in np.arange(0.40, 0.70, 0.02):
        print(
            f"    t={t:.2f}  covered {balanced(scores >= t, cli_covered):.3f} "
            f"({(scores >= t).sum():3})  strong {balanced(scores >= t, cli_strong):.3f}"
        )


def balanced(predicted: np.ndarray, truth: np.ndarray) -> float:
    """Mean recall of the positive and the negative class (plain agreement rewards calling
    nothing strong when the CLI rarely does)."""
    recalls = [
        np.mean(predicted[truth == side] == side) for side in (True, False) if (truth == side).any()
    ]
    return float(np.mean(recalls))


if __name__ == "__main__":
    sys.exit(main())
