"""Semantic search (enrich): embeddings, FAISS neighbours, themes and the browser's token table.

Entry point: stage.build_search. Returns records; the browser's asset files are compiled by
builder.render. Never imports render, publish, commands or the CLI.
"""
