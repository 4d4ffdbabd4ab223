"""Cue families of issue 14's second writer (regional voices, English bios, long bios about relatives, terse
hashtags): each family in several voices, with the look-alikes that must stay ASN. Written for these tests,
not copied from the style-matrix set."""

from __future__ import annotations

import pytest

from pipeline.accounts.score import ProfileScorer
from pipeline.schema import Author

NIP = "198703152012012004"


@pytest.fixture(scope="module")
def scorer() -> ProfileScorer:
    return ProfileScorer()


def _score(scorer: ProfileScorer, bio: str, handle: str = ""):
    return scorer.score(Author(id="x:1", platform="instagram", bio=bio, handle=handle or None))


CASES = [
    # regional negations: Betawi kagak, Banjar kada, Papua tra, Manado nyanda, Ambon seng, Balinese sing,
    # Minang indak, Kupang sonde, Sundanese teu / sanés (with its accent)
    ("negation", "PNS? Kagak lah, aye buka warung kopi di Condet", "NON_ASN"),
    ("negation", "Ulun kada PNS, ulun badagang ikan di Pasar Lima", "NON_ASN"),
    ("negation", "Sa tra PNS, sa jual sayur di Pasar Youtefa", "NON_ASN"),
    ("negation", "Kita nyanda ASN, kita ojek di Tondano", "NON_ASN"),
    ("negation", "Beta seng PNS, beta nelayan di Tulehu", "NON_ASN"),
    ("negation", "Tiang sing PNS, tiang petani di Bangli", "NON_ASN"),
    ("negation", "Ambo indak PNS, ambo pedagang di Pasar Ateh", "NON_ASN"),
    ("negation", "Beta sonde PNS, beta jual ikan di Oeba", "NON_ASN"),
    ("negation", "Abdi mah sanés PNS, abdi wiraswasta", "NON_ASN"),
    ("negation", "Orang bilang beta PNS, seng, beta jual kain", "NON_ASN"),
    ("negation", "Not a civil servant, just a freelance translator", "NON_ASN"),
    # a negation of something else keeps the status
    ("keeps_negation", "Aye PNS Pemprov DKI, kagak bisa dansa tapi bisa ngelayanin warga", "ASN"),
    ("keeps_negation", "Lurah Sukamaju, kada bisa tanda tangan kalau berkas belum lengkap", "ASN"),
    ("keeps_negation", "Belum lama jadi PNS di Dinkes Sukamaju", "ASN"),
    ("keeps_negation", "Bukan hanya PNS, tapi juga ayah dua anak", "ASN"),
    ("keeps_negation", "Bhayangkari dan PNS Polres Sukamaju", "ASN"),
    # regional 'former' words; a past honorer post before a present status stays ASN
    ("former", "Ipidan tiang PNS, mangkin tiang ngurus homestay", "NON_ASN"),
    ("former", "Baheula PNS di Dinkes, ayeuna dagang", "NON_ASN"),
    ("former", "Resigned from ASN in 2021, now a full-time baker", "NON_ASN"),
    ("former", "Ex-civil servant (Dinas PU), took early retirement, now farming", "NON_ASN"),
    ("former", "resign PNS 2020, sekarang content creator", "NON_ASN"),
    ("keeps_former", "Dulu beta guru honor 8 taong, sekarang su PPPK di SD Inpres", "ASN"),
    ("keeps_former", "Dulu tenaga honor di Dishub, kini PNS di dinas yang sama", "ASN"),
    ("keeps_former", "Mantan kades Sukamaju, kini camat Sukamaju", "ASN"),
    ("keeps_former", "dl guru, skrg Kepala SMPN 3 Sukamaju", "ASN"),
    # jokes: regional retraction words and acronym jokes (the real expansion stays ASN)
    ("joke", f"NIP beta {NIP}, bacanda sa! Beta sopir speedboat", "NON_ASN"),
    ("joke", "Camat Banjarbaru... kada ai, ulun bagayaan haja, ulun jualan wadai", "NON_ASN"),
    ("joke", f"NIP {NIP} - kidding, it's my lucky number. Barista in Bandung", "NON_ASN"),
    ("joke", "ASN kw super 🤣 aslinya jaga toko", "NON_ASN"),
    ("joke", "PNS = Pemuda Nyanda Sibuk 😂 kerja serabutan", "NON_ASN"),
    ("joke", "PNS (Pempek Nian Sedap) 🤣 jualan di 26 Ilir", "NON_ASN"),
    ("joke", "CPNS = Calon Penjual Nasi Sayur, warung di Depok", "NON_ASN"),
    ("joke", "Camat (Calon Mantu Terbaik) 😎 | karyawan swasta", "NON_ASN"),
    ("keeps_joke", "ASN (Aparatur Sipil Negara) di Kemenkeu", "ASN"),
    ("keeps_joke", "Kabid (Kepala Bidang) Perencanaan, Bappeda Sukamaju", "ASN"),
    ("keeps_joke", "PNS: Pemkab Sukamaju, Dinas Sosial", "ASN"),
    ("keeps_joke", "PNS = Pelayan Negara Sejati | Dinkes Sukamaju", "ASN"),
    # village heads across regions, and their spouses
    ("village", "Pangulu Nagori Sipoldas, Simalungun", "NON_ASN"),
    ("village", "Raja Negeri Hutumuri, Kota Ambon", "NON_ASN"),
    ("village", "Hukum Tua Desa Kali, Minahasa", "NON_ASN"),
    ("village", "Pambakal Desa Sungai Tabuk", "NON_ASN"),
    ("village", "Perbekel Desa Tista, Tabanan", "NON_ASN"),
    ("village", "Kepala Pekon Sukamaju, Lampung Barat", "NON_ASN"),
    ("village", "Kasi Pem Desa Cibodas 📋", "NON_ASN"),
    ("village_spouse", "Istri Hukum Tua Desa Kali, ketua TP PKK desa", "NON_ASN"),
    ("village_spouse", "Bini pambakal Desa Sungai Tabuk, ulun IRT", "NON_ASN"),
    ("village_spouse", "Wife of the village head of Sumberejo | homemaker", "NON_ASN"),
    ("keeps_village", "Kasi Pemerintahan Kecamatan Sukamaju", "ASN"),
    # a Papuan distrik is a kecamatan
    ("distrik", "Kepala Distrik Abepura, Kota Jayapura", "ASN"),
    ("distrik", "Sekretaris Distrik Kurulu, Jayawijaya", "ASN"),
    # English bios
    ("english", "Civil servant at the Ministry of Finance (DJP) | runner", "ASN"),
    ("english", "Headmistress of SDN Menteng 02 | literacy first", "ASN"),
    ("english", "Principal, SMAN 5 Malang | STEM advocate", "ASN"),
    ("english", "Proud wife of a civil servant at Kemenag. Full-time mom", "NON_ASN"),
    ("english", "Outsourced IT staff at Kemenkes HQ | helpdesk", "NON_ASN"),
    ("english", "Waiting for PPPK results 🙏 hopefully this year", "NON_ASN"),
    ("english", "Aspiring civil servant | preparing for CPNS 2025", "NON_ASN"),
    ("english", "Retired civil servant (Kemendagri, 1985-2019) | mentoring village leaders", "NON_ASN"),
    # civilian ASN in TNI/Polri offices: denying the uniform, "tukang administrasi" is still ASN
    (
        "security_office",
        "PNS TNI AU di Lanud Sukamaju. Ulun kada tentara, ulun tukang administrasi haja",
        "ASN",
    ),
    ("security_office", "ASN di Lantamal Manado. Kita nyanda tentara, kita cuma tukang bikin laporan", "ASN"),
    ("security_office", "Civil servant at Lanud Adisutjipto | finance | not a soldier", "ASN"),
    ("security_office", "Kerja di Polres Toba, bagian pelayanan SKCK", "UNKNOWN"),
    ("security_office", "Bripda, Polres Toba", "NON_ASN"),
    # honorer, BUMD banks and regional enterprises
    ("honorer", "Guru honor di SMP Negeri 2 Atambua, gaji tiga bulan sekali", "NON_ASN"),
    ("bumd", "Teller Bank Maluku Malut cabang Ternate", "NON_ASN"),
    ("bumd", "Pramudi Transjakarta koridor 9", "NON_ASN"),
    ("bumd", "Customer service Bank Sulutgo, Manado", "NON_ASN"),
    # grades without the slash
    ("rank", "Pembina, IVa. Dinas Pendidikan Kab. Tapin", "ASN"),
    ("rank", "Penata Muda Tk I IIIb | Dinas Sosial", "ASN"),
    ("rank", "Iva | suka kopi dan senja", "UNKNOWN"),
    # terse hashtags
    ("hashtag", "#PPPKParuhWaktu #PemkabGarut 🙏", "ASN"),
    ("hashtag", "#PejuangNIP 💪 SKD 2025", "NON_ASN"),
    ("hashtag", "Prakom Terampil 💻 Disdukcapil Sragen", "ASN"),
    ("hashtag", "#AbdiNegara #PemkotSukamaju", "ASN"),
    ("hashtag", "#PNSMelayani #Kemenag", "ASN"),
    ("hashtag", "#GuruHonorer #SDNegeri", "NON_ASN"),
    ("hashtag", "#PensiunanPNS 👴 #CucuTiga", "NON_ASN"),
    ("hashtag", "#IstriPNS 💕 #IRT", "NON_ASN"),
    ("hashtag", "#kasihsayang #keluarga", "UNKNOWN"),
]


