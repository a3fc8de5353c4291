"""Business-value engine (enrich): prices achievements and PRs in dollars per year, formula shown.

Entry point: stage.price_portfolio. Read in this order: parse.py (text and units) ->
signals.py (measured changes) -> methods/ (pricing methods) -> estimate.py (one item) ->
rollup.py and montecarlo.py (the portfolio).

Imports builder.models and its own modules only; never render, publish, commands or the CLI.
"""
