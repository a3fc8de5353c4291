"""Render stage: enriched records in, Markdown pages, charts, assets and the nav out (pure).

`site.render_site` is the entry point; this package __init__ stays empty so that stages can
import the small helpers (templates, charts) without pulling in every page family.
"""
