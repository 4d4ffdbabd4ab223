"""Training the stance model inside ``asnwatch train``, and joining its features to a model's batches.

Signals (each can be switched off for the ablation in ``benchmarks/classify_models.py``):

- gold views of the heads' training posts (the corpus train split, plus the real-register dev posts given to
  train when ``data.real_register`` is on);
- weak views from public sentiment sets (``stance.weak``): a pilkada-dki-2017 tweet's sentiment towards its
  pair -> for / against that pair; pilpres2019's positif / negatif towards the one candidate a tweet names
  (the real-register *test* source: ablation only);
- the general-sentiment polarity features (``stance.sentiment``), fitted on SmSA + NusaX.

Real-register items are never weak examples (their gold labels are used where the split allows, or nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.classify.post_text import classified_text
from pipeline.classify.stance import (
    WEAK_WEIGHT,
    StanceExample,
    StanceModel,
    StanceOptions,
    crossfit_features,
    examples_from_batch,
    target_views,
)
from pipeline.text.frames import detect_frames

if TYPE_CHECKING:
    from pipeline.classify.inputs import Batch, InputOptions
    from pipeline.classify.sentiment import SentimentModel

__all__ = ["fit_stance", "weak_examples"]

_SENTIMENT_CACHE: dict[str, SentimentModel] = {}


def sentiment_model(seed: int = 0) -> SentimentModel:
    """The general-sentiment model, fitted once per process."""
    from pipeline.classify.sentiment import SentimentModel, iter_sentiment_examples

    if "model" not in _SENTIMENT_CACHE:
        _SENTIMENT_CACHE["model"] = SentimentModel().fit(list(iter_sentiment_examples()), seed=seed)
    return _SENTIMENT_CACHE["model"]


def _real_register_ids() -> set[str]:
    from pipeline.classify.real_register import all_item_ids

    return all_item_ids()


def weak_examples(sources: list[str], *, inputs: InputOptions) -> list[StanceExample]:
    """Weak views from the public sentiment sets named in ``sources`` (see the module docstring)."""
    from pipeline.classify.datasets_public import load_public
    from pipeline.classify.inputs import model_input
    from pipeline.classify.training_data import record_to_post
    from pipeline.text.targets import TargetResolver

    skip = _real_register_ids()
    out: list[StanceExample] = []
    for name in sources:
        public = load_public(name)
        resolver = TargetResolver(public.election)
        for record in public.records:
            if record["id"] in skip:
                continue
            post = record_to_post(record)
            text = model_input(post, public.election, inputs, resolver=resolver)
            views = target_views(text)
            frames = tuple(sorted(detect_frames(classified_text(post)).names))
            polarity = {"DUKUNGAN": "for", "SERANGAN": "against"}.get(record["labels"][0])
            named = [v for v in views if v.number]
            if "weak_target" in record:  # pilkada-dki-2017: the sentiment is about this pair
                chosen = [v for v in named if v.number == record["weak_target"]]
                stance = polarity
            elif polarity is None:  # pilpres2019 netral: no side towards anyone named
                chosen, stance = named, "none"
            else:  # pilpres2019 positif / negatif: only when one candidate is named
                chosen, stance = (named, polarity) if len(named) == 1 else ([], None)
            if stance is None:
                continue
            out.extend(StanceExample(v, frames, stance, WEAK_WEIGHT, group=record["id"]) for v in chosen)
    return out


def fit_stance(
    options: StanceOptions,
    train: Batch,
    *,
    inputs: InputOptions,
    seed: int = 0,
    log: Callable[[str], None] = lambda _: None,
) -> tuple[StanceModel, list[dict[str, float]]]:
    """The stance model fitted on ``train``'s gold views plus the weak views, and out-of-fold ``stance.*``
    features for ``train``'s posts (one dict per post)."""
    own = examples_from_batch(train)
    weak = weak_examples(options.weak, inputs=inputs) if options.weak else []
    sentiment = sentiment_model(seed) if options.sentiment else None
    model = StanceModel(options).fit(own + weak, sentiment=sentiment, seed=seed)
    log(
        f"stance: {len(own)} gold views, {len(weak)} weak views ({', '.join(options.weak) or 'none'}), "
        f"sentiment {'on' if sentiment is not None else 'off'}"
    )
    feats = crossfit_features(train, own, weak, options=options, sentiment=sentiment, seed=seed)
    return model, feats
