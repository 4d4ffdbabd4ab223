"""The config-driven rules classifier (``asnwatch classify --model rules``): works on day one, no labelled data.

For each post: normalise (:mod:`pipeline.text.normalize`), resolve targets from the election config
(:mod:`pipeline.text.targets`), run the cue families of :mod:`pipeline.classify.rules_lexicon`, bind stance cues
to targets, let neutral frames (news and quotes about violations, anti-hoax, KPU/Bawaslu information, official duty,
passive attendance) damp the partisan scores, and set review flags. Scores are rule confidences in [0, 1], not
calibrated probabilities; ``partisan_score`` is the highest partisan label score.

Targets are candidate numbers; ``0`` is the empty box (*kotak kosong*) in a single-candidate contest.
Evidence is given as raw-text strings (``evidence``) and raw character spans ``[start, end, rule]``
(``evidence_spans``).

The package: :mod:`.classifier` (the classifier and the order of its label rules), :mod:`.analysis` (what the
rules saw, and the context the label rules share), one module per label family (:mod:`.calls`,
:mod:`.support`, :mod:`.attacks`, :mod:`.symbols`, :mod:`.campaign`, :mod:`.abuse`, :mod:`.affiliation`),
:mod:`.clearing` (the neutral frames), :mod:`.decide` (labels, targets, flags, evidence), :mod:`.scores` (the
named scores), :mod:`.patterns`, :mod:`.weak_targets` and :mod:`.calibration`.

Example::

    clf = RulesClassifier(load_election("configs/elections/pilbup-sukamaju-2024.yaml"))
    clf.predict_one(Post(id="x:1", text="Tgl 27 jgn lupa coblos no 2 ya dulur"))
    # labels ['AJAKAN'], targets [2], evidence ['coblos no 2', ...]
"""

from pipeline.classify.rules.analysis import Analysis, Hit
from pipeline.classify.rules.calibration import CALIBRATION_FILE, apply_calibration, load_calibration
from pipeline.classify.rules.classifier import LABEL_RULES, VERSION, RulesClassifier
from pipeline.classify.rules.scores import THRESHOLD

__all__ = [
    "CALIBRATION_FILE",
    "LABEL_RULES",
    "THRESHOLD",
    "VERSION",
    "Analysis",
    "Hit",
    "RulesClassifier",
    "apply_calibration",
    "load_calibration",
]
