"""`gmsd-fast app`: the page driven in a real headless Chromium (the system's, found as for the
HTML report tests, launched by Playwright with `executable_path`: no browser download), the
server's guard from outside with plain HTTP, and the command itself.

The server runs as `gmsd-fast app --no-browser` in a process of its own, with TMPDIR set to a
folder of the test, so that the tests can see its private folder come and go.
"""

from __future__ import annotations

import http.client
import http.server
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as pw

import gmsd_fast
from gmsd_fast import _gmsd_fast
from gmsd_fast.docs import find_rule

from .chromium import find as find_chromium
from .conftest import ERRORS, ROOT, VALID, CliRun
from .wmo import simple, wmo_file

LIBREOFFICE = ROOT / "tests" / "fixtures" / "WMO_H22025_voorbeeld_libreoffice.csv"
#: How long the page may take for one step of a test (a check of 200 MB takes a second).
STEP_MS = 120_000


@dataclass
class App:
    process: subprocess.Popen[str]
    url: str
    base: str
    port: int
    token: str
    tmp: Path

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, str]:
        self.process.send_signal(signum)
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.process.returncode, err

    def folders(self) -> list[Path]:
        """The server's private folders and their jobs."""
        return sorted(self.tmp.glob("gmsd-fast-app-*/*"))


def start_app(tmp: Path, *args: str, env: dict[str, str] | None = None) -> App:
    tmp.mkdir(parents=True, exist_ok=True)
    environ = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "gmsd_fast", "app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]+)", line)
    if found is None:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"gmsd-fast app did not start: {line!r} {err!r}")
    port, token = int(found.group(1)), found.group(2)
    return App(process, found.group(0), f"http://127.0.0.1:{port}", port, token, tmp)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    running = start_app(tmp_path_factory.mktemp("app"), "--no-browser")
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = find_chromium()
    if chromium is None:
        pytest.fail("Chromium is not installed; the test command (scripts/test) installs it")
    with pw.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(app: App, browser: Any) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    opened = context.new_page()
    opened.goto(app.url)
    assert opened.url == app.base + "/"  # the token became a cookie
    yield opened
    context.close()


def choose(page: Any, *paths: Path) -> None:
    """Chooses files on the page and waits for the verdicts."""
    page.set_input_files("#files", [str(p) for p in paths])
    wait_for_result(page)


def wait_for_result(page: Any) -> None:
    page.wait_for_selector("#result:not([hidden])", timeout=STEP_MS)
    page.wait_for_selector("#busy[hidden]", state="attached", timeout=STEP_MS)


def verdicts(page: Any) -> dict[str, str]:
    rows = page.eval_on_selector_all(
        "#files-table tbody tr", "rows => rows.map(r => [r.dataset.file, r.dataset.verdict])"
    )
    return dict(rows)


def elfproef(number: str) -> bool:
    digits = [int(c) for c in number]
    return (sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]) % 11 == 0


