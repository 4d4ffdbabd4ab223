"""Scope and polarity of profile signals (issue 14): whose signal, and when; each kind in several voices."""

from __future__ import annotations

import pytest

from pipeline.accounts.lexicon import build_lexicon, default_lexicon
from pipeline.accounts.scope import clause_ids
from pipeline.accounts.score import ProfileScorer
from pipeline.errors import ConfigError
from pipeline.schema import Author

NIP = "198609262011011002"


@pytest.fixture(scope="module")
def scorer() -> ProfileScorer:
    return ProfileScorer()


def _score(scorer: ProfileScorer, bio: str, name: str = "", handle: str = ""):
    return scorer.score(Author(id="x:1", platform="x", bio=bio, name=name or None, handle=handle or None))


CASES = [
    # negation and denial
    ("negation", "PNS? bukan lah, saya wiraswasta, sering urus berkas di dinas", "NON_ASN"),
    ("negation", "ASN? bkn, sy honorer di sekolah", "NON_ASN"),
    ("negation", "tidak PNS, cuma warga biasa yg peduli pelayanan publik", "NON_ASN"),
    ("negation", "gak pns kok, kerja sendiri 😅", "NON_ASN"),
    # other people's status
    ("relative", "Suami ASN, saya IRT", "NON_ASN"),
    ("relative", "istri pak lurah Sukamaju | jualan kue", "NON_ASN"),
    ("relative", "anak pensiunan guru | mahasiswa", "NON_ASN"),
    ("relative", "bangga jadi istri seorang camat 💕", "NON_ASN"),
    ("relative", "ayahku kepala dinas, aku cuma anak kos", "NON_ASN"),
    # past status outweighs a valid NIP
    ("former", f"purnabakti 2019 | NIP {NIP}", "NON_ASN"),
    ("former", f"pensiunan, NIP {NIP}", "NON_ASN"),
    ("former", "mantan PNS, kini caleg", "NON_ASN"),
    ("former", "dulu PNS, sekarang usaha kuliner", "NON_ASN"),
    ("former", "pernah jadi camat 2010-2015, skrg petani", "NON_ASN"),
    # jokes and hedges
    ("retraction", f"NIP {NIP} canda, saya honorer", "NON_ASN"),
    ("retraction", "PNS wkwk canda, cuma ngarep", "NON_ASN"),
    # a workplace without an employment status
    ("workplace", "kerja di Dinsos", "UNKNOWN"),
    ("workplace", "staf kelurahan", "UNKNOWN"),
    ("workplace", "perawat di puskesmas", "UNKNOWN"),
    ("workplace", "Staf Dinas Kesehatan Kab. Sukamaju 🏥", "UNKNOWN"),
    # the head of a state school is ASN
    ("state_school_head", "Kepala SDN 3 Sukamaju", "ASN"),
    ("state_school_head", "kepsek SMPN 1 Bantul | pendidik", "ASN"),
    ("state_school_head", "Kepala Sekolah di SMAN 2 Padang", "ASN"),
    # what scope must not break
    ("keeps", "Ayah dari 2 anak | ASN Kemenkeu", "ASN"),
    ("keeps", "dulu honorer, kini PNS Dinkes", "ASN"),
    ("keeps", "Pegawai BKN Kanreg III | ASN muda", "ASN"),
    ("keeps", "PNS Dinas Pendidikan | humoris, suka bercanda", "ASN"),
    ("keeps", f"NIP {NIP} | Analis Kebijakan Bappeda", "ASN"),
    ("keeps", "staf Kemenkeu | nunggu tukin cair 😅", "ASN"),
    ("keeps", "Anggota Korpri Kab. Sukamaju, bertugas di Dinsos", "ASN"),
]


@pytest.mark.parametrize(
    ("kind", "bio", "expect"), CASES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(CASES)]
)
def test_scope_and_polarity(scorer, kind, bio, expect):
    result = _score(scorer, bio)
    assert result.asn_class == expect, (kind, result.asn_score, result.reasons)


