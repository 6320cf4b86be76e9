"""The compiled core (Rust). Kept honest by `python -m mypy.stubtest gmsd_fast._gmsd_fast`."""

from typing import Any, BinaryIO

__version__: str

class CheckResult:
    @property
    def path(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def period(self) -> str | None: ...
    @property
    def protocol(self) -> str: ...
    @property
    def rows(self) -> int: ...
    @property
    def lines(self) -> int: ...
    @property
    def bytes(self) -> int: ...
    @property
    def gemeentecode(self) -> str | None: ...
    @property
    def aanmaakdatum(self) -> str | None: ...
    @property
    def failing_pass(self) -> int | None: ...
    @property
    def counts(self) -> dict[str, int]: ...
    @property
    def severity_counts(self) -> dict[str, int]: ...
    @property
    def kept(self) -> int: ...
    @property
    def cbs_counts(self) -> dict[str, Any] | None: ...
    @property
    def gemeenten(self) -> dict[str, int]: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

def check_path(
    path: str,
    shown_as: str | None = None,
    *,
    protocol: str | None = None,
    period: str | None = None,
    select: list[str] = ...,
    ignore: list[str] = ...,
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    jobs: int = 1,
    count: bool = False,
) -> CheckResult: ...
def check_bytes(
    data: bytes,
    name: str,
    *,
    protocol: str | None = None,
    period: str | None = None,
    select: list[str] = ...,
    ignore: list[str] = ...,
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    count: bool = False,
) -> CheckResult: ...
def check_stream(
    reader: BinaryIO,
    name: str,
    *,
    protocol: str | None = None,
    period: str | None = None,
    select: list[str] = ...,
    ignore: list[str] = ...,
    max_per_rule: int = 100,
    reveal_bsn: bool = False,
    lang: str = "nl",
    count: bool = False,
) -> CheckResult: ...
def rules(protocol: str | None = None) -> list[dict[str, Any]]: ...
def protocols() -> list[str]: ...
def columns(protocol: str | None = None) -> list[dict[str, Any]]: ...
def generate(
    path: str,
    rows: int,
    *,
    seed: int = 1,
    period: str = "H22025",
    gemeentecode: int = 363,
    faulty_share: float = 0.0,
    crlf: bool = False,
) -> dict[str, Any]: ...
def code_lists(protocol: str | None = None) -> dict[str, list[dict[str, Any]]]: ...
def publication_groups(protocol: str | None = None) -> list[dict[str, str]]: ...
def gemeenten() -> list[dict[str, str | None]]: ...
