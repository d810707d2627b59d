"""A real Ralph LRS that takes more than one write: for pushes that send, then send
again (after a restore, to a second LRS, one statement at a time after a 409).

Ralph 5.1's `fs` backend writes every batch with the CREATE operation to one file,
so it accepts the first write ever and answers 500 after (MEASURED.md). Here the
same Ralph app (its API, validation, authentication and its 409 for "differing
statements already exist with the same ID") runs under uvicorn in-process, with
only the fs backend's default operation switched to APPEND, which that backend
supports. Started and stopped like `lrs_servers.ralph_lrs`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from lrs_servers import free_port, ralph_env

LAUNCH = """
import sys
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend
FSDataBackend.default_operation_type = BaseOperationType.APPEND
import uvicorn
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@contextmanager
def appending_ralph(python: str, folder: Path) -> Iterator[str]:
    """A fresh Ralph LRS (auth from `folder`/auth.json, see `lrs_servers.make_auth`);
    yields its xAPI endpoint and stops its process group."""
    port = free_port()
    work = folder / f"lrs-append-{port}"
    work.mkdir()
    (work / "auth.json").write_bytes((folder / "auth.json").read_bytes())
    env = ralph_env(work)
    env["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = str(work / "data")
    log = open(work / "server.log", "wb")
    process = subprocess.Popen([python, "-c", LAUNCH, str(port)], env=env, cwd=work,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((work / "server.log").read_text()[-2000:])
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/xAPI/"
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
