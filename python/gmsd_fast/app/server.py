"""The local web server of `gmsd-fast app`: starlette routes behind a guard, run by uvicorn.

Security, as for any local server (the guard, `Guard`, sees every request first):

- It listens on 127.0.0.1 only, on a port of its own (`--port`, else a free one).
- Every request must carry the token of this run: the first address has it (`?token=`); the
  answer sets it as a cookie (HttpOnly, SameSite=Strict, named after the port) and sends the
  browser on to the address without it. Tokens are compared in constant time
  (`hmac.compare_digest`).
- The Host header must be `127.0.0.1:PORT` or `localhost:PORT` (against DNS rebinding: a
  page of another site whose name is made to point at 127.0.0.1 sends its own name).
- A request from another origin is refused: an `Origin` header other than this server's, and
  `Sec-Fetch-Site` other than `same-origin` or `none` (another port of 127.0.0.1 is another
  origin of the same site, to which a SameSite cookie would still go). No CORS headers are
  ever sent.
- Every answer has a Content-Security-Policy: the page runs only its own script files
  (`script-src 'self'`, nothing inline), the report and the explanations run no script at
  all; `nosniff`, no referrer, nothing cached, no framing but the report's in the page.
- Uploads are streamed to disk in pieces (never held whole in memory), within the limits of
  the CLI for zips (`glue.LIMITS`), into the job's private folder (`gmsd_fast.app.jobs`).
- No traceback reaches the user: an unexpected error is one line in the terminal and a
  message on the page (GMSD_FAST_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import json
import os
import re
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gmsd_fast.app import glue, view
from gmsd_fast.app.jobs import BUSY, STOPPED, JobError, Jobs
from gmsd_fast.app.words import LANGS, page_words, w

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
#: Bytes written to disk at a time while an upload streams in.
WRITE_CHUNK = 1 << 20

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
#: The report and the explanations: no script at all; the report's inline CSS and SVG.
DOCUMENT_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src data:; form-action 'none'; "
    "base-uri 'none'; frame-ancestors 'self'"
)
#: Downloads: nothing runs, nothing loads.
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def _lang(request: Request, default: str) -> str:
    lang = request.query_params.get("lang", default)
    return lang if lang in LANGS else default


class Guard:
    """The ASGI middleware every request passes first; see the module's doc."""

    def __init__(self, app: ASGIApp, *, token: str, port: int, lang: str) -> None:
        self.app = app
        self.token = token.encode()
        self.lang = lang
        self.cookie = f"gmsd_fast_{port}"
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}
        self.origins = {b"http://" + host for host in self.hosts}

    def _valid(self, given: str | bytes | None) -> bool:
        if not given:
            return False
        value = given.encode() if isinstance(given, str) else given
        return hmac.compare_digest(value, self.token)

    async def _refuse(self, send: Send, status: int = 403) -> None:
        text = f"{w('refused', 'nl')}\n{w('refused', 'en')}\n".encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(text)).encode()),
                    *_security_headers(DOWNLOAD_CSP),
                ],
            }
        )
        await send({"type": "http.response.body", "body": text})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        headers: dict[bytes, bytes] = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.lower(), value)
        if headers.get(b"host") not in self.hosts:
            await self._refuse(send)
            return
        origin = headers.get(b"origin")
        if origin is not None and origin not in self.origins:
            await self._refuse(send)
            return
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            await self._refuse(send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = next((value for key, value in query if key == "token"), None)
        if given is not None and self._valid(given):
            if scope["method"] in ("GET", "HEAD"):
                # The token becomes a cookie; the address the browser keeps has none.
                rest = urlencode([(k, v) for k, v in query if k != "token"])
                path = scope.get("raw_path") or scope["path"].encode("utf-8")
                path = b"/" + path.lstrip(b"/")  # never `//host`: a link to elsewhere
                location = path + (f"?{rest}".encode() if rest else b"")
                cookie = f"{self.cookie}={self.token.decode()}; HttpOnly; SameSite=Strict; Path=/"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 303,
                        "headers": [
                            (b"location", location),
                            (b"set-cookie", cookie.encode()),
                            (b"content-length", b"0"),
                            *_security_headers(DOWNLOAD_CSP),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        elif not self._valid(_cookie(headers.get(b"cookie", b""), self.cookie)):
            await self._refuse(send)
            return
        await self._serve(scope, receive, send)

    async def _serve(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                given = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"
                ]
                csp = next(
                    (v for k, v in message.get("headers", []) if k.lower() == b"content-security-policy"),
                    PAGE_CSP.encode(),
                )
                message["headers"] = [
                    *[(k, v) for k, v in given if not k.lower().startswith(b"access-control-")],
                    *_security_headers(csp.decode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as err:
            if os.environ.get("GMSD_FAST_DEBUG"):
                raise
            _log_error(err, self.lang)
            if not started:
                body = json.dumps({"error": w("internal", self.lang, kind=type(err).__name__)}).encode()
                await guarded_send(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})


def _cookie(header: bytes, name: str) -> str | None:
    for part in header.decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    framing = b"SAMEORIGIN" if "frame-ancestors 'self'" in csp else b"DENY"
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", framing),
        (b"referrer-policy", b"no-referrer"),
        (b"cache-control", b"no-store"),
        (b"cross-origin-resource-policy", b"same-origin"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


def _log_error(err: BaseException, lang: str) -> None:
    detail = " ".join(str(err).split())[:300]
    line = w("error_line", lang, kind=type(err).__name__, detail=detail)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"gmsd-fast: {line}\n")
        sys.stderr.flush()


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


def _page(lang: str) -> str:
    """The page, its words filled in (escaped); the script swaps them for the other language."""
    template = (HERE / "page.html").read_text(encoding="utf-8")
    words = json.dumps(page_words(), ensure_ascii=False)
    # JSON in an HTML data block: nothing in it may close the element.
    words = words.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def fill(match: re.Match[str]) -> str:
        return escape(w(match.group(1), lang))

    html = re.sub(r"\{\{w:([a-z_]+)\}\}", fill, template)
    return html.replace("{{lang}}", lang).replace("{{words}}", words)


def _explain_page(code: str, markdown: str, lang: str) -> str:
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(code)} · gmsd-fast</title>"
        '<link rel="stylesheet" href="/static/app.css"></head>'
        f'<body><main class="explain">{body}</main></body></html>'
    )


def create_app(jobs: Jobs, *, token: str, port: int, lang: str) -> ASGIApp:
    """The app: the page, its API and the explanations, behind the guard."""

    async def page(request: Request) -> Response:
        return HTMLResponse(_page(_lang(request, lang)))

    async def explain(request: Request) -> Response:
        shown = _lang(request, lang)
        found = glue.explain(request.path_params["code"], shown)
        if found is None:
            text = escape(w("unknown_rule", shown, code=request.path_params["code"]))
            return HTMLResponse(
                f"<!DOCTYPE html><p>{text}</p>",
                status_code=404,
                headers={"content-security-policy": DOCUMENT_CSP},
            )
        code, markdown = found
        return HTMLResponse(
            _explain_page(code, markdown, shown), headers={"content-security-policy": DOCUMENT_CSP}
        )

    async def create(request: Request) -> Response:
        # Making room may stop an old job's check: not on the event loop.
        job = await anyio.to_thread.run_sync(jobs.create, _lang(request, lang))
        return _json({"id": job.id}, 201)

    async def status(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        return _json(view.status(job, _lang(request, lang)))

    async def remove(request: Request) -> Response:
        await anyio.to_thread.run_sync(jobs.remove, request.path_params["job"])
        return Response(status_code=204)

    async def upload(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        name = request.query_params.get("name", "")
        length = request.headers.get("content-length")
        size = int(length) if length and length.isdigit() else None
        path, room = await anyio.to_thread.run_sync(job.reserve, name, size)
        written = 0
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError:  # a name this system's files cannot have (Windows: `CON`, `a:b`)
            job.abandoned(path, room)
            raise JobError("bad_name", 400, name=name[:300]) from None
        try:
            with open(fd, "wb") as out:
                pending: list[bytes] = []
                held = 0
                async for chunk in request.stream():
                    written += len(chunk)
                    if written > room:
                        raise JobError("too_large", 413, name=name, limit=glue.LIMITS.max_total_bytes)
                    pending.append(chunk)
                    held += len(chunk)
                    if held >= WRITE_CHUNK:
                        await anyio.to_thread.run_sync(out.write, b"".join(pending))
                        pending, held = [], 0
                if pending:
                    await anyio.to_thread.run_sync(out.write, b"".join(pending))
        except ClientDisconnect:
            job.abandoned(path, room)
            return Response(status_code=400)
        except OSError as err:
            job.abandoned(path, room)
            if job.state == STOPPED:  # stopped while this file came in: its folder is gone
                raise JobError("gone", 404) from None
            if err.errno in (errno.ENOSPC, errno.EDQUOT):
                raise JobError("disk_full", 507, name=name) from None
            raise
        except BaseException:
            job.abandoned(path, room)
            raise
        job.uploaded(name, path, written, room)
        return _json({"name": name, "bytes": written})

    async def check(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        job.check(_lang(request, lang))
        return _json({"state": job.state}, 202)

    async def fix(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            body = {}
        given = body.get("unsafe", []) if isinstance(body, dict) else []
        codes = [str(c) for c in given] if isinstance(given, list) else []
        job.fix(codes)
        return _json({"state": job.state}, 202)

    async def stop(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        await anyio.to_thread.run_sync(job.stop)
        return _json({"state": job.state})

    async def xlsx(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        path = await anyio.to_thread.run_sync(job.xlsx)
        name = w("xlsx_name", job.lang)
        return FileResponse(path, filename=name, headers={"content-security-policy": DOWNLOAD_CSP})

    async def report(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        model = job.report
        if model is None or job.state in BUSY:
            raise JobError("not_ready", 409)
        if request.query_params.get("download"):
            html = await anyio.to_thread.run_sync(glue.report_html, model)
            name = w("report_name", job.lang)
            headers = {
                "content-disposition": f'attachment; filename="{name}"',
                "content-security-policy": DOWNLOAD_CSP,
            }
            return HTMLResponse(html, headers=headers)
        href = view.explain_href(job.lang)
        html = await anyio.to_thread.run_sync(lambda: glue.report_html(model, href))
        return HTMLResponse(html, headers={"content-security-policy": DOCUMENT_CSP})

    async def fixed(request: Request) -> Response:
        job = jobs.get(request.path_params["job"])
        done = job.fixed
        n = request.path_params["n"]
        if done is None or job.state in BUSY or not 0 <= n < len(done) or done[n].output is None:
            raise JobError("not_ready", 409)
        path = done[n].output
        assert path is not None
        return FileResponse(
            path,
            filename=os.path.basename(path),
            media_type="application/octet-stream",
            headers={"content-security-policy": DOWNLOAD_CSP},
        )

    async def job_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, JobError)
        return _json({"error": w(exc.key, _lang(request, lang), **exc.values)}, exc.status)

    async def internal_error(request: Request, exc: Exception) -> Response:
        # The guard writes the one line in the terminal.
        return _json({"error": w("internal", _lang(request, lang), kind=type(exc).__name__)}, 500)

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/explain/{code}", explain, methods=["GET"]),
        Route("/api/jobs", create, methods=["POST"]),
        Route("/api/jobs/{job}", status, methods=["GET"]),
        Route("/api/jobs/{job}", remove, methods=["DELETE"]),
        Route("/api/jobs/{job}/files", upload, methods=["PUT"]),
        Route("/api/jobs/{job}/check", check, methods=["POST"]),
        Route("/api/jobs/{job}/fix", fix, methods=["POST"]),
        Route("/api/jobs/{job}/stop", stop, methods=["POST"]),
        Route("/api/jobs/{job}/findings.xlsx", xlsx, methods=["GET"]),
        Route("/api/jobs/{job}/report.html", report, methods=["GET"]),
        Route("/api/jobs/{job}/fixed/{n:int}", fixed, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC)),
    ]
    app = Starlette(routes=routes, exception_handlers={JobError: job_error, Exception: internal_error})
    return Guard(app, token=token, port=port, lang=lang)
