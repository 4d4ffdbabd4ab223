"""ASN account identification (BRIEF section 9): NIP parsing, the known-accounts registry, the profile scorer.

Public API::

    from pipeline.accounts import ProfileScorer, load_registry_csv, parse_nips
    scorer = ProfileScorer(registry=load_registry_csv("registry.csv"))
    scorer.score(author)  # -> pipeline.schema.AccountScore
"""

from pipeline.accounts.nip import NIPMatch, parse_nips, parse_text
from pipeline.accounts.registry import Registry, RegistryEntry, load_registry_csv
from pipeline.accounts.score import ProfileScorer, author_from_record, load_weights

__all__ = [
    "NIPMatch",
    "ProfileScorer",
    "Registry",
    "RegistryEntry",
    "author_from_record",
    "load_registry_csv",
    "load_weights",
    "parse_nips",
    "parse_text",
]
