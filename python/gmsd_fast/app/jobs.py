"""The checks of `gmsd-fast app`: one `Job` per set of uploaded files, in a private folder.

A job lives in its own folder (mode 0700) inside the server's temporary folder (mode 0700,
removed when the server stops): `uploads/<n>/<file name>` for what the user uploaded,
`fixed-1/…` and `fixed-2/…` for the repaired files, `findings.xlsx`. Its steps (check, count,
fix) run one at a time on a thread of their own; `stop()` requests the job's stop token (the
one a check looks at between blocks, as Ctrl-C does in the CLI). A stopped job removes its
folder and stays only as a state the page can read ("stopped"). At most `KEEP` jobs are kept:
starting one more removes the oldest.

The page polls `status()` while a step runs. Every step's data comes from `gmsd_fast.app.glue`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.app import glue
from gmsd_fast.exceptions import Stopped

#: Jobs kept at once (each holds its uploads on disk).
KEEP = 4
#: The states of a job.
READY, UPLOADING, CHECKING, COUNTING, FIXING, DONE, STOPPED, FAILED = (
    "ready",
    "uploading",
    "checking",
    "counting",
    "fixing",
    "done",
    "stopped",
    "failed",
)
BUSY = (CHECKING, COUNTING, FIXING)


class JobError(Exception):
    """A request a job cannot serve: `key` names the words (gmsd_fast.app.words), `values` fill
    them, `status` is the HTTP status."""

    def __init__(self, key: str, status: int = 400, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.status = status
        self.values = values


@dataclass
class Job:
    id: str
    folder: str
    lang: str = "nl"
    state: str = READY
    uploads: list[glue.Upload] = field(default_factory=list)
    uploaded_bytes: int = 0
    done: int = 0
    total: int = 0
    checked: glue.Checked | None = None
    report: dict[str, Any] | None = None
    fixed: list[glue.Fixed] | None = None
    #: The words key and values of what ended the last step, if it failed.
    error: tuple[str, dict[str, object]] | None = None
    stop_token: StopToken = field(default_factory=StopToken)
    thread: threading.Thread | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: The next free number for an upload's folder.
    next_upload: int = 0
    #: Uploads being written (their bytes are reserved).
    reserved: int = 0
    #: Rounds of repairs so far (each writes a folder of its own, `fixed-<n>`).
    fix_round: int = 0

    # uploads

    def reserve(self, name: str, size: int | None) -> tuple[str, int]:
        """A new path for an upload named `name` (its own folder, its own file name), and the
        bytes it may take; `JobError` when the job takes no more files or bytes."""
        base = upload_basename(name)
        with self.lock:
            if self.state not in (READY, UPLOADING):
                raise JobError("busy", 409)
            if len(self.uploads) + 1 > glue.LIMITS.max_members:
                raise JobError("too_many", 413, limit=glue.LIMITS.max_members)
            room = glue.LIMITS.max_total_bytes - self.uploaded_bytes - self.reserved
            if size is not None and size > room:
                raise JobError("too_large", 413, name=name, limit=glue.LIMITS.max_total_bytes)
            if size is not None and size > shutil.disk_usage(self.folder).free:
                raise JobError("disk_full", 507, name=name)
            number = self.next_upload
            self.next_upload += 1
            self.state = UPLOADING
            take = room if size is None else size
            self.reserved += take
        folder = os.path.join(self.folder, "uploads", str(number))
        os.makedirs(folder, mode=0o700)
        return os.path.join(folder, base), take

    def uploaded(self, name: str, path: str, size: int, room: int) -> None:
        with self.lock:
            self.reserved -= room
            if self.state != UPLOADING:  # stopped meanwhile: its folder is gone
                raise JobError("gone", 404)
            self.uploads.append(glue.Upload(name, path))
            self.uploaded_bytes += size

    def abandoned(self, path: str, room: int) -> None:
        with self.lock:
            self.reserved -= room
        with contextlib.suppress(OSError):
            shutil.rmtree(os.path.dirname(path))

    # steps

    def _run(self, state: str, step: Callable[[], None]) -> None:
        with self.lock:
            if self.state in BUSY:
                raise JobError("busy", 409)
            if self.state == STOPPED:
                raise JobError("gone", 404)
            self.state, self.done, self.total, self.error = state, 0, 0, None

        def run() -> None:
            try:
                step()
                with self.lock:
                    if self.state != STOPPED:
                        self.state = DONE
            except Stopped:
                self._stopped()
            except OSError as err:
                self._failed("internal", kind=type(err).__name__, detail=str(err))
            except Exception as err:  # one line on the page, never a traceback
                if os.environ.get("GMSD_FAST_DEBUG"):
                    raise
                self._failed("internal", kind=type(err).__name__, detail=str(err))

        self.thread = threading.Thread(target=run, name=f"gmsd-app-{self.id[:6]}", daemon=True)
        self.thread.start()

    def _progress(self, state: str) -> Callable[[int, int], None]:
        def progress(done: int, total: int) -> None:
            with self.lock:
                if self.state != STOPPED:  # a check that ends after a stop says no more
                    self.state, self.done, self.total = state, done, total

        return progress

    def _failed(self, key: str, **values: object) -> None:
        with self.lock:
            if self.state != STOPPED:
                self.state = FAILED
                self.error = (key, values)

    def _stopped(self) -> None:
        with self.lock:
            self.state = STOPPED
            self.checked = self.report = self.fixed = None
            self.uploads = []
        shutil.rmtree(self.folder, ignore_errors=True)

    def check(self, lang: str) -> None:
        """Checks the uploads in `lang` (again, when the page changes its language), then
        counts them as CBS does for the report when they are few enough records."""
        if not self.uploads:
            raise JobError("nothing_chosen")
        uploads = list(self.uploads)
        self.lang = lang

        def step() -> None:
            checked = glue.check(uploads, lang, self.stop_token, self._progress(CHECKING))
            with self.lock:
                if self.state == STOPPED:
                    return
                self.checked, self.report, self.fixed = checked, None, None
            if checked.rows <= glue.REPORT_MAX_ROWS:
                report = glue.count(uploads, lang, self.stop_token, self._progress(COUNTING))
                with self.lock:
                    if self.state != STOPPED:
                        self.report = report

        self._run(CHECKING, step)

    def fix(self, codes: list[str]) -> None:
        """Repairs the uploads (safe repairs), or, with `codes`, the repaired files further by
        those rules' unsafe repairs too."""
        if self.checked is None:
            raise JobError("not_ready", 409)
        uploads, lang = list(self.uploads), self.lang
        fixed = self.fixed
        if codes and fixed is None:
            raise JobError("not_ready", 409)

        self.fix_round += 1
        folder = os.path.join(self.folder, f"fixed-{self.fix_round}")

        def step() -> None:
            progress = self._progress(FIXING)
            if codes and fixed is not None:
                result = glue.fix_unsafe(fixed, codes, folder, lang, self.stop_token, progress)
            else:
                result = glue.fix_safe(uploads, folder, lang, self.stop_token, progress)
            with self.lock:
                if self.state == STOPPED:
                    return
                self.fixed = result
            # Only the newest round's files can be downloaded: the others go.
            for old in range(1, self.fix_round):
                shutil.rmtree(os.path.join(self.folder, f"fixed-{old}"), ignore_errors=True)

        self._run(FIXING, step)

    def xlsx(self) -> str:
        """The workbook of the check (written once per check)."""
        checked = self.checked
        if checked is None or self.state in BUSY:
            raise JobError("not_ready", 409)
        path = os.path.join(self.folder, f"findings-{checked.lang}-{id(checked)}.xlsx")
        if not os.path.exists(path):
            temp = f"{path}.{threading.get_ident()}.tmp"
            try:
                glue.write_xlsx(checked, temp, self.stop_token)
            except Stopped:
                raise JobError("gone", 404) from None
            os.replace(temp, path)
        return path

    def stop(self) -> None:
        """Stops what runs (the check ends at its next block) and removes the uploads."""
        self.stop_token.request()
        thread = self.thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=30)
        self._stopped()


