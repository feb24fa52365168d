"""`python manage.py evaluate --year Y [--org CODE] [--as-of DATE] [--format table|json|jsonl] [--only V] [-o FILE]`.

Results are evaluated, written and dropped one subject at a time (shared/DESIGN.md, "Machine outputs"):
memory holds the loaded facts, never the whole output.
"""

from __future__ import annotations

import codecs
import datetime
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import timezone

from bontot.criteria.engine.criteria_set import CriteriaSetError
from bontot.criteria.engine.evaluate import SubjectResult
from bontot.criteria.engine.scales import FAIL, PASS, PENDING, VERDICT_LABELS
from bontot.criteria.loader import ScopeError
from bontot.criteria.output import ProcessFailedError, default_jobs, encoded_results, keep
from bontot.criteria.selectors import EvaluationStream, stream_year

MODEL_LABELS = {"cell": "Chi bộ", "grassroots": "Đảng bộ cơ sở", "member": "Đảng viên"}
SUBJECT_VERDICTS = (FAIL, PENDING, PASS)
DETAIL_LIMIT = 50  # a table lists every indicator of every subject up to this many subjects
PROGRESS_SECONDS = 2.0  # at most one progress line on stderr per this many seconds

Write = Callable[[str | bytes], Any]  # text, or UTF-8 bytes (results go to a file without decoding)


def _encode(value: Any) -> str:
    """Return compact JSON, non-ASCII letters as they are (orjson: the same text as json.dumps, faster)."""
    return orjson.dumps(value).decode()


def parse_date(value: str) -> datetime.date:
    """Accept dd/mm/yyyy (as users write it) or ISO yyyy-mm-dd."""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise CommandError(f'Ngày "{value}" không hợp lệ: hãy viết dd/mm/yyyy hoặc yyyy-mm-dd.')


def parse_only(values: Iterable[str] | str | None) -> frozenset[str]:
    """Return the subject verdicts kept by `--only` (repeated or comma separated); empty keeps all."""
    if isinstance(values, str):
        values = [values]
    kept = {v.strip() for value in values or () for v in value.split(",") if v.strip()}
    unknown = sorted(kept - set(SUBJECT_VERDICTS))
    if unknown:
        raise CommandError(f'--only "{", ".join(unknown)}" không hợp lệ: chọn trong fail, pending, pass.')
    return frozenset(kept)


def number(n: int) -> str:
    """Write an integer the Vietnamese way: 145.962."""
    return f"{n:,}".replace(",", ".")


def seconds(value: float) -> str:
    """Write a duration in seconds with a decimal comma: 8,1 giây."""
    return f"{value:.1f}".replace(".", ",") + " giây"


class Progress:
    """Report progress on stderr, at most once per `PROGRESS_SECONDS`; silent when disabled."""

    def __init__(self, err: OutputWrapper, *, enabled: bool) -> None:
        self.err = err
        self.enabled = enabled
        self.tty = err.isatty()
        self.total = 0
        self.started = self.last = time.monotonic()

    def note(self, message: str) -> None:
        """Write one line of information."""
        if self.enabled:
            self.err.write(message, style_func=str)

    def count(self, results: Iterable[SubjectResult], total: int) -> Iterator[SubjectResult]:
        """Yield the results unchanged, reporting how many have been evaluated."""
        self.total, self.started = total, time.monotonic()
        self.last = self.started
        done = 0
        for result in results:
            done += 1
            if self.enabled and time.monotonic() - self.last >= PROGRESS_SECONDS:
                self.last = time.monotonic()
                self._line(f"Đã đánh giá {number(done)}/{number(total)} đối tượng…", final=False)
            yield result
        if self.enabled:
            took = seconds(time.monotonic() - self.started)
            self._line(f"Đã đánh giá {number(done)}/{number(total)} đối tượng trong {took}.", final=True)

    def _line(self, message: str, *, final: bool) -> None:
        if self.tty:  # rewrite one line in place on a terminal
            self.err.write("\r" + message, style_func=str, ending="\n" if final else "")
            self.err.flush()
        else:
            self.err.write(message, style_func=str)


