"""Narratives (enrich): STAR stories, bullets, an About summary and interview scripts.

Entry point: stage.write_narratives. Written by any OpenAI-compatible model when one is
configured, by Jinja templates otherwise; every reply passes the grounding guard.
Never imports render, publish, commands or the CLI.
"""
