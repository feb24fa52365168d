"""What the page and Excel benchmarks share: the database they run on, Django's setup, interleaved timing
rounds and memory peaks.

- `open_database(workdir, reuse, prefix)`: SQLite in `workdir/bench.sqlite3` (a temporary folder without
  one), or the PostgreSQL database of `DATABASE_URL`; yields whether a built city is reused.
- `setup_django()`: the test settings without the test environment's instrumented template rendering.
- `interleaved(tasks, runs)`: each round runs every task once, in turn, after one warm-up round, so that a
  busy machine (2 shared cores) slows them all alike; returns every round's milliseconds. `medians_ms` does it
  for GET requests through Django's test client.
- `python_peak(fn)`: the peak of Python's own allocations while `fn` runs (tracemalloc; a run apart from the
  timed ones, as tracing slows Python down); `rss_peak(fn)`: the growth of the process's resident memory
  (C allocations too: lxml, the database driver), sampled every 2 ms.
- `office_clients(code)`: logged-in test clients of a user without a role and of an organisation's office.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def open_database(workdir: Path | None, reuse: bool, prefix: str) -> Iterator[bool]:
    """Point DATABASE_URL at the benchmark's database; yield whether an existing one is reused.

    SQLite (no DATABASE_URL): `workdir/bench.sqlite3`, in a temporary folder removed afterwards when no
    `workdir` is given. PostgreSQL: the database of DATABASE_URL (the benchmark flushes it to rebuild).
    """
    sqlite = "DATABASE_URL" not in os.environ
    if not sqlite:
        yield reuse
        return
    folder = workdir or Path(tempfile.mkdtemp(prefix=f"bontot-bench-{prefix}-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.sqlite3"
    reuse = reuse and db.exists()
    if not reuse:
        db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    try:
        yield reuse
    finally:
        if workdir is None:
            shutil.rmtree(folder, ignore_errors=True)


def setup_django() -> None:
    """Set Django up with the test settings, migrated, for the test client's host."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    # The test client's host, without the test environment's instrumented template rendering
    # (setup_test_environment), which would inflate rendering times.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def interleaved(tasks: dict[str, Callable[[], Any]], runs: int) -> dict[str, list[float]]:
    """Return each task's wall times in milliseconds over `runs` rounds, after one warm-up round.

    Each round runs every task once, in turn, so that a busy machine slows them all alike.
    """
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for round_no in range(runs + 1):
        for name, task in tasks.items():
            t0 = time.perf_counter()
            task()
            elapsed = (time.perf_counter() - t0) * 1000
            if round_no:
                times[name].append(elapsed)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def get_ok(client: Any, url: str, headers: dict[str, str] | None = None) -> Any:
    """GET `url` and read the whole body (a streamed file too); fail unless the answer is 200."""
    response = client.get(url, **(headers or {}))
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        size = sum(len(block) for block in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return size


def medians_ms(pages: dict[str, tuple[Any, str, dict[str, str]]], runs: int) -> dict[str, float]:
    """Return the median wall time of each page's GET over `runs` interleaved rounds, in milliseconds."""
    tasks = {
        name: (lambda client=client, url=url, headers=headers: get_ok(client, url, headers))
        for name, (client, url, headers) in pages.items()
    }
    return {name: median(values) for name, values in interleaved(tasks, runs).items()}


def python_peak(fn: Callable[[], Any]) -> tuple[Any, int]:
    """Run `fn` under tracemalloc; return its result and the peak of Python allocations made meanwhile."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak - base


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rss_peak(fn: Callable[[], Any]) -> tuple[Any, int]:
    """Run `fn`; return its result and how far the resident memory rose above its level at the start
    (sampled every 2 ms in a thread). Memory the allocator kept from earlier work is reused first, so this
    is a lower estimate: run the largest case first or compare with `python_peak`."""
    start = _rss()
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result = fn()
    finally:
        done.set()
        sampler.join()
    return result, max(peak, _rss()) - start


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def office_clients(code: str) -> tuple[Any, Any]:
    """Return two logged-in test clients: a user with no role (the trivial page's) and the office of the
    organisation `code` (created once, reused with the city)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client

    from bontot.organizations.models import Organization, RoleAssignment

    users = get_user_model().objects
    office = users.filter(username=f"vanphong-{code.lower()}").first() or users.create_user(f"vanphong-{code.lower()}")
    nobody = users.filter(username="khong-vai-tro").first() or users.create_user("khong-vai-tro")
    RoleAssignment.objects.get_or_create(
        user=office, organization=Organization.objects.get(code=code), role="office", start=datetime.date(2000, 1, 1)
    )
    trivial_client, office_client = Client(), Client()
    trivial_client.force_login(nobody)
    office_client.force_login(office)
    return trivial_client, office_client


def forked(fn: Callable[[], Any]) -> Any:
    """Run `fn` in a forked child process and return its (picklable) result: a measure of memory that starts
    from the same state every time. Database connections are closed first (the child opens its own)."""
    import pickle

    from django.db import connections

    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            payload = pickle.dumps(("ok", fn()))
        except BaseException as error:  # reported to the parent, which raises it
            payload, code = pickle.dumps(("error", repr(error))), 1
        with os.fdopen(write_end, "wb") as out:
            out.write(payload)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as source:
        data = source.read()
    os.waitpid(pid, 0)
    status, value = pickle.loads(data)  # noqa: S301 - our own child's answer
    if status != "ok":
        raise RuntimeError(f"the forked measure failed: {value}")
    return value
