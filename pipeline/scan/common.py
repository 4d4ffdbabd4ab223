"""What both scans share: the profile scorer they need, the counts, one run's state, scoring an account."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session

from pipeline import schema
from pipeline.classify.base import Classifier
from pipeline.election import ElectionConfig
from pipeline.store import Store, tables
from pipeline.store.posts import author_posts
from pipeline.store.types import utcnow

CONCURRENT_RETRIES = 3  # a batch refused because another scan stored the same rows first is run again
ACTOR = "scan"


class AccountScorer(Protocol):
    """What scan needs of a profile scorer (``pipeline.accounts.score.ProfileScorer``)."""

    @property
    def post_limit(self) -> int: ...

    def score(
        self, author: schema.Author, *, posts: Iterable[tuple[str, str]] = ()
    ) -> schema.AccountScore: ...


@dataclass
class ScanResult:
    """Counts of one scan. Posts: each counted where it stopped. Interactions (issue 15): ``interactions`` read
    (not queued before), of which ``campaign_interactions`` were with a campaign account or partisan post, of
    which ``interactions_flagged`` were by a likely ASN and queued (``interactions_below_asn``: the rest with an
    actor; ``interactions_no_actor``: without one)."""

    classified: int = 0
    partisan: int = 0
    flagged: int = 0
    already_flagged: int = 0
    below_asn_threshold: int = 0
    no_author: int = 0
    by_label: dict[str, int] = field(default_factory=dict)
    interactions: int = 0
    campaign_interactions: int = 0
    interactions_flagged: int = 0
    interactions_below_asn: int = 0
    interactions_no_actor: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def score_account(session: Session, account: tables.Account, scorer: AccountScorer) -> schema.AccountScore:
    """Score a stored account with its own posts and keep the score on its row."""
    author = schema.Author(
        id=account.id, platform=account.platform, handle=account.handle, name=account.name, bio=account.bio
    )
    result = scorer.score(author, posts=author_posts(session, account.id, limit=scorer.post_limit))
    account.asn_class = result.asn_class
    account.asn_score = result.asn_score
    account.asn_reasons = list(result.reasons)
    account.nip_masked = result.nip.masked if result.nip else None
    account.scored_at = utcnow()
    return result


@dataclass
class ScanRun:
    """One scan: its fixed inputs, the counts so far and the accounts already scored (each scored once)."""

    election: ElectionConfig
    classifier: Classifier
    scorer: AccountScorer
    result: ScanResult = field(default_factory=ScanResult)
    scored: dict[str, schema.AccountScore] = field(default_factory=dict)

    def account_score(self, session: Session, account: tables.Account) -> schema.AccountScore:
        """The account's score in this run (scored on first use)."""
        found = self.scored.get(account.id)
        if found is None:
            found = self.scored[account.id] = score_account(session, account, self.scorer)
        return found

    def in_batch(
        self,
        store: Store,
        ids: list[str],
        *,
        still_due: Callable[[Session, list[str]], list[str]],
        work: Callable[[Session, list[str]], None],
    ) -> None:
        """``work`` on one batch of ids in one transaction. Another scan of the same store may have stored some
        of these rows meanwhile (a unique constraint refuses the second copy): then the batch is rolled back,
        the counts and scores restored, and it runs again on the ids ``still_due``, as if the scans had run one
        after the other."""
        from sqlalchemy.exc import IntegrityError

        for attempt in range(CONCURRENT_RETRIES + 1):
            result, scored = deepcopy(self.result), dict(self.scored)
            try:
                with store.session() as session:
                    work(session, still_due(session, ids) if attempt else ids)
                return
            except IntegrityError:
                self.result, self.scored = result, scored
                if attempt == CONCURRENT_RETRIES:
                    raise

    def likely_asn(self, score: schema.AccountScore) -> bool:
        """A registry match (class ``ASN``) or a score at or above the election's ASN threshold."""
        return score.asn_class == "ASN" or score.asn_score >= self.election.election.scan.asn_threshold