def test_reasons_say_what_matched_and_whose_it_is(scorer):
    result = _score(scorer, "istri pak lurah Sukamaju")
    assert result.reasons[0].startswith("-4.0 relational [negative]: lurah (relative)")
    denied = _score(scorer, "PNS? bukan lah, saya wiraswasta")
    assert any("pns (negated)" in r for r in denied.reasons)
    retired = _score(scorer, f"pensiunan, NIP {NIP}")
    assert any("a NIP of a retired or former ASN" in r for r in retired.reasons)
    assert NIP not in " ".join(retired.reasons)  # the NIP stays masked in reasons
    workplace = _score(scorer, "kerja di Dinsos")
    assert workplace.reasons[-1].startswith("no employment status or ASN-only role")


def test_a_cue_stays_in_its_clause():
    assert clause_ids("anak 2 | asn kemenkeu") == [0, 0, 1, 1]
    assert clause_ids("pns? bukan lah, saya wiraswasta") == [0, 0, 0, 1, 1]
    assert clause_ids("kab. sukamaju") == [0, 1]


def test_bad_scope_sections_are_config_errors():
    import copy
    from importlib import resources

    import yaml

    data = resources.files("pipeline.accounts") / "data"
    signals = yaml.safe_load((data / "signals.yaml").read_text(encoding="utf-8"))
    gazetteer = yaml.safe_load((data / "gazetteer.yaml").read_text(encoding="utf-8"))
    for path, value, message in (
        (("scope", "becomes", "negated"), "self_status", "must be a negative feature"),
        (("scope", "negation_before"), ["bukan sih"], "single words"),
        (("scope", "scoped"), ["no_such_feature"], "unknown feature"),
        (("decisive",), ["no_such_feature"], "unknown feature"),
    ):
        broken = copy.deepcopy(signals)
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        with pytest.raises(ConfigError, match=message):
            build_lexicon(broken, gazetteer)
    assert default_lexicon().decisive >= {"self_status", "nip_valid", "state_school_head"}


def test_an_authors_own_posts_count_with_the_post_named(scorer):
    quiet = Author(id="x:1", platform="x", bio="suka kopi | Sukamaju")
    assert scorer.score(quiet).asn_class == "UNKNOWN"
    posts = [
        ("x:10", "Alhamdulillah, kami ASN di Dinas Kesehatan siap melayani warga"),
        ("x:11", "apel pagi dulu sebelum ngantor"),
    ]
    result = scorer.score(quiet, posts=posts)
    assert result.asn_class == "ASN"
    assert "+3.5 post_self_status [strong]: kami asn (post x:10)" in result.reasons
    assert any("(post x:11)" in r for r in result.reasons)


def test_posts_about_someone_else_or_denials_do_not_count(scorer):
    quiet = Author(id="x:1", platform="x", bio="ibu rumah tangga")
    for text in (
        "suami saya PNS, sy cuma IRT",
        "bukan ASN kok saya, jangan salah paham",
        "dulu saya PNS, sekarang pensiun",
    ):
        result = scorer.score(quiet, posts=[("x:20", text)])
        assert result.asn_class != "ASN", (text, result.reasons)
        assert not any("post_self_status" in r for r in result.reasons), text


def test_routine_posts_alone_are_not_enough_and_reasons_are_capped(scorer):
    quiet = Author(id="x:1", platform="x", bio="")
    routine = [(f"x:{i}", "apel pagi senin, lanjut isi e kinerja") for i in range(10)]
    result = scorer.score(quiet, posts=routine)
    assert result.asn_class != "ASN"  # honorer attend apel too: not decisive
    status = [(f"x:{i}", "seragam korpri hari ini, kami ASN siap melayani") for i in range(6)]
    capped = scorer.score(quiet, posts=status)
    assert capped.asn_class == "ASN"
    line = next(r for r in capped.reasons if "post_self_status" in r)
    assert line.count("(post x:") == 3 and line.endswith("3 more post(s)")
