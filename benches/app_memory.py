"""Peak memory of the `gmsd-fast app` server while it checks a 1 GB upload (BENCHMARKS.md).

    python benches/app_memory.py                 # 10 million rows (~1 GB), 10% faulty
    python benches/app_memory.py --rows 2000000  # ~200 MB: small enough for the report's counts

Generates the file in a temporary folder, starts `gmsd-fast app --no-browser` in a process of
its own, and does what the page does, over HTTP on 127.0.0.1: one streamed PUT of the file,
the check (and CBS's counts when the delivery is small enough), the workbook, the repaired
file (safe repairs) and the report. Then it reads the server's peak resident memory (VmHWM,
Linux), stops it with Ctrl-C (SIGINT) and prints one JSON line: the times of each step and the
peak. Exits 1 when the peak is over `--limit` MiB (256).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gmsd_fast import _gmsd_fast

MIB = 1 << 20


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Cookie": f"gmsd_fast_{port}={token}", "Host": f"127.0.0.1:{port}"}

    def call(self, method: str, path: str, body: Any = None, length: int | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600, blocksize=MIB)
        headers = dict(self.headers)
        if length is not None:
            headers["Content-Length"] = str(length)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = b""
        while chunk := response.read(MIB):  # a download is read and dropped, not kept
            if len(data) < MIB:
                data += chunk
        connection.close()
        return response.status, data

    def wait(self, job: str) -> dict[str, Any]:
        while True:
            state = json.loads(self.call("GET", f"/api/jobs/{job}")[1])
            if state["state"] not in ("checking", "counting", "fixing"):
                return dict(state)
            time.sleep(0.1)


def peak_mib(pid: int) -> float:
    text = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", text)
    assert found is not None
    return int(found.group(1)) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--faulty-share", type=float, default=0.1)
    parser.add_argument("--limit", type=float, default=256.0, help="peak MiB allowed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gmsd-app-bench-") as folder:
        path = Path(folder) / "WMO_H22025_groot.csv"
        _gmsd_fast.generate(str(path), args.rows, seed=1, faulty_share=args.faulty_share)
        size = path.stat().st_size
        env = {**os.environ, "TMPDIR": folder}
        server = subprocess.Popen(
            [sys.executable, "-m", "gmsd_fast", "app", "--no-browser"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert server.stdout is not None
        found = re.search(r"127\.0\.0\.1:(\d+)/\?token=([\w-]+)", server.stdout.readline())
        assert found is not None, "the server did not start"
        client = Client(int(found.group(1)), found.group(2))
        times: dict[str, float] = {}
        try:
            start = time.monotonic()
            job = json.loads(client.call("POST", "/api/jobs")[1])["id"]
            with open(path, "rb") as body:
                status, _ = client.call("PUT", f"/api/jobs/{job}/files?name={path.name}", body, size)
            assert status == 200, status
            times["upload_s"] = time.monotonic() - start
            start = time.monotonic()
            client.call("POST", f"/api/jobs/{job}/check")
            state = client.wait(job)
            times["check_s"] = time.monotonic() - start
            verdict = state["result"]["files"][0]["verdict"]
            report = bool(state["result"]["report"])
            start = time.monotonic()
            assert client.call("GET", f"/api/jobs/{job}/findings.xlsx")[0] == 200
            times["xlsx_s"] = time.monotonic() - start
            if report:
                start = time.monotonic()
                assert client.call("GET", f"/api/jobs/{job}/report.html")[0] == 200
                times["report_s"] = time.monotonic() - start
            start = time.monotonic()
            client.call("POST", f"/api/jobs/{job}/fix", b"{}", 2)
            client.wait(job)
            assert client.call("GET", f"/api/jobs/{job}/fixed/0")[0] == 200
            times["fix_s"] = time.monotonic() - start
            peak = peak_mib(server.pid)
        finally:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=60)
        figures = {
            "rows": args.rows,
            "bytes": size,
            "verdict": verdict,
            "report": report,
            **{k: round(v, 2) for k, v in times.items()},
            "upload_MB_s": round(size / 1e6 / times["upload_s"], 1),
            "peak_rss_mib": round(peak, 1),
            "exit": server.returncode,
        }
    print(json.dumps(figures))
    return 0 if peak <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
