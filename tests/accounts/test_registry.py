"""Handle normalisation and the registry CSV (row-level validation with line numbers, matching)."""

from __future__ import annotations

import pytest

from pipeline.accounts.registry import load_registry_csv, read_registry_rows
from pipeline.accounts.score import ProfileScorer
from pipeline.errors import InputError
from pipeline.handles import normalise_account, normalise_handle, normalise_name, normalise_platform
from pipeline.schema import Author

HEADER = "name,nip,agency,region,platform,handle\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@Budi_S", "budi_s"),
        ("budi_s", "budi_s"),
        ("  @BUDI_S ", "budi_s"),
        ("https://x.com/Budi_S", "budi_s"),
        ("https://twitter.com/budi_s/status/123", "budi_s"),
        ("twitter.com/budi_s", "budi_s"),
        ("www.instagram.com/rina.kemenag/", "rina.kemenag"),
        ("https://www.tiktok.com/@bu_bidan?lang=id", "bu_bidan"),
        ("https://www.facebook.com/profile.php?id=100012345", "100012345"),
        ("https://www.youtube.com/@kanal_asn", "kanal_asn"),
        ("https://www.youtube.com/c/KanalASN", "kanalasn"),
        ("", None),
        ("@", None),
    ],
)
def test_handle_forms(raw, expected):
    assert normalise_handle(raw) == expected


def test_platforms():
    assert normalise_platform("Twitter") == "x"
    assert normalise_platform("IG") == "instagram"
    assert normalise_platform(" ") is None
    assert normalise_account(None, "https://www.tiktok.com/@budi") == ("tiktok", "budi")


def test_names():
    assert normalise_name("Dr. H. Budi Santoso, S.Pd., M.Si.") == "budi santoso"
    assert normalise_name("Hj. Yanti Rahayu, SKM | Kapus") == "yanti rahayu"
    assert normalise_name("Sparta Wijaya") == "sparta wijaya"
    assert normalise_name(None) is None


def write(tmp_path, body, name="reg.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_valid_rows_and_nip_reduced_to_mask_and_digest(tmp_path):
    path = write(
        tmp_path,
        "Budi S,NIP. 19860926 201505 1 001,Dinkes,Sukamaju,twitter,@Budi_S\n"
        "Rina,,Kemenag,Sukamaju,,https://www.instagram.com/rina.kemenag/\n",
    )
    reg = load_registry_csv(path)
    assert len(reg) == 2
    budi, rina = reg.entries
    assert (budi.platform, budi.handle_norm, budi.nip_kind) == ("x", "budi_s", "PNS")
    assert budi.nip_masked == "19860926 ****** * ***" and len(budi.nip_sha256) == 64
    assert (rina.platform, rina.handle_norm, rina.nip_masked) == ("instagram", "rina.kemenag", None)
    assert "198609262015051001" not in repr(budi)


def test_row_errors_carry_line_numbers(tmp_path):
    path = write(
        tmp_path,
        "Ok,,Dinkes,S,x,ok_one\n"  # line 2
        "Bad NIP,198609262015051000,Dinkes,S,x,bad_nip\n"  # line 3
        "\n"  # line 4: blank, skipped
        "NIK,3201012609860001,Dinkes,S,x,nik\n"  # line 5
        "No platform,,Dinkes,S,,plainhandle\n"  # line 6
        "Odd,,Dinkes,S,myspace,odd\n"  # line 7
        "Short,row\n"  # line 8
        "Dup,,Dinkes,S,twitter,@OK_ONE\n"  # line 9
        '"Multi\nline",,Dinkes,S,x,multi\n'  # lines 10-11
        "No handle,,Dinkes,S,x,\n",  # line 12
    )
    entries, errors = read_registry_rows(path)
    assert [e.handle_norm for e in entries] == ["ok_one", "multi"]
    by_line = {e.line: e.message for e in errors}
    assert by_line[3] == "nip: serial 000"
    assert by_line[5].startswith("nip: 16 digits")
    assert by_line[6].startswith("platform is empty")
    assert by_line[7].startswith("unknown platform 'myspace'")
    assert by_line[8] == "2 fields, the header has 6"
    assert by_line[9].startswith("duplicate of line 2")
    assert by_line[12] == "handle is empty"
    with pytest.raises(InputError) as exc:
        load_registry_csv(path)
    assert "reg.csv:3" in str(exc.value) and "more bad rows" in str(exc.value)
    assert len(load_registry_csv(path, strict=False).errors) == 7


def test_semicolon_csv_and_bom(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text("\ufeffname;nip;agency;region;platform;handle\nBudi;;Dinkes;S;x;budi\n", encoding="utf-8")
    assert load_registry_csv(path).entries[0].handle_norm == "budi"


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "empty file"), ("name,agency\n", r"reg.csv:1: header lacks column\(s\) platform, handle")],
)
def test_unusable_files(tmp_path, body, message):
    path = tmp_path / "reg.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_registry_csv(path)
    with pytest.raises(InputError, match="no such file"):
        load_registry_csv(tmp_path / "missing.csv")


def test_registry_match_decides_asn(tmp_path):
    path = write(
        tmp_path,
        "Budi Santoso,19860926 201505 1 001,Dinkes Kab. Sukamaju,Sukamaju,x,budi_s\n"
        "Siti Rahma Dewi,,Disdik,Sukamaju,instagram,siti.rahma\n",
    )
    scorer = ProfileScorer(registry=load_registry_csv(path))
    # a NON_ASN-looking bio is overridden by the registry
    hit = scorer.score(Author(id="x:1", platform="twitter", handle="@Budi_S", bio="Wiraswasta, suka mancing"))
    assert hit.asn_class == "ASN" and hit.asn_score == 1.0
    assert hit.reasons[0] == "registry: account x/@budi_s (Dinkes Kab. Sukamaju)"
    # the same handle on another platform is not a hit
    other = scorer.score(Author(id="tiktok:1", platform="tiktok", handle="budi_s", bio="Wiraswasta"))
    assert other.asn_class == "NON_ASN"
    # platform taken from the id prefix when missing
    assert scorer.score(Author(id="x:77", handle="https://x.com/budi_s", bio="")).asn_class == "ASN"
    # a registered NIP in the bio of another account
    nip = scorer.score(
        Author(id="facebook:5", platform="facebook", handle="bs", bio="NIP 198609262015051001")
    )
    assert nip.reasons[0].startswith("registry: NIP in bio equals the registered NIP")


def test_name_match_is_only_a_suggestion(tmp_path):
    path = write(tmp_path, "Siti Rahma Dewi,,Disdik,Sukamaju,instagram,siti.rahma\n")
    scorer = ProfileScorer(registry=load_registry_csv(path))
    result = scorer.score(
        Author(id="x:3", platform="x", handle="sitird", name="Hj. Siti Rahma Dewi, S.Pd", bio="")
    )
    assert any(r.startswith("+2.0 registry_name [medium]") for r in result.reasons)
    assert result.asn_class == "UNKNOWN"
    single = ProfileScorer(registry=load_registry_csv(write(tmp_path, "Budi,,D,S,x,b\n", "one.csv")))
    assert not any("registry_name" in r for r in single.score(Author(id="x:4", name="Budi", bio="")).reasons)