def until(page: Any, script: str, timeout: float = STEP_MS / 1000) -> None:
    """Waits until the function `script` is true in the page, asked every 20 ms (Playwright's
    own `wait_for_function` evaluates a string, which the page's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        time.sleep(0.02)


def download(page: Any, selector: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


# --- the bundled examples ---------------------------------------------------------------------


def test_bundled_examples_verdicts_downloads_and_repair(page: Any, app: App, tmp_path: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    choose(page, VALID, ERRORS)
    # both files are of 0014 for H22025: the delivery as a whole is rejected too (L001)
    assert verdicts(page) == {VALID.name: "accepted", ERRORS.name: "rejected", "": "rejected"}
    banner = page.inner_text("#verdict")
    assert banner.startswith("AFGEKEURD")
    expected = gmsd_fast.validate(ERRORS)
    shown = page.eval_on_selector_all(
        f'section.file[data-file="{ERRORS.name}"] tr[data-rule]', "rows => rows.map(r => r.dataset.rule)"
    )
    assert sorted(shown) == sorted(expected.counts)
    # every rule code links to its explanation
    links = page.eval_on_selector_all(
        f'section.file[data-file="{ERRORS.name}"] a[href^="/explain/"]',
        "links => links.map(a => a.textContent)",
    )
    assert links == shown

    # the workbook holds what `check --format xlsx` holds
    import openpyxl

    workbook = openpyxl.load_workbook(download(page, "#dl-xlsx", tmp_path), read_only=True)
    assert workbook.sheetnames[:2] == ["Samenvatting", "Meldingen"]
    rows = list(workbook["Meldingen"].iter_rows(min_row=2, values_only=True))
    assert {r[4] for r in rows if r[0] == ERRORS.name} == set(expected.counts)
    assert sum(1 for r in rows if r[0] == ERRORS.name) == expected.findings.num_rows

    # the report of `report --format html`, as a file
    report = download(page, "#dl-report", tmp_path).read_text(encoding="utf-8")
    assert "AFGEKEURD" in report and "<script" not in report.lower()
    # and in the page, with the rule codes linked
    frame = page.frame_locator("#report")
    assert "AFGEKEURD" in frame.locator("#verdict").inner_text()
    assert frame.locator("a[href^='/explain/']").count() > 0

    # the repaired files of `fix`, checked again
    page.click("#fix-button")
    page.wait_for_selector("#fixed li a", timeout=STEP_MS)
    links = page.eval_on_selector_all("#fixed li a", "links => links.map(a => a.textContent)")
    assert len(links) == 2
    fixed = download(page, f'#fixed li[data-file="{ERRORS.name}"] a', tmp_path)
    assert fixed.name == ERRORS.name
    reference = tmp_path / "reference" / ERRORS.name
    reference.parent.mkdir()
    gmsd_fast.fix(ERRORS, reference)
    assert fixed.read_bytes() == reference.read_bytes()
    after = gmsd_fast.validate(fixed)
    assert page.get_attribute(f'#fixed li[data-file="{ERRORS.name}"]', "data-verdict") == after.verdict

    # nothing came from anywhere but the server
    assert requests and all(url.startswith(app.base + "/") for url in requests), requests
    # no BSN anywhere, but masked
    text = page.content() + page.frame_locator("#report").locator("html").inner_html()
    numbers = set(re.findall(r"(?<!\d)\d{9}(?!\d)", ERRORS.read_text(encoding="utf-8")))
    bsns = [n for n in numbers if int(n) and elfproef(n)]
    assert bsns and [n for n in bsns if n in text] == []
    assert "*******" in text


def test_a_folder_and_a_drop(page: Any, tmp_path: Path) -> None:
    """A folder gives its own csv, txt and zip files, not hidden ones nor those of its
    subfolders (as on the command line); files dropped on the page are checked as chosen."""
    folder = tmp_path / "levering"
    (folder / "oud").mkdir(parents=True)
    (folder / "WMO_H22025_Groningen.csv").write_bytes(wmo_file(simple("0014", 3)))
    (folder / "WMO_H22025_Amsterdam.TXT").write_bytes(wmo_file(simple("0363", 2)))
    (folder / ".WMO_H22025_verborgen.csv").write_bytes(b"hidden")
    (folder / "brief.pdf").write_bytes(b"%PDF-1.4")
    (folder / "oud" / "WMO_H12025_Groningen.csv").write_bytes(wmo_file(simple("0014", 1)))
    page.set_input_files("#folder", str(folder))
    wait_for_result(page)
    assert verdicts(page) == {
        "levering/WMO_H22025_Amsterdam.TXT": "accepted",
        "levering/WMO_H22025_Groningen.csv": "accepted",
    }
    page.click("#again")
    dropped = page.evaluate_handle(
        """([name, text]) => {
            const data = new DataTransfer();
            data.items.add(new File([text], name, {type: "text/csv"}));
            return data;
        }""",
        [ERRORS.name, ERRORS.read_text(encoding="utf-8")],
    )
    page.dispatch_event("#drop", "drop", {"dataTransfer": dropped})
    wait_for_result(page)
    assert verdicts(page) == {ERRORS.name: "rejected"}


def test_explain_page_from_a_rule_code(page: Any) -> None:
    choose(page, ERRORS)
    with page.context.expect_page() as opened:
        page.click(f'section.file[data-file="{ERRORS.name}"] a[href^="/explain/"]')
    explained = opened.value
    explained.wait_for_load_state()
    code = explained.url.rsplit("/", 1)[-1].split("?")[0]
    heading = explained.inner_text("h1")
    assert heading.startswith(code)
    rule = find_rule(code)
    assert rule is not None and str(rule["name"]) in heading
    assert "Wat" in explained.inner_text("main")


def test_english_switch_checks_again_in_english(page: Any) -> None:
    choose(page, VALID, ERRORS)
    assert page.inner_text("#lang") == "English"
    page.click("#lang")
    until(page, "() => document.getElementById('verdict').textContent.startsWith('REJECTED')")
    wait_for_result(page)
    assert page.inner_text("h1") == "Check Wmo delivery files"
    pills = page.eval_on_selector_all("#files-table .pill", "pills => pills.map(p => p.textContent)")
    assert "accepted" in pills and "rejected" in pills
    assert "afgekeurd" not in page.inner_text("#result").lower()
    assert "lang=en" in page.url


# --- a zip of several municipalities, a hostile zip ------------------------------------------


def test_zip_of_several_municipalities(page: Any, cli: CliRun, tmp_path: Path) -> None:
    members = {}
    for code, faulty in (("0014", 0.0), ("0363", 0.0), ("0599", 0.01)):
        path = tmp_path / f"WMO_H22025_{code}.csv"
        result = cli(
            "generate", str(path), "--rows", "2000", "--gemeentecode", code, "--faulty-share", str(faulty)
        )
        assert result[0] == 0, result
        members[path.name] = path
    archive = tmp_path / "regio.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, path in members.items():
            zf.write(path, name)
    choose(page, archive)
    shown = verdicts(page)
    assert shown == {
        "regio.zip/WMO_H22025_0014.csv": "accepted",
        "regio.zip/WMO_H22025_0363.csv": "accepted",
        "regio.zip/WMO_H22025_0599.csv": "rejected",
    }
    gemeenten = page.eval_on_selector_all(
        "#files-table tbody tr td:nth-child(2)", "c => c.map(x => x.textContent)"
    )
    assert any("Amsterdam" in g for g in gemeenten) and any("Rotterdam" in g for g in gemeenten)


def hostile_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../WMO_H22025_ontsnapt.csv", wmo_file(simple("0014", 2)))
        zf.writestr("/etc/WMO_H22025_absoluut.csv", wmo_file(simple("0014", 2)))
        zf.writestr("WMO_H22025_bom.csv", b"0" * (64 << 20))  # 64 MiB of zeros: a ratio over 1000
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w") as nested:
            nested.writestr("WMO_H22025_binnen.csv", wmo_file(simple("0014", 2)))
        zf.writestr("WMO_H22025_genest.zip", inner.getvalue())
        zf.writestr("WMO_H22025_Groningen.csv", wmo_file(simple("0014", 3)))
    return path


def test_hostile_zip(page: Any, app: App, tmp_path: Path) -> None:
    choose(page, hostile_zip(tmp_path / "vijandig.zip"))
    shown = verdicts(page)
    assert shown.pop("vijandig.zip/WMO_H22025_Groningen.csv") == "accepted"
    assert shown.pop("", "rejected") == "rejected"
    assert len(shown) == 4 and set(shown.values()) == {"rejected"}
    text = page.inner_text("#details")
    assert "L004" in text
    # nothing was unpacked anywhere: the server's folder holds only what was uploaded
    names = {p.name for p in app.tmp.rglob("*")}
    assert not {"WMO_H22025_ontsnapt.csv", "WMO_H22025_absoluut.csv", "WMO_H22025_bom.csv"} & names


# --- a large file, the cancel --------------------------------------------------------------------


def test_a_file_of_200_mb(page: Any, tmp_path: Path) -> None:
    path = tmp_path / "WMO_H22025_groot.csv"
    summary = _gmsd_fast.generate(str(path), 2_000_000, seed=5, faulty_share=0.1)
    assert summary["bytes"] >= 200_000_000
    start = time.monotonic()
    choose(page, path)
    took = time.monotonic() - start
    assert verdicts(page) == {path.name: "rejected"}
    expected = gmsd_fast.validate(path, jobs=0)
    shown = page.eval_on_selector_all(
        "section.file tr[data-rule] td:nth-child(3)", "cells => cells.map(c => c.textContent)"
    )
    assert sorted(shown) == sorted(f"{n:,}".replace(",", ".") for n in expected.counts.values())
    # 2 million records: CBS's counts are made, the report is there
    assert page.is_visible("#report") and page.is_visible("#dl-report")
    print(f"200 MB upload and check: {took:.1f} s")  # the figure is BENCHMARKS.md's, not a test


def gone(app: App, folders: set[Path]) -> bool:
    """Whether the job folders `folders` are gone (within 10 s)."""
    deadline = time.monotonic() + 10
    while folders & set(app.folders()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not folders & set(app.folders())


def test_cancel_while_uploading_and_while_checking(page: Any, app: App, big_file: Path) -> None:
    before = set(app.folders())
    page.set_input_files("#files", str(big_file))
    until(page, "() => document.getElementById('progress').value > 0.05")
    job = set(app.folders()) - before
    assert len(job) == 1
    page.click("#stop")
    page.wait_for_selector("#message:not([hidden])")
    assert page.inner_text("#message").startswith("Gestopt")
    assert page.is_visible("#choose")
    assert gone(app, job)  # the partial upload and its job's folder

    before = set(app.folders())
    page.set_input_files("#files", str(big_file))
    until(page, "() => document.getElementById('step').textContent === 'Controleren'")
    job = set(app.folders()) - before
    assert len(job) == 1 and list(next(iter(job)).glob("uploads/*/*"))
    page.click("#stop")
    page.wait_for_selector("#message:not([hidden])")
    assert page.inner_text("#message").startswith("Gestopt")
    assert not page.is_visible("#result")
    assert gone(app, job)

    # not stopped: checked whole; 5 million records are too many for CBS's counts (memory)
    choose(page, big_file)
    assert verdicts(page) == {big_file.name: "rejected"}
    assert not page.is_visible("#report") and not page.is_visible("#dl-report")
    note = page.inner_text("#report-note")
    assert "tot 2.000.000 records" in note and "heeft er 5.000.000" in note


def test_a_new_check_or_a_closed_page_removes_the_uploads(page: Any, app: App) -> None:
    before = set(app.folders())
    choose(page, VALID)
    job = set(app.folders()) - before
    assert len(job) == 1
    page.click("#again")
    assert page.is_visible("#choose") and not page.is_visible("#result")
    assert gone(app, job)
    before = set(app.folders())
    choose(page, VALID)
    job = set(app.folders()) - before
    page.close(run_before_unload=True)
    assert gone(app, job)


# --- unsafe repairs only when ticked ---------------------------------------------------------------


def test_unsafe_repairs_only_when_ticked(page: Any, tmp_path: Path) -> None:
    choose(page, LIBREOFFICE)
    page.click("#fix-button")
    page.wait_for_selector("#fixed li a", timeout=STEP_MS)
    safe = download(page, "#fixed li a", tmp_path / "veilig")
    reference = tmp_path / "reference" / LIBREOFFICE.name
    reference.parent.mkdir()
    assert gmsd_fast.fix(LIBREOFFICE, reference).check.counts == {"F016": 1}
    assert safe.read_bytes() == reference.read_bytes()
    # F016 (a reden beëindiging of one position) is offered, with its explanation, not ticked
    page.wait_for_selector("#unsafe:not([hidden])")
    offered = page.eval_on_selector_all("#unsafe-list input", "boxes => boxes.map(b => [b.value, b.checked])")
    assert offered == [["F016", False]]
    assert page.is_disabled("#unsafe-button")
    assert "F016" in page.inner_text("#unsafe-list") and page.is_visible(
        "#unsafe-list a[href^='/explain/F016']"
    )
    page.check("#unsafe-F016")
    page.click("#unsafe-button")
    until(
        page,
        "() => document.querySelector('#fixed li')?.dataset.verdict === 'accepted'"
        " && !document.querySelector('#unsafe-list input')",
    )
    both = download(page, "#fixed li a", tmp_path / "beide")
    unsafe = tmp_path / "unsafe" / LIBREOFFICE.name
    unsafe.parent.mkdir()
    gmsd_fast.fix(LIBREOFFICE, unsafe, unsafe=True)
    assert both.read_bytes() == unsafe.read_bytes()


# --- the guard -------------------------------------------------------------------------------


def request(
    app: App,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    cookie: bool = True,
    host: str | None = None,
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    given = {"Host": host or f"127.0.0.1:{app.port}", **(headers or {})}
    if cookie:
        given["Cookie"] = f"gmsd_fast_{app.port}={app.token}"
    connection.request(method, path, headers=given, body=b"" if method in ("POST", "PUT") else None)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def test_the_token_is_needed_on_every_request(app: App) -> None:
    for path in ("/", "/static/app.js", "/api/jobs/x", "/explain/F011"):
        assert request(app, "GET", path, cookie=False).status == 403, path
    assert request(app, "POST", "/api/jobs", cookie=False).status == 403
    assert request(app, "GET", "/?token=" + "x" * len(app.token), cookie=False).status == 403
    first = request(app, "GET", f"/?token={app.token}&lang=en", cookie=False)
    assert first.status == 303 and first.getheader("Location") == "/?lang=en"
    cookie = first.getheader("Set-Cookie") or ""
    assert cookie.startswith(f"gmsd_fast_{app.port}={app.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert request(app, "GET", "/").status == 200
    elsewhere = request(app, "GET", f"//evil.example/?token={app.token}", cookie=False)
    assert elsewhere.getheader("Location") == "/evil.example/"
    # a cookie of the wrong value, or another port's name
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    connection.request("GET", "/", headers={"Cookie": f"gmsd_fast_{app.port + 1}={app.token}"})
    assert connection.getresponse().status == 403


def test_only_this_host_and_this_origin(app: App) -> None:
    assert request(app, "GET", "/", host=f"localhost:{app.port}").status == 200
    for host in ("evil.example", f"evil.example:{app.port}", f"127.0.0.1:{app.port + 1}", "127.0.0.1"):
        assert request(app, "GET", "/", host=host).status == 403, host
    for origin in ("http://evil.example", f"http://127.0.0.1:{app.port + 1}", "null"):
        assert request(app, "POST", "/api/jobs", {"Origin": origin}).status == 403, origin
    for site in ("cross-site", "same-site"):
        assert request(app, "GET", "/", {"Sec-Fetch-Site": site}).status == 403, site
    assert (
        request(app, "POST", "/api/jobs", {"Origin": app.base, "Sec-Fetch-Site": "same-origin"}).status == 201
    )


def test_security_headers_and_no_cors(app: App) -> None:
    page = request(app, "GET", "/")
    csp = page.getheader("Content-Security-Policy") or ""
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert page.getheader("X-Content-Type-Options") == "nosniff"
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    connection.request("GET", "/", headers={"Cookie": f"gmsd_fast_{app.port}={app.token}"})
    html = connection.getresponse().read().decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in s or 'type="application/json"' in s for s in scripts), scripts
    assert "on" + "click=" not in html.lower()
    preflight = request(
        app,
        "OPTIONS",
        "/api/jobs",
        {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    for response in (page, preflight, request(app, "GET", "/static/app.js"), request(app, "GET", "/nothing")):
        assert not [h for h, _ in response.getheaders() if h.lower().startswith("access-control-")]
        assert response.getheader("Content-Security-Policy")


def test_upload_limits_and_names(app: App) -> None:
    """The limits of the CLI for zips hold for an upload as a whole: 8 GiB and 2000 files."""
    created = request(app, "POST", "/api/jobs")
    job = re.search(rb'"id":"([\w-]+)"', created.body)  # type: ignore[attr-defined]
    assert job is not None
    files = f"/api/jobs/{job.group(1).decode()}/files"
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    cookie = {"Cookie": f"gmsd_fast_{app.port}={app.token}", "Content-Length": str(9 << 30)}
    connection.putrequest("PUT", f"{files}?name=WMO_H22025_groot.csv&lang=en")
    for key, value in cookie.items():
        connection.putheader(key, value)
    connection.endheaders()
    refused = connection.getresponse()
    assert refused.status == 413
    assert refused.read().decode() == (
        '{"error":"WMO_H22025_groot.csv does not fit: the files of one check may be at most'
        ' 8589934592 together."}'
    )
    connection.close()
    for name in ("..", ".", "", "map/", "a%00b", "%1b[31m.csv"):
        assert request(app, "PUT", f"{files}?name={name}").status == 400, name
    accepted = request(app, "PUT", f"{files}?name=map/sub/WMO_H22025_x.csv")
    assert accepted.status == 200
    stored = [p for p in app.tmp.rglob("WMO_H22025_x.csv")]
    assert len(stored) == 1 and stored[0].parent.parent.name == "uploads"
    assert stored[0].stat().st_mode & 0o777 == 0o600
    assert stored[0].parent.parent.parent.stat().st_mode & 0o777 == 0o700
    for n in range(1999):
        assert request(app, "PUT", f"{files}?name=f{n}.csv").status == 200
    assert request(app, "PUT", f"{files}?name=one-too-many.csv").status == 413


class _Other(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!DOCTYPE html><title>another site</title><p>another site"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_cross_origin_requests_from_a_page_are_refused(page: Any, app: App) -> None:
    """A page of another origin on this machine (another port of 127.0.0.1: the same site, to
    which a SameSite cookie still goes) can neither use the app nor read it."""
    other = http.server.HTTPServer(("127.0.0.1", 0), _Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        sent: list[Any] = []
        page.on("request", lambda r: sent.append(r) if r.url.startswith(app.base) else None)
        before = set(app.folders())
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        outcome = page.evaluate(
            """async (base) => {
                const tries = {};
                const jobs = base + "/api/jobs";
                for (const [name, url, init] of [
                    ["post", jobs, {method: "POST", credentials: "include"}],
                    ["get", base + "/", {credentials: "include"}],
                    ["no-cors", jobs, {method: "POST", mode: "no-cors", credentials: "include"}],
                ]) {
                    try {
                        const r = await fetch(url, init);
                        tries[name] = r.type === "opaque" ? "opaque" : await r.text();
                    } catch (e) {
                        tries[name] = "blocked";
                    }
                }
                return tries;
            }""",
            app.base,
        )
        # nothing can be read (no CORS headers; Cross-Origin-Resource-Policy for no-cors) …
        assert outcome == {"post": "blocked", "get": "blocked", "no-cors": "blocked"}
        # … and none of them made a job (the server refuses them by their Origin and
        # Sec-Fetch-Site, cookie or not: test_only_this_host_and_this_origin)
        assert [r.method for r in sent] == ["POST", "GET", "POST"]
        assert set(app.folders()) == before
    finally:
        other.shutdown()


# --- the command ------------------------------------------------------------------------------


def test_ctrl_c_exits_130_and_removes_the_uploads(tmp_path: Path) -> None:
    running = start_app(tmp_path / "run", "--no-browser", "--lang", "en")
    assert running.process.stdout is not None
    assert running.process.stdout.readline().strip() == "Open this address in your browser. To stop: Ctrl-C."
    job = request(running, "POST", "/api/jobs").status
    assert job == 201 and len(running.folders()) == 1
    code, err = running.stop(signal.SIGINT)
    assert code == 130
    assert err == "gmsd-fast: gmsd-fast app was stopped by Ctrl-C (SIGINT); the files read in were removed\n"
    assert list(running.tmp.iterdir()) == []
    running = start_app(tmp_path / "term", "--no-browser")
    code, err = running.stop(signal.SIGTERM)
    assert code == 143 and "SIGTERM" in err and "Traceback" not in err
    assert list(running.tmp.iterdir()) == []


def test_the_browser_is_opened_with_the_address(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    running = start_app(tmp_path / "run", env={"BROWSER": f"{browser} %s"})
    try:
        assert running.process.stdout is not None
        assert "Ctrl-C" in running.process.stdout.readline()
        deadline = time.monotonic() + 20
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text().strip() == running.url
    finally:
        running.stop()


def test_a_port_in_use_is_one_line(app: App, cli: CliRun) -> None:
    code, out, err = cli("app", "--no-browser", "--port", str(app.port))
    assert (code, out) == (2, "")
    assert err == (
        f"gmsd-fast: poort {app.port} is al in gebruik; kies een andere met --port, of laat --port weg"
        " voor een vrije poort\n"
    )


def test_check_does_not_load_the_server() -> None:
    code = (
        "import sys; from gmsd_fast.cli import run; run(['check', '-q', sys.argv[1]]);"
        " print(sorted(m for m in ('starlette', 'uvicorn', 'gmsd_fast.app') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(VALID)], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_an_unexpected_error_is_one_line_and_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever goes wrong inside a request, the user gets a message in words on the page and
    one line in the terminal, never a traceback."""
    import asyncio

    from gmsd_fast.app.server import Guard

    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise ZeroDivisionError("division by zero")

    guard = Guard(broken, token="t" * 43, port=8000, lang="nl")
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/jobs/x",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"cookie", b"gmsd_fast_8000=" + b"t" * 43)],
    }
    # In a thread of its own: Playwright's sync API keeps an event loop in this one.
    runner = threading.Thread(target=lambda: asyncio.run(guard(scope, receive, send)))
    runner.start()
    runner.join()
    assert sent[0]["status"] == 500
    assert (
        sent[1]["body"]
        == b'{"error": "Er ging iets mis in gmsd-fast (ZeroDivisionError).'
        + b' Probeer het opnieuw; blijft het misgaan, meld het dan met deze melding."}'
    )
    err = capsys.readouterr().err
    assert err == "gmsd-fast: fout in de app (ZeroDivisionError): division by zero\n"


def test_a_third_verdict_has_its_words() -> None:
    """Verdicts are not two: `undecided` (the period unknown) has its words, its place between
    rejected and accepted, and any verdict still unknown here is shown as it is."""
    from gmsd_fast.app import glue, view

    assert glue.worst(["accepted", "undecided"]) == "undecided"
    assert glue.worst(["undecided", "rejected", "accepted"]) == "rejected"
    assert glue.worst(["accepted"]) == "accepted"
    assert view.verdict_label("undecided", "nl") == "niet beoordeeld"
    assert view.verdict_label("undecided", "en") == "undecided"
    assert view.verdict_label("someday", "en") == "someday"
    assert view._banner("undecided", "nl").startswith("NIET BEOORDEELD")


def test_help_in_dutch(cli: CliRun) -> None:
    code, out, _ = cli("app", "--help")
    assert code == 0
    assert "Niets verlaat de computer" in out and "--no-browser" in out and "--port" in out
