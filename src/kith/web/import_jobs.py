"""Imports from the Import page run beside the request that starts them.

A big mailbox or a Google Takeout takes minutes to read, longer than a browser, or a proxy
in front of a hosted kith, waits for one answer. So the page's dry run and its confirmation
start an import *job* on a thread of its own (its own session and transaction, all or
nothing as ever), wait for it a moment (``Settings.import_wait_seconds``: a small file is
answered at once, as before) and otherwise send the browser to the job's page, which shows
how far it got and refreshes itself until the report is ready.

A job's state is a small JSON file in the data folder (``import-jobs/<id>.json``), written
as the import goes, so that any server process (``kith serve --workers N``) can show it.
When kith is stopped, the process waits for a started import to end and save; a job whose
process is gone all the same (killed) is reported as stopped: nothing of it was saved, since
an import is one transaction.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from kith.clock import Clock
from kith.db.engine import unit_of_work
from kith.errors import KithError
from kith.services import insight_cache
from kith.services.context import Ctx
from kith.web.uploads import is_id, prune_uploads, upload_path

log = logging.getLogger(__name__)

JOBS = "import-jobs"
JOB_KEPT_SECONDS = 24 * 3600  # a finished job's page is kept for a day, as its upload
WRITE_EVERY = 0.5  # seconds between two progress writes of one job
_PROCESS = secrets.token_hex(8)  # tells this server process from one started later
_threads: dict[str, threading.Thread] = {}  # this process's jobs that may still run

# the import itself, told how far it is (``JobProgress``) -> its reports
Work = Callable[[Ctx, "JobProgress"], list[dict[str, Any]]]
Failure = Callable[[Exception], str | None]  # the error's text for the user, None: unexpected


@dataclass
class Job:
    """What the job's page shows."""

    id: str
    owner_id: int
    upload_id: str
    filename: str
    dry_run: bool
    choices: dict[str, Any]
    status: str = "running"  # then "done" or "failed"
    part: str = ""  # the kind being imported, for a zip of several ("mail")
    done: int = 0
    total: int = 0  # records: 0 while the file is being read
    read: int = 0  # how much of the file was read, of ``size`` (0: it cannot tell)
    size: int = 0
    seconds: float = 0.0  # how long its step (reading, then applying) had run when written
    reports: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    pid: int = field(default_factory=os.getpid)
    process: str = _PROCESS

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def read_percent(self) -> int | None:
        """How much of the file is read, in percent; None when the parser cannot tell."""
        return self.read * 100 // self.size if self.size else None

    def seconds_left(self) -> float | None:
        """At the pace so far, how long the step under way will take: the records not
        applied yet, or the rest of the file (before the records are counted)."""
        done, total = (self.done, self.total) if self.total else (self.read, self.size)
        if not (self.running and total and done and self.seconds):
            return None
        return self.seconds * (total - done) / done


def start(
    data_dir: Path,
    factory: sessionmaker[Session],
    clock: Clock,
    job: Job,
    work: Work,
    failure: Failure,
) -> Job:
    """Write ``job`` and run ``work`` for it on a thread of its own."""
    _write(data_dir, job)
    thread = _threads[job.id] = threading.Thread(
        target=_run,
        args=(data_dir, factory, clock, job, work, failure),
        name=f"import-{job.id[:8]}",
        daemon=False,  # kith stopping (Ctrl-C) lets a started import finish and save first
    )
    thread.start()
    return job


def wait(data_dir: Path, job: Job, seconds: float) -> Job:
    """The job as it is once it has ended or ``seconds`` have passed."""
    thread = _threads.get(job.id)
    if thread is not None:
        thread.join(max(0.0, seconds))
    return read(data_dir, job.id) or job


def read(data_dir: Path, job_id: str) -> Job | None:
    """The job, or None when the id is unknown (or malformed). A running job whose server
    process is gone is said to have stopped."""
    if not is_id(job_id):
        return None
    job = _load(data_dir, job_id)
    if job is not None and job.running and not _alive(job):
        # its thread may have ended after the file was read: it writes its end before it
        # goes, so the file read again says how it ended
        job = _load(data_dir, job_id)
    if job is not None and job.running and not _alive(job):
        job.status, job.error = (
            "failed",
            (
                "The import stopped before it ended (was kith stopped?). Nothing of it was "
                "saved: please import the file again."
            ),
        )
    return job