class Command(BaseCommand):
    help = "Đánh giá tự động các tiêu chí bốn tốt của mọi đảng viên, chi bộ, đảng bộ trong phạm vi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Năm đánh giá")
        parser.add_argument("--org", dest="org", help="Mã tổ chức đảng: chỉ đánh giá tổ chức này và cấp dưới")
        parser.add_argument("--as-of", dest="as_of", help="Tính đến ngày (dd/mm/yyyy); mặc định hôm nay")
        parser.add_argument(
            "--format",
            choices=["table", "json", "jsonl"],
            default="table",
            help="table: bảng đọc được; json: một tài liệu JSON; jsonl: mỗi dòng một kết quả JSON",
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="fail|pending|pass",
            help="Chỉ ghi các đối tượng có kết luận này (lặp lại hoặc ngăn bằng dấu phẩy)",
        )
        parser.add_argument("-o", "--output", help="Ghi kết quả vào tệp này thay vì đầu ra chuẩn")
        detail = parser.add_mutually_exclusive_group()
        detail.add_argument(
            "--detail", action="store_true", help="Bảng: in mọi chỉ tiêu của mọi đối tượng dù phạm vi lớn"
        )
        detail.add_argument("--summary", action="store_true", help="Bảng: chỉ in tổng hợp và danh sách dù phạm vi nhỏ")
        parser.add_argument(
            "--progress", action="store_true", help="Báo tiến độ trên stderr (mặc định: khi stderr là terminal)"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            metavar="N",
            help="json, jsonl: đánh giá bằng N tiến trình song song (mặc định: theo số lõi khi phạm vi lớn)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_date(options["as_of"]) if options["as_of"] else timezone.localdate()
        only = parse_only(options["only"])
        progress = Progress(self.stderr, enabled=bool(options["progress"]) or self.stderr.isatty())
        progress.note(f"Đang nạp dữ liệu năm {options['year']}…")
        started = time.monotonic()
        try:
            stream = stream_year(options["year"], as_of=as_of, org_code=options["org"])
        except (ScopeError, CriteriaSetError) as exc:
            raise CommandError(str(exc)) from exc
        progress.note(
            f"Đã nạp dữ liệu của {number(stream.total)} đối tượng trong {seconds(time.monotonic() - started)}."
        )
        table = options["format"] == "table"
        detail = table and (options["detail"] or (not options["summary"] and stream.total <= DETAIL_LIMIT))
        if not options["progress"] and not options["output"] and (not table or detail) and self.stdout.isatty():
            progress.enabled = False  # results written as they come to the same terminal: no line in between
        jobs = options["jobs"] if options["jobs"] is not None else default_jobs(stream.total)
        try:
            with self.output(options["output"]) as write:
                if table:
                    write_table(write, stream, progress.count(stream, stream.total), only=only, detail=detail)
                else:
                    line = json_line if options["format"] == "json" else jsonl_line(stream)
                    if jobs > 1:
                        progress.note(f"Đánh giá bằng {jobs} tiến trình song song.")
                    chunks = encoded_results(stream, line=line, only=only, jobs=jobs, watch=progress.count)
                    if options["format"] == "json":
                        write_json(write, stream, chunks)
                    else:
                        for chunk in chunks:
                            write(chunk)
        except ProcessFailedError as exc:
            raise CommandError(f"Không đánh giá được: {exc}. Thử lại với --jobs 1 để xem lỗi.") from exc
        except BrokenPipeError:
            # The reader stopped (`| head`): stop quietly, as command-line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        if options["output"]:
            progress.note(f"Đã ghi kết quả vào {options['output']}.")

    @contextmanager
    def output(self, path: str | None) -> Iterator[Write]:
        """Yield a write function for stdout, or for a file that appears only once complete."""
        if not path:
            # Bytes may arrive in pieces that split a letter (parts read back from forked processes).
            decoder = codecs.getincrementaldecoder("utf-8")()
            yield lambda text: self.stdout.write(text if isinstance(text, str) else decoder.decode(text), ending="")
            return
        target = Path(path)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.part")  # same directory: the rename is atomic
        try:
            out = open(tmp, "xb", buffering=1 << 20)  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}.") from exc

        def write(data: str | bytes) -> None:
            out.write(data.encode() if isinstance(data, str) else data)

        try:
            with out:
                yield write
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def write_json(write: Write, stream: EvaluationStream, chunks: Iterable[bytes]) -> None:
    """Write the evaluate document: its header fields, then one compact result a line.

    `chunks` are `json_line`s: each result after a ",\n" (the first one's comma is dropped here).
    """
    write(_encode(stream.header())[:-1] + ',"results":[')
    first = True
    for chunk in chunks:
        if first and chunk:
            chunk, first = chunk[1:], False
        write(chunk)
    write("\n]}\n")


def json_line(result: bytes) -> bytes:
    """Return one result as written in the json document (after a separator)."""
    return b",\n" + result


def jsonl_line(stream: EvaluationStream) -> Callable[[bytes], bytes]:
    """Return the function writing one result a line, each starting with the document's header fields."""
    prefix = orjson.dumps(stream.header())[:-1] + b","
    return lambda result: prefix + result[1:] + b"\n"


