"""`--format jsonl`: one JSON object per finding, one per line, nothing else.

Each object has the keys of the findings table: `file`, `line`, `column`, `field`, `rule`,
`name`, `severity`, `pass`, `message`, `value` (as in `--format json`, plus `file`). There are
no summary lines: a file without findings produces no output, and the exit code carries the
verdict. Use `--format json` when you need counts and verdicts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO

from gmsd_fast.api import ValidationResult
from gmsd_fast.output import FINDING_COLUMNS, finding_dicts


def write(results: Sequence[ValidationResult], out: IO[str]) -> None:
    for result in results:
        for row in finding_dicts(result):
            out.write(json.dumps({key: row[key] for key in FINDING_COLUMNS}, ensure_ascii=False))
            out.write("\n")
