"""The promotion gate: should the challenger replace the champion? Pure: it decides, and
the lifecycle applies the decision to the registry (`registry.apply_decision`).

"gate": promote only if the challenger's mean fold MAE beats the champion's by more than the
fold spread (the larger of the two standard deviations): a smaller gain is noise.
"drift": the champion's inputs have moved away from its training data, so its metrics no
longer describe it; the retrained challenger is promoted unless it is worse by more than
the fold spread.
"privacy": the champion learned from an item that is no longer public (made private, or
removed); the run trained on today's public data replaces it without a contest, whatever
its score, and the reason gives a count, never the items.
"""

from typing import Literal

from builder.models.mlops import GateDecision, GateSide, RunRecord


def side(record: RunRecord | None) -> GateSide | None:
    if record is None:
        return None
    model = record.metrics.model
    return GateSide(
        run_id=record.run_id,
        mae=model.mae.mean,
        mae_std=model.mae.std,
        r2=model.r2.mean,
        spearman=model.spearman.mean,
    )


def gate(
    champion: RunRecord | None, challenger: RunRecord, mode: Literal["gate", "drift"]
) -> GateDecision:
    ch, cp = side(challenger), side(champion)
    assert ch is not None
    if champion is None or cp is None:
        return GateDecision(
            mode=mode,
            promoted=True,
            reason="first model: there was no champion",
            challenger=ch,
            champion=None,
        )
    if champion.schema_sha256 != challenger.schema_sha256:
        return GateDecision(
            mode=mode,
            promoted=True,
            reason="feature schema changed: the champion cannot score the data",
            challenger=ch,
            champion=cp,
        )
    if ch.mae is None or cp.mae is None:
        raise ValueError("a run without a mean fold MAE cannot be gated")
    margin = round(cp.mae - ch.mae, 6)
    spread = round(max(cp.mae_std or 0.0, ch.mae_std or 0.0), 6)
    if mode == "drift":
        promoted = margin >= -spread
        reason = (
            f"drift retraining: challenger MAE {ch.mae:.3f} vs champion {cp.mae:.3f}; "
            + ("not worse by more than" if promoted else "worse by more than")
            + f" the fold spread {spread:.3f}"
        )
    else:
        promoted = margin > spread
        reason = (
            f"challenger MAE {ch.mae:.3f} vs champion {cp.mae:.3f}: gain {margin:.3f} "
            + (">" if promoted else "is not more than")
            + f" fold spread {spread:.3f}"
        )
    return GateDecision(
        mode=mode,
        promoted=promoted,
        reason=reason,
        margin=margin,
        spread=spread,
        challenger=ch,
        champion=cp,
    )


def forced(challenger: RunRecord, champion: RunRecord | None, reason: str) -> GateDecision:
    """The champion's model file was refused: its replacement is promoted without a contest."""
    return GateDecision(
        mode="refused",
        promoted=True,
        reason=reason,
        challenger=side(challenger),
        champion=side(champion),
    )


def no_new_labels(record: RunRecord) -> GateDecision:
    """Drift asked for retraining, but the labelled data is the champion's own: retraining
    would reproduce the champion bit for bit. Say so rather than pretend to retrain."""
    return GateDecision(
        mode="drift",
        promoted=False,
        reason="drift retraining found no new labelled data: retraining would "
        "reproduce the champion; label the new work (impact_score, or link its PRs "
        "to an achievement) to retrain on it",
        challenger=side(record),
        champion=side(record),
    )


def unpublishable(champion: RunRecord, current: RunRecord, public: set[str]) -> GateDecision | None:
    """A forced replacement when the champion's training set holds items that are not
    public any more, or None when every item it learned from still is."""
    # Rows already withheld from its record were items that went private at a build
    # that could not retrain (too few labels): they count as gone.
    gone = champion.withheld + sum(1 for row in champion.out_of_fold if row.item_id not in public)
    if gone == 0:
        return None
    return GateDecision(
        mode="privacy",
        promoted=True,
        reason=f"the champion was trained on {gone} item(s) that are no longer public: "
        "replaced by the model trained on the public items only",
        challenger=side(current),
        champion=side(champion),
    )
