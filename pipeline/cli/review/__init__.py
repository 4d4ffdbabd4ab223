"""``asnwatch review``: the human review queue (claim, decide, list, show, history, agreement, stats, export).

Every sub-command takes ``--db`` and, where it prints data, ``--format json|table``. JSON: ``next`` and ``show``
print one object (``next`` prints ``null`` when nothing is left), ``list`` and ``history`` an array.
"""

from pipeline.cli.review import inspect, measure, reviewers, transfer, work  # noqa: F401 (each registers its commands)
from pipeline.cli.review._app import app

# the order ``asnwatch review --help`` lists them in: a reviewer's day, then inspection, measures, transfers
ORDER = (
    "next", "decide", "skip", "release", "expire", "list", "show", "history", "agreement", "stats", "export",
    "import", "enqueue-uncertain",
)  # fmt: skip
app.registered_commands.sort(key=lambda command: ORDER.index(command.name or ""))

__all__ = ["app"]
