"""``scan``: classify stored posts, score authors, queue partisan posts and campaign interactions by likely ASN.

Public API: :func:`scan`, :class:`ScanResult`, :class:`AccountScorer` (what it needs of a profile scorer).
"""

from pipeline.scan.common import AccountScorer, ScanResult
from pipeline.scan.posts import scan

__all__ = ["AccountScorer", "ScanResult", "scan"]
