"""The rules' scores, named. A label is given when its score reaches :data:`THRESHOLD`.

Scores are rule confidences in [0, 1], not probabilities (the isotonic map in
:mod:`pipeline.classify.rules.calibration` turns the top one into P(partisan)). They rank evidence: an explicit
form beats a cue from a family list, which beats a generic word that only counts next to a target. The damping
factors multiply every partisan score when a neutral frame is read; a cap sets a ceiling.
"""

from __future__ import annotations

THRESHOLD = 0.5
"""A partisan label is given at this score or above."""

# evidence, strongest first
EXPLICIT = 0.85
"""An explicit form bound to a target: a watch term, a call verb or a negated call right before a target, a hoax
marker with a target, a strong abuse-of-office or party-membership cue."""
STRONG_CUE = 0.8
"""A strong cue from a family list bound to a target (support, attack, call, campaign activity)."""
MOCKING_ACRONYM = 0.75
"""A pair acronym expanded into a mocking phrase ("BANUR itu Banyak Nurut")."""
CONTEXTUAL = 0.7
"""A sign that needs its context to tell: allegiance to a name or a number, "dua periode" for the incumbent, an
unnamed call with a wink, a hashtag / emoji / colour symbol, a twibbon, an attack on "paslon sebelah", a weak
campaign word with the author's own action, a call for the empty box, a weak support word next to a target."""
WEAK_CUE = 0.65
"""A generic word counted only next to a target (weak attack, weak abuse or party words)."""
INDIRECT = 0.6
"""Evidence one step removed: a weak support word bound through the parent post, a plain strong symbol, a
campaign activity with no target and no first person, criticism implying the incumbent."""
WEAK_SUPPORT_WORD = 0.55
"""A weak support word that is common in other senses ("menang", "lanjut", "siap", "amin")."""

# caps
LONE_WEAK_CALL = 0.45
"""A weak call word ("ayo") next to a name with no other partisan sign: below the threshold."""
SARCASTIC_SUPPORT = 0.3
"""Support words in a sarcastic attack are not support."""
SHARE_WITHOUT_CAPTION = 0.3
"""A share with no caption: only metadata can tell, so no label from the text."""

# damping factors of the neutral frames (every partisan score is multiplied by the smallest that applies)
NEWS_FRAME = 0.35
QUOTED_ONLY = 0.4
ANTIHOAX_FRAME = 0.35
OFFICIAL_DUTY = 0.45
OFFICIAL_DUTY_CAMPAIGN = 0.2
"""An official duty at a campaign event: the campaign-activity score is multiplied by this."""
PASSIVE_ATTENDANCE = 0.35
NO_SPECIFIC_TARGET = 0.45
DISOWNED_ACCOUNT = 0.4
"""The author says the account was hacked or the post is not theirs."""