def write_table(
    write: Write,
    stream: EvaluationStream,
    results: Iterable[SubjectResult],
    *,
    only: frozenset[str],
    detail: bool,
) -> None:
    """Write a readable report: every indicator of each subject, or counts then one line a subject.

    `only` filters the subjects written; the counts of a summary are over every subject in scope.
    """
    write(
        f"Năm {stream.year} — bộ tiêu chí {stream.criteria_set} — tính đến ngày {stream.as_of:%d/%m/%Y} "
        f"(chốt số liệu {stream.cutoff:%d/%m/%Y}) — {number(stream.total)} đối tượng\n"
    )
    if detail:
        for result in keep(results, only):
            write_detail(write, result)
        return
    tally = Tally()
    kept = 0
    # The subject lines come after the counts: they wait in a temporary file, not in memory.
    with tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8") as lines:
        for result in tally.count(results):
            if not only or result.verdict in only:
                kept += 1
                lines.write(subject_line(result) + "\n")
        tally.write(write, stream)
        which = f" ({', '.join(VERDICT_LABELS[v] for v in SUBJECT_VERDICTS if v in only)})" if only else ""
        write(f"\nDanh sách đối tượng{which}: {number(kept)}\n")
        lines.seek(0)
        while chunk := lines.read(1 << 20):
            write(chunk)


def write_detail(write: Write, result: SubjectResult) -> None:
    """Write one subject with every criterion and indicator and its explanation."""
    out = [f"\n{MODEL_LABELS[result.model]} {result.name} ({result.subject}): {VERDICT_LABELS[result.verdict]}\n"]
    for criterion in result.criteria:
        out.append(f"  {criterion.code} {VERDICT_LABELS[criterion.verdict]}\n")
        for ind in criterion.indicators:
            out.append(f"    {ind.code:<8} {VERDICT_LABELS[ind.verdict]:<16} {ind.explanation}\n")
    write("".join(out))


def subject_line(result: SubjectResult) -> str:
    """Return one line for a subject: its verdict and the criteria that fail (or are pending)."""
    line = f"{MODEL_LABELS[result.model]} {result.name} ({result.subject}): {VERDICT_LABELS[result.verdict]}"
    if result.verdict != PASS:
        line += " — " + ", ".join(c.code for c in result.criteria if c.verdict == result.verdict)
    return line


class Tally:
    """Count verdicts per model, and failing or pending criteria and indicators, over every subject."""

    def __init__(self) -> None:
        self.subjects: Counter[tuple[str, str]] = Counter()  # (model, verdict)
        self.items: Counter[tuple[str, str, str]] = Counter()  # (model, criterion or indicator code, verdict)

    def count(self, results: Iterable[SubjectResult]) -> Iterator[SubjectResult]:
        """Yield the results unchanged, counting them."""
        for result in results:
            model = result.model
            self.subjects[model, result.verdict] += 1
            for criterion in result.criteria:
                if criterion.verdict in (FAIL, PENDING):
                    self.items[model, criterion.code, criterion.verdict] += 1
                    for ind in criterion.indicators:
                        if ind.verdict in (FAIL, PENDING):
                            self.items[model, ind.code, ind.verdict] += 1
            yield result

    def write(self, write: Write, stream: EvaluationStream) -> None:
        """Write the counts per model, then per criterion and indicator."""
        heads = [VERDICT_LABELS[v] for v in (PASS, FAIL, PENDING)] + ["Tổng"]
        width = max(len(label) for label in MODEL_LABELS.values()) + 2
        out = ["\nKết quả theo mô hình\n", "  " + "Mô hình".ljust(width) + "".join(f"{h:>16}" for h in heads) + "\n"]
        totals = Counter[str]()
        for model, label in MODEL_LABELS.items():
            row = [self.subjects[model, v] for v in (PASS, FAIL, PENDING)]
            if not sum(row):
                continue
            row.append(sum(row))
            totals.update(dict(zip(heads, row, strict=True)))
            out.append("  " + label.ljust(width) + "".join(f"{number(n):>16}" for n in row) + "\n")
        out.append("  " + "Tổng cộng".ljust(width) + "".join(f"{number(totals[h]):>16}" for h in heads) + "\n")
        fail, pending = VERDICT_LABELS[FAIL], VERDICT_LABELS[PENDING]
        for model, label in MODEL_LABELS.items():
            if not any(self.subjects[model, v] for v in SUBJECT_VERDICTS):
                continue
            out.append(f"\nTiêu chí, chỉ tiêu {fail.lower()} hoặc {pending.lower()} — {label}\n")
            out.append(f"  {'Mã':<10}{fail:>12}{pending:>16}\n")
            for criterion in stream.criteria.criteria(model):
                out.append(self._row(model, criterion.code, 2) + f"  {criterion.title}\n")
                for ind in criterion.indicators:
                    if self.items[model, ind.code, FAIL] or self.items[model, ind.code, PENDING]:
                        out.append(self._row(model, ind.code, 4) + "\n")
        write("".join(out))

    def _row(self, model: str, code: str, indent: int) -> str:
        counts = (number(self.items[model, code, FAIL]), number(self.items[model, code, PENDING]))
        return " " * indent + f"{code:<{12 - indent}}{counts[0]:>12}{counts[1]:>16}"
