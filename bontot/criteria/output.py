"""Encode a year's evaluation as JSON, subject by subject, on one process or several.

`encoded_results` yields the results' JSON in subject order. With `jobs` above 1 (and `os.fork` available:
Linux, the servers we deploy to) the subjects are split into contiguous parts after the facts are loaded;
each later part is evaluated and encoded in a forked process into a temporary file while this process does
the first part, then the files follow in order. The forked processes share the loaded snapshots
copy-on-write, touch no database and leave with `os._exit`: they never use nor close the connections they
inherit (closing them there would end the parent's session on PostgreSQL).
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import orjson

from .engine.evaluate import CriterionResult, SubjectResult
from .selectors import EvaluationStream

PARALLEL_MIN_SUBJECTS = 20_000  # below this a second process costs more than it saves
MAX_JOBS = 4
CHUNK = 1 << 20

Line = Callable[[bytes], bytes]  # one result's JSON → the bytes written for it


class ProcessFailedError(RuntimeError):
    """A forked process evaluating part of the subjects did not finish (its traceback is on stderr)."""


class ResultEncoder:
    """Encode results as compact JSON, each criterion result shared by many subjects encoded once.

    The engine hands the same `CriterionResult` object to subjects with the same facts (most members of
    a city); its JSON is kept by identity (the cache holds the object, so its id stays its own).
    """

    CACHE_SIZE = 4096

    def __init__(self) -> None:
        self._criteria: dict[int, tuple[CriterionResult, orjson.Fragment]] = {}

    def criterion(self, criterion: CriterionResult) -> orjson.Fragment:
        """Return a criterion result's JSON, encoding it only the first time it is seen."""
        cached = self._criteria.get(id(criterion))
        if cached is not None and cached[0] is criterion:
            return cached[1]
        fragment = orjson.Fragment(orjson.dumps(criterion.to_dict()))
        if len(self._criteria) >= self.CACHE_SIZE:
            self._criteria.clear()
        self._criteria[id(criterion)] = (criterion, fragment)
        return fragment

    def __call__(self, result: SubjectResult) -> bytes:
        """Return `result.to_dict()` as compact JSON (UTF-8)."""
        return orjson.dumps(
            {
                "subject": result.subject,
                "name": result.name,
                "model": result.model,
                "verdict": result.verdict,
                "criteria": [self.criterion(c) for c in result.criteria],
            }
        )


def default_jobs(total: int) -> int:
    """Return how many processes to evaluate `total` subjects with: one for small scopes or without fork."""
    if not hasattr(os, "fork") or total < PARALLEL_MIN_SUBJECTS:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_JOBS))


def keep(results: Iterable[SubjectResult], only: frozenset[str]) -> Iterable[SubjectResult]:
    """Return the results whose verdict is in `only` (all when it is empty), lazily."""
    return (r for r in results if r.verdict in only) if only else results


def encoded_results(
    stream: EvaluationStream,
    *,
    line: Line,
    only: frozenset[str] = frozenset(),
    jobs: int = 1,
    watch: Callable[[Iterable[SubjectResult], int], Iterable[SubjectResult]] | None = None,
) -> Iterator[bytes]:
    """Yield `line(json)` of each result kept by `only`, in subject order (chunks of several at times).

    `watch` wraps this process's own results (for progress); with `jobs` > 1 it sees the first part only.
    """
    jobs = min(jobs, MAX_JOBS)  # every process copies the snapshots it touches: a few are enough
    parts = stream.split(jobs) if jobs > 1 else [stream]
    children: list[tuple[int, Path]] = []
    if len(parts) > 1:
        children = [_fork(part, line, only) for part in parts[1:]]
    waiting = {pid for pid, _ in children}
    try:
        first = parts[0]
        results: Iterable[SubjectResult] = watch(first, first.total) if watch is not None else first
        encode = ResultEncoder()
        for result in keep(results, only):
            yield line(encode(result))
        for pid, path in children:
            _, status = os.waitpid(pid, 0)
            waiting.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                raise ProcessFailedError(f"tiến trình {pid} đánh giá một phần các đối tượng bị lỗi (mã {code})")
            with open(path, "rb") as part_file:
                while chunk := part_file.read(CHUNK):
                    yield chunk
    finally:
        for pid in waiting:  # stopped early (an error, or the reader went away): end the others
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        for _, path in children:
            path.unlink(missing_ok=True)


def _fork(part: EvaluationStream, line: Line, only: frozenset[str]) -> tuple[int, Path]:
    """Start a process that writes `line(json)` of each kept result of `part` to a temporary file."""
    fd, name = tempfile.mkstemp(prefix="bontot-evaluate-", suffix=".part")
    pid = os.fork()
    if pid != 0:
        os.close(fd)
        return pid, Path(name)
    status = 1
    try:
        with os.fdopen(fd, "wb", buffering=CHUNK) as out:
            encode = ResultEncoder()
            for result in keep(part, only):
                out.write(line(encode(result)))
        status = 0
    except BaseException:  # noqa: BLE001 - the parent reports the failure; say why here
        traceback.print_exc(file=sys.stderr)
    finally:
        os._exit(status)
