"""The engine options that ``classify`` and ``evaluate`` share (declared once): local or Ray (docs/scale.md)."""

from __future__ import annotations

from typing import Annotated

import typer

EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local: this process; ray: a Ray cluster, one model per worker, a shard per task "
        "(extra asnwatch\\[ray]).",
    ),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="Ray: join the cluster at this address ('auto' for the one `ray start` runs here, or "
        "ray://host:10001); default: start a local one for the run.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", help="Ray: workers (each loads the model once); default: the cluster's CPUs."),
]
