"""Publish: the MkDocs plugin (plugin.py), the Content-Security-Policy (csp.py) and the atomic
writer (write.py). The only code that touches site/.

Imports the pipeline and render's outputs; nothing upstream imports this package.
"""
