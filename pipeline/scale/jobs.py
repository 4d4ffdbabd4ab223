"""Shard jobs: one input shard classified into one output shard, and which of them a rerun can skip.

An output shard is written to a temporary name beside it and renamed when the whole shard is done, so a
shard either exists complete or not at all, whatever happened to the process writing it. Its Parquet
metadata records the model and the input's size (:func:`shard_metadata`): a rerun skips a shard whose output
names the same model and input size, and redoes any other.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError
from pipeline.io.shards import iter_posts, list_shards, output_name, record_output

if TYPE_CHECKING:
    from pipeline.classify import Classifier
    from pipeline.schema import Post, Prediction

MODEL_KEY = "asnwatch.model"
INPUT_KEY = "asnwatch.input"
INPUT_BYTES_KEY = "asnwatch.input_bytes"
NON_PARTISAN = frozenset({"NETRAL_PEMILU", "TIDAK_TERKAIT"})


@dataclass(frozen=True)
class ShardJob:
    """Classify ``input`` into ``output`` (paths as text, so a job travels to a worker as it is)."""

    input: str
    output: str


@dataclass
class ShardResult:
    """What one shard job did: posts written, how many partisan, wall and CPU seconds of the process that ran
    it; ``error`` for an unusable input."""

    input: str
    output: str
    posts: int = 0
    partisan: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    skipped: bool = False
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def model_id(clf: Classifier) -> str:
    """``name@version``, as in every prediction's ``model`` field."""
    return f"{clf.name}@{clf.version}"


def is_partisan(pred: Prediction) -> bool:
    """The summary's count: a partisan label and a partisan score of at least 0.5."""
    return pred.partisan_score >= 0.5 and bool(set(pred.labels) - NON_PARTISAN)


def plan(input: str | Path, output: str | Path) -> list[ShardJob]:
    """One job per shard of the folder ``input``, each writing ``output/<stem>.parquet``."""
    out = Path(output)
    return [ShardJob(str(s), str(out / output_name(s))) for s in list_shards(input)]


def shard_metadata(job: ShardJob, model: str) -> dict[str, str]:
    """What an output shard records of its making (see :func:`is_complete`)."""
    src = Path(job.input)
    return {MODEL_KEY: model, INPUT_KEY: src.name, INPUT_BYTES_KEY: str(src.stat().st_size)}


def is_complete(job: ShardJob, model: str) -> bool:
    """True when ``job.output`` exists and was made by ``model`` from an input of the same size."""
    from pipeline.io.parquet import read_metadata

    dst = Path(job.output)
    if not dst.is_file():
        return False
    try:
        meta = read_metadata(dst)
        size = str(Path(job.input).stat().st_size)
    except (InputError, OSError):
        return False
    return meta.get(MODEL_KEY) == model and meta.get(INPUT_BYTES_KEY) == size


def split_done(jobs: Iterable[ShardJob], model: str) -> tuple[list[ShardJob], list[ShardJob]]:
    """``(to do, already complete)``."""
    todo: list[ShardJob] = []
    done: list[ShardJob] = []
    for job in jobs:
        (done if is_complete(job, model) else todo).append(job)
    return todo, done


PostFilter = Callable[[Iterator["Post"]], Iterator["Post"]]


def classify_file(
    clf: Classifier,
    job: ShardJob,
    *,
    metadata: dict[str, str] | None = None,
    wrap: PostFilter | None = None,
) -> ShardResult:
    """Classify every post of ``job.input`` into ``job.output`` (JSONL or Parquet by its name), in input
    order. ``wrap`` sees the post stream (a progress bar). Raises :class:`InputError` for a bad input."""
    started, cpu = time.perf_counter(), time.process_time()
    posts: Iterator[Post] = (post for _, post in iter_posts(job.input))
    if wrap is not None:
        posts = wrap(posts)
    partisan = 0
    with record_output(job.output, metadata=metadata) as sink:
        for pred in clf.predict(posts):
            sink.write(pred)
            partisan += is_partisan(pred)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return ShardResult(job.input, job.output, sink.count, partisan, seconds, cpu)


def clear_partial(output: str | Path) -> None:
    """Remove the temporary files an earlier attempt at ``output`` left (a worker killed mid-shard)."""
    dst = Path(output)
    for stale in dst.parent.glob(f".{glob.escape(dst.name)}.*.part"):
        stale.unlink(missing_ok=True)


def run_shard(clf: Classifier, job: ShardJob, model: str) -> ShardResult:
    """One job as a worker runs it: skipped when complete, an input problem reported in ``error``."""
    if is_complete(job, model):
        return ShardResult(job.input, job.output, skipped=True)
    clear_partial(job.output)
    try:
        return classify_file(clf, job, metadata=shard_metadata(job, model))
    except InputError as exc:
        return ShardResult(job.input, job.output, error=str(exc))


def run_local(clf: Classifier, jobs: Iterable[ShardJob]) -> Iterator[ShardResult]:
    """The local engine: the jobs one after another in this process."""
    model = model_id(clf)
    for job in jobs:
        yield run_shard(clf, job, model)


def check_results(results: Iterable[ShardResult]) -> None:
    """Raise :class:`InputError` with the first shard's problem (and how many shards had one)."""
    failed = [r for r in results if r.error]
    if failed:
        more = (
            f" (and {len(failed) - 1} more shard(s) failed; the others are written)"
            if len(failed) > 1
            else ""
        )
        raise InputError(f"{failed[0].error}{more}")
