"""A throwaway PostgreSQL server for the fact-store tests.

`CLAIMCHECK_TEST_POSTGRES_URL` names a server to use instead (its role needs
CREATEDB: every test gets a database of its own, dropped afterwards).
Otherwise a cluster is created with Debian's `initdb` in a temporary folder,
listening only on a Unix socket there, and stopped at the end of the session.
As root, the server runs as the `postgres` user (PostgreSQL refuses root).

A missing PostgreSQL is a test failure, not a skip: the fact store's
PostgreSQL backend must be tested wherever the suite runs (`scripts/test.sh`
installs the package).
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

ENV = "CLAIMCHECK_TEST_POSTGRES_URL"
PORT = 5432  # only the socket's file name: the server listens on no TCP port
INSTALL_HINT = (
    "PostgreSQL is needed for the fact-store tests: install Debian's package "
    "(apt-get install -y postgresql) or set CLAIMCHECK_TEST_POSTGRES_URL=postgresql://user@host/db "
    "to a server whose role may CREATE DATABASE"
)


def _bindir() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    raise RuntimeError(INSTALL_HINT)


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *argv]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(argv)]


@contextmanager
def local_server() -> Iterator[str]:
    """Start a cluster in a temporary folder; yield the URL of its `postgres` database."""
    bindir = _bindir()
    root = tempfile.mkdtemp(prefix="claimcheck-pg-")
    data = os.path.join(root, "data")
    log = os.path.join(root, "server.log")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER") or "postgres"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    os.chmod(root, 0o755)
    try:
        subprocess.run(_as_server_user([f"{bindir}/initdb", "-D", data, "-U", user, "--auth=trust", "-E", "UTF8",
                                        "--no-sync"]), check=True, capture_output=True, timeout=120)
        options = f"-k {root} -c listen_addresses= -p {PORT} -c fsync=off"
        subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60",
                                        "start"]), check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        if os.path.exists(log):
            with open(log, "rb") as fh:
                detail += fh.read()
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"could not start a test PostgreSQL server: {exc}\n{detail.decode(errors='replace')}") from None
    stop = _as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"])
    # NOTE: a test run killed before its teardown would leave the server running:
    # a detached watchdog stops it and removes the folder once this process is gone.
    watchdog = subprocess.Popen(
        ["sh", "-c", f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
                     f"{shlex.join(stop)} >/dev/null 2>&1; rm -rf {shlex.quote(root)}"],
        start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql:///postgres?host={root}&port={PORT}&user={user}"
    finally:
        subprocess.run(stop, capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
        watchdog.kill()
        watchdog.wait()


def with_database(url: str, name: str) -> str:
    """Return `url` pointing at database `name` instead."""
    parts = urlsplit(url)
    # NOTE: not urlunsplit, which drops the "//" of an empty host (a Unix socket URL).
    return f"{parts.scheme}://{parts.netloc}/{name}" + (f"?{parts.query}" if parts.query else "")


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """Create an empty database on the server of `url`; yield its URL; drop it afterwards."""
    import psycopg

    name = "claimcheck_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
