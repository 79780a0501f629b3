"""Archive mode: lint a folder, a JSONL file or a Parquet file of articles into a findings table.

`claimcheck batch INPUT --output OUT` streams the archive in partitions (a
bounded number of records, at most `PARTITION_MAX_CHARS` characters of text),
lints every partition with the same per-document function as `claimcheck lint`
(`claimcheck.api.lint_document`, then the document's suppression comments) and
writes the results in input order, so every engine gives byte-identical output.

Input records have `id`, `text` and, optionally, `format` (text, markdown,
html), `date` (the article's date, used when the text carries none) and `url`.
A folder is read as one record per supported file (`id` is the path relative to
the folder). Output is JSONL or Parquet, chosen by the extension of OUT:

- OUT holds one row per finding: `FINDING_COLUMNS`.
- `<OUT stem>.summary.<ext>` holds one row per document: `SUMMARY_COLUMNS`
  (counts by severity, and the CC9xx code of a document that could not be
  linted). Two files, because the two tables have different columns and a
  Parquet file has one schema.

A document that cannot be read, decoded or parsed is a CC9xx row, never a
failed job; an unexpected exception inside the pipeline is a CC907 row for that
document, and a worker that dies takes its partition's documents to CC907 rows
after one retry.

Memory stays flat: the reader holds one partition at a time, and at most
`2 × workers` partitions are submitted and not yet written.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.errors import ClaimcheckError, InputError
from claimcheck.models import severity_counts
from claimcheck.options import LintOptions

DEFAULT_PARTITION_SIZE = 200
# NOTE: a partition is cut early at this many characters of text so that a few
# huge articles cannot make a partition (and so the memory in flight) large.
PARTITION_MAX_CHARS = 4_000_000
RECORD_FORMATS = {"text": "text", "txt": "text", "markdown": "markdown", "md": "markdown",
                  "html": "html", "htm": "html"}
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")
FLUSH_ROWS = 50_000

FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("code", "string"),
    ("severity", "string"),
    ("status", "string"),
    ("message", "string"),
    ("line", "int32"),
    ("col", "int32"),
    ("end_line", "int32"),
    ("end_col", "int32"),
    ("rule", "string"),
    ("suggestion", "string"),
    ("computation_summary", "string"),
    ("computation", "string"),  # the `Computation` model as a JSON object, or null
    ("related", "string"),  # the related figures as a JSON array
)
SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("url", "string"),
    ("format", "string"),
    ("date", "string"),
    ("chars", "int64"),
    ("findings", "int32"),  # failed and ambiguous findings (errors + warnings + infos)
    ("errors", "int32"),
    ("warnings", "int32"),
    ("infos", "int32"),
    ("input_error", "string"),  # the CC9xx code when the document could not be linted
)


class BatchError(ClaimcheckError):
    """The archive or the output as a whole is unusable (a usage error, exit code 2)."""


@dataclass(slots=True)
class Record:
    """One article of an archive: its text, or the file to read it from, or the error reading it."""

    id: str
    text: str | None = None
    fmt: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None
    error: tuple[str, str] | None = None  # (CC9xx code, message) found while reading the archive


@dataclass
class BatchStats:
    """What a batch run did: documents, findings rows, documents with a CC9xx error."""

    documents: int = 0
    findings: int = 0
    failed: int = 0
    partitions: int = 0
    summary_path: str = ""
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})


# --- the per-document work (runs in workers) ---------------------------------------------


def _clean(value) -> str | None:
    """Return `value` as a string that encodes to UTF-8 (lone surrogates escaped), or None."""
    if value is None:
        return None
    s = value if isinstance(value, str) else str(value)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-8", "backslashreplace").decode("utf-8")
    return s


def _finding_row(doc_id: str, f) -> dict:
    """Return the flat output row of finding `f` of document `doc_id`."""
    comp = f.computation
    return {
        "id": doc_id, "code": f.code, "severity": f.severity, "status": f.status, "message": f.message,
        "line": f.line, "col": f.col, "end_line": f.end_line, "end_col": f.end_col,
        "rule": f.rule, "suggestion": f.suggestion,
        "computation_summary": comp.summary if comp is not None else None,
        "computation": comp.model_dump_json() if comp is not None else None,
        "related": "[" + ",".join(r.model_dump_json(exclude_none=True) for r in f.related) + "]",
    }


def _read_record(record: Record, options: LintOptions):
    """Return the `Document` of `record`, or raise `InputError` (CC901–CC906)."""
    from claimcheck.readers import parse, read_path

    if record.error is not None:
        raise InputError(record.error[0], record.id, record.error[1])
    if record.path is not None:
        return read_path(record.path, max_bytes=options.max_bytes)
    text = record.text or ""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InputError("CC902", record.id,
                         f"text is not valid Unicode: lone surrogate at character {exc.start}") from None
    if options.max_bytes and size > options.max_bytes:
        raise InputError("CC904", record.id, f"text is {size} bytes, over the limit of {options.max_bytes} bytes")
    if "\x00" in text:
        raise InputError("CC902", record.id, f"binary text: NUL character at offset {text.index(chr(0))}")
    return parse(text, record.id, record.fmt or "text")


def lint_record(record: Record, options: LintOptions) -> tuple[list[dict], dict]:
    """Return (finding rows, summary row) for one record; never raises for the record's content."""
    from claimcheck.api import input_error_finding, lint_document
    from claimcheck.suppress import apply_suppressions

    opts = options.model_copy(update={"date": record.date}) if record.date else options
    chars = len(record.text) if record.text is not None else 0
    fmt = record.fmt
    try:
        doc = _read_record(record, opts)
        chars, fmt = len(doc.source), doc.fmt
        findings = apply_suppressions(doc, lint_document(doc, opts))
        error_code = None
    except InputError as err:
        err.path = record.id
        findings = [input_error_finding(err)]
        error_code = err.code
    except Exception as exc:  # noqa: BLE001 — one document's bug must not fail the archive
        findings = [_internal_error(record.id, f"{type(exc).__name__}: {exc}")]
        error_code = "CC907"
    rows = [_finding_row(record.id, f) for f in findings]
    counts = severity_counts(findings)
    summary = {
        "id": record.id, "url": record.url, "format": fmt, "date": record.date, "chars": chars,
        "findings": sum(counts.values()), "errors": counts["error"], "warnings": counts["warning"],
        "infos": counts["info"], "input_error": error_code,
    }
    return rows, summary


