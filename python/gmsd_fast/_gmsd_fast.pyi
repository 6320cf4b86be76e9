"""The compiled core (Rust). Kept honest by `python -m mypy.stubtest gmsd_fast._gmsd_fast`."""

from typing import IO, Any, final

__all__ = [
    "CheckOptions",
    "CheckResult",
    "StopToken",
    "__version__",
    "check_bytes",
    "check_path",
    "check_stream",
    "code_lists",
    "columns",
    "gemeenten",
    "generate",
    "protocols",
    "publication_groups",
    "rules",
]

__version__: str

@final
class CheckOptions:
    def __new__(
        cls,
        *,
        protocol: str | None = None,
        period: str | None = None,
        select: list[str] = ...,
        ignore: list[str] = ...,
        max_per_rule: int = ...,  # 100 (check::DEFAULT_MAX_PER_RULE)
        reveal_bsn: bool = False,
        lang: str = "nl",
        jobs: int = 1,
        count: bool = False,
        stop: StopToken | None = None,
    ) -> CheckOptions: ...

@final
class StopToken:
    def __new__(cls) -> StopToken: ...
    def request(self) -> None: ...
    @property
    def requested(self) -> bool: ...

@final
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

def check_path(path: str, shown_as: str | None, options: CheckOptions) -> CheckResult: ...
def check_bytes(data: bytes, name: str, options: CheckOptions) -> CheckResult: ...
def check_stream(reader: IO[bytes], name: str, options: CheckOptions) -> CheckResult: ...
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
    stop: StopToken | None = None,
) -> dict[str, Any]: ...
def code_lists(protocol: str | None = None) -> dict[str, list[dict[str, Any]]]: ...
def publication_groups(protocol: str | None = None) -> list[dict[str, str]]: ...
def gemeenten() -> list[dict[str, str | None]]: ...
