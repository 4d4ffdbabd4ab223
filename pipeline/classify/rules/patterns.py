"""The rules' word patterns that are not cue families: call verbs, allegiance heads, negation, quotes, sarcasm.

The cue families themselves (support, attack, call, campaign, abuse, party, frames ...) are in
:mod:`pipeline.classify.rules_lexicon`; these patterns read the words right around a target.
"""

from __future__ import annotations

import re

from pipeline.classify.rules_lexicon import FIRST_PERSON, SCANNER

SYMBOL_KINDS = frozenset({"number", "emoji", "hashtag", "slogan", "colour"})
QUOTE = re.compile(r"[\"“”«»]([^\"“”«»]{2,200})[\"“”«»]|(?<![\w])['‘’]([^'‘’]{2,200})['‘’](?![\w])")
# scanner key -> (family, from a CUES_WEAK list)
FAMILY_OF = {key: (key.removesuffix("~weak"), key.endswith("~weak")) for key in SCANNER.names}
SKIP_QUOTED = frozenset({"negation"})
SKIP_PLAIN = frozenset({"negation", "quote_frame"})
QUOTE_CHARS = re.compile(r"[\"“”«»'‘’]")
FIRST_PERSON_RE = re.compile(rf"(?<![\w]){FIRST_PERSON}(?![\w])")
# sarcasm: a mocking emoji, or praise with a tag question ("hebat ya", "keren banget ya": always " ya")
SARCASM_EMOJI = re.compile(r"[🙄😏🤣😂🤭🤡]")
SARCASM_PRAISE = re.compile(
    r"(?<![\w])(?:hebat|keren|mantap|pinter|pintar) (?:ya|sekali ya|banget ya)(?![\w])"
)
CALL_VERB = re.compile(
    r"(?<![\w])(?:(?:coblos|pilih|memilih|dukung|menangkan|memenangkan|kawal|gas|sikat|contreng|follow|ikuti|bantu|"
    r"bantuin|support|kasih kesempatan(?: ke| kepada| buat)?|percayakan(?: pada| kepada| ke)?)(?:lah)?"
    r"(?:\s+(?:terus|saja|dong|ya|lagi|kembali|selalu|suara))?"
    r"|(?:suara(?:mu|nya|kita)?|dukungan(?:nya|mu)?)\s+(?:buat|untuk|ke|ka))\s*$"
)
# "jangan pilih calon yang ...": a call against someone the text does not name (review, no label)
UNNAMED_AGAINST = re.compile(
    r"(?<![\w])(?:jangan|tidak usah|asal bukan) (?:pilih|coblos|dukung|dipilih)\s+(?:calon|paslon|pemimpin|kandidat)\b"
)
PETAHANA = re.compile(r"(?<![\w])(?:petahana|incumbent)(?![\w])")
ALLEGIANCE_HEADS = frozenset(
    {
        "tetap",
        "pokoknya",
        "cuma",
        "hanya",
        "fix",
        "gas",
        "sikat",
        "harga mati",
        "all in",
        "salam",
        "tim",
        "chant",
    }
)
NEG_BEFORE = re.compile(
    r"(?<![\w])(?:jangan(?! lupa| sampai lupa| golput)|tidak usah|tak usah|ga usah|gak usah|asal bukan|bukan|tolak|ojo)\s+(?:\w+\s+){0,2}$"
)
# allegiance right before a target: "sy mah BANUR", "tetap Abah", "saya pilih Kang Bagus", "jagoan kami X"
ALLEGIANCE_BEFORE = re.compile(
    r"(?<![\w])(?:(?:saya|kami|aku|abdi|kula|ane|awak|ambo)(?: (?:mah|sih|tetap|dari dulu|dari awal|juga|pasti))+"
    r"(?: (?:ikut|pilih|dukung|tim|pro|sama|condong ke|ke))?"
    r"|(?:saya|kami|aku|abdi|kula|ane|awak|ambo) (?:ikut|pilih|dukung|tim|pro|condong ke)"
    r"|(?:tetap|pokoknya|fix|harga mati|jagoan(?:ku| kami| saya| kita)?|pilihan(?:ku| saya| kami| hati)|all in|"
    r"setia)(?: (?:sama|ke|dengan|di|pada|bersama))?) $"
)
ALLEGIANCE_NEAR = re.compile(r"(?<![\w])(?:tetap|pokoknya|harga mati|fix|all in)(?: \w+){0,2} $")
ALLEGIANCE_AFTER = re.compile(
    r"^ ?(?:lah|harga mati|sampai mati|no debat|nomor debat|forever|pokoknya|deui|maning|meneh)(?![\w])"
)
# a pair acronym "expanded" into a mocking phrase: "BANUR itu Banyak Nurut", "HERMA = Hendra Rajin Menghilang"
EXPANSION = re.compile(
    r"^\s*(?:=|itu|artinya|singkatan(?: dari)?|kepanjangan(?:nya)?|adalah)\s*(\w+)\s+(\w+)"
)
# criticism that can only mean the sitting office holder ("lima tahun ...", "mau dilanjutkan lagi?")
INCUMBENT_IMPLIED = re.compile(
    r"(?<![\w])(?:(?:lima|5|sepuluh|10) (?:tahun|taun)|dua periode|2 periode|dilanjutkan(?: lagi)?|lanjut lagi|"
    r"petahana|incumbent|selama (?:ini|menjabat)|jadi bupati|jadi walikota|jadi wali kota)(?![\w])"
)
NEGATED = re.compile(
    r"(?<![\w])(?:jangan|tidak|tak|dilarang|tidak boleh|tidak usah|larangan|bukan|jan|ulah)(?: \w+)? $"
)
SEBELAH = re.compile(r"(?<![\w])(?:paslon|calon|kubu|tim|pasangan) sebelah(?![\w])")
CALL_BEFORE = re.compile(r"(?:pilih|coblos|dukung|asal bukan|tolak|mau|usah|biarkan)\s+(?:\w+\s+){0,2}$")
TWO_TERMS = re.compile(r"(?<![\w])(?:dua|2) periode(?! (?:jadi|sebagai|menjabat|di))(?![\w])")
WINK_TELLING = re.compile(r"pilih|sinten|program siapa|berjasa")
TWIBBON = re.compile(r"twibbon|bingkai|frame")
THIRD_PERSON = re.compile(r"(?<![\w])(?:dia|mereka|beliau|oknum|pak \w+ yang)(?![\w])")
OWN_ACTION = re.compile(
    r"(?<![\w])(?:hadir|ikut|melu|datang|pasang|masang|nempel|tempel|bagi|dibagi|sebar|kumpul|"
    r"bakumpul|ngumpul|bantu|jadi|dipercaya|nyanyi|capek|angkat|siapin|nyiapin)"
)
DISOWNED = re.compile(r"dihack|diretas|dibajak|bukan (?:dari )?saya")
POSE = re.compile(r"pose|gaya|jari|foto")
CANDIDACY = re.compile(r"penjaringan|bakal-calon|daftar")
SHARE_ONLY = re.compile(r"^\s*(?:url|@[\w.]+|\W)*\s*$")
