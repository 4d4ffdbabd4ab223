"""The Ray engine (``--engine ray``, extra ``asnwatch[ray]``): shard jobs on a Ray Data actor pool.

The dataset is the list of shard jobs, one row each; ``map_batches`` hands them one at a time to a pool of
actors of a callable class (:class:`ShardClassifier`, :class:`ShardEvaluator`) that loads the model once in
its constructor, reads the shard itself (the same readers as the local engine, so the same posts and the same
predictions) and writes the output shard to a temporary name renamed when complete. The unit of work is the
shard, hence:

- a worker process that dies is restarted by Ray and the shard it held is run again from its start (Ray Data
  gives its actor pools ``max_restarts=-1`` and ``max_task_retries=-1``: no limit); the half-written temporary
  file is never renamed (the next attempt removes it), so every post is written exactly once. An unusable
  input is not a death: the shard reports it and the run goes on with the others;
- a rerun skips the shards already complete (see :mod:`pipeline.scale.jobs`);
- input and output paths must be reachable from every node (one machine, or a shared file system).

Ray is imported when a function here runs; without it :func:`import_ray` raises one clear line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError, OptionError
from pipeline.scale.jobs import ShardJob, ShardResult, run_shard

if TYPE_CHECKING:
    from pipeline.classify.training_data import ElectionResolver
    from pipeline.election import ElectionConfig
    from pipeline.schema import Prediction

INSTALL_HINT = "pip install 'asnwatch[ray]'"


def import_ray() -> Any:
    """The ``ray`` module, or :class:`OptionError` telling how to install the extra."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise OptionError(
            f"ray is not installed; install the extra with: {INSTALL_HINT}", option="engine"
        ) from None
    return ray


@contextlib.contextmanager
def ray_session(address: str | None = None, *, cpus: int | None = None, quiet: bool = False) -> Iterator[Any]:
    """Ray, joined to the cluster at ``address`` (``auto``: the one ``ray start`` runs here) or to a local
    instance with ``cpus`` CPUs started for the run and stopped after it. An instance already initialised in
    this process (a test's) is used as it is."""
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING}
    if quiet:
        options["log_to_driver"] = False
    try:
        if address:
            ray.init(address=address, **options)
        else:
            # "local": always a new instance, never one a crashed run or `ray start` left behind
            ray.init(address="local", num_cpus=cpus or os.cpu_count() or 1, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise OptionError(f"cannot start or join Ray ({exc})", option="address") from None
    try:
        ray.data.DataContext.get_current().enable_progress_bars = not quiet
        if quiet:
            logging.getLogger("ray.data").setLevel(logging.WARNING)
        yield ray
    finally:
        ray.shutdown()


def pool_size(ray: Any, workers: int | None, jobs: int) -> int:
    """Actors in the pool: ``workers``, else the cluster's CPUs; never more than there are jobs."""
    if workers is not None and workers < 1:
        raise OptionError("must be at least 1", option="workers")
    n = workers or int(ray.cluster_resources().get("CPU", 1))
    return max(1, min(n, jobs))


def _map(ray: Any, rows: list[dict[str, Any]], worker: type, kwargs: dict[str, Any], size: int) -> Any:
    """The dataset of ``rows`` mapped one row at a time by a pool of ``size`` actors of ``worker``."""
    ds = ray.data.from_items(rows, override_num_blocks=len(rows))
    return ds.map_batches(
        worker,
        fn_constructor_kwargs=kwargs,
        batch_size=1,
        batch_format="pandas",
        compute=ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
    )


class ShardClassifier:
    """Ray Data callable class: the model loaded once per actor; each row a shard job, each result a
    :class:`ShardResult` row."""

    def __init__(self, *, model: str | None, election: ElectionConfig, model_id: str) -> None:
        from pipeline.classify import load_classifier

        self.clf = load_classifier(model, election=election)
        self.model_id = model_id

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        results = [
            run_shard(self.clf, ShardJob(str(src), str(dst)), self.model_id).as_dict()
            for src, dst in zip(batch["input"], batch["output"], strict=True)
        ]
        return pd.DataFrame(results)


def classify_ray(
    jobs: Sequence[ShardJob],
    *,
    model: str | None,
    election: ElectionConfig,
    model_id: str,
    ray: Any,
    workers: int | None = None,
    worker: type = ShardClassifier,
) -> Iterator[ShardResult]:
    """Run ``jobs`` on the Ray instance ``ray`` (see :func:`ray_session`); results as shards finish.

    ``worker`` is the callable class (a test's subclass kills itself once); its constructor takes ``model``,
    ``election`` and ``model_id`` (the driver's ``name@version``, which completed shards record).
    """
    if not jobs:
        return
    rows = [{"input": j.input, "output": j.output} for j in jobs]
    kwargs = {"model": model, "election": election, "model_id": model_id}
    for row in _map(ray, rows, worker, kwargs, pool_size(ray, workers, len(jobs))).iter_rows():
        yield ShardResult(**{k: _plain(v) for k, v in row.items()})


def _plain(value: Any) -> Any:
    """A numpy or pandas scalar as the Python value (a missing ``error`` as None)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN: pandas' missing value
        return None
    return value


class ShardEvaluator:
    """Ray Data callable class for ``evaluate``: each row a labelled shard, each result its records and
    predictions (pickled, in shard order)."""

    def __init__(self, *, model: str, resolver: ElectionResolver, split: str | None) -> None:
        from pipeline.scale.labelled import RecordPredictor

        self.predictor = RecordPredictor(model, resolver)
        self.split = split

    def __call__(self, batch: Any) -> Any:
        import pandas as pd

        from pipeline.scale.labelled import load_labelled

        out = []
        for index, shard in zip(batch["index"], batch["shard"], strict=True):
            payload: tuple[list[dict[str, Any]], list[Prediction], str, str | None]
            try:
                records = load_labelled(str(shard), split=self.split)
                payload = (records, self.predictor.predict(records), self.predictor.name, None)
            except InputError as exc:
                payload = ([], [], self.predictor.name, str(exc))
            out.append({"index": int(index), "payload": pickle.dumps(payload)})
        return pd.DataFrame(out)


def evaluate_ray(
    shards: Sequence[str],
    *,
    model: str,
    resolver: ElectionResolver,
    split: str | None,
    ray: Any,
    workers: int | None = None,
) -> tuple[list[dict[str, Any]], list[Prediction], str]:
    """Records and predictions of every labelled shard, in shard order, and the model's ``name@version``."""
    rows = [{"index": i, "shard": s} for i, s in enumerate(shards)]
    kwargs = {"model": model, "resolver": resolver, "split": split}
    parts: dict[int, Any] = {}
    for row in _map(ray, rows, ShardEvaluator, kwargs, pool_size(ray, workers, len(rows))).iter_rows():
        parts[int(row["index"])] = pickle.loads(row["payload"])
    errors = [p[3] for _, p in sorted(parts.items()) if p[3]]
    if errors:
        raise InputError(errors[0])
    records = [r for _, p in sorted(parts.items()) for r in p[0]]
    predictions = [q for _, p in sorted(parts.items()) for q in p[1]]
    name = next((p[2] for _, p in sorted(parts.items())), model)
    return records, predictions, name
