"""One entry point per command for both engines: ``local`` (this process) and ``ray`` (a Ray cluster).

>>> jobs = plan("shards/", "preds/")
>>> summary = classify_shards(jobs, clf=clf, model="rules", election=cfg, engine="ray", workers=2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError, OptionError
from pipeline.scale.jobs import ShardJob, ShardResult, check_results, model_id, run_local, split_done

if TYPE_CHECKING:
    from pipeline.classify import Classifier
    from pipeline.election import ElectionConfig
    from pipeline.schema import Prediction

ENGINES = ("local", "ray")


@dataclass
class RunSummary:
    """A folder run: the model, what each shard job did, and how many shards were already complete."""

    model: str
    results: list[ShardResult] = field(default_factory=list)
    skipped: int = 0

    @property
    def posts(self) -> int:
        return sum(r.posts for r in self.results)

    @property
    def partisan(self) -> int:
        return sum(r.partisan for r in self.results)

    @property
    def written(self) -> int:
        return sum(1 for r in self.results if not r.skipped)


def check_engine(engine: str, *, address: str | None = None, workers: int | None = None) -> None:
    """Refuse an unknown engine, Ray options without Ray, and ``--engine ray`` without the extra."""
    if engine not in ENGINES:
        raise OptionError(f"must be one of {', '.join(ENGINES)}, not {engine!r}", option="engine")
    if engine == "local":
        for name, value in (("address", address), ("workers", workers)):
            if value is not None:
                raise OptionError("only with --engine ray", option=name)
        return
    from pipeline.scale.ray_engine import import_ray

    import_ray()


def classify_shards(
    jobs: Sequence[ShardJob],
    *,
    clf: Classifier,
    model: str | None,
    election: ElectionConfig,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    quiet: bool = False,
    worker: type | None = None,
) -> RunSummary:
    """Run the shard jobs not yet complete on ``engine``; ``clf`` is the driver's copy of ``model`` (the
    local engine uses it; the Ray workers load their own). Raises :class:`InputError` after the run when a
    shard's input was unusable (the other shards are written)."""
    mid = model_id(clf)
    todo, done = split_done(jobs, mid)
    if engine == "local" or not todo:  # nothing to do: no cluster to start
        results = list(run_local(clf, todo))
    else:
        from pipeline.scale.ray_engine import ShardClassifier, classify_ray, ray_session

        with ray_session(address, cpus=workers, quiet=quiet) as ray:
            results = list(
                classify_ray(
                    todo,
                    model=model,
                    election=election,
                    model_id=mid,
                    ray=ray,
                    workers=workers,
                    worker=worker or ShardClassifier,
                )
            )
    check_results(results)
    return RunSummary(mid, results, len(done) + sum(r.skipped for r in results))


def labelled_shards(data: str | Path) -> list[str]:
    """The labelled shards of ``data``: the files of a folder (see :func:`pipeline.io.shards.list_shards`),
    or the one file given."""
    from pipeline.io.shards import list_shards

    p = Path(data)
    if p.is_dir():
        return [str(s) for s in list_shards(p)]
    if not p.is_file():
        raise InputError("no such data file or folder", path=p)
    return [str(p)]


def evaluate_shards(
    data: str | Path,
    *,
    model: str,
    election: str | Path,
    split: str | None = None,
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    quiet: bool = False,
) -> tuple[list[dict[str, Any]], list[Prediction], str]:
    """Records, predictions and ``name@version`` for the labelled shards of ``data`` (a folder or a file),
    in shard order, as :func:`pipeline.classify.train.evaluate_model` gives them for one file (and which it
    runs for one file on the local engine)."""
    from pipeline.classify.training_data import ElectionResolver

    if engine == "local" and not Path(data).is_dir():
        from pipeline.classify.train import evaluate_model

        return evaluate_model(model, data=data, election=election, split=split)

    shards = labelled_shards(data)
    resolver = ElectionResolver.from_path(election)
    if engine == "local":
        from pipeline.scale.labelled import evaluate_local

        records, predictions, name = evaluate_local(shards, spec=model, resolver=resolver, split=split)
    else:
        from pipeline.scale.ray_engine import evaluate_ray, ray_session

        with ray_session(address, cpus=workers, quiet=quiet) as ray:
            records, predictions, name = evaluate_ray(
                shards, model=model, resolver=resolver, split=split, ray=ray, workers=workers
            )
    if not records:
        raise InputError(f"no records with split {split!r}" if split else "no records", path=data)
    return records, predictions, name