def _load(data_dir: Path, job_id: str) -> Job | None:
    try:
        return Job(**json.loads(_path(data_dir, job_id).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def of_owner(data_dir: Path, owner_id: int) -> list[Job]:
    """The owner's jobs still running and dry runs whose report waits to be seen (their
    upload not confirmed yet), newest first: the Import page links back to them."""
    folder = data_dir / JOBS
    paths = sorted(folder.glob("*.json"), key=_modified, reverse=True) if folder.is_dir() else []
    jobs = [job for job in map(partial(read, data_dir), (p.stem for p in paths)) if job]
    mine = [job for job in jobs if job.owner_id == owner_id]
    confirmed = {job.upload_id for job in mine if not job.dry_run}
    return [
        job
        for job in mine
        if job.running
        or (
            job.status == "done"
            and job.dry_run
            and job.upload_id not in confirmed
            and _uploaded(data_dir, job.upload_id)
        )
    ]


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # pruned meanwhile
        return 0.0


def _uploaded(data_dir: Path, upload_id: str) -> bool:
    try:
        upload_path(data_dir, upload_id)
    except KithError:  # confirmed, or pruned
        return False
    return True


def left_behind(data_dir: Path, now: float) -> None:
    """Delete what the Import page keeps for a day: uploads never confirmed, job files."""
    prune_uploads(data_dir, now)
    prune(data_dir, now)


def prune(data_dir: Path, now: float, kept: float = JOB_KEPT_SECONDS) -> int:
    """Delete the files of jobs older than ``kept`` seconds (and any half-written one left
    by a process that was killed); returns how many went."""
    pruned = 0
    folder = data_dir / JOBS
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        try:
            if now - path.stat().st_mtime >= kept:
                path.unlink()
                pruned += 1
        except OSError:  # pruned meanwhile by another process
            continue
    return pruned


def _run(
    data_dir: Path,
    factory: sessionmaker[Session],
    clock: Clock,
    job: Job,
    work: Work,
    failure: Failure,
) -> None:
    progress = JobProgress(data_dir, job)
    try:
        with unit_of_work(factory) as session:
            reports = work(Ctx(session, job.owner_id, clock), progress)
            if job.dry_run:
                session.rollback()  # a dry run never writes, whatever the importer flushed
        job.status, job.reports = "done", reports
    except Exception as exc:  # the user is told on the job's page, not left waiting
        message = failure(exc)
        if message is None:
            log.exception("import job %s failed", job.id)
            message = "The import failed unexpectedly; nothing was saved. Please try again."
        job.status, job.error = "failed", message
    finally:
        _write(data_dir, job)
        _threads.pop(job.id, None)  # ended: its file tells the rest
    if job.status == "done":
        progress.then()
    if job.status == "done" and not job.dry_run:
        _warm_up(factory, job.owner_id, clock)


def _warm_up(factory: sessionmaker[Session], owner_id: int, clock: Clock) -> None:
    """The pages the user opens after an import need its insights: worked out now, in the
    background (an error there is the next page's to report, not the import's)."""
    try:
        insight_cache.warm_up(factory, owner_id, clock)
    except Exception as exc:  # the type only: its values could carry people's data
        log.error("Working out insights after an import failed: %s", type(exc).__name__)


class JobProgress:
    """Writes the job's progress, at most every ``WRITE_EVERY`` seconds: how far its file
    is read, then how many records are applied; each step timed on its own."""

    def __init__(self, data_dir: Path, job: Job) -> None:
        self.data_dir, self.job, self.last = data_dir, job, 0.0
        self.began = time.monotonic()
        self.afterwards: list[Callable[[], None]] = []

    def after_done(self, work: Callable[[], None]) -> None:
        """Do ``work`` once the job is done and its page says so (what need not hold up
        its report); an error there is logged, the job stays done."""
        self.afterwards.append(work)

    def then(self) -> None:
        for work in self.afterwards:
            try:
                work()
            except Exception as exc:  # the type only: its values could carry people's data
                log.error("Work after an import job failed: %s", type(exc).__name__)

    def read(self, done: int, total: int) -> None:
        """``done`` of the file's ``total`` read (any unit)."""
        self.job.read, self.job.size = done, total
        self._written()

    def count(self, done: int, total: int) -> None:
        """``done`` records applied of ``total``."""
        if not self.job.total:  # reading is over: the pace of applying is its own
            self.began = time.monotonic()
        self.job.done, self.job.total = done, total
        self._written()

    def part(self, words: str) -> None:
        """The next kind of a Takeout begins: read, counted and timed on its own."""
        self.job.part, self.job.seconds = words, 0.0
        self.job.done = self.job.total = self.job.read = self.job.size = 0
        self.began = time.monotonic()
        _write(self.data_dir, self.job)

    def _written(self) -> None:
        now = time.monotonic()
        if now - self.last >= WRITE_EVERY:
            self.last = now
            self.job.seconds = round(now - self.began, 1)
            _write(self.data_dir, self.job)


def _alive(job: Job) -> bool:
    """Whether the job's thread (in this process) or its process (another) still runs."""
    if job.process == _PROCESS and job.pid == os.getpid():
        thread = _threads.get(job.id)
        return thread is not None and thread.is_alive()
    try:
        os.kill(job.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process of that number: alive
        return True
    return True


def _path(data_dir: Path, job_id: str) -> Path:
    return data_dir / JOBS / f"{job_id}.json"


def _write(data_dir: Path, job: Job) -> None:
    """Written whole to a temporary file, then renamed: a reader never sees half of it."""
    path = _path(data_dir, job.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(asdict(job)), encoding="utf-8")
    os.replace(temporary, path)
