"""Research scale: classify and evaluate folders of shards, in this process or on a Ray cluster.

- :mod:`pipeline.scale.jobs`: one input shard -> one output shard (written to a temporary name, renamed when
  complete), the plan of a folder run and which shards a rerun can skip; the local engine.
- :mod:`pipeline.scale.labelled`: labelled shards -> records and predictions for ``evaluate``.
- :mod:`pipeline.scale.ray_engine`: the same work on Ray Data (``asnwatch[ray]``), one model per actor.

See docs/scale.md for when to use which.
"""
