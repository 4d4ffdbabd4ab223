"""What the target resolver finds: one :class:`Mention` per surface form of a candidate in a post.

Shared by :mod:`pipeline.text.targets` (the resolver) and :mod:`pipeline.text.target_numbers` (ballot numbers);
both names are imported from :mod:`pipeline.text.targets` by the rest of the package.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["KOTAK_KOSONG", "Mention"]

KOTAK_KOSONG = 0  # the target number of "kotak kosong" (the empty box) in a single-candidate contest


class Mention(NamedTuple):  # a tuple: cheap to create, and there are many per post
    """One resolved target mention. ``start``/``end`` are normalised offsets (see :class:`Normalized`).

    ``kind``: name, pair, alias, acronym, slogan, hashtag, account, party, colour, emoji, number, watch, kotak.
    ``polarity``: -1 for a watch term (an attack tag), else 0. ``strong``: resolved without needing context.
    ``in_parent``: found in the parent post, not in the post itself.
    """

    number: int
    kind: str
    start: int
    end: int
    text: str
    strong: bool
    polarity: int = 0
    in_parent: bool = False
    head: str = ""  # for numbers: the word that made it a vote (coblos, paslon, pokoknya ...)
