"""Cue families found with issue 14's third writer (styles N-R: Sundanese / Minang / Acehnese / Makassar voices,
English-mixed bios, long bios listing relatives, terse emoji bios): each in several voices, with the look-alikes
that must keep their class. Written for these tests, not copied from the style-matrix set."""

from __future__ import annotations

import pytest

from pipeline.accounts.score import ProfileScorer
from pipeline.schema import Author

NIP = "198703152012012004"


@pytest.fixture(scope="module")
def scorer() -> ProfileScorer:
    return ProfileScorer()


def _score(scorer: ProfileScorer, bio: str):
    return scorer.score(Author(id="x:1", platform="facebook", bio=bio))


CASES = [
    # a list of relatives with no possessive is about them: "Suami ..., bapak ..., ibu ..."
    ("family_list", "Guru SD di Ende. Suami sopir bus, bapak petani, ibu PNS di Dinkes", "UNKNOWN"),
    ("family_list", "bapak pensiunan camat • ibu PNS Bappeda • aku? barista 💈 • Tegal", "NON_ASN"),
    ("family_list", "Kepala Puskesmas Rawa Indah. Suami guru swasta, ibu pensiunan bidan", "ASN"),
    (
        "family_list",
        "PNS Pemkot Bitung, bagian umum. Istri pedagang, bapak pensiunan guru, adik kuliah",
        "ASN",
    ),
    ("family_list", "Perencana Ahli Muda di Bappeda. Suami kontraktor, bapak pensiunan kepala desa", "ASN"),
    ("family_list", "Pejuang CPNS 2026. Bapak kepala SMPN 2, ibu guru PPPK, adik kuliah", "NON_ASN"),
    # one family word opening a clause is not a list: "Ibu 2 anak" is the writer
    ("family_word_alone", "Ibu 2 anak | PNS Dinkes Kab. Sukamaju", "ASN"),
    ("family_word_alone", "Bapak guru PNS di SDN 4 Sukamaju, hobi mancing", "ASN"),
    # a retirement still to come is no retirement; a past one takes a rank with it
    (
        "future_retirement",
        "Pembina IV/a di Kanwil Kemenag. Akan pensiun Juli 2027, masih aktif ngantor",
        "ASN",
    ),
    ("future_retirement", "Penata Tk. I III/d, Dinas Pertanian. Insyaallah akan purna tahun depan", "ASN"),
    (
        "retired_rank",
        "Pensiunan Penata Tk.I III/d, Kantor Kecamatan Sungai Raya. Kini aktif di masjid",
        "NON_ASN",
    ),
    ("retired_rank", "Purnabakti 2020, dulu Pembina IV/a di Bappeda. Sekarang momong cucu", "NON_ASN"),
    # a former post is no retirement: the current rank still counts
    ("former_post_rank", "Mantan camat Sukamaju, kini Penata Tk. I III/d, Kabid di Bappeda", "ASN"),
    # past posts in regional voices: Sundanese kantos / pangsiun, Acehnese awai, "sempat", "mengundurkan diri"
    ("former", "Kantos PNS di Dinas Pertanian 20 taun, ayeuna usaha tani", "NON_ASN"),
    ("former", "Awai PNS bak Dinas Perikanan, jinoe lon meukat eungkot", "NON_ASN"),
    ("former", f"NIP {NIP} (pangsiun 2022). Ayeuna ngasuh incu", "NON_ASN"),
    ("former", "Sempat CPNS di Kabupaten Paser, lalu mundur. Sekarang kerja di tambang", "NON_ASN"),
    ("former", "Mengundurkan diri dari PNS Kemenkeu 2024 untuk maju caleg", "NON_ASN"),
    # not yet: Minang "alun", "lagi ngejar NIP"
    ("aspirant", "Tanago kontrak di Satpol PP. Alun PPPK lai, baru ikuik tes", "NON_ASN"),
    ("aspirant", "lagi ngejar NIP 😤 — guru les privat — Bogor", "NON_ASN"),
    # denials: Makassar tena, "PNS? Nah.", "Honorer? juga engga", a village post denied before or after
    ("negation", "Tena ja PNS. Nakke kontraktor ji", "NON_ASN"),
    ("negation", "PNS? Nah. I'm a nurse at a private hospital", "NON_ASN"),
    ("negation", "PNS? engga. Honorer? juga engga 😅 konten kreator full time", "NON_ASN"),
    ("village_denied", "Lurah Cipete Utara. Bukan kades ya, beda UU 😉", "ASN"),
    ("village_denied", "Wali nagari? Indak, ambo Lurah Kampung Jao, Padang", "ASN"),
    ("village_kept", "Kades Sukamaju periode 2019-2025, bukan PNS", "NON_ASN"),
    # jokes: "ngarang doang", "in my dreams", an acronym with an emoji before it; "bukan canda" is sincere
    ("joke", f"NIP {NIP} 🤣 ngarang doang, aku tukang servis hp", "NON_ASN"),
    ("joke", "Abdi negara 🇮🇩 ... in my dreams. Actually a barista", "NON_ASN"),
    ("joke", "PNS 😎 (Pegawai Nongkrong Sore) · barista", "NON_ASN"),
    ("sincere", f"NIP {NIP} (iya beneran, bukan canda) • Dispora Kab. Badung", "ASN"),
    ("title", "Kalaksa BPBD Kab. Cianjur 🚨 #SiagaBencana", "ASN"),
]


@pytest.mark.parametrize(
    ("kind", "bio", "expect"), CASES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(CASES)]
)
def test_third_writer_families(scorer, kind, bio, expect):
    result = _score(scorer, bio)
    assert result.asn_class == expect, (kind, result.asn_score, result.reasons)


def test_reasons_say_whose_and_when(scorer):
    family = _score(scorer, "Guru SD. Suami sopir, bapak pensiunan camat, ibu PNS di Dinkes")
    assert any("pensiunan camat (relative)" in r for r in family.reasons)
    assert not any(r.startswith("-5.5 retired") for r in family.reasons)
    rank = _score(scorer, "Pensiunan Penata Tk.I III/d, Kantor Kecamatan Sungai Raya")
    retired = next(r for r in rank.reasons if r.startswith("-5.5 retired"))
    assert "(the rank of a retired ASN)" in retired
    assert not any("civil_service_rank" in r for r in rank.reasons)
    future = _score(scorer, "Pembina IV/a di Kanwil Kemenag. Akan pensiun Juli 2027")
    assert not any("retired" in r for r in future.reasons)
