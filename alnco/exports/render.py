"""Format name -> renderer; each module is imported only when its format is asked for."""

from __future__ import annotations

import importlib

from alnco.exports.document import ExportData

RENDERERS = {
    "csv": ("alnco.exports.csv_export", "render_csv"),
    "json": ("alnco.exports.document", "render_json"),
    "xlsx": ("alnco.exports.xlsx_export", "render_xlsx"),
    "xapi": ("alnco.exports.xapi_export", "render_xapi"),
    "ics": ("alnco.exports.ics_export", "render_ics"),
    "html": ("alnco.exports.html_report", "render_html"),
}


def render(fmt: str, data: ExportData) -> bytes:
    module, name = RENDERERS[fmt]
    return getattr(importlib.import_module(module), name)(data)
