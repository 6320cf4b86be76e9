"""Mistakes `mypy --strict` finds in a vendor's use of the API (tests/test_typing.py expects
an error on each line marked `# error`)."""

from __future__ import annotations

import gmsd_fast

result = gmsd_fast.validate("x.csv", select=5)  # error
gmsd_fast.check_delivery("x.zip", selct=["F015"])  # error
gmsd_fast.fix("x.csv", "y.csv", lang="de")  # error
if result.verdict == "acepted":  # error
    pass
code: int = gmsd_fast.rules()[0]["code"]  # error
gmsd_fast.rules()[0]["titel"]  # error
