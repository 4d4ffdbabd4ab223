"""The review queue: humans decide on every flag, and the record of who decided what, when, on which evidence.

Public API (each function opens its own transaction on a :class:`pipeline.store.Store`)::

    from pipeline.review import claim_next, decide, DecisionInput
    item = claim_next(store, "ana")                       # dict or None
    decide(store, item["id"], DecisionInput(reviewer="ana", decision="confirmed"))

Modules: ``workflow`` (statuses, consensus rule), ``queue`` (claim, release, skip, expire, reviewers),
``decide``, ``items`` (item dicts, lists), ``history`` (audit log replay), ``agreement`` (kappas), ``stats``,
``export`` (jsonl/csv/hf and import), ``active`` (enqueue the least-sure predictions).
"""

from pipeline.review.decide import DecisionInput, decide
from pipeline.review.queue import add_reviewer, claim_next, expire_claims, release, skip
from pipeline.review.workflow import ReviewError

__all__ = [
    "DecisionInput",
    "ReviewError",
    "add_reviewer",
    "claim_next",
    "decide",
    "expire_claims",
    "release",
    "skip",
]
