"""`gmsd-fast app`: the check in a browser page on the user's own machine.

A local web server (starlette on uvicorn, `gmsd_fast.app.server`) on 127.0.0.1 serves one
page (`page.html`, with `static/app.js` and `static/app.css`: no framework, no build step,
nothing from the network) on which a user drops files, a folder or a zip, and gets the
verdict per file, the findings, the report of `gmsd-fast report`, the workbook of `check
--format xlsx` and the repaired files of `fix`. The modules:

- `server`: the routes and the guard (token, Host, origin, security headers);
- `jobs`: one job per set of uploads, its private folder and its steps on a thread;
- `glue`: the one module that calls the checker (see its doc for which functions);
- `view`: a job as the page shows it (JSON, in words);
- `words`: the words, Dutch and English.

Only `gmsd-fast app` imports this package (a check never loads starlette or uvicorn).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import secrets
import socket
import sys
import tempfile
import threading
import time
import webbrowser
from typing import IO, Any

from gmsd_fast._gmsd_fast import StopToken
from gmsd_fast.app.words import w

__all__ = ["AppError", "serve"]


class AppError(Exception):
    """The server cannot start; the message is in the user's language, one line."""


def _listen(port: int, lang: str) -> socket.socket:
    """A socket listening on 127.0.0.1:`port` (0: a free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise AppError(w("port_in_use", lang, port=port)) from None
        raise AppError(w("cannot_listen", lang, port=port, reason=err.strerror or err)) from None
    sock.set_inheritable(False)
    return sock


class _OneLine(logging.Formatter):
    """uvicorn's own errors as one line, without a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        return "gmsd-fast: " + " ".join(record.getMessage().split())

    def formatException(self, ei: object) -> str:
        return ""


def _quiet_uvicorn() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.ERROR if name != "uvicorn.access" else logging.CRITICAL + 1)
        logger.propagate = False


def serve(
    *, port: int, browser: bool, lang: str, stop: StopToken | None = None, out: IO[str] | None = None
) -> None:
    """Runs the app until Ctrl-C or SIGTERM (or `stop` is requested): listens on
    127.0.0.1:`port` (0: a free port), prints the address with its token to `out` (stdout)
    and opens it in the default browser (`webbrowser`, which honours BROWSER) unless `browser`
    is false. Uploads live in a private temporary folder, removed when it stops. Raises
    `AppError` when it cannot listen."""
    import uvicorn

    from gmsd_fast.app.jobs import Jobs
    from gmsd_fast.app.server import create_app

    out = out or sys.stdout
    sock = _listen(port, lang)
    port = sock.getsockname()[1]
    token = secrets.token_urlsafe(32)
    root = tempfile.mkdtemp(prefix="gmsd-fast-app-")  # mode 0700
    jobs = Jobs(root)
    try:
        app = create_app(jobs, token=token, port=port, lang=lang)
        _quiet_uvicorn()
        config = uvicorn.Config(
            app,
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
            server_header=False,
            date_header=False,
        )
        server = uvicorn.Server(config)
        url = f"http://127.0.0.1:{port}/?token={token}"
        out.write(w("running", lang, url=url) + "\n")
        out.write(w("opening" if browser else "open_yourself", lang) + "\n")
        out.flush()
        if browser:
            threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
        if stop is not None:
            # A signal that came before uvicorn took the signals over went to the CLI's handler.
            threading.Thread(target=_stop_when_requested, args=(server, stop), daemon=True).start()
        server.run(sockets=[sock])
    finally:
        with contextlib.suppress(OSError):
            sock.close()
        jobs.close()


def _stop_when_requested(server: Any, stop: StopToken) -> None:
    while not server.should_exit:
        if stop.requested:
            server.should_exit = True
            return
        time.sleep(0.1)


def _open_when_started(server: object, url: str) -> None:
    deadline = time.monotonic() + 10
    while not getattr(server, "started", False) and time.monotonic() < deadline:
        time.sleep(0.05)
    with contextlib.suppress(Exception):  # no browser: the address is printed
        webbrowser.open(url)
