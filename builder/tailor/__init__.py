"""The tailor stage: read a job posting into requirements and match them with the owner's
evidence (`showcase tailor`).

It owns the posting reader (plain text, Markdown or HTML, without an LLM), the skill matcher
over the vocabulary, the evidence ranking and the gap list, and the cover-letter draft. It
may use builder.models, builder.search (embeddings, document texts) and builder.text; it never
imports render, publish, commands, cli or pipeline: the command asks the pipeline for the
enriched portfolio and hands the report to render for the resume.
"""