def _internal_error(doc_id: str, detail: str):
    """Return the CC907 finding for a document the pipeline failed on."""
    from claimcheck.models import Finding

    return Finding(code="CC907", severity="error", status="fail", path=doc_id, line=1, col=1,
                   message=f"internal error while linting this document: {detail}", rule="inputs.internal-error")


def lint_partition(records: list[Record], options: LintOptions) -> list[tuple[list[dict], dict]]:
    """Return `lint_record` of every record of a partition, in order (the unit of work of every engine)."""
    return [lint_record(r, options) for r in records]


def failed_partition(records: list[Record], detail: str) -> list[tuple[list[dict], dict]]:
    """Return CC907 results for every record of a partition whose worker failed."""
    out = []
    for r in records:
        f = _internal_error(r.id, detail)
        summary = {"id": r.id, "url": r.url, "format": r.fmt, "date": r.date,
                   "chars": len(r.text) if r.text is not None else 0, "findings": 1, "errors": 1,
                   "warnings": 0, "infos": 0, "input_error": "CC907"}
        out.append(([_finding_row(r.id, f)], summary))
    return out


# --- reading archives (streamed) ----------------------------------------------------------


def input_kind(path: str) -> str:
    """Return "folder", "jsonl" or "parquet" for INPUT, or raise `BatchError`."""
    p = Path(path)
    if p.is_dir():
        return "folder"
    if not p.exists():
        raise BatchError(f"{path}: no such file or folder")
    suffix = p.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise BatchError(f"{path}: expected a folder, a .jsonl file or a .parquet file")


def _record_from(values: dict, fallback_id: str, default_format: str) -> Record:
    """Return the `Record` of one decoded JSON object or Parquet row."""
    raw_id = values.get("id")
    doc_id = _clean(raw_id) if raw_id is not None and raw_id != "" else fallback_id
    url = _clean(values.get("url"))
    date = values.get("date")
    date = date.isoformat() if hasattr(date, "isoformat") else _clean(date)
    fmt_raw = values.get("format")
    fmt = RECORD_FORMATS.get(str(fmt_raw).lower()) if fmt_raw not in (None, "") else default_format
    text = values.get("text")
    rec = Record(id=doc_id, fmt=fmt, date=date, url=url)
    if fmt is None:
        rec.error = ("CC903", f"unsupported record format {_clean(fmt_raw)!r} (expected text, markdown or html)")
    elif isinstance(text, bytes):
        from claimcheck.readers import decode

        try:
            rec.text = decode(text, doc_id)
        except InputError as err:
            rec.error = (err.code, err.message)
    elif isinstance(text, str):
        rec.text = text
    else:
        rec.error = ("CC906", "record has no 'text' string" if text is None else
                     f"record 'text' is a {type(text).__name__}, not a string")
    return rec


