"""`gmsd-fast report`: the op-orde style overview of a delivery, per file and as a whole.

`model.build_report` turns checked results (with `count=True`) and the delivery findings into
a plain, JSON-serialisable dict; `text`, `json` and `html` render it. `svg` draws the charts
of the HTML report. No module here ever sees a BSN: the model holds counts only.
"""

from __future__ import annotations

from gmsd_fast.report.model import FileParts, build_report

__all__ = ["FileParts", "build_report"]
