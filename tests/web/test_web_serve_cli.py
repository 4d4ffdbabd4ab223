"""``asnwatch serve`` as a process: it serves, warns when bound beyond this machine, refuses bad options."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from conftest import free_port

from tests.conftest import run_cli

ASNWATCH = str(Path(sys.executable).with_name("asnwatch"))


def test_serve_answers_and_warns_on_a_public_address(sqlite_url, tmp_path):
    port = free_port()
    env = {**os.environ, "ASNWATCH_SECRET": "a-secret-for-this-test"}
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [ASNWATCH, "serve", "--db", sqlite_url, "--host", "0.0.0.0", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(Path(log.name).read_text()) from None
                time.sleep(0.2)
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        assert "server" not in response.headers  # no version banner
        page = httpx.get(f"http://127.0.0.1:{port}/queue", timeout=5)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    output = Path(log.name).read_text()
    assert "warning" in output and "TLS" in output


def test_serve_refuses_bad_options(sqlite_url):
    bad_port = run_cli("serve", "--db", sqlite_url, "--port", "70000")
    assert bad_port.returncode == 2 and "--port" in bad_port.stderr
    short = run_cli("serve", "--db", sqlite_url, env={**os.environ, "ASNWATCH_SECRET": "short"})
    assert short.returncode == 2 and "ASNWATCH_SECRET" in short.stderr