@pytest.mark.parametrize(
    ("kind", "bio", "expect"), CASES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(CASES)]
)
def test_second_writer_families(scorer, kind, bio, expect):
    result = _score(scorer, bio)
    assert result.asn_class == expect, (kind, result.asn_score, result.reasons)


RELATIVES = [
    # the holder's own post decides; relatives' jobs and statuses are only shown
    ("own_status", "Camat Sukamaju sejak 2023; istri saya guru honorer, ayah saya purnawirawan Polri", "ASN"),
    ("own_status", "Kepala SDN 2 Sukamaju; suami saya perangkat desa, ibu saya mantan guru SD", "ASN"),
    ("own_status", "Penata Muda III/a di Dinas PUPR; bapak saya pensiunan guru, kakak saya honorer", "ASN"),
    ("own_status", f"Orang tua saya pensiunan guru; saya sendiri bertugas di BKPSDM, NIP {NIP}", "ASN"),
    ("own_status", "PNS TNI AU di Lanud Sukamaju; suami saya honorer, dan saya bukan prajurit", "ASN"),
    ("own_status", "CPNS 2024 di BMKG; ayah saya purnawirawan TNI AU, ibu saya guru honorer", "ASN"),
    # a profession or workplace of one's own, and relatives' statuses: not enough either way
    (
        "own_profession",
        "Bidan di klinik; suami saya PNS di Dinas Pertanian, ibu saya pensiunan guru",
        "UNKNOWN",
    ),
    ("own_profession", "Guru SD kelas rendah; ayah saya kepala desa, kakak saya anggota Polri", "UNKNOWN"),
    ("own_profession", "Perawat IGD; istri saya juga perawat, mertua saya pensiunan PNS", "UNKNOWN"),
    ("own_workplace", "Di RSUD Sukamaju bagian rekam medis; kakak saya PPPK di dinas kesehatan", "UNKNOWN"),
    # nothing of one's own: the relative is the profile
    ("relative_only", "Istri PNS Kantor Camat Sukamaju. Awak IRT, urus tiga anak", "NON_ASN"),
    ("relative_only", "Anak Pak Polisi dari Polsek Sukamaju. Aye sendiri masih kuliah", "NON_ASN"),
    (
        "relative_only",
        "Polwan di Polresta Sukamaju; ibu saya PNS di Dinas Sosial, kakak saya honorer",
        "NON_ASN",
    ),
    ("relative_only", "Son of a retired state school teacher. UX designer, Bandung", "NON_ASN"),
    # a relative named at the end of a clause owns the next, after a comma ("suami saya, seorang PNS ...")
    ("relative_only", "Suami saya, seorang PNS di Kemenag, sering dinas luar. Saya IRT", "NON_ASN"),
    ("own_status", "Camat Sukamaju; istri saya, guru honorer di SD, juga aktif PKK", "ASN"),
    ("relative_only", "Menikah dengan seorang PNS, saya IRT", "NON_ASN"),
    ("own_status", "Menikah, 2 anak | PNS Dinkes Sukamaju", "ASN"),
]


