"""JSON Resume: export the portfolio as resume.json (schema-validated) and import one."""

from builder.jsonresume.export import SITE_PATH, export_bytes, export_resume, site_assets
from builder.jsonresume.importing import ImportReport, import_resume
from builder.jsonresume.validate import problems, schema

__all__ = [
    "SITE_PATH",
    "ImportReport",
    "export_bytes",
    "export_resume",
    "import_resume",
    "problems",
    "schema",
    "site_assets",
]
