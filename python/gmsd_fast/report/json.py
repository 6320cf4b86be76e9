"""`gmsd-fast report --format json`: the report model as one JSON document. A contract::

    {"schema": 1,                                  # bumped on an incompatible change
     "tool": {"name": "gmsd-fast", "version": str},
     "generated": "YYYY-MM-DDTHH:MM:SS", "lang": "nl" | "en",
     "inputs": [str],                              # the paths as given
     "periods": ["H22025", ...],                   # of the files, sorted
     "verdict": "accepted" | "rejected" | "undecided",  # rejected: a file or a delivery
                                                   # rule rejects; undecided: else a file's
                                                   # reporting period is unknown
     "uitvraag": str | null,                       # whose delivery window was in force
     "summary": {"files": int, "accepted": int, "rejected": int, "undecided": int,
                 "delivery_rejects": int, "signals": int},
     "records": Records,                           # read by `check`, counted as CBS counts
     "total": Counts,                              # the sum over the files CBS counts (below)
     "files": [{"path": str, "gemeentecode": str | null, "gemeente": str | null (name),
                "period": str | null, "verdict": "accepted" | "rejected" | "undecided",
                "failing_pass": int | null, "rows": int,   # rows: records read
                "records": Records,
                "gemeenten": {code: rows},          # more than one key: rule L002
                "severity_counts": {"reject": int, "error": int, "warning": int, "info": int},
                "findings_per_rule": [Rule],
                "counts": Counts | null,            # null: the file could not be read
                "replaced_by": str | null}],        # a later file for the same gemeente and
                                                    # period (L001): not in the totals, as at CBS
     "table_notes": [str],                         # sentences under the table of files: which
                                                    # file a later one replaces, numbered names
     "findings_per_rule": [Rule & {"files": int}],  # over all files and the delivery rules
     "delivery_findings": [{"rule": str, "name": str,  # a delivery rule's code and name
                            "severity": "reject" | "warning", "pass": 4,
                            "message": str, "value": str | null, "files": [str]}],
     "centrumgemeenten_checked": bool,             # false: L003 was not checked
     "previous": null | {"inputs": [str], "files": int, "max_change": float},
     "comparison": null | [{"gemeentecode": str, "gemeente": str,
                            "previous": Side | null, "current": Side | null}],
     "signals": [{"kind": "group_zero" | "type_zero" | "clients_change" |
                          "voorzieningen_change" | "few_clients_previous" |
                          "few_clients_rows" | "missing",
                  "gemeentecode": str | null, "subject": str | null,
                  "previous": int | null, "current": int | null,
                  "change": float | null,           # (current - previous) / previous
                  "message": str}],
     "notes": [str]}

    Counts = {"rows",                           # records counted (Records.counted)
              "clients", "unknown_bsn_rows", "voorzieningen", "open_ended": int,
              "started_in_period", "ended_in_period": int | null,
              "voorzieningen_per_type": {"0001": int, ...},
              "voorzieningen_per_group": {group key: int},   # all five groups, CBS order
              "clients_per_group": {group key: int},
              "voorzieningen_per_leveringsvorm": {"2" | "4" | "6" | "0": int},
              "starts_per_month": {"YYYY-MM": int}, "ends_per_month": {"YYYY-MM": int}}
    Rule = {"rule": str, "name": str, "label": str (short title, in `lang`), "severity": str,
            "count": int, "title": str (one sentence, in `lang`)}
    Records = {"read": int,                     # what `check` reports as read
               "counted": int | null,           # Counts.rows; null: the file could not be read
               "explanation": str | null}       # one sentence when read and counted differ
    Side = {"clients": int, "voorzieningen": int, "voorzieningen_per_group": {group key: int}}

Group keys: `hulp_bij_het_huishouden`, `ondersteuning_thuis`, `hulpmiddelen_en_diensten`,
`verblijf_en_opvang`, `overig`. Leveringsvorm `0` means empty or invalid. No BSN appears.
"""

from __future__ import annotations

import json
from typing import IO, Any


def write(model: dict[str, Any], out: IO[str]) -> None:
    json.dump(model, out, ensure_ascii=False, indent=2)
    out.write("\n")
