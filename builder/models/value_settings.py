"""Rates and assumptions of the business-value engine (owned by builder/value).

Every number the engine assumes lives here, so an owner can change a rate in mkdocs.yml and
every formula on the site follows; nothing about money or volumes is hard-coded in the engine.
"""

from pydantic import Field, model_validator

from builder.models.base import StrictModel

SEVERITIES = ("low", "medium", "high", "critical")


class ValueSettings(StrictModel):
    hourly_rate_by_role: dict[str, float] = Field(
        default_factory=lambda: {
            "principal": 175.0,
            "staff": 150.0,
            "senior": 125.0,
            "lead": 140.0,
            "data scientist": 115.0,
            "engineer": 100.0,
            "junior": 70.0,
            "analyst": 80.0,
            "default": 100.0,
        },
        description="USD per hour by role keyword found in the text; 'default' when none is.",
    )
    working_weeks_per_year: int = Field(52, ge=1, le=53)
    working_days_per_week: int = Field(5, ge=1, le=7)
    working_hours_per_day: float = Field(8.0, gt=0, le=24, description="Prices 'N days' saved.")
    working_hours_per_person_year: float = Field(
        1800.0, gt=0, description="One full-time person's yearly hours (FTE equivalent)."
    )
    sprints_per_year: int = Field(26, ge=1, description="Two-week sprints by default.")
    releases_per_year: int = Field(12, ge=1, description="Prices 'per release' and lead time.")
    team_size: int = Field(
        6, ge=1, description="Team size for the velocity KPI when profile.yml gives none."
    )
    cost_per_incident_by_severity: dict[str, float] = Field(
        default_factory=lambda: {
            "low": 2500.0,
            "medium": 7500.0,
            "high": 15000.0,
            "critical": 25000.0,
        },
        description="USD per incident avoided, by severity (low, medium, high, critical).",
    )
    default_incident_severity: str = Field("medium", description="When the text names none.")
    cost_per_compute_hour: float = Field(
        2.0, gt=0, description="USD per instance-hour (blended CPU/GPU) for compute savings."
    )
    compute_hours_per_year: float = Field(
        8760.0, gt=0, description="Assumed baseline when a speed-up states no fleet: one machine."
    )
    memory_share_of_compute_cost: float = Field(
        0.3, gt=0, le=1, description="Share of instance cost that memory savings free up."
    )
    storage_usd_per_gb_month: float = Field(0.023, gt=0)
    ci_runs_per_year: int = Field(
        2500, ge=1, description="Pipeline runs per year when the text states none (~10/day)."
    )
    ci_wait_share: float = Field(
        0.25, gt=0, le=1, description="Share of pipeline time a developer actually waits."
    )
    pipeline_minutes_baseline: float = Field(
        15.0, gt=0, description="Assumed pipeline duration when only a % change is stated."
    )
    hours_per_defect: float = Field(6.0, gt=0, description="Engineer hours to find and fix one.")
    hours_per_flaky_failure: float = Field(
        0.5, gt=0, description="Engineer hours lost to one flaky pipeline failure."
    )
    manual_runs_per_year_default: int = Field(
        12, ge=1, description="Runs of an automated manual process when no frequency is stated."
    )
    monte_carlo_draws: int = Field(10_000, ge=100, le=1_000_000)
    seed: int = 20240601

    @model_validator(mode="after")
    def _complete_tables(self) -> "ValueSettings":
        if "default" not in self.hourly_rate_by_role:
            raise ValueError("hourly_rate_by_role needs a 'default' entry (USD per hour)")
        missing = [s for s in SEVERITIES if s not in self.cost_per_incident_by_severity]
        if missing:
            raise ValueError(
                f"cost_per_incident_by_severity is missing {', '.join(missing)} "
                f"(expected keys: {', '.join(SEVERITIES)})"
            )
        if self.default_incident_severity not in SEVERITIES:
            raise ValueError(
                f"default_incident_severity is {self.default_incident_severity!r}; "
                f"expected one of {', '.join(SEVERITIES)}"
            )
        return self
