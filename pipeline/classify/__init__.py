"""Post classifiers: the config-driven rules and trained models, behind one loading function.

from pipeline.classify import load_classifier
clf = load_classifier(None, election=cfg)      # the bundled default
for pred in clf.predict(posts): ...
"""

from pipeline.classify.base import Classifier, load_classifier

__all__ = ["Classifier", "load_classifier"]
