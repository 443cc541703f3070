"""A real learning record store for the xAPI tests: Ralph, run from its own virtualenv.

Ralph (`ralph-malph`) pins older libraries than Trellis, so it lives in `.venv-ralph`
(`make ralph`, which `make test` runs first) and runs as its own process
(tests/ralph_server.py: Ralph's API under uvicorn) with its file-system backend (the one that
needs no Elasticsearch, MongoDB or ClickHouse), its statements in a temporary directory, and
HTTP basic credentials made with `ralph auth`.

Outside CI a missing `.venv-ralph` skips the tests that need it, with the command to run;
under CI=true it fails them.

`strict_validate(statements)` runs Ralph's own pydantic models of xAPI statements
(`BaseXapiStatement`: unknown properties forbidden, no empty values, UUIDs, IRIs, language
maps…) over a list of statements and returns the errors, one string per statement.
"""

import json
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
RALPH_VENV = Path(os.environ.get("TRELLIS_RALPH_VENV", ROOT / ".venv-ralph"))
RALPH_BIN = RALPH_VENV / "bin" / "ralph"
RALPH_PYTHON = RALPH_VENV / "bin" / "python"
HOME = "https://trellis.test"


def require_ralph():
    if RALPH_BIN.exists():
        return
    message = f"Ralph's virtualenv is missing at {RALPH_VENV}: run `make ralph`."
    if os.environ.get("CI") == "true":
        pytest.fail(message + " CI requires the xAPI tests against a real LRS.", pytrace=False)
    pytest.skip(message + " Skipped outside CI only (CI requires it).")


@dataclass
class Ralph:
    endpoint: str
    key: str
    secret: str
    directory: Path

    def statements(self, **params) -> list[dict]:
        """Every statement the store holds (following `more` links)."""
        found, url = [], self.endpoint + "statements"
        params = {"limit": 100, **params}
        headers = {"X-Experience-API-Version": "1.0.3"}
        base = self.endpoint.split("/xAPI/")[0]
        while url:
            response = httpx.get(
                url, params=params, headers=headers, auth=(self.key, self.secret), timeout=20
            )
            response.raise_for_status()
            body = response.json()
            found.extend(body["statements"])
            more = body.get("more")
            url, params = (base + more, None) if more else (None, None)
        return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(directory: Path) -> dict:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(directory),
        "RALPH_APP_DIR": str(directory / "app"),
        "RALPH_AUTH_FILE": str(directory / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(directory / "data"),
        "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(directory / "data"),
    }


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    require_ralph()
    directory = tmp_path_factory.mktemp("ralph")
    (directory / "data").mkdir()
    env = _env(directory)
    key, secret = "trellis-test", "not-a-real-secret"
    subprocess.run(
        [str(RALPH_BIN), "auth", "-u", key, "-p", secret, "-s", "all", "-A", key, HOME, "-w"],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = _free_port()
    log = open(directory / "ralph.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [
            str(RALPH_PYTHON),
            str(Path(__file__).with_name("ralph_server.py")),
            "127.0.0.1",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/__heartbeat__", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "Ralph did not start: " + (directory / "ralph.log").read_text()[-2000:]
                )
            time.sleep(0.2)
        yield Ralph(endpoint=base + "/xAPI/", key=key, secret=secret, directory=directory)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


_VALIDATE = """
import json, sys
from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement
errors = []
for i, statement in enumerate(json.load(sys.stdin)):
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as exc:
        errors.append(f"statement {i} ({statement.get('verb', {}).get('id')}): {exc}")
print(json.dumps(errors))
"""


def strict_validate(statements: list[dict]) -> list[str]:
    """Validate with Ralph's strict models, in Ralph's interpreter. Returns the errors."""
    require_ralph()
    done = subprocess.run(
        [str(RALPH_PYTHON), "-c", _VALIDATE],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)
