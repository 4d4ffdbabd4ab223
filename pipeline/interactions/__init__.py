"""Interaction collectors (issue 15): platform exports of follows, likes, shares, memberships in, canonical
interactions out (CONTRACT "Canonical interaction").

Public names: :func:`collect_interactions` (the run), :class:`InteractionOptions`, :class:`Interaction` (the
model), :func:`interaction_id`, :data:`KINDS`, :func:`registry`, :func:`detect_interaction_format`,
:func:`get_interaction_collector`, :class:`JsonlInteractionSink`. Each format is a module of this package
registering an :class:`InteractionCollector`: ``x-v2-users``, ``telegram-members``, ``csv-interactions``,
``interactions-jsonl``.
"""

from pipeline.interactions.base import (
    RELATIONS,
    InteractionCollector,
    InteractionOptions,
    detect_interaction_format,
    get_interaction_collector,
    registry,
)
from pipeline.interactions.record import (
    KINDS,
    OBJECT_TYPES,
    Actor,
    Interaction,
    InteractionObject,
    fit_interaction,
    interaction_id,
    make_interaction,
)
from pipeline.interactions.run import InteractionSink, JsonlInteractionSink, collect_interactions

__all__ = [
    "KINDS", "OBJECT_TYPES", "RELATIONS", "Actor", "Interaction", "InteractionCollector", "InteractionObject",
    "InteractionOptions", "InteractionSink", "JsonlInteractionSink", "collect_interactions",
    "detect_interaction_format", "fit_interaction", "get_interaction_collector", "interaction_id",
    "make_interaction", "registry",
]  # fmt: skip