def upload_basename(name: str) -> str:
    """The file name an upload is kept under (the file-name rules read it): the last part of
    the name the browser gave. `JobError` for one that cannot be a file name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if (
        not base
        or base in (".", "..")
        or any(ord(c) < 32 or c == "\x7f" for c in base)
        or len(base.encode("utf-8", "surrogatepass")) > 255
    ):
        raise JobError("bad_name", 400, name=name[:300])
    try:
        base.encode("utf-8")
    except UnicodeEncodeError:
        raise JobError("bad_name", 400, name=name[:300]) from None
    return base


class Jobs:
    """The server's jobs, in its temporary folder `root`."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def create(self, lang: str) -> Job:
        job_id = secrets.token_urlsafe(16)
        folder = os.path.join(self.root, job_id)
        os.mkdir(folder, 0o700)
        job = Job(id=job_id, folder=folder, lang=lang)
        with self._lock:
            self._jobs[job_id] = job
            old = list(self._jobs.values())[:-KEEP]
        for stale in old:
            self.remove(stale.id)
        return job

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise JobError("gone", 404)
        return job

    def remove(self, job_id: str) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
        if job is not None:
            job.stop()

    def close(self) -> None:
        """Stops every job and removes the temporary folder."""
        with self._lock:
            jobs = list(self._jobs.values())
            self._jobs.clear()
        for job in jobs:
            job.stop_token.request()
        deadline = time.monotonic() + 30
        for job in jobs:
            if job.thread is not None:
                job.thread.join(timeout=max(0.0, deadline - time.monotonic()))
        shutil.rmtree(self.root, ignore_errors=True)