def _iter_jsonl(path: str, default_format: str) -> Iterator[tuple[Record, int]]:
    """Yield (record, bytes consumed) for every non-blank line of a JSONL file, streamed."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 — closed below; a generator cannot use `with` across yields safely
    except OSError as exc:
        raise BatchError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        for lineno, raw in enumerate(fh, 1):
            fallback = f"<line {lineno}>"
            if not raw.strip():
                yield None, len(raw)
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                detail = f"line {lineno} is not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte {exc.start} of the line"
                yield Record(id=fallback, error=("CC902", detail)), len(raw)
                continue
            try:
                values = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(id=fallback, error=("CC906", f"line {lineno} is not valid JSON: {exc.msg} "
                                                          f"at column {exc.colno}")), len(raw)
                continue
            if not isinstance(values, dict):
                yield Record(id=fallback, error=("CC906", f"line {lineno} is a JSON {type(values).__name__}, "
                                                          "not an object")), len(raw)
                continue
            yield _record_from(values, fallback, default_format), len(raw)


def _iter_parquet(path: str, default_format: str, batch_size: int) -> Iterator[tuple[Record, int]]:
    """Yield (record, 1) for every row of a Parquet file, reading it batch by batch."""
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is in the dask extra
        raise BatchError("reading Parquet needs pyarrow: pip install 'claimcheck[dask]'") from None
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 — pyarrow raises several types for a bad file
        raise BatchError(f"{path}: not a readable Parquet file: {exc}") from None
    names = set(pf.schema_arrow.names)
    if "text" not in names:
        raise BatchError(f"{path}: the Parquet file has no 'text' column (columns: {', '.join(sorted(names))})")
    columns = [c for c in ("id", "text", "format", "date", "url") if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=batch_size, columns=columns):
        data = {name: batch.column(i).to_pylist() for i, name in enumerate(batch.schema.names)}
        for k in range(batch.num_rows):
            row += 1
            yield _record_from({name: data[name][k] for name in data}, f"<row {row}>", default_format), 1


def _iter_folder(path: str) -> Iterator[tuple[Record, int]]:
    """Yield (record, 1) for every supported file under a folder, sorted; files are read by workers."""
    from claimcheck.readers import format_for, iter_inputs

    root = Path(path)
    for name in iter_inputs([path]):
        rel = Path(name).relative_to(root).as_posix()
        yield Record(id=_clean(rel), fmt=format_for(name), path=name), 1


def iter_partitions(path: str, partition_size: int = DEFAULT_PARTITION_SIZE, default_format: str = "text",
                    on_read: Callable[[int], None] | None = None) -> Iterator[list[Record]]:
    """Yield the records of archive `path` in partitions of at most `partition_size` records.

    `on_read(n)` is told how much input was consumed (bytes for JSONL, records
    otherwise), for a progress bar.
    """
    kind = input_kind(path)
    if kind == "jsonl":
        source = _iter_jsonl(path, default_format)
    elif kind == "parquet":
        source = _iter_parquet(path, default_format, max(1, partition_size))
    else:
        source = _iter_folder(path)
    part: list[Record] = []
    chars = 0
    for rec, consumed in source:
        if on_read is not None:
            on_read(consumed)
        if rec is None:
            continue
        part.append(rec)
        chars += len(rec.text) if rec.text else 0
        if len(part) >= partition_size or chars >= PARTITION_MAX_CHARS:
            yield part
            part, chars = [], 0
    if part:
        yield part


def input_size(path: str) -> tuple[int | None, str]:
    """Return (total, unit) of the work in archive `path` for a progress bar: bytes of JSONL, rows, files."""
    kind = input_kind(path)
    if kind == "jsonl":
        return os.path.getsize(path), "bytes"
    if kind == "parquet":
        try:
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows, "records"
        except Exception:  # noqa: BLE001 — the reader reports the real error
            return None, "records"
    return None, "files"


# --- writing results ----------------------------------------------------------------------


def summary_path_for(output: str) -> str:
    """Return the per-document summary file next to OUT: `x.jsonl` → `x.summary.jsonl`."""
    p = Path(output)
    return str(p.with_name(p.stem + ".summary" + p.suffix))


class _JsonlSink:
    """Append rows as JSON lines."""

    def __init__(self, path: str, columns: tuple[tuple[str, str], ...]) -> None:
        self._fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 — closed by close()

    def write(self, rows: list[dict]) -> None:
        if rows:
            self._fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))

    def close(self) -> None:
        self._fh.close()


class _ParquetSink:
    """Append rows to a Parquet file in row groups of up to `FLUSH_ROWS` rows."""

    def __init__(self, path: str, columns: tuple[tuple[str, str], ...]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
        self._writer = pq.ParquetWriter(path, self._schema)
        self._rows: list[dict] = []

    def write(self, rows: list[dict]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


def _sink(path: str, columns: tuple[tuple[str, str], ...]):
    suffix = Path(path).suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        try:
            return _ParquetSink(path, columns)
        except ImportError:  # pragma: no cover - pyarrow is in the dask extra
            raise BatchError("writing Parquet needs pyarrow: pip install 'claimcheck[dask]'") from None
    if suffix in JSONL_SUFFIXES:
        return _JsonlSink(path, columns)
    raise BatchError(f"{path}: the output must end in .jsonl or .parquet")


# --- engines -------------------------------------------------------------------------------


class _LocalEngine:
    """Partitions run in a process pool (or in this process with one job)."""

    def __init__(self, jobs: int) -> None:
        self.workers = max(1, jobs)
        self._pool = None

    def __enter__(self) -> _LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def submit(self, records: list[Record], options: LintOptions):
        if self.workers == 1:
            return _Done(lint_partition, records, options)
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self._pool.submit(lint_partition, records, options)

    def reset(self, exc: BaseException) -> None:
        """Replace a pool broken by a dead worker, so the retry has somewhere to run."""
        from concurrent.futures.process import BrokenProcessPool

        if self._pool is not None and isinstance(exc, BrokenProcessPool):
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class _Done:
    """A future computed lazily in this process (the serial engine)."""

    def __init__(self, fn, *args) -> None:
        self._call = (fn, args)

    def result(self):
        fn, args = self._call
        return fn(*args)


class _DaskEngine:
    """Partitions run as tasks on a Dask distributed cluster: the given scheduler or a LocalCluster."""

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError("the dask engine needs dask and distributed: pip install 'claimcheck[dask]'") from None
        self._cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise BatchError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from None
        else:
            self._cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self.client = Client(self._cluster)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def __enter__(self) -> _DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def submit(self, records: list[Record], options: LintOptions):
        # pure=False: never hash the partition's text to build a task key.
        return self.client.submit(lint_partition, records, options, pure=False)

    def reset(self, exc: BaseException) -> None:
        """Nothing to do: Dask reschedules the work of a dead worker by itself."""


def _ordered_results(engine, partitions: Iterator[list[Record]], options: LintOptions, window: int):
    """Yield (records, results) per partition in input order, with at most `window` partitions pending."""
    pending: deque = deque()

    def collect():
        records, future = pending.popleft()
        try:
            return records, future.result()
        except Exception as first:  # noqa: BLE001 — a worker died or the task failed outright
            engine.reset(first)
            try:
                return records, engine.submit(records, options).result()
            except Exception:  # noqa: BLE001
                return records, failed_partition(records, f"worker failed on this partition: "
                                                          f"{type(first).__name__}: {first}")

    for records in partitions:
        pending.append((records, engine.submit(records, options)))
        while len(pending) >= window:
            yield collect()
    while pending:
        yield collect()


def run_batch(input_path: str, output: str, options: LintOptions | None = None, *, engine: str = "local",
              scheduler: str | None = None, jobs: int = 0, partition_size: int = DEFAULT_PARTITION_SIZE,
              default_format: str = "text", progress: bool | None = None) -> BatchStats:
    """Lint archive `input_path` into `output` (findings) and its summary file; return the `BatchStats`.

    Raises `BatchError` (or `PackError`, `FactsError`) for a problem with the whole run:
    an unreadable archive, an unknown output extension, a bad rule pack.
    """
    from claimcheck.engine import load_resources
    from claimcheck.progress import Progress

    options = options or LintOptions()
    # A malformed pack or unreadable facts stop the run before any work is sent
    # (each worker loads them once for itself).
    load_resources(options)
    input_kind(input_path)
    if partition_size < 1:
        raise BatchError("--partition-size must be at least 1")
    summary_path = summary_path_for(output)
    jobs = jobs or os.cpu_count() or 1
    stats = BatchStats(summary_path=summary_path)
    total, unit = input_size(input_path)
    findings_sink = _sink(output, FINDING_COLUMNS)
    summary_sink = _sink(summary_path, SUMMARY_COLUMNS)
    with Progress(total, "batch", unit, enabled=progress) as bar:
        read_by_bytes = unit == "bytes"
        partitions = iter_partitions(input_path, partition_size, default_format,
                                     on_read=bar.advance if read_by_bytes else None)
        runner = _DaskEngine(jobs, scheduler) if engine == "dask" else _LocalEngine(jobs)
        try:
            with runner:
                for _records, results in _ordered_results(runner, partitions, options, 2 * runner.workers):
                    stats.partitions += 1
                    rows: list[dict] = []
                    summaries: list[dict] = []
                    for found, summary in results:
                        rows.extend(found)
                        summaries.append(summary)
                        stats.documents += 1
                        stats.failed += summary["input_error"] is not None
                        stats.counts["error"] += summary["errors"]
                        stats.counts["warning"] += summary["warnings"]
                        stats.counts["info"] += summary["infos"]
                    stats.findings += len(rows)
                    findings_sink.write(rows)
                    summary_sink.write(summaries)
                    if not read_by_bytes:
                        bar.advance(len(results))
        finally:
            findings_sink.close()
            summary_sink.close()
    return stats