@pytest.mark.parametrize(
    ("kind", "bio", "expect"), RELATIVES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(RELATIVES)]
)
def test_facts_about_relatives_do_not_decide(scorer, kind, bio, expect):
    result = _score(scorer, bio)
    assert result.asn_class == expect, (kind, result.asn_score, result.reasons)


def test_reasons_show_others_facts_and_jokes(scorer):
    camat = _score(scorer, "Camat Sukamaju; istri saya guru honorer, ayah saya pensiunan guru")
    shown = next(r for r in camat.reasons if "others_facts" in r)
    assert shown.startswith("+0.0 others_facts [weak]:")
    assert "guru honorer (relative)" in shown and "pensiunan guru (relative)" in shown
    joke = _score(scorer, "PNS (Pegawai Nganggur Santuy) 😂 | jobseeker")
    assert joke.reasons[0] == "-6.0 non_asn_statement [negative]: pns (acronym joke: pegawai nganggur santuy)"
    history = _score(scorer, "Mantan kades Sukamaju, kini camat Sukamaju")
    assert "+0.0 others_facts [weak]: kades (former)" in history.reasons


def test_a_handle_repeating_a_joke_acronym_is_the_same_joke(scorer):
    result = _score(scorer, "PNS: Pengusaha Nasi Sambel 🌶️😂", handle="pns.sambel")
    assert result.asn_class == "NON_ASN"
    assert not any(r.startswith("+4.5 self_status") for r in result.reasons)


def test_hashtags_show_as_written(scorer):
    result = _score(scorer, "#GuruHonorer #SDNegeri")
    assert "-4.5 honorer [negative]: #guruhonorer" in result.reasons


def test_bad_relative_sections_are_config_errors():
    import copy
    from importlib import resources

    import yaml

    from pipeline.accounts.lexicon import build_lexicon
    from pipeline.errors import ConfigError

    data = resources.files("pipeline.accounts") / "data"
    signals = yaml.safe_load((data / "signals.yaml").read_text(encoding="utf-8"))
    gazetteer = yaml.safe_load((data / "gazetteer.yaml").read_text(encoding="utf-8"))
    for key, value in (("relative_negatives", {"no_such": "relational"}), ("others_facts", "no_such")):
        broken = copy.deepcopy(signals)
        broken["scope"][key] = value
        with pytest.raises(ConfigError, match="unknown feature"):
            build_lexicon(broken, gazetteer)
    broken = copy.deepcopy(signals)
    broken["scope"]["possessive"] = ["saya sendiri"]
    with pytest.raises(ConfigError, match="single words"):
        build_lexicon(broken, gazetteer)
