"""Impact model and its MLOps lifecycle (enrich): train, track, register, explain, watch drift.

Entry point: stage.run_impact_model. Reads builder.models records and the value stage's
records; never imports render, publish, commands or the CLI.
"""
