"""`--format jsonl`: one JSON object per finding, one per line, nothing else.

Each object has the keys of the findings table: `file`, `line`, `column`, `field`, `rule`,
`name`, `severity`, `pass`, `message`, `value` (as in `--format json`, plus `file`), in that
order, with `null` for what a finding lacks. There are no summary lines: a file without
findings produces no output, and the exit code carries the verdict. Use `--format json` when
you need counts and verdicts. Written as the findings are found, by the core (arrow-json).
"""

from __future__ import annotations

from collections.abc import Iterable

from gmsd_fast import _gmsd_fast
from gmsd_fast.api import ValidationResult
from gmsd_fast.output import Output


def write(results: Iterable[ValidationResult], out: Output) -> None:
    for result in results:
        for batch in result.batches():
            out.write(_gmsd_fast.json_lines(batch))
