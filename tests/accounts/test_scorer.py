"""Profile scorer: the team-written profile cases, signal rules, reasons, weights and the lexicon data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.accounts.lexicon import build_lexicon, default_lexicon, normalise_term
from pipeline.accounts.score import ProfileScorer, author_from_record, load_weights
from pipeline.errors import ConfigError, InputError
from pipeline.schema import AccountScore, Author

CASES_PATH = Path(__file__).with_name("profiles_cases.jsonl")


def load_cases():
    cases = []
    for line in CASES_PATH.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        expect = obj.pop("expect")
        cases.append((Author(**obj), expect))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def scorer():
    return ProfileScorer()


def score(scorer, bio, **kw):
    return scorer.score(Author(id="x:1", platform="x", handle=kw.pop("handle", "someone"), bio=bio, **kw))


def test_case_file_is_big_and_balanced():
    counts = {c: sum(1 for _, e in CASES if e == c) for c in ("ASN", "NON_ASN", "UNKNOWN")}
    assert len(CASES) >= 200
    assert counts["ASN"] >= 80 and counts["NON_ASN"] >= 80 and counts["UNKNOWN"] >= 30
    assert len({a.id for a, _ in CASES}) == len(CASES)


def test_precision_and_recall_on_the_cases(scorer):
    predicted = [(scorer.score(a).asn_class, e) for a, e in CASES]
    tp = sum(1 for p, e in predicted if p == e == "ASN")
    precision = tp / sum(1 for p, _ in predicted if p == "ASN")
    recall = tp / sum(1 for _, e in predicted if e == "ASN")
    exact = sum(1 for p, e in predicted if p == e) / len(predicted)
    assert precision >= 0.9 and recall >= 0.9
    assert exact >= 0.9


@pytest.mark.parametrize(
    "author,expect", [c for c in CASES if c[1] == "NON_ASN"], ids=[a.id for a, e in CASES if e == "NON_ASN"]
)
def test_no_hard_negative_is_called_asn(scorer, author, expect):
    assert scorer.score(author).asn_class != "ASN", author.bio


@pytest.mark.parametrize(
    "bio",
    [
        "Guru honorer SDN 3 Sukamaju",
        "PPNPN Kankemenag",
        "THL Dinas Lingkungan Hidup",
        "Kepala Desa Sukamaju",
        "Perangkat desa, Kaur Keuangan",
        "Bripka Polres Sukamaju",
        "Serda TNI AD Kodim 0612",
        "Karyawan PT PLN (Persero)",
        "Pensiunan PNS Kemenag",
        "Purna tugas dari Dinkes 2020",
        "Mantan ASN, sekarang wirausaha",
        "Istri PNS, ibu rumah tangga",
        "Pejuang CPNS 2024",
        "Bukan PNS, warga biasa",
    ],
)
def test_negative_signals_win(scorer, bio):
    result = score(scorer, bio)
    assert result.asn_class == "NON_ASN", result.reasons
    assert result.asn_score <= 0.25


@pytest.mark.parametrize(
    "bio",
    [
        "ASN di Dinkes Kab. Sukamaju",
        "PNS Kemenag",
        "PPPK Guru SDN 2 Sukamaju",
        "CPNS 2024 Kemenkeu",
        "Abdi negara | Pemkot Sukamaju",
        "Camat Sukamaju Utara",
        "Analis Kebijakan Ahli Muda",
        "Penata Muda Tk. I, III/b",
        "PNS Polres Sukamaju",
        "ASN Polri di Polda Jabar",
        "Pj. Kades Sukasari",
        "Eks honorer, sekarang PPPK guru",
        "𝐀𝐒𝐍 𝐃𝐢𝐧𝐤𝐞𝐬 𝐒𝐮𝐤𝐚𝐦𝐚𝐣𝐮",
    ],
)
def test_strong_signals_make_asn(scorer, bio):
    result = score(scorer, bio)
    assert result.asn_class == "ASN", result.reasons


@pytest.mark.parametrize(
    "bio", ["Guru SDN 2 Sukamaju", "Bidan desa", "Dosen UIN Sukamaju", "Pecinta kopi", ""]
)
def test_ambiguous_or_silent_profiles_are_unknown(scorer, bio):
    assert score(scorer, bio).asn_class == "UNKNOWN"


def test_silence_is_unknown_with_a_reason(scorer):
    result = score(scorer, "Ayah dua anak, Persib sampai mati")
    assert result.asn_class == "UNKNOWN"
    assert result.reasons == ["no ASN-related signal in name, bio or handle"]


def test_weak_positive_alone_is_never_non_asn(scorer):
    result = score(scorer, "Pelayan masyarakat")
    assert result.asn_score < 0.25
    assert result.asn_class == "UNKNOWN"


def test_longest_match_wins(scorer):
    reasons = " ".join(score(scorer, "Pensiunan PNS").reasons)
    assert "retired" in reasons and "self_status" not in reasons
    reasons = " ".join(score(scorer, "guru honorer").reasons)
    assert "honorer" in reasons and "profession" not in reasons


def test_reasons_are_listed_strongest_first_with_weights(scorer):
    result = score(scorer, "ASN Dinkes | #BerAKHLAK")
    assert result.reasons[0].startswith("+4.5 self_status [strong]: asn")
    assert any("culture_tag" in r and "#berakhlak" in r for r in result.reasons)
    assert any(r.startswith("+2.8 agency_regional [medium]: dinkes") for r in result.reasons)


def test_degrees_in_names_are_not_company_markers(scorer):
    result = scorer.score(
        Author(id="x:1", name="Budi, S.Pt., M.Si", bio="Penyuluh Pertanian Dinas Pertanian")
    )
    assert not any("private_sector" in r for r in result.reasons)
    assert result.asn_class == "ASN"


def test_handle_words_count(scorer):
    result = scorer.score(Author(id="x:2", handle="pns_kemenag_sukamaju", bio=""))
    assert result.asn_class == "ASN"


def test_nip_in_bio_is_reported_masked(scorer):
    result = score(scorer, "NIP. 19860926 201505 1 001")
    assert result.asn_class == "ASN"
    assert result.nip.masked == "19860926 ****** * ***"
    assert result.nip.kind == "PNS" and result.nip.appointed == "2015-05"
    dumped = result.model_dump_json()
    assert "198609262015051001" not in dumped and "201505 1 001" not in dumped


def test_output_is_a_valid_contract_line(scorer):
    result = score(scorer, "PPPK Dinkes")
    assert AccountScore.model_validate(result.model_dump()) == result
    assert 0.0 <= result.asn_score <= 1.0


def test_custom_weights_change_the_score():
    flat = ProfileScorer(weights={"bias": 0.0, "weights": {"self_status": 0.0}})
    result = flat.score(Author(id="x:1", bio="PNS"))
    assert result.asn_score == 0.5 and result.asn_class == "UNKNOWN"
    with pytest.raises(InputError, match="unknown feature"):
        ProfileScorer(weights={"weights": {"no_such_feature": 1.0}})


def test_weights_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "w.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="w.json"):
        load_weights(bad)
    bad.write_text('{"weights": {"self_status": "high"}}', encoding="utf-8")
    with pytest.raises(InputError, match="weights.self_status"):
        load_weights(bad)
    with pytest.raises(InputError, match="no such file"):
        load_weights(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"id": "x:1", "platform": "x", "handle": "b", "name": "B", "bio": "PNS"}, ("x:1", "x", "PNS")),
        ({"id": "x:1", "handle": "b", "bio": "PNS"}, ("x:1", None, "PNS")),
        (
            {"id": "x:9", "text": "coblos 2", "platform": "x", "author": {"id": "x:1", "bio": "ASN"}},
            ("x:1", "x", "ASN"),
        ),
        ({"id": 42, "bio": "ASN"}, ("42", None, "ASN")),
    ],
)
def test_author_from_record_accepts_profile_author_or_post(record, expected):
    author = author_from_record(record)
    assert (author.id, author.platform, author.bio) == expected


@pytest.mark.parametrize("record", [{"bio": 5}, {"text": "x"}, {}, {"name": ["a"]}])
def test_author_from_record_rejects_unusable_lines(record):
    with pytest.raises(ValueError):
        author_from_record(record)


def test_lexicon_terms_are_unique_and_gazetteer_is_loaded():
    lex = default_lexicon()
    assert lex.terms[normalise_term("Kemenkeu")] == "agency_central"
    assert lex.terms[normalise_term("DPMPTSP")] == "agency_regional"
    assert lex.terms[normalise_term("Pertamina")] == "state_enterprise"
    assert lex.terms[normalise_term("Bripka")] == "security_force"
    assert lex.terms[normalise_term("P3K")] == "self_status"
    assert sum(len(v) for v in lex.gazetteer.values()) > 100


def test_a_term_claimed_by_two_features_is_refused():
    signals = {
        "features": {
            "a": {"tier": "strong", "weight": 1, "terms": ["pns"]},
            "b": {"tier": "negative", "weight": -1, "terms": ["PNS"]},
        }
    }
    with pytest.raises(ConfigError, match="claimed by both a and b"):
        build_lexicon(signals, {})


def test_bad_tier_and_unknown_vocab_are_refused():
    with pytest.raises(ConfigError, match="tier"):
        build_lexicon({"features": {"a": {"tier": "huge", "weight": 1, "terms": ["x"]}}}, {})
    with pytest.raises(ConfigError, match="unknown vocabulary"):
        build_lexicon({"features": {"a": {"tier": "weak", "weight": 1, "terms": "@nope"}}}, {})
