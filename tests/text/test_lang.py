"""Language tags (pipeline.text.lang)."""

from __future__ import annotations

import pytest

from pipeline.text.lang import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Jangan lupa 27 November coblos nomor 2 ya, datang ke TPS bersama keluarga!", "id"),
        ("Wes pokoke nomer loro, ra ono liyane 😎", "jv"),
        ("Hayu baraya, urang pilih nomer hiji, Sukamaju Hebat!", "su"),
        ("Mari kite pilih BANUR aje, yang lain tak usah dipilih.", "bew"),
        ("Awak pilih nomor ciek, jan lupo yo!", "min"),
        ("This is an English sentence about the weather today", "en"),
    ],
)
def test_detect(text: str, code: str) -> None:
    assert detect_language(text).code == code


def test_no_words_is_undetermined() -> None:
    tag = detect_language("☝️☝️ https://x.co/1 #Herma")
    assert tag.code == "und" and tag.confidence == 0.0
