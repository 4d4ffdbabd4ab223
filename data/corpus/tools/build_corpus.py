"""Build data/corpus/posts.jsonl from the contest configs, the hand-written posts and the templates.

Deterministic (fixed seed): running it twice gives byte-identical output. Usage::

    .venv/bin/python data/corpus/tools/build_corpus.py            # writes data/corpus/posts.jsonl
    .venv/bin/python data/corpus/tools/build_corpus.py --stats    # also prints counts (for DATASHEET.md)

How a generated post is made (see DATASHEET.md "How it was made"):
1. pick a main template for the wanted label family from the template pool of the contest's split
   (templates are split 70/30 into a *train* pool and an *eval* pool by a stable hash, so dev/test posts
   never come from a template seen in training) and from the contest's regional register;
2. fill its slots with the contest's own names, aliases, acronyms, ballot numbers (digits, words,
   regional numerals, emoji digits), slogans, hashtags, colours, emoji, parties, places and dates;
3. optionally add a tail segment (symbol tail, call tail, neutral hashtag cover, generic emoji);
4. apply surface noise: slang, elongation, obfuscation, casing, emoji;
5. derive labels (union of the segments' partisan labels, else NETRAL_PEMILU if any segment is election
   related, else TIDAK_TERKAIT), targets (candidates referenced by a partisan post) and flags;
6. reject exact duplicates and any text already used by another split.

Template file format (tools/templates/*.txt): ``CODES[/flags] [@cond ...] | text``.
CODES letters: D=DUKUNGAN A=AJAKAN S=SERANGAN Y=SIMBOL K=KEGIATAN_KAMPANYE P=PENYALAHGUNAAN_JABATAN
F=AFILIASI_PARPOL N=NETRAL_PEMILU T=TIDAK_TERKAIT. Flags: g=BUTUH_GAMBAR m=BUTUH_METADATA
k=KONTEKS_KHUSUS u=AKTOR_TIDAK_PASTI. Conditions: @inc (slot c is the incumbent), @kk (single-candidate
contest only), @multi (needs at least two candidates), @cmt (a comment under a candidate's post),
@ncmt (a comment under a non-campaign post), @share (share without caption), @bio=... (author bio kind).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]  # data/corpus
SEED = 20241127

CODE = {
    "D": "DUKUNGAN",
    "A": "AJAKAN",
    "S": "SERANGAN",
    "Y": "SIMBOL",
    "K": "KEGIATAN_KAMPANYE",
    "P": "PENYALAHGUNAAN_JABATAN",
    "F": "AFILIASI_PARPOL",
    "N": "NETRAL_PEMILU",
    "T": "TIDAK_TERKAIT",
}
FLAG = {"g": "BUTUH_GAMBAR", "m": "BUTUH_METADATA", "k": "KONTEKS_KHUSUS", "u": "AKTOR_TIDAK_PASTI"}
PARTISAN = [CODE[c] for c in "DASYKPF"]

# Contest -> split, size and regional profile. Split is by contest so test measures transfer to unseen elections.
CONTESTS: dict[str, dict] = {
    "pilbup-wanasari-2024": {
        "split": "train",
        "size": 640,
        "reg": "jv",
        "short": "Wanasari",
        "places": ["Kaliwungu", "Sidorejo", "Ngampel", "Tegalsari", "Karangjati", "Wonorejo", "Ngadirejo"],
        "addr": ["lur", "dulur", "sedulur", "rek", "cah", "konco2", "lurr"],
    },
    "pilwalkot-sindangraja-2020": {
        "split": "train",
        "size": 470,
        "reg": "su",
        "short": "Sindangraja",
        "places": ["Cimanggu", "Sukaresmi", "Babakan Sari", "Cipageran", "Margahayu", "Pasirjati"],
        "addr": ["baraya", "wargi", "dulur", "akang teteh", "sadayana", "urang"],
    },
    "pilgub-bandar-selaka-2024": {
        "split": "train",
        "size": 600,
        "reg": "mly",
        "short": "Selaka",
        "places": [
            "Tanjung Pauh",
            "Kuala Senggarang",
            "Bagan Laut",
            "Teluk Piai",
            "Pulau Kundur",
            "Sungai Raya",
        ],
        "addr": ["kawan", "abang kakak", "sanak", "kite semue", "mpok abang", "encik puan"],
    },
    "pilwalkot-lautela-2029": {
        "split": "train",
        "size": 450,
        "reg": "amb",
        "short": "Lautela",
        "places": [
            "Batu Gajah",
            "Negeri Hatalai",
            "Air Salobar",
            "Tanah Lapang",
            "Pantai Mardika",
            "Waihoka",
        ],
        "addr": ["basudara", "ale samua", "katong samua", "nyong nona", "usi bu", "basudara dong"],
    },
    "pilbup-lubuk-sarai-2024": {
        "split": "dev",
        "size": 560,
        "reg": "min",
        "short": "Lubuk Sarai",
        "places": [
            "Nagari Koto Tuo",
            "Sungai Pua",
            "Batang Kapeh",
            "Nagari Talang",
            "Pasa Lamo",
            "Koto Baru",
        ],
        "addr": ["dunsanak", "sanak", "urang awak", "mamak jo etek", "kawan-kawan", "sadonyo"],
    },
    "pilbup-tanah-loppo-2024": {
        "split": "test",
        "size": 420,
        "reg": "bug",
        "short": "Tanah Loppo",
        "places": [
            "Tellu Limpoe",
            "Mallawa",
            "Bonto Marannu",
            "Lappa Tanah",
            "Camba Jawayya",
            "Ujung Lamuru",
        ],
        "addr": ["sodara", "daeng", "puang", "sanak", "kita semua", "keluarga"],
    },
    "pilpres-2029": {
        "split": "test",
        "size": 680,
        "reg": "nat",
        "short": "Indonesia",
        "places": [
            "Medan",
            "Palembang",
            "Bandung",
            "Semarang",
            "Surabaya",
            "Makassar",
            "Pontianak",
            "Kupang",
            "Jayapura",
            "Ternate",
            "Mataram",
            "Padang",
        ],
        "addr": ["warga +62", "gaes", "teman2", "bestie", "saudara sebangsa", "rakyat Indonesia"],
    },
}

NUMERALS = {
    "jv": {1: "siji", 2: "loro", 3: "telu", 4: "papat"},
    "su": {1: "hiji", 2: "dua", 3: "tilu", 4: "opat"},
    "mly": {1: "satu", 2: "due", 3: "tige", 4: "empat"},
    "amb": {1: "satu", 2: "dua", 3: "tiga", 4: "ampa"},
    "min": {1: "ciek", 2: "duo", 3: "tigo", 4: "ampek"},
    "bug": {1: "seddi", 2: "dua", 3: "tellu", 4: "eppa"},
    "nat": {1: "satu", 2: "dua", 3: "tiga", 4: "empat"},
}
WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat"}
KEYCAP = {0: "0️⃣", 1: "1️⃣", 2: "2️⃣", 3: "3️⃣", 4: "4️⃣", 5: "5️⃣"}
MONTHS = [
    "",
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
OFFSETS_NATIONAL = [(7, 70), (8, 20), (9, 10)]

CONTEST_WORDS = {
    "bupati": {
        "head": "bupati",
        "paslon": ["paslon", "cabup", "calon bupati", "paslon bupati"],
        "pil": ["pilkada", "pilbup", "pemilihan bupati"],
    },
    "walikota": {
        "head": "wali kota",
        "paslon": ["paslon", "cawalkot", "calon wali kota", "paslon walkot"],
        "pil": ["pilkada", "pilwalkot", "pilwali"],
    },
    "gubernur": {
        "head": "gubernur",
        "paslon": ["paslon", "cagub", "calon gubernur", "paslon gubernur"],
        "pil": ["pilkada", "pilgub", "pemilihan gubernur"],
    },
    "presiden": {
        "head": "presiden",
        "paslon": ["paslon", "capres", "capres-cawapres", "pasangan calon"],
        "pil": ["pilpres", "pemilu", "pemilu 2029"],
    },
}

GENERIC_EMOJI = ["🔥", "💪", "🙏", "😎", "👏", "🤲", "💯", "✨", "😍", "🥰", "🫡", "🙌"]
SAD_EMOJI = ["🙄", "😤", "🤦", "😒", "🤡", "😏", "🤣", "😂", "🥱", "😑"]
NEUTRAL_EMOJI = ["🙂", "😊", "🙏", "📢", "🗳️", "🇮🇩", "✅", "📌", "☕", "😁"]
UNRELATED_EMOJI = ["😊", "🙏", "😂", "☕", "🌧️", "🍜", "🏸", "⚽", "📚", "💉", "🕌", "🥳", "😴", "🚗", "🏆"]

SLANG = [
    (r"\byang\b", ["yg"]),
    (r"\btidak\b", ["gak", "ga", "nggak", "tdk", "gk"]),
    (r"\bsudah\b", ["udh", "sdh", "udah"]),
    (r"\bbelum\b", ["blm"]),
    (r"\bkarena\b", ["krn", "karna"]),
    (r"\bjangan\b", ["jgn", "jan"]),
    (r"\bbanget\b", ["bgt", "bngt"]),
    (r"\bsaja\b", ["aja", "aj"]),
    (r"\bsaya\b", ["sy", "aku", "aq", "gw"]),
    (r"\bkalau\b", ["klo", "kalo", "kl"]),
    (r"\btapi\b", ["tp", "tpi"]),
    (r"\bsama\b", ["sm", "ama"]),
    (r"\blagi\b", ["lg"]),
    (r"\bbisa\b", ["bs", "bisa2"]),
    (r"\borang\b", ["org"]),
    (r"\bdari\b", ["dr"]),
    (r"\bjadi\b", ["jd"]),
    (r"\btanggal\b", ["tgl"]),
    (r"\bnomor\b", ["no", "nmr", "nomer"]),
    (r"\bdengan\b", ["dgn", "dg"]),
    (r"\buntuk\b", ["utk", "buat"]),
    (r"\bterus\b", ["trs"]),
    (r"\bsemua\b", ["smua", "semuanya"]),
    (r"\bteman-teman\b", ["temen2", "tmn2"]),
    (r"\bbapak\b", ["bpk", "bapak2"]),
    (r"\bguys\b", ["gaes", "gais"]),
]
OBFUSCATE = [
    (r"\bcoblos\b", ["c0bl0s", "c*blos", "c o b l o s", "cblos", "nyoblos", "c0blos", "coblooos"]),
    (r"\bpilih\b", ["p1l1h", "p!lih", "p i l i h", "plih"]),
    (r"\bmenang\b", ["m3nang", "menaaang", "M E N A N G", "menank"]),
    (r"\bdukung\b", ["dkg", "d*kung", "dukuuung"]),
]


# ----------------------------------------------------------------------------------------------------------
# templates


class Template:
    __slots__ = ("codes", "flags", "conds", "text", "reg", "pool", "key")

    def __init__(self, codes: str, flags: str, conds: set[str], text: str, reg: str) -> None:
        self.codes, self.flags, self.conds, self.text, self.reg = codes, flags, conds, text, reg
        self.key = f"{reg}|{text}"
        # 70% of templates feed the train contests, 30% the dev/test contests (stable, independent of order)
        self.pool = "eval" if int(hashlib.sha1(self.key.encode()).hexdigest(), 16) % 10 < 3 else "train"

    @property
    def family(self) -> str:
        for c in "PFKASDY":  # the family a template is drawn for: its rarest partisan code first
            if c in self.codes:
                return c
        return self.codes[0]


def load_templates(folder: Path) -> list[Template]:
    out: list[Template] = []
    for path in sorted(folder.glob("*.txt")):
        reg = path.stem  # common, jv, su, ...
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            head, sep, text = line.partition(" | ")
            if not sep:
                raise SystemExit(f"{path}:{lineno}: expected 'CODES | text'")
            parts = head.split()
            codes, _, flags = parts[0].partition("/")
            if not codes or any(c not in CODE for c in codes) or any(f not in FLAG for f in flags):
                raise SystemExit(f"{path}:{lineno}: bad codes {parts[0]!r}")
            if ("N" in codes or "T" in codes) and len(codes) > 1:
                raise SystemExit(f"{path}:{lineno}: neutral code combined with others")
            out.append(Template(codes, flags, set(parts[1:]), text.strip(), reg))
    return out


# ----------------------------------------------------------------------------------------------------------
# contest context


class Contest:
    def __init__(self, cid: str, cfg: dict, prof: dict) -> None:
        self.id, self.cfg, self.prof = cid, cfg, prof
        e = cfg["election"]
        self.e = e
        self.cands = e["candidates"]
        self.single = bool(e.get("single_candidate")) or len(self.cands) == 1
        self.kind = e["contest"]
        self.words = CONTEST_WORDS[self.kind]
        self.reg = prof["reg"]
        self.dates = e["dates"]
        self.vote: date = self.dates["vote"]
        self.tz_hours = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}[e["timezone"]]
        self.incumbent = next((c for c in self.cands if c.get("incumbent")), None)
        self.parties = [p["name"] for p in e.get("parties", [])]
        self.party_acr = {p["name"]: (p.get("aliases") or [p["name"]])[0] for p in e.get("parties", [])}

    def vote_phrases(self) -> list[str]:
        d = self.vote
        m = MONTHS[d.month]
        return [
            f"{d.day} {m}",
            f"tgl {d.day}",
            f"{d.day}/{d.month}",
            f"tanggal {d.day} {m}",
            f"{d.day} {m[:3]}",
            "hari H",
            f"{d.day} {m.lower()}",
            f"{d.day}-{d.month}-{d.year}",
        ]


def cand_slots(rng: random.Random, ct: Contest, c: dict, prefix: str) -> dict[str, str]:
    n = c["number"]
    head, deputy = c["names"][0], c["names"][-1]
    first = head.split()[0]
    reg_word = NUMERALS[ct.reg].get(n, WORDS.get(n, str(n)))
    num_forms = [
        f"nomor {n}",
        f"no {n}",
        f"no.{n}",
        f"nmr {n}",
        f"nomer {n}",
        f"0{n}",
        f"paslon {n}",
        f"no urut {n}",
        f"nomor {WORDS[n]}",
        f"nomer {reg_word}",
        f"nomor {reg_word}",
        KEYCAP[n],
        f"{KEYCAP[0]}{KEYCAP[n]}",
        f"0{n}",
        f"nomor urut {n}",
        f"no. {n}",
    ]
    aliases = c.get("aliases") or [head]
    accs = [a for lst in (c.get("accounts") or {}).values() for a in lst if " " not in a]
    tags = c.get("hashtags") or ["#" + c["acronyms"][0].title()]
    emo = c.get("emoji") or ["✅"]
    party = rng.choice(c["parties"]) if c.get("parties") else rng.choice(ct.parties or ["partai pengusung"])
    acr = rng.choice(c.get("acronyms") or [first.upper()])
    slots = {
        "name": rng.choice(aliases + [first, aliases[0]]),
        "full": head,
        "dep": rng.choice([deputy, deputy.split()[0]] + aliases[-1:]),
        "pair": f"{head.split()[0]}-{deputy.split()[0]}",
        "acr": acr,
        "num": rng.choice(num_forms),
        "n": str(n),
        "nw": reg_word,
        "slogan": rng.choice(c.get("slogans") or [acr]),
        "tag": rng.choice(tags),
        "tag2": rng.choice(tags + ["#" + acr.replace("-", "")]),
        "colour": rng.choice(c.get("colours") or ["putih"]),
        "emo": rng.choice(emo),
        "emo3": rng.choice(emo) * rng.choice([2, 3, 3, 4]),
        "kc": KEYCAP[n],
        "party": party,
        "pacr": ct.party_acr.get(party, party),
        "acct": "@" + rng.choice(accs or [acr.lower()]),
        "antitag": "#AsalBukan" + acr.title().replace("-", ""),
    }
    return {prefix + k: v for k, v in slots.items()}


def general_slots(rng: random.Random, ct: Contest) -> dict[str, str]:
    p = ct.prof
    short = p["short"]
    office_kinds = [
        "Dinkes",
        "Disdik",
        "Dinsos",
        "DPUPR",
        "Dishub",
        "Disdukcapil",
        "Bappeda",
        "BPKAD",
        "Kecamatan",
        "Satpol PP",
        "DLH",
        "Diskominfo",
        "BKPSDM",
        "Setda",
        "RSUD",
        "Puskesmas",
        "Bapenda",
        "Dinas Pertanian",
    ]
    ok = rng.choice(office_kinds)
    if ct.kind == "presiden":
        office = rng.choice(
            [
                f"{ok} Kota {rng.choice(p['places'])}",
                "KPP Pratama",
                "Kantor Imigrasi",
                "BPS Kabupaten",
                "Kanwil Kemenag",
                "Lapas Kelas IIA",
                "Balai Besar Wilayah Sungai",
                f"{ok} Kab. {rng.choice(p['places'])}",
            ]
        )
        kpu, bawaslu = "KPU RI", rng.choice(["Bawaslu RI", "Bawaslu", "Bawaslu kabupaten"])
    else:
        office = rng.choice(
            [
                f"{ok} {short}",
                f"{ok} Kab. {short}" if ct.kind == "bupati" else f"{ok} {short}",
                f"Puskesmas {rng.choice(p['places'])}",
                f"Kecamatan {rng.choice(p['places'])}",
            ]
        )
        kpu, bawaslu = f"KPU {short}", rng.choice([f"Bawaslu {short}", "Bawaslu", "Panwascam"])
    others = [party for party in ct.parties]
    return {
        "region": short,
        "regionfull": ct.e["region"]["name"],
        "place": rng.choice(p["places"]),
        "place2": rng.choice(p["places"]),
        "office": office,
        "school": rng.choice(["SDN", "SMPN", "SMAN", "SMKN", "MIN", "MTsN"])
        + f" {rng.randint(1, 9)} {rng.choice(p['places'] + [short])}",
        "date": rng.choice(ct.vote_phrases()),
        "addr": rng.choice(p["addr"]),
        "head": ct.words["head"],
        "paslon": rng.choice(ct.words["paslon"]),
        "pil": rng.choice(ct.words["pil"]),
        "kpu": kpu,
        "bawaslu": bawaslu,
        "anyparty": rng.choice(others or ["partai"]),
        "e": rng.choice(GENERIC_EMOJI),
        "sad": rng.choice(SAD_EMOJI),
        "ne": rng.choice(NEUTRAL_EMOJI),
        "ue": rng.choice(UNRELATED_EMOJI),
        "k1": str(rng.randint(1, 5)),
        "k2": str(rng.randint(2, 9)),
        "big": str(rng.choice([12, 25, 40, 64, 87, 120, 150, 230, 315])),
        "hour": rng.choice(
            ["07.30", "08.00", "09.00", "10.00", "13.00", "13.30", "14.00", "15.30", "19.00", "19.30"]
        ),
        "day": rng.choice(["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]),
        "tps": f"TPS {rng.randint(1, 30):02d}",
        "year": str(ct.vote.year),
        "nvote": str(ct.vote.day),
    }


SLOT_RE = re.compile(r"\{([a-z0-9]+)\}")


def fill(text: str, slots: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        key = m.group(1)
        if key not in slots:
            raise KeyError(key)
        return slots[key]

    return SLOT_RE.sub(sub, text)


def uses_o(text: str) -> bool:
    return any(k.startswith("o") and k not in {"office"} for k in SLOT_RE.findall(text))


def uses_c(text: str) -> bool:
    cset = {
        "name",
        "full",
        "dep",
        "pair",
        "acr",
        "num",
        "n",
        "nw",
        "slogan",
        "tag",
        "tag2",
        "colour",
        "emo",
        "emo3",
        "kc",
        "party",
        "pacr",
        "acct",
        "antitag",
    }
    return any(k in cset for k in SLOT_RE.findall(text))


# ----------------------------------------------------------------------------------------------------------
# tails, parents, bios, noise

SYMBOL_TAILS = [
    "{tag}",
    "{tag} {tag2}",
    "{emo3}",
    "{emo}{emo}",
    "{kc}{kc}",
    "{tag} {emo3}",
    "#{acr}",
    "{colour} {colour} {colour}!",
    "{slogan}! {emo}",
    "#{acr}{n}",
    "{emo} {num} {emo}",
    "{tag} 🔥",
    "{acr} {acr} {acr}!!",
]
CALL_TAILS = [
    "jgn lupa {date} coblos {num} ya {addr}",
    "ayo {date} pilih {acr}!",
    "{date} ke TPS, coblos {num}!",
    "ajak keluarga pilih {name} ya",
    "yg blm nentuin, {acr} aja",
    "share biar makin banyak yg tau!",
    "pilih {num}, jangan salah coblos!",
]
COVER_TAILS = [
    "#ASNNetral",
    "#PilkadaDamai",
    "#NetralitasASN",
    "(tetap netral kok 🤭)",
    "#AyoMemilih",
    "#TolakPolitikUang",
]
NEUTRAL_TAILS = [
    "#PilkadaDamai",
    "#AyoMemilih",
    "#ASNNetral",
    "#TolakPolitikUang",
    "#NetralitasASN",
    "#PemilihCerdas",
    "🗳️🇮🇩",
    "Salam demokrasi!",
    "#JagaSuara",
    "#LawanHoaks",
]
# label-free context sentences that make some posts long (a post's labels never come from these)
OPENERS = [
    "Cerita dikit ya, tadi pagi abis apel langsung ke lapangan, panas banget.",
    "Baru pulang kerja, badan capek tapi pengen nulis ini.",
    "Sambil nunggu hujan reda di kantor, iseng buka HP.",
    "Jadi gini {addr}, dari kemarin kepikiran terus.",
    "Habis subuh tadi ngobrol sama tetangga di pos ronda {place}.",
    "Maaf panjang, tapi perlu saya sampaikan.",
    "Weekend ini anak-anak minta jalan ke {place}, eh malah kepikiran hal lain.",
    "Barusan selesai rapat, kopi udah dingin.",
    "Tadi di warung kopi dekat kantor rame orang ngobrol.",
    "Mumpung lagi istirahat siang, nulis dikit.",
]
CLOSERS = [
    "Udah ah, mau lanjut kerja dulu.",
    "Semoga kita semua sehat selalu dan rezekinya lancar.",
    "Mohon maaf kalau ada salah kata.",
    "Nanti disambung lagi, sinyal di sini putus-putus.",
    "Terima kasih yang sudah baca sampai habis.",
    "Sekian curhatan malam ini.",
]
GENERIC_TAILS = [
    "{ue}",
    "{ue}{ue}",
    "semangat!",
    "hehe",
    "wkwk",
    "🙏",
    "mantap",
    "gaes",
    "ygy",
    "alhamdulillah",
]

CANDIDATE_PARENTS = [
    "Terima kasih warga {place} atas sambutan luar biasa hari ini! {tag}",
    "Kampanye dialogis bersama petani dan nelayan di {place}. {slogan}! {tag}",
    "Bersama {addr} di {place}, kita wujudkan {region} yang lebih baik. {tag}",
    "Live malam ini jam {hour}: {acr} menjawab pertanyaan warga. Jangan lupa {num}!",
    "Visi {acr}: layanan kesehatan gratis dan sekolah tanpa pungutan. {tag}",
    "Silaturahmi dengan tokoh agama dan tokoh adat {place}. Mohon doa restu 🙏 {tag}",
    "Blusukan pasar {place} pagi ini, harga cabai jadi keluhan utama ibu-ibu. {slogan}",
    "Video: {name} main bola bareng pemuda {place} ⚽ {tag}",
    "Debat tadi malam: terima kasih atas dukungannya. Kita lanjutkan perjuangan! {tag2}",
    "{num} untuk {region}! Kita menangkan bersama. {tag}",
]
NEUTRAL_PARENTS = [
    "{kpu}: jadwal debat publik ketiga {paslon} {head} {region} hari {day} pukul {hour} WIB.",
    "Bawaslu buka posko aduan pelanggaran netralitas ASN di setiap kecamatan.",
    "Berita: {kpu} tetapkan DPT {pil} sebanyak 412.551 pemilih.",
    "Dishub: rekayasa lalu lintas saat kampanye akbar di alun-alun {region} hari {day}.",
    "Peringatan netralitas ASN dari {head} dan Sekda: dilarang like, komen, share konten paslon.",
    "{kpu} mengajak warga cek nama di DPT secara online sebelum hari pencoblosan.",
    "Hasil survei elektabilitas {pil} {region} terbaru dirilis lembaga survei hari ini.",
    "Foto: simulasi pemungutan suara di {tps} Kelurahan {place}.",
]
UNRELATED_PARENTS = [
    "Selamat atas terpilihnya tim voli {office} sebagai juara {k1} Porkab tahun ini! 🏐",
    "Apel pagi bersama seluruh pegawai {office}. Semangat melayani! #BerAKHLAK",
    "Pelayanan KTP-el keliling hari ini di Kelurahan {place}, dibuka jam {hour}.",
    "Posyandu Melati {place} hari ini melayani {big} balita. Terima kasih kader!",
    "Lomba masak nasi goreng HUT Korpri, siapa juaranya? 🍳",
    "Foto kenangan Latsar CPNS angkatan {k2} 🤟 kangen kalian",
    "Anak-anak {school} juara {k1} lomba cerdas cermat tingkat kabupaten!",
    "Pengajian rutin ibu-ibu Dharma Wanita {office} bulan ini di masjid kantor.",
]
BIOS_ASN = [
    "ASN {office}",
    "PNS | {office} | abdi negara",
    "Guru PPPK {school} 📚",
    "Bidan Puskesmas {place} 💉",
    "Penyuluh Pertanian Lapangan {place}",
    "Staf Kecamatan {place} | #BerAKHLAK",
    "Pranata Komputer {office}",
    "Analis Kebijakan Ahli Muda | {office}",
    "Perawat RSUD {region} 🏥",
    "Kasi Pemerintahan Kec. {place}",
    "CPNS {year} {office} | #BanggaMelayaniBangsa",
    "abdi negara, suami, ayah 2 anak",
]
BIOS_OTHER = [
    "Ibu rumah tangga | jualan online 🛍️",
    "Honorer {school}",
    "Mahasiswa | {place}",
    "Kades {place}",
    "Pensiunan guru, hobi mancing 🎣",
    "Akun ini dikelola admin keluarga",
    "Olshop baju muslim {place} 📦",
    "Relawan literasi {place}",
    "Jurnalis lokal {region}",
    "Petani kopi {place} ☕",
]


def noise(rng: random.Random, text: str, *, partisan: bool) -> str:
    if rng.random() < 0.45:
        for pat, subs in SLANG:
            if rng.random() < 0.6:
                text = re.sub(pat, lambda m, subs=subs: rng.choice(subs), text, flags=re.IGNORECASE)
    if rng.random() < (0.22 if partisan else 0.06):
        for pat, subs in OBFUSCATE:
            if rng.random() < 0.7:
                text = re.sub(pat, lambda m, subs=subs: rng.choice(subs), text, count=1, flags=re.IGNORECASE)
    if rng.random() < 0.15:
        words = [w for w in re.findall(r"\b[a-zA-Z]{4,}\b", text)]
        if words:
            w = rng.choice(words)
            vowels = [i for i, ch in enumerate(w) if ch in "aiueo"]
            if vowels:
                i = vowels[-1]
                text = text.replace(w, w[:i] + w[i] * rng.randint(3, 6) + w[i + 1 :], 1)
    r = rng.random()
    if r < 0.35:
        text = text.lower()
    elif r < 0.40:
        text = text.upper()
    elif r < 0.55 and text:
        text = text[0].upper() + text[1:]
    if rng.random() < 0.1:
        text = text.replace(",", "").replace(".", "")
    if rng.random() < 0.05:
        text = text.replace(" ", "  ", 1)
    return re.sub(r"[ \t]{3,}", "  ", text).strip()


# ----------------------------------------------------------------------------------------------------------
# timing


def pick_time(rng: random.Random, ct: Contest, family: str) -> str:
    d = ct.dates
    camp0, camp1 = d["campaign"]
    quiet0, quiet1 = d["quiet"]
    before0 = d["candidates_set"] - timedelta(days=75)
    r = rng.random()
    partisan = family in "DASYKPF"
    if family == "F" and r < 0.4 or (r < (0.08 if partisan else 0.15)):
        lo, hi = before0, d["numbers_drawn"]
    elif r < (0.80 if partisan else 0.70):
        lo, hi = camp0, camp1
    elif r < (0.87 if partisan else 0.78):
        lo, hi = d["numbers_drawn"], camp0
    elif r < 0.93:
        lo, hi = quiet0, quiet1
    elif r < 0.96:
        lo, hi = d["vote"], d["vote"]
    else:
        lo, hi = d["vote"] + timedelta(days=1), d["vote"] + timedelta(days=30)
    day = lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))
    hour = rng.choice(
        [5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 12, 13, 14, 15, 16, 17, 19, 19, 20, 20, 21, 21, 22, 23]
    )
    offs = ct.tz_hours
    if ct.kind == "presiden":
        offs = rng.choices([o for o, _ in OFFSETS_NATIONAL], weights=[w for _, w in OFFSETS_NATIONAL])[0]
    moment = datetime.combine(
        day, time(hour, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=timezone(timedelta(hours=offs))
    )
    return moment.isoformat()


def hand_time(rng: random.Random, ct: Contest, hw: dict) -> str:
    """Timestamp for a hand-written post without one: results talk goes after the vote, the rest as generated."""
    low = hw["text"].lower()
    if any(w in low for w in ("quick count", "hitung cepat", "terpilih", "menang lawan", "menang!")):
        vote = ct.dates["vote"]
        offs = ct.tz_hours
        extra = 0 if "quick count" in low or "hitung cepat" in low else rng.randint(14, 40)
        moment = datetime.combine(
            vote + timedelta(days=extra),
            time(rng.randint(15, 22), rng.randint(0, 59)),
            tzinfo=timezone(timedelta(hours=offs)),
        )
        return moment.isoformat()
    return pick_time(rng, ct, "D" if hw["labels"][0] in PARTISAN else "N")


# ----------------------------------------------------------------------------------------------------------
# generation

FAMILY_WEIGHTS = {"D": 21, "A": 19, "S": 18, "Y": 13, "K": 12, "P": 9, "F": 8}
PLATFORMS = [("facebook", 34), ("instagram", 22), ("x", 16), ("tiktok", 16), ("youtube", 5), ("telegram", 7)]


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


class Builder:
    def __init__(self, templates: list[Template]) -> None:
        self.templates = templates
        self.seen_pair: set[tuple[str, str]] = set()
        self.text_split: dict[str, str] = {}

    def register(self, text: str, parent: str | None, split: str) -> bool:
        k = norm_key(text)
        pair = (k, norm_key(parent or ""))
        if pair in self.seen_pair:
            return False
        if k and self.text_split.get(k, split) != split:
            return False
        self.seen_pair.add(pair)
        if k:
            self.text_split[k] = split
        return True

    def pool_for(self, ct: Contest, split: str) -> list[Template]:
        pool = "train" if split == "train" else "eval"
        regs = {"common", ct.reg}
        if ct.kind == "presiden":  # the national contest also hears the Bugis/Makassar voice (both are test)
            regs.add("bug")
        out = []
        for t in self.templates:
            if t.reg not in regs:
                continue
            if t.reg == "common" and t.pool != pool:  # regional registers belong to one split already
                continue
            if "@kk" in t.conds and not ct.single:
                continue
            if "@multi" in t.conds and ct.single:
                continue
            if uses_o(t.text) and ct.single:
                continue
            if "@inc" in t.conds and ct.incumbent is None:
                continue
            out.append(t)
        return out

    def make(self, rng: random.Random, ct: Contest, pool: list[Template], family: str) -> dict | None:
        cands = [t for t in pool if t.family == family]
        if not cands:
            return None
        t = rng.choice(cands)
        if "@inc" in t.conds:
            c = ct.incumbent
        else:
            c = rng.choice(ct.cands)
        others = [x for x in ct.cands if x is not c]
        o = rng.choice(others) if others else c
        slots = general_slots(rng, ct)
        slots.update(cand_slots(rng, ct, c, ""))
        slots.update(cand_slots(rng, ct, o, "o"))
        text = fill(t.text, slots)
        codes = set(t.codes)
        flags = {FLAG[f] for f in t.flags}
        partisan = bool(codes & set("DASYKPF"))
        kind = "post"
        parent = None
        tail_used = False
        # tails: natural multi-label and cover hashtags
        r = rng.random()
        # a tail speaks for the candidate the post favours: for an attack that is the *other* candidate
        tail_slots = slots
        tail_cand = c
        if "S" in codes:  # c is the attacked candidate in every S template
            tail_slots = {**slots, **cand_slots(rng, ct, o, "")} if o is not c else None
            tail_cand = o
        if "@share" in t.conds:
            pass
        elif partisan and tail_slots is None:
            if r < 0.15:
                text += " " + rng.choice(COVER_TAILS)
        elif partisan:
            if r < 0.16 and "Y" not in codes:
                text += " " + fill(rng.choice(SYMBOL_TAILS), tail_slots)
                codes.add("Y")
                tail_used = True
            elif r < 0.26 and "A" not in codes:
                text += ", " + fill(rng.choice(CALL_TAILS), tail_slots)
                codes.add("A")
                tail_used = True
            elif r < 0.32:
                text += " " + rng.choice(COVER_TAILS)
            elif r < 0.45:
                text += " " + fill(rng.choice(GENERIC_TAILS), slots)
        elif "N" in codes and r < 0.25 and "@share" not in t.conds:
            text += " " + rng.choice(NEUTRAL_TAILS)
        elif r < 0.2:
            text += " " + fill(rng.choice(GENERIC_TAILS), slots)
        # kind and parent
        if "@cmt" in t.conds:
            kind = rng.choice(["comment", "comment", "reply"])
            parent = fill(rng.choice(CANDIDATE_PARENTS), slots)
        elif "@ncmt" in t.conds:
            kind = rng.choice(["comment", "comment", "reply"])
            parent = fill(rng.choice(UNRELATED_PARENTS if "T" in codes else NEUTRAL_PARENTS), slots)
        elif "@share" in t.conds:
            kind = "share"
            parent, text = text, ""
        elif rng.random() < 0.06:
            kind = "quote"
            parent = fill(
                rng.choice(NEUTRAL_PARENTS if codes & set("NDASYKPF") else UNRELATED_PARENTS), slots
            )
        if text and rng.random() < 0.14:
            text = fill(rng.choice(OPENERS), slots) + " " + text
            if rng.random() < 0.6:
                text += ". " + rng.choice(CLOSERS)
        if text:
            text = noise(rng, text, partisan=partisan)
        labels = [CODE[ch] for ch in "DASYKPF" if ch in codes]
        if not labels:
            labels = ["NETRAL_PEMILU" if "N" in codes else "TIDAK_TERKAIT"]
        targets: list[int] = []
        if labels[0] in PARTISAN:
            # party membership alone targets a party, not a candidate: {party}/{pacr} resolve no candidate there
            refs = uses_c(re.sub(r"\{(party|pacr)\}", "", t.text)) if codes == {"F"} else uses_c(t.text)
            if refs or set(t.codes) & set("YA") or "@cmt" in t.conds or "@kk" in t.conds:
                targets.append(c["number"])
            if uses_o(t.text) and o is not c:
                targets.append(o["number"])
            if tail_used:
                targets.append(tail_cand["number"])
        platform = rng.choices([p for p, _ in PLATFORMS], weights=[w for _, w in PLATFORMS])[0]
        if kind == "share" and platform in ("tiktok", "youtube"):
            platform = "facebook"
        bio = None
        bio_cond = next((x for x in t.conds if x.startswith("@bio=")), None)
        if bio_cond == "@bio=other" or (bio_cond is None and rng.random() < 0.12):
            bio = fill(rng.choice(BIOS_OTHER), slots)
        elif bio_cond == "@bio=asn" or rng.random() < 0.3:
            bio = fill(rng.choice(BIOS_ASN), slots)
        return {
            "platform": platform,
            "kind": kind,
            "text": text,
            "parent_text": parent,
            "created_at": pick_time(rng, ct, t.family),
            "labels": labels,
            "targets": sorted(set(targets)),
            "flags": sorted(flags, key=list(FLAG.values()).index),
            "author_bio": bio,
            "template": t.key,
            "register": "id" if t.reg == "common" else t.reg,
        }


# Style-matrix contests (issue 12, point 6): every post written by hand to the published style matrix
# (src/matrix_<contest>.jsonl, each with a "matrix" field), none generated from templates. Split by contest;
# the holdout contest is trained and tuned on by nothing (benchmarks report it on its own).
MATRIX_CONTESTS: dict[str, str] = {
    "pilbup-sipirok-julu-2024": "train",
    "pilwalkot-banua-anyar-2024": "train",
    "pilbup-songenep-timur-2024": "train",
    "pilwalkot-seberang-ilir-2024": "train",
    "pilbup-giri-tegeh-2024": "dev",
    "pilgub-teluk-cenderawasih-2024": "holdout",
}
MATRIX_FIELDS = ("register", "language", "indirectness", "difficulty", "frame")


def load_matrix(cid: str) -> list[dict]:
    """The hand-written style-matrix posts of one contest, from ``src/matrix_<cid>.jsonl`` and its part files
    ``src/matrix_<cid>_<part>.jsonl`` (one per writer) in name order; [] when there is none."""
    paths = sorted((ROOT / "src").glob(f"matrix_{cid}.jsonl")) + sorted(
        (ROOT / "src").glob(f"matrix_{cid}_*.jsonl")
    )
    rows: list[dict] = []
    for path in paths:
        part = load_handwritten(cid, path=path)
        for n, row in enumerate(part, 1):
            missing = [k for k in MATRIX_FIELDS if k not in (row.get("matrix") or {})]
            if missing:
                raise SystemExit(f"{path}:{n}: matrix lacks {', '.join(missing)}")
        rows += part
    return rows


def build_matrix(builder: Builder) -> list[dict]:
    rows: list[dict] = []
    for cid, split in MATRIX_CONTESTS.items():
        posts = load_matrix(cid)
        if not posts:
            continue
        cfg = yaml.safe_load((ROOT / "configs" / f"{cid}.yaml").read_text(encoding="utf-8"))
        ct = Contest(cid, cfg, {"reg": "matrix"})
        rng = random.Random(f"{SEED}:{cid}")
        for i, hw in enumerate(posts, 1):
            if not builder.register(hw["text"], hw.get("parent_text"), split):
                raise SystemExit(f"{cid}: duplicate matrix text {hw['text']!r}")
            row = {
                "id": f"corpus:{cid}:{i}",
                "election": cid,
                "split": split,
                "platform": hw.get("platform", "facebook"),
                "kind": hw.get("kind", "post"),
                "text": hw["text"],
                "parent_text": hw.get("parent_text"),
                "created_at": hw.get("created_at") or hand_time(rng, ct, hw),
                "labels": hw["labels"],
                "targets": hw.get("targets", []),
                "flags": hw.get("flags", []),
                "author_bio": hw.get("author_bio"),
                "source": "matrix",
                "register": hw["matrix"]["language"],
                "matrix": {k: hw["matrix"][k] for k in MATRIX_FIELDS},
            }
            if row["author_bio"] is None:
                row.pop("author_bio")
            rows.append(row)
    return rows


def load_handwritten(cid: str, *, path: Path | None = None) -> list[dict]:
    path = path or ROOT / "src" / f"handwritten_{cid}.jsonl"
    if not path.exists():
        return []
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{lineno}: {exc}") from None
    return rows


def build() -> list[dict]:
    templates = load_templates(ROOT / "tools" / "templates")
    builder = Builder(templates)
    rows: list[dict] = []
    for cid, prof in CONTESTS.items():
        cfg = yaml.safe_load((ROOT / "configs" / f"{cid}.yaml").read_text(encoding="utf-8"))
        ct = Contest(cid, cfg, prof)
        rng = random.Random(f"{SEED}:{cid}")
        split = prof["split"]
        contest_rows: list[dict] = []
        for hw in load_handwritten(cid):
            if not builder.register(hw["text"], hw.get("parent_text"), split):
                raise SystemExit(f"{cid}: duplicate hand-written text {hw['text']!r}")
            row = {
                "platform": hw.get("platform", "facebook"),
                "kind": hw.get("kind", "post"),
                "text": hw["text"],
                "parent_text": hw.get("parent_text"),
                "created_at": hw.get("created_at") or hand_time(rng, ct, hw),
                "labels": hw["labels"],
                "targets": hw.get("targets", []),
                "flags": hw.get("flags", []),
                "author_bio": hw.get("author_bio"),
                "source": "handwritten",
                "register": hw.get("register", ct.reg),
            }
            contest_rows.append(row)
        pool = builder.pool_for(ct, split)
        # fill to the wanted size with ~40% partisan / 30% NETRAL_PEMILU / 30% TIDAK_TERKAIT overall
        want = prof["size"] - len(contest_rows)
        have = Counter("P" if r["labels"][0] in PARTISAN else r["labels"][0][0] for r in contest_rows)
        target_total = prof["size"]
        quota = {"P": round(0.41 * target_total) - have["P"], "N": round(0.30 * target_total) - have["N"]}
        quota["T"] = want - max(0, quota["P"]) - max(0, quota["N"])
        plan: list[str] = []
        fam_keys = list(FAMILY_WEIGHTS)
        fam_w = [FAMILY_WEIGHTS[k] for k in fam_keys]
        for group, k in quota.items():
            for _ in range(max(0, k)):
                plan.append(rng.choices(fam_keys, weights=fam_w)[0] if group == "P" else group)
        rng.shuffle(plan)
        for family in plan:
            for _attempt in range(60):
                row = builder.make(rng, ct, pool, family)
                if row is None:
                    break
                if builder.register(row["text"], row["parent_text"], split):
                    row["source"] = "generated"
                    contest_rows.append(row)
                    break
        for i, row in enumerate(contest_rows, 1):
            out = {"id": f"corpus:{cid}:{i}", "election": cid, "split": split}
            out.update({k: v for k, v in row.items() if k not in ("template",)})
            if out.get("author_bio") is None:
                out.pop("author_bio", None)
            rows.append(out)
    rows.extend(build_matrix(builder))
    return rows


def stats(rows: list[dict]) -> str:
    lines = []
    splits = ["train", "dev", "test", "holdout"]
    lab = Counter()
    for r in rows:
        for label in r["labels"]:
            lab[(r["split"], label)] += 1
    lines.append("| label | " + " | ".join(splits) + " | total |")
    lines.append("|---|" + "---|" * (len(splits) + 1))
    from itertools import chain

    labels = PARTISAN + ["NETRAL_PEMILU", "TIDAK_TERKAIT"]
    for label in labels:
        vals = [lab[(s, label)] for s in splits]
        lines.append(f"| {label} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} |")
    posts = Counter(r["split"] for r in rows)
    part = Counter(r["split"] for r in rows if r["labels"][0] in PARTISAN)
    multi = Counter(r["split"] for r in rows if len(r["labels"]) > 1)
    lines.append("| posts | " + " | ".join(str(posts[s]) for s in splits) + f" | {len(rows)} |")
    lines.append(
        "| partisan posts | " + " | ".join(str(part[s]) for s in splits) + f" | {sum(part.values())} |"
    )
    lines.append(
        "| multi-label posts | " + " | ".join(str(multi[s]) for s in splits) + f" | {sum(multi.values())} |"
    )
    lines.append("")
    lines.append("| contest | split | posts | hand-written | partisan | NETRAL_PEMILU | TIDAK_TERKAIT |")
    lines.append("|---|---|---|---|---|---|---|")
    by = defaultdict(list)
    for r in rows:
        by[r["election"]].append(r)
    for cid, rs in by.items():
        hw = sum(r["source"] == "handwritten" for r in rs)
        p = sum(r["labels"][0] in PARTISAN for r in rs)
        n = sum(r["labels"] == ["NETRAL_PEMILU"] for r in rs)
        t = sum(r["labels"] == ["TIDAK_TERKAIT"] for r in rs)
        lines.append(f"| {cid} | {rs[0]['split']} | {len(rs)} | {hw} | {p} | {n} | {t} |")
    lines.append("")
    pk = Counter((r["platform"], r["kind"]) for r in rows)
    plats = sorted({p for p, _ in pk})
    kinds = ["post", "comment", "reply", "share", "quote"]
    lines.append("| platform | " + " | ".join(kinds) + " |")
    lines.append("|---|" + "---|" * len(kinds))
    for p in plats:
        lines.append(f"| {p} | " + " | ".join(str(pk[(p, k)]) for k in kinds) + " |")
    lines.append("")
    fl = Counter(chain.from_iterable(r["flags"] for r in rows))
    lines.append("flags: " + ", ".join(f"{k} {v}" for k, v in fl.most_common()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=ROOT / "posts.jsonl")
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args(argv)
    rows = build()
    tmp = args.output.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    tmp.replace(args.output)
    print(f"wrote {len(rows)} posts to {args.output}", file=sys.stderr)
    if args.stats:
        print(stats(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
