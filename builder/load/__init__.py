"""Load stage: the owner's files in (achievements, profile, PR exports, roles, JSON Resume),
validated records out, or every problem at once with file, line and field.

Entry point: sources.load_sources. Imports builder.models and builder.errors only; never an
enrich stage, render, publish, commands or the CLI.
"""
