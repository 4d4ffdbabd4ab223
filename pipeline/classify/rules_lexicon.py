"""Cue lexicons of the rules classifier (BRIEF sections 3, 5 and 6), as regex fragments on normalised text.

Text reaching these patterns has been through :func:`pipeline.text.normalize.normalize`: lower case, slang
expanded (``jgn`` -> ``jangan``, ``ojo`` -> ``jangan``, ``hayu`` -> ``ayo``), hashtags split into words. Each
family is compiled into one alternation; a hit's name is the family key. Weights: how much a hit raises the
family's score before it is bound to a target.
"""

from __future__ import annotations

import re

from pipeline.text.regex import alternation, grouped_by_first_char, trie_alternation

_B = r"(?<![\w])"  # word start
_E = r"(?![\w])"  # word end

# First person (Indonesian and regional).
FIRST_PERSON = r"(?:saya|kami|kita|sy|aku|ku|gw|abdi|ambo|awak|urang|beta|aye|kula|dalem)"

CUES: dict[str, list[str]] = {
    # explicit support / praise (DUKUNGAN)
    "support": [
        r"semoga (?:\w+ ){0,3}(?:menang|terpilih)",
        r"ini baru (?:calon )?pemimpin",
        r"sampai menang",
        r"pilihan (?:abdi|awak|ambo|ane)",
        r"moal robah",
        r"(?:tidak|kagak) ade lawan",
        r"pemimpin (?:seperti|kayak) (?:begini|ini|gini|beliau)",
        r"sosok yang tepat",
        r"(?:sudah|udah|sudah) (?:terbukti|bukti)",
        r"(?:tos|lah) kabukti",
        r"(?:saya|aku|abdi|awak|ambo|ane|kami)(?: \w+){0,2} (?:yakin|percaya)",
        r"semangat",
        r"sukses(?: selalu)?",
        r"semoga (?:menang|terpilih|jadi|amanah|sukses)",
        r"menang(?:kan)?",
        r"pasti (?:menang|jadi|jaya)",
        r"harga mati",
        r"no(?:mor)? debat",
        r"all in",
        r"fix pilihan",
        r"pilihan (?:saya|kami|kita|ku|hati)",
        r"pilihanku",
        r"pilihan terbaik",
        r"terbaik",
        r"merakyat",
        r"keren",
        r"mantap",
        r"hebat",
        r"jaya",
        r"juara",
        r"lanjut(?:kan)?",
        r"dua periode",
        r"2 periode",
        r"satu putaran",
        r"tetap (?:di hati|pilih|setia)",
        r"di belakang (?:bapak|ibu|anda|pak|bu|kalian)",
        r"siap (?:menangkan|memenangkan|mendukung|dukung|kawal|berjuang)",
        r"(?:kami|saya|kita) (?:dukung|mendukung|pilih|memilih|siap)",
        r"dukung(?:an)? penuh",
        r"mendukung",
        r"bangga",
        r"idola",
        r"pemimpin (?:sejati|idaman|yang kita butuhkan|kita)",
        r"butuh pemimpin",
        r"sudah saatnya",
        r"saatnya",
        r"kerja nyata",
        r"terbukti",
        r"programnya (?:jelas|bagus|mantap|nyata)",
        r"teu aya lawan",
        r"tidak ada lawan",
        r"ra ono liyane",
        r"ora ono liyane",
        r"ga ada lawan",
        r"yang lain (?:tidak|lewat|minggir)",
        r"paling (?:pantas|layak|cocok|bagus|jelas)",
        r"layak",
        r"pantas",
        r"amanah",
        r"bismillah",
        r"insya ?allah menang",
        r"kawal (?:sampai|hingga)",
        r"menang telak",
        r"gas(?:pol)?",
        r"pokoknya",
        r"wajib menang",
        r"the best",
        r"top",
        r"jempol",
        r"👍",
        r"💪",
        r"🔥",
        r"👏",
        r"💯",
        r"🤲",
        r"❤",
        r"😍",
        r"setuju",
        r"sepakat",
        r"betul",
        r"siap",
        r"aamiin",
        r"amin",
        r"good job",
        r"sehat selalu",
    ],
    # call to act (AJAKAN)
    "call": [
        r"ajak (?:keluarga|sanak saudara|saudara|tetangga|teman|kawan|warga|semua|anak)",
        r"share biar",
        r"(?:tolong|mohon) (?:di-?)?share",
        r"(?:gunakan|berikan|kasih) suara(?:mu|nya)? (?:buat|untuk|ke)",
        r"satu suara untuk",
        r"mohon doa dan dukungan(?:nya)?",
        r"mohon dukungan(?:nya)?",
        r"sampaikan (?:ke|ka) (?:mamak|keluarga|orang tua|bapak ibu|warga|ibu)",
        r"bilang ke (?:orang tua|bapak ibunya|keluarga|ortu)",
        r"titip pesan",
        r"wajib hukumnya",
        r"follow (?:akun|ig|instagram|tiktok)",
        r"kawal suara",
        r"tong salah pilih",
        r"ayo",
        r"mari",
        r"monggo",
        r"mangga",
        r"jangan lupa",
        r"ulah poho",
        r"ulah (?:lupa|hilap)",
        r"jan lupa",
        r"coblos",
        r"pilih(?:lah)?",
        r"dukung(?:lah)?",
        r"menangkan",
        r"kawal",
        r"arahkan",
        r"ajak",
        r"wajib (?:pilih|coblos|dukung|memilih)",
        r"harus (?:pilih|coblos|dukung|memilih)",
        r"tolong (?:share|bagikan|sebarkan|viralkan|dukung|pilih|coblos)",
        r"(?:share|bagikan|sebar(?:kan)?) (?:ke|video|konten|postingan)",
        r"sudah tahu (?:kan )?(?:harus )?pilih siapa",
        r"tahu kan (?:harus )?pilih siapa",
        r"paham kan maksud",
        r"jangan salah pilih",
        r"jangan sampai salah",
        r"sampek salah pilih",
        r"salah pilih",
        r"saatnya pilih",
        r"gas coblos",
        r"coblos(?:lah)? (?:nomor|no)",
        r"ikut(?:i)? (?:kampanye|deklarasi)",
        r"yuk",
        r"hayu",
        r"nyok",
        r"kuy",
        r"gaskeun",
    ],
    # attack, derision, hoax (SERANGAN)
    "attack": [
        r"tipu-tipu",
        r"penipu rakyat",
        r"jangan (?:dipilih|dicoblos|didukung)",
        r"nyinyir",
        r"copas",
        r"malu-maluin",
        r"memalukan",
        r"settingan",
        r"(?:ba)?janji kosong",
        r"ngapain aja",
        r"kubangan",
        r"bonekanya",
        r"cukong",
        r"(?:gimana|bagaimana) mau (?:mimpin|memimpin)",
        r"(?:tidak|teu) beres",
        r"kakehan omong",
        r"omong kosong",
        r"cakap je",
        r"(?:tidak|tak) nampak",
        r"cukup satu periode",
        r"(?:mancari|mencari|cari|ngejar|ngincar) jabatan",
        r"bocah wingi sore",
        r"(?:cuma|ngan) (?:berani|wani) ngomong",
        r"tidak (?:dibenerkeun|dibenerin|diperbaiki)",
        r"pencitraan",
        r"omdo",
        r"omon-omon",
        r"omong doang",
        r"php",
        r"janji manis",
        r"janji palsu",
        r"boneka",
        r"antek",
        r"petugas partai",
        r"dinasti",
        r"haus jabatan",
        r"kutu loncat",
        r"koruptor",
        r"korupsi",
        r"maling",
        r"pembohong",
        r"bohong",
        r"penipu",
        r"bodoh",
        r"dibodohi",
        r"gagal",
        r"tidak becus",
        r"ga becus",
        r"nggak becus",
        r"becus",
        r"jangan (?:pilih|coblos|dukung|mau)",
        r"tidak usah (?:dipilih|pilih)",
        r"tak usah dipilih",
        r"asal bukan",
        r"tolak",
        r"ganti (?:bupati|pemimpin|walikota|gubernur)",
        r"mafia",
        r"bagi-bagi (?:duit|uang|amplop)",
        r"amplop",
        r"politik uang",
        r"money politic",
        r"curang",
        r"licik",
        r"munafik",
        r"sombong",
        r"pecundang",
        r"kalah",
        r"jalan rusak",
        r"rusak",
        r"mangkrak",
        r"nyalon",
        r"mending urus",
        r"urus (?:keluarga|kebun|rumah)",
        r"ngurus keluarga",
        r"cebong",
        r"kampret",
        r"kadrun",
        r"buzzer",
        r"termul",
        r"planga-plongo",
        r"plonga-plongo",
        r"🤣",
        r"😏",
        r"🙄",
        r"🤮",
        r"🤑",
        r"😂",
        r"🤡",
        r"💩",
        r"pede",
        r"katanya",
        r"hebat ya",
        r"keren ya",
        r"mantap ya",
        r"cuma bisa",
        r"bisanya cuma",
        r"ngaku",
        r"mengaku",
        r"jangan mau",
        r"lewat",
        r"minggir",
        r"yang lain tak usah",
        r"yang lain (?:tidak|ga|gak) usah",
        r"yang lain tidak usah dipilih",
    ],
    "hoax": [
        r"ijazah(?:nya)? (?:\w+ )?palsu",
        r"dengar-dengar",
        r"katanya sih",
        r"sebarkan sebelum dihapus",
        r"viralkan",
        r"info a1",
        r"bocoran",
        r"grup sebelah",
        r"fakta yang disembunyikan",
        r"datanya (?:sudah )?beredar",
        r"awas",
    ],
    # own campaign participation or role (KEGIATAN_KAMPANYE)
    "campaign": [
        r"jubir",
        r"juru bicara",
        r"konvoi(?: kampanye)?",
        r"panggung kampanye",
        r"posko pemenangan",
        r"rapat (?:relawan|tim|pemenangan|timses)",
        r"pemasangan (?:baliho|spanduk|stiker|apk|poster|bendera)",
        r"(?:ikut|melu|hadir|datang|bantu)(?: \w+){0,2} kampanye",
        r"yel-yel \w+ bareng",
        r"(?:jadi|sebagai|dipercaya(?: jadi| sebagai)?|dilantik jadi) (?:relawan|timses|tim pemenangan|tim sukses|korcam|kordes|korwil|koordinator|saksi|jurkam|juru kampanye|mc|ketua tim|anggota tim|tim ahli)",
        r"korcam",
        r"kordes",
        r"korwil",
        r"tim pemenangan",
        r"timses",
        r"tim sukses",
        r"relawan",
        r"jurkam",
        r"deklarasi",
        r"kampanye akbar",
        r"rapat akbar",
        r"blusukan",
        r"posko",
        r"(?:pasang|masang|memasang|sebar|bagi(?:kan)?|dibagi|membagikan|tempel|nempel) (?:\d+ )?(?:baliho|spanduk|stiker|apk|poster|bendera|kaos|kalender|brosur|sembako|atribut|banner)",
        r"baliho",
        r"spanduk",
        r"stiker",
        r"kaos",
        r"atribut",
        r"yel-yel",
        r"(?:kumpul(?:in|kan)?|mengumpulkan) (?:fotokopi |foto kopi |copy )?ktp",
        r"fotokopi ktp",
        r"(?:hadir|ikut|datang) (?:di |ke )?(?:deklarasi|kampanye|rapat akbar|konsolidasi|silaturahmi|posko|pertemuan)",
        r"jadi mc",
        r"ramein kampanye",
        r"ramaikan kampanye",
        r"konsolidasi",
        r"door to door",
        r"sosialisasi paslon",
    ],
    # office, programmes, facilities, authority (PENYALAHGUNAAN_JABATAN)
    "abuse": [
        r"(?:wajib|harus) (?:bawa|hadir|ikut|datang)(?: \w+){0,2} (?:ke )?kampanye",
        r"absen dicek",
        r"(?:program|bantuan|bedah rumah|alat kesehatan|alkes|beasiswa|pupuk)(?: \w+){0,3} (?:ini )?(?:dari|dr) (?:pak|bu|bapak|ibu|kang|abah|mas|uda|bang|angku|datuak)",
        r"(?:dari|lewat) akun (?:dinas|resmi dinas|kantor|instansi)",
        r"(?:mobil|motor|kendaraan|speedboat|kapal|perahu|laptop|printer|komputer|akun|bensin|anggaran|kertas|atk|ambulans|truk) (?:dinas|kantor|pemda|pemkab|puskesmas|desa)",
        r"data (?:penerima|warga|pegawai|pkh|pasien|siswa)",
        r"(?:ingat|balas) jasa",
        r"yang loyal",
        r"diprioritaskan",
        r"dipercepat",
        r"antosan heula",
        r"(?:tak|saya|nanti) cek (?:siji-siji|satu-satu|satu per satu)",
        r"lihat hasil (?:pilkada|pemilu|suara)",
        r"bantuan (?:jangan|tidak|tak) (?:diharap|diharok|cair|dapat)",
        r"kumpu(?:lkan|akan) (?:kepala desa|kades|wali nagari|kepala|rt|kadus|guru|staf|pegawai|bawahan)",
        r"titipan",
        r"balas budi",
        r"(?:bansos|bantuan|beras|sembako|blt|pkh)\b.{0,40}(?:dari|titipan|dari pak|dari bu)",
        r"dimutasi",
        r"mutasi",
        r"evaluasi jabatan",
        r"bahan evaluasi",
        r"(?:copot|turunkan) jabatan",
        r"mobil dinas",
        r"kendaraan dinas",
        r"motor dinas",
        r"fasilitas (?:kantor|dinas|negara)",
        r"gedung (?:kantor|dinas)",
        r"anggaran (?:desa|dinas|kantor)",
        r"(?:wajib|harus) (?:share|bagikan|posting|like|follow)",
        r"dicek admin",
        r"nanti dicek",
        r"ini perintah",
        r"perintah (?:atasan|pimpinan|kepala)",
        r"kepala sekolah",
        r"hasil suara",
        r"(?:izin|ijin|perizinan)\b.{0,30}(?:percepat|duluan|prioritas)",
        r"sudah (?:saya|sy) percepat",
        r"staf(?:f)?(?: kecamatan| kantor| dinas)?",
        r"bawahan",
        r"honorer",
        r"pengangkatan",
        r"diangkat",
        r"rapat staf",
        r"kalau (?:ketahuan )?(?:tidak|ga|gak) dukung",
        r"siap-siap dimutasi",
        r"siap2 dimutasi",
        r"ketahuan",
        r"jabatan(?:nya)?",
        r"pecat",
        r"dipecat",
        r"sk",
        r"tunjangan",
        r"naik pangkat",
        r"kenaikan pangkat",
    ],
    # party membership, office, activity (AFILIASI_PARPOL)
    "party": [
        r"sekolah kader",
        r"iuran (?:anggota|partai)",
        r"(?:ketua|sekretaris|bendahara|wakil ketua|anggota) (?:dpc|dpd|dpw|dpp|pac|ranting)",
        r"bendahara ranting",
        r"kantor (?:dpc|dpd|dpw|dpp)",
        r"ketum",
        r"(?:semangat|konsolidasi) kader",
        r"kader (?:se-|se )",
        r"pengurus \w+ (?:kecamatan|kabupaten|kota|provinsi|ranting|cabang|wilayah|daerah)",
        r"kta",
        r"kartu (?:tanda )?anggota",
        r"pengurus (?:dpc|dpd|dpw|dpp|ranting|partai|pac)",
        r"(?:dpc|dpd|dpw|dpp|pac) partai",
        r"dilantik (?:jadi |sebagai )?pengurus",
        r"kader(?: partai)?",
        r"rakercab",
        r"rakerda",
        r"rakernas",
        r"muscab",
        r"musda",
        r"kongres partai",
        r"partai kita",
        r"partai kami",
        r"penjaringan",
        r"bakal-calon",
        r"daftar (?:ke|di) partai",
        r"caleg partai",
        r"fraksi kita",
        r"sebagai kader",
        r"anggota partai",
        r"bendera partai",
        r"jaket partai",
        r"seragam partai",
        r"mohon doa restu",
        r"daftar penjaringan",
    ],
    # neutral civic information and neutrality (NETRAL_PEMILU frames)
    "civic": [
        r"golput",
        r"hak pilih",
        r"gunakan hak",
        r"datang ke tps",
        r"ke tps",
        r"cek (?:nama|dpt)",
        r"dpt",
        r"pemilih cerdas",
        r"pemilih pemula",
        r"visi misi semua",
        r"semua paslon",
        r"semua calon",
        r"ketiga paslon",
        r"kedua paslon",
        r"para paslon",
        r"seluruh paslon",
        r"pilkada damai",
        r"pemilu damai",
        r"asn netral",
        r"netralitas",
        r"netral",
        r"tolak politik uang",
        r"pilih sesuai hati nurani",
        r"hati nurani",
        r"siapa ?pun",
        r"mana saja",
        r"yang mana saja",
        r"pilih yang menurut",
        r"ayo memilih",
        r"simulasi",
        r"sosialisasi",
        r"masa tenang",
        r"jadwal",
        r"situs resmi",
        r"website kpu",
        r"info resmi",
        r"rekapitulasi",
        r"quick count",
        r"hasil resmi",
        r"menjaga netralitas",
        r"siap netral",
        r"tetap netral",
        r"jaga persatuan",
        r"jangan berantem",
        r"jangan ribut",
        r"beda pilihan",
        r"berbeda pilihan",
        r"jangan terpecah",
        r"rukun",
        r"bukan karena amplop",
        r"libur pilkada",
        r"link live",
        r"nonton debat",
        r"yuk nonton",
        r"kenal visi misi",
        r"pelajari visi misi",
        r"visi misi",
        r"tugas kita",
        r"kawal (?:siapa ?pun|hasil|proses|suara)",
        r"jaga suara",
        r"pilih yang terbaik",
        r"sesuai pilihan",
        r"rahasia",
        r"luber jurdil",
        r"partisipasi",
    ],
    # reporting, quoting, prohibitions (news frame)
    "news": [
        r"(?:hasil )?undian nomor(?: urut)?",
        r"hasil undian",
        r"(?:tidak|bukan) untuk (?:kegiatan )?kampanye",
        r"jangan (?:ikut-ikut|melu-melu|melu|ikut-ikutan|ikut)(?: \w+)? kampanye",
        r"bawaslu (?:periksa|memeriksa|temukan|menemukan|proses|memproses|panggil|memanggil|tindak|menindak|minta|ingatkan|mengingatkan|buka|rekomendasikan|catat|tertibkan|terima|menerima)",
        r"oknum",
        r"diperiksa",
        r"dilaporkan",
        r"laporan",
        r"sanksi",
        r"disanksi",
        r"melanggar",
        r"pelanggaran",
        r"dilarang",
        r"larangan",
        r"tidak boleh",
        r"tidak diperbolehkan",
        r"jangan (?:posting|unggah|share|like|ikut)",
        r"berita(?<!lihat saja berita)(?<!liat saja berita)(?<!lihat berita)(?<!liat berita)(?<!baca berita)",
        r"menurut",
        r"dikabarkan",
        r"diberitakan",
        r"dikutip",
        r"kata (?:ketua|bawaslu|kpu|kepala)",
        r"resmi (?:daftarkan|mendaftar|ditetapkan)",
        r"ditetapkan",
        r"pengundian",
        r"penetapan",
        r"hasil pengundian",
        r"kpu (?:tetapkan|menetapkan|umumkan|mengumumkan|gelar|menggelar)",
        r"url",
        r"pelajaran",
        r"contoh",
        r"misalnya",
        r"seperti (?:posting|tulisan)",
        r"kasus",
        r"viral video",
        r"video viral",
        r"debat publik",
        r"moderator",
        r"panelis",
        r"temukan apk",
        r"diturunkan",
        r"penertiban",
        r"ditertibkan",
    ],
    "antihoax": [
        r"hoaks",
        r"hoax",
        r"cek fakta",
        r"klarifikasi",
        r"editan",
        r"\[salah\]",
        r"turn ?back ?hoax",
        r"disinformasi",
        r"jangan (?:mudah )?percaya",
        r"tidak benar",
        r"(?:foto|video|berita|surat|dokumen) palsu",
    ],
    # official duty at election or campaign events
    "duty": [
        r"bertugas",
        r"tugas (?:pengamanan|pengawasan|jaga|piket)",
        r"piket",
        r"pengamanan",
        r"(?:atur|mengatur) lalu lintas",
        r"lalu lintas",
        r"kpps",
        r"pps",
        r"ppk",
        r"pantarlih",
        r"pengawas tps",
        r"linmas",
        r"petugas",
        r"undangan resmi",
        r"mewakili (?:forkopimda|pemkab|pemda|dinas|kantor|instansi)",
        r"forkopimda",
        r"dishub",
        r"satpol pp",
        r"sesuai (?:surat )?tugas",
        r"surat tugas",
        r"sesuai permintaan kpu",
        r"fasilitasi",
        r"memfasilitasi",
    ],
    "passive": [
        r"(?:dengerin|dengar|mendengarkan|dengarkan|menyimak|simak|mandanga) (?:visi misi|pemaparan|paparan)",
        r"tanpa atribut",
        r"(?:tidak|ga|gak|nggak) pakai atribut",
        r"(?:tidak|ga|gak) pake atribut",
        r"cuma (?:dengerin|dengar|nonton|lihat)",
        r"sekadar (?:dengar|lihat|nonton)",
        r"hanya (?:dengar|menyimak|nonton)",
    ],
    "image": [
        r"foto",
        r"poto",
        r"pose",
        r"selfie",
        r"swafoto",
        r"twibbon",
        r"bingkai foto",
        r"frame foto",
        r"📸",
        r"📷",
        r"video",
        r"reel",
        r"dokumentasi",
        r"bareng (?:pak|bu|kang|abah|calon|paslon)",
        r"salam (?:\w+ )?jari",
        r"foto bareng",
        r"gaya",
        r"jari",
        r"kaos",
        r"atribut",
        r"seragam",
    ],
    "actor": [
        r"(?:akun|hp|ponsel|fb|ig)(?: saya| ku| aku)? (?:di-?hack|dihack|diretas|dibajak)",
        r"diretas",
        r"dihack",
        r"dibajak",
        r"admin (?:akun|toko|olshop)",
        r"akun (?:ini )?dikelola",
        r"dikelola oleh",
        r"(?:istri|suami|anak) saya yang (?:posting|upload|pegang)",
        r"bukan saya yang (?:posting|upload|nulis)",
        r"bukan dari saya",
        r"olshop",
        r"akun (?:toko|jualan|bisnis)",
        r"parodi",
        r"akun palsu",
    ],
    "special": [
        r"(?:suami|istri|isteri|bapak|ayah|ibu|kakak|adik|paman|om|sepupu|mertua|ipar|teman|sahabat) (?:saya|ku|kami)(?: \w+){0,3} (?:nyalon|mencalonkan|maju|jadi calon|calon)",
        r"selamat (?:atas|kepada|buat|untuk)?\s*(?:kemenangan|terpilih|menang|dilantik)",
        r"selamat ulang tahun",
        r"ulang tahun",
        r"milad",
        r"program (?:pak|bu) bupati",
        r"program bupati",
        r"pak bupati",
        r"bupati kita",
        r"petahana",
        r"incumbent",
        r"mendampingi (?:suami|istri)",
        r"cuti di luar tanggungan",
        r"cltn",
    ],
    # a target-less generic ("pilih yang terbaik", "semua calon sama")
    "generic": [
        r"semua (?:paslon|calon|kandidat)",
        r"siapa ?pun",
        r"yang mana saja",
        r"mana saja",
        r"pilih yang terbaik",
        r"sesuai hati nurani",
        r"yang menurutmu",
        r"yang menurut kamu",
        r"sesuai pilihan",
    ],
    "negation": [
        r"tidak",
        r"bukan",
        r"jangan",
        r"ga",
        r"gak",
        r"nggak",
        r"ogah",
        r"enggan",
        r"tak",
        r"belum",
    ],
    "quote_frame": [
        r"dilarang",
        r"larangan",
        r"tidak boleh",
        r"jangan (?:posting|unggah|tulis|bilang|share)",
        r"contoh",
        r"misalnya",
        r"seperti",
        r"kata",
        r"bilang",
        r"menulis",
        r"tulisan",
        r"posting(?:an)?",
        r"unggah(?:an)?",
        r"status",
        r"caption",
        r"video",
        r"oknum",
        r"melanggar",
        r"viral",
    ],
}

# Patterns whose every hit is weak (counts only within 60 characters of a target): praise, derision and
# role words that are ordinary language without a candidate next to them. Compiled as "<family>~weak".
CUES_WEAK: dict[str, list[str]] = {
    "support": [
        r"salut",
        r"labe bae",
        r"lebih bae",
        r"rancak(?: bana)?",
        r"elok",
        r"labiah elok",
        r"lebih baik",
        r"mending",
        r"jaleh",
        r"programnyo jaleh",
        r"tepat",
        r"masuk akal",
        r"nyambung",
        r"simpati",
        r"sopan",
        r"jujur",
        r"bageur",
        r"apik",
        r"tenanan",
        r"pekerja keras",
        r"(?:ngerti|paham|ngartos|peduli)(?: \w+){0,2} (?:rakyat|wong|urang|rahayat|warga)",
        r"(?:pantes|pantas) jadi",
        r"peryogi",
        r"yang kita butuh(?:kan)?",
        r"satu-satunya calon",
        r"lebih berpengalaman",
        r"paling (?:masuk akal|nyambung|siap|sopan|peduli|ngerti|paham|jelas)",
        r"optimis",
        r"sampai kapan ?pun",
        r"(?:saya|kami|kita)(?: sih| mah| dari dulu| dari awal)? tim",
        r"ramah",
    ],
    "call": [r"memilih", r"di-?share", r"sebarkan", r"bilang ke"],
    "attack": [
        r"😒",
        r"😑",
        r"😤",
        r"🥱",
        r"🤦",
        r"ngotot",
        r"punya utang",
        r"baru datang",
        r"ke mana aja",
        r"muter-muter",
        r"ngomong gini",
        r"pura-pura",
        r"utang",
    ],
    "campaign": [r"konvoi", r"diresmikan", r"rapat"],
    "party": [r"dapil"],
}

# Words in a cue family that are too generic on their own; they count only adjacent to a target.
WEAK: dict[str, frozenset[str]] = {
    "support": frozenset(
        {
            "keren",
            "mantap",
            "hebat",
            "jaya",
            "juara",
            "lanjut",
            "lanjutkan",
            "terbaik",
            "layak",
            "pantas",
            "amanah",
            "bismillah",
            "top",
            "👍",
            "💪",
            "🔥",
            "👏",
            "💯",
            "🤲",
            "❤",
            "😍",
            "setuju",
            "sepakat",
            "betul",
            "siap",
            "aamiin",
            "amin",
            "bangga",
            "terbukti",
            "saatnya",
            "gas",
            "pokoknya",
            "semangat",
            "sukses",
            "menang",
            "menangkan",
            "mendukung",
            "jempol",
        }
    ),
    "call": frozenset(
        {
            "dulur",
            "sedulur",
            "baraya",
            "rek",
            "gaes",
            "guys",
            "warga",
            "wargaku",
            "bapak ibu",
            "ibu-ibu",
            "bapak-bapak ibu-ibu",
            "kawal",
            "ajak",
            "mari",
            "ayo",
            "yuk",
            "hayu",
            "nyok",
            "kuy",
            "pilih",
            "dukung",
            "coblos",
            "salah pilih",
            "pilih yang",
            "monggo",
            "mangga",
        }
    ),
    "attack": frozenset(
        {
            "rusak",
            "gagal",
            "kalah",
            "lewat",
            "minggir",
            "katanya",
            "😂",
            "🤣",
            "😏",
            "🙄",
            "pede",
            "tolak",
            "amplop",
            "politik uang",
            "ngaku",
            "mengaku",
            "cuma bisa",
            "korupsi",
            "nyalon",
            "jalan rusak",
            "bohong",
            "curang",
            "becus",
        }
    ),
    "abuse": frozenset(
        {
            "staf",
            "staff",
            "staf kecamatan",
            "staf kantor",
            "staf dinas",
            "bawahan",
            "honorer",
            "pengangkatan",
            "diangkat",
            "kepala sekolah",
            "hasil suara",
            "ketahuan",
            "jabatan",
            "jabatannya",
            "sk",
            "tunjangan",
            "mutasi",
            "naik pangkat",
            "kenaikan pangkat",
            "pecat",
            "rapat staf",
        }
    ),
    "campaign": frozenset(
        {
            "baliho",
            "spanduk",
            "stiker",
            "kaos",
            "atribut",
            "relawan",
            "posko",
            "deklarasi",
            "yel-yel",
            "konsolidasi",
            "blusukan",
            "tim pemenangan",
            "timses",
            "tim sukses",
        }
    ),
    "party": frozenset({"kader", "mohon doa restu", "penjaringan", "bakal-calon"}),
    "image": frozenset({"video", "gaya", "jari", "kaos", "atribut", "seragam", "reel", "dokumentasi"}),
}


# Cue families written for natural, hand-written posts (the first lists came mostly from BRIEF examples):
# how people actually phrase praise, calls, winks, threats, campaign chores and attacks in several registers.
NATURAL: dict[str, list[str]] = {
    "support": [
        r"(?:sudah|lah|tos|wis) (?:ke)?bukti",
        r"layak (?:jadi|memimpin|mimpin|dipilih|menang|dilanjutkan|lanjut)",
        r"(?:pantas|pantes|cocok) (?:jadi|memimpin|mimpin|dipilih)",
        r"(?:waktunya|saatnya|giliran) (?:beliau |bapak |ibu )?(?:jadi|memimpin|mimpin|naik)",
        r"(?:pemimpin|bupati|walikota|wali kota|gubernur|calon) (?:yang )?(?:kami|kita|rakyat) (?:butuhkan|tunggu|harapkan|idamkan|rindukan)",
        r"(?:doakan|doain|semoga) (?:\w+ ){0,2}(?:menang|terpilih|jadi bupati|jadi walikota|jadi gubernur|amanah|sukses)",
        r"jagoan(?:ku| kami| kita| saya)",
        r"andalan(?:ku| kami| kita)",
        r"(?:tetap|setia) (?:bersama|sama|dukung|ikut|di belakang)",
        r"(?:kami|saya|kita) (?:\w+ ){0,2}(?:ada )?di belakang",
        r"sudah jelas (?:kerjanya|buktinya|hasilnya|programnya|amanahnya)",
        r"bukti bukan janji",
        r"(?:perjuangan|kemenangan) kita",
        r"berjuang (?:bersama|bareng|untuk|buat)",
        r"orangnya (?:baik|amanah|jujur|merakyat|peduli|tegas|sederhana|ramah|bersih|tulus)",
        r"(?:beliau|bapak|ibu) (?:itu |orangnya )?(?:amanah|jujur|tulus|peduli|merakyat|sederhana|dermawan|sholeh|saleh)",
        r"(?:sudah|udah) (?:teruji|berpengalaman)",
        r"(?:tidak|gak|nggak) ada (?:yang )?(?:lain|tandingan)",
        r"sampai (?:mati|titik darah)",
    ],
    # a call that names nobody: "tahu kan harus pilih siapa", "paham kan maksud saya", "ingat program siapa"
    "wink": [
        r"(?:tahu|paham|ngerti|mengerti|ngertos)(?: \w+){0,3} (?:pilih siapa|harus pilih|harus ke ?mana|arahnya|ke ?mana arahnya|maksud(?:nya| saya)|yang saya maksud|pilihanipun|sinten|pilihannya (?:ke ?mana|siapa))",
        r"(?:yang )?(?:ngerti|paham|tahu) pasti (?:ngerti|paham|tahu)",
        r"(?:ingat|ingat-ingat)(?: \w+){0,3} (?:program siapa|siapa yang|sing wis|yang sudah kasih|jasa siapa)",
        r"program siapa",
        r"(?:tahu|ingat) siapa (?:yang )?(?:berjasa|bantu|membantu|bangun|membangun|kasih|memberi)",
        r"pilihanipun sinten",
        r"(?:sudah )?tahu kan (?:harus )?(?:pilih|milih) siapa",
        r"paham kan maksud",
    ],
    "call": [
        r"(?:satu|sa|siji) (?:keluarga|rumah|kampung|desa|rt|rw|kantor|suara|komando|barisan) (?:satu|sa|siji) (?:pilihan|suara|komando|tujuan)",
        r"(?:kompak(?:an)?|bulat(?:kan)?|satukan) (?:suara|pilihan|dukungan)",
        r"(?:kasih|beri|berikan) (?:kesempatan|amanah|mandat) (?:ke|kepada|buat|untuk|pada)",
        r"(?:nyuwun|mohon|minta) (?:doa ?restu|pangestu|dukungan|bantuan|suaranya|suara)",
        r"(?:ajakan|arahan) (?:pilih|memilih|untuk memilih|coblos|dukung|mendukung)",
        r"(?:sebarkan|share|bagikan|viralkan|forward) (?:ke )?(?:grup|group|wa|fb|status|story|teman|keluarga|tetangga)",
        r"(?:arahkan|ajak|bawa|giring|kerahkan) (?:\w+ ){0,2}(?:keluarga|anggota|warga|jamaah|jemaah|murid|siswa|wali murid|pasien|kader|tetangga|bawahan|staf|anak buah)",
        r"yang belum (?:punya|menentukan|tentukan|tahu|nentuin) pilihan",
        r"jangan (?:sampai |pindah )?(?:ke lain hati|pindah pilihan|goyah|kecolongan)",
        r"(?:monggo|mangga|mari) (?:dipun )?(?:coblos|pilih|dukung)",
        r"(?:wajib|harus) (?:menang|dimenangkan)",
        r"amankan suara",
        r"suara (?:\w+ ){0,2}(?:aman|bulat|full|penuh|100 ?%) (?:buat|untuk|ke)",
    ],
    "attack": [
        r"apalagi (?:ngurus|mengurus|urus|mimpin|memimpin|pegang|megang) (?:kabupaten|kota|daerah|rakyat|provinsi|negara|pemerintahan|kita)",
        r"(?:mau|masa|masak|masa iya) (?:\w+ )?(?:dilanjutkan|diteruskan|diberi lagi|dipilih lagi|diulang|dikasih lagi)",
        r"jangan (?:\w+ )?(?:ketipu|tertipu|kemakan|termakan|terbuai|terkecoh|tergoda|percaya (?:janji|omongan|sama|dengan))",
        r"(?:senyum|janji|omongan|kata-kata|mulut) manis",
        r"manis di (?:depan|mulut|awal)",
        r"(?:tukang|raja|obral) janji",
        r"(?:cuma|hanya) (?:modal|jual) (?:baliho|tampang|janji|pencitraan|senyum|nama|duit|uang)",
        r"(?:kerjanya|kerja|hasilnya|prestasinya) (?:apa|mana|nol)",
        r"(?:tidak|nggak) ada (?:hasil|prestasi|bukti)(?:nya)?",
        r"nol (?:besar|prestasi|hasil)",
        r"(?:rajin|hobi) (?:menghilang|ngilang|hilang|janji|pencitraan)",
        r"(?:nurut|tunduk|patuh) (?:sama|ke|pada|kepada) (?:pemodal|cukong|ketua|partai|oligarki|pengusaha|investor)",
        r"pemodal",
        r"oligarki",
        r"(?:dijual|jual) ke (?:investor|asing|pengusaha|cukong)",
        r"cukup (?:sekali|sampai di sini|satu kali)",
        r"(?:kalau|jika|bila) (?:\w+ ){0,4}menang,? (?:\w+ ){0,2}(?:siap-siap|bakal|pasti|bisa-bisa|habis|hancur)",
        r"asal jangan",
        r"(?:ngapusi|goroh|apus-apus|ngibul|ngibulin)",
        r"(?:kakehan|kebanyakan) (?:janji|omong|ngomong)",
        r"(?:tidak|gak|nggak) (?:usah|perlu) (?:dipilih|dilanjut|dilanjutkan|diteruskan)(?: lagi)?",
        r"seremoni",
        r"potong pita",
        r"(?:bolong|berlubang|rusak) (?:semua|parah)",
        r"(?:ribut|konflik|bermasalah) (?:sama|dengan) (?:petani|warga|rakyat|buruh)",
        r"banjir (?:tiap|setiap) (?:bulan|tahun|hujan)",
        r"hasilnya (?:gini|begini|segini|gitu|begitu)(?:-gini|-gitu)?",
        r"(?:modal|cuma) (?:baliho|spanduk) (?:gede|besar|doang)",
    ],
    "hoax": [
        r"dengar-dengar",
        r"orang (?:dalam|dalem)",
        r"sebar\w* sebelum (?:di)?(?:hapus|take ?down)",
        r"info a ?1",
        r"(?:kabarnya|konon|rumornya|gosipnya)",
    ],
    "campaign": [
        r"(?:nemenin|menemani|temani|nemani|mendampingi|dampingi|ngawal|mengawal|ikut rombongan)(?: \w+){0,3} (?:blusukan|kampanye|keliling|kunjungan|turun ke|silaturahmi|sosialisasi|safari|roadshow|ke pasar|ke desa)",
        r"posko(?: \w+){0,3} (?:resmi )?(?:dibuka|diresmikan)",
        r"(?:antar|ngantar|mengantar|kirim|ngirim|bagiin|bagi-bagi|membagikan|distribusi(?:kan)?|sebar|nyebar)(?: \d+)? (?:\w+ )?(?:kaos|stiker|baliho|spanduk|kalender|sembako|bendera|atribut|brosur|nasi kotak|logistik|kartu nama)",
        r"(?:rekrut|merekrut|koordinir|mengkoordinir|kumpulin|kerahkan|mengerahkan) (?:\w+ )?(?:saksi|relawan|massa|pemilih)",
        r"(?:bikin|buat|edit|ngedit) (?:\w+ )?(?:konten|video|desain|poster|jingle) (?:buat|untuk) (?:kampanye|paslon|tim)",
        r"(?:jadi|sebagai) (?:admin|pengelola) (?:akun|medsos|grup) (?:tim|paslon|relawan|pemenangan)",
        r"saksi (?:paslon|pasangan|tim|dari)",
        r"(?:ikut|bareng|sama|bersama) tim(?: \w+){0,2} (?:keliling|turun|blusukan|sosialisasi|door|kampanye|pasang|bagi|nyebar)",
        r"posko\b.{0,50}?(?:dibuka|diresmikan)",
        r"(?:ke|di) (?:lapangan|alun-alun|stadion|gor),? (?:\w+ ){0,2}kampanye",
        r"orasi",
    ],
    "abuse": [
        r"(?:yang|yg) (?:tidak|tak|belum) (?:\w+ ){0,3}(?:dicatat|dicoret|dievaluasi|dipindah|dimutasi|diganti|dilaporkan ke atasan)",
        r"(?:jadi|bahan|masuk) (?:catatan|penilaian) (?:saya|kami|kinerja|pimpinan)",
        r"catat nama(?:nya)?",
        r"dievaluasi(?: jabatannya)?",
        r"dicopot (?:dari )?(?:jabatan|jabatannya|posisi)",
        r"(?:wajib|harus) (?:hadir|datang|ikut|bawa)(?: \w+){0,3} (?:acara|kegiatan|deklarasi|pengajian akbar|silaturahmi)",
        r"(?:wajib|harus) (?:mengumpulkan|kumpulkan|kumpulin|setor|cari|mencari|dapat) (?:\d+ )?(?:ktp|suara|dukungan|pemilih|orang)",
        r"(?:saya|kami)(?: sebagai(?: \w+){1,2})? (?:minta|suruh|perintahkan|instruksikan|wajibkan|arahkan|kerahkan|briefing|kondisikan) (?:\w+ ){0,2}(?:staf|staff|pegawai|bawahan|guru|kader|bidan|perawat|anak buah|anggota|kepala|kades|lurah|rt|rw|perangkat|honorer|asn|pns|semua)",
        r"(?:sudah|udah) (?:saya |kami )?(?:briefing|kondisikan|arahkan)",
        r"dikondisikan",
        r"pengkondisian",
        r"(?:ini|itu) (?:instruksi|arahan) (?:pimpinan|atasan|pak|bu|kabid|kadis|camat|kepala)",
        r"(?:aula|gedung|ruang rapat|balai|kantor)(?: \w+){0,3} (?:dipakai|dipake|dipinjam|digunakan|dipinjamkan) (?:\w+ ){0,2}(?:konsolidasi|rapat|kampanye|relawan|posko|tim|acara|deklarasi)",
        r"(?:kontrak|sk|perpanjangan|pengangkatan|mutasi|promosi)(?: \w+){0,3} (?:diputuskan|ditentukan|dilihat|tergantung) (?:\w+ ){0,2}(?:setelah|sesudah|habis|hasil) (?:pilkada|pilwalkot|pilbup|pemilu|pemilihan|pencoblosan|hasil)",
        r"(?:saran|arahan|perintah|instruksi|pesan) (?:dari )?(?:kabid|kadis|camat|lurah|kepala|atasan|pimpinan|sekda|sekcam|kapus|kepsek)",
        r"(?:tenaga kontrak|honorer|pppk|kontrak|tkk|thl)(?: \w+){0,4} (?:diperpanjang|perpanjangan|diangkat|dipertahankan)",
        r"(?:bantuan|pupuk|dana|program|beasiswa|bansos|insentif|anggaran|proyek|izin|sertifikat|kontrak|tunjangan|pkh|blt|alsintan)\b.{0,60}?(?:lancar|cair|aman|diperpanjang|diprioritaskan|dilanjut|dicabut|dihentikan|distop|jalur)\b.{0,40}?(?:kalau|asal|asalkan|tergantung|jalur|pilih|tahu sendiri)",
        r"(?:paslon|calon|tim) (?:lain|sebelah)(?: \w+){0,3} (?:nunggu|menunggu|antre|antri|belakangan|ditunda|dipersulit|disposisi)",
        r"izin(?: \w+){0,5} (?:sudah |udah )?(?:saya |kami )?(?:tandatangani|teken|acc|setujui|percepat|proses duluan)",
        r"(?:mobil|kendaraan|motor) (?:operasional|plat merah)",
    ],
    "party": [
        r"(?:seleksi|penjaringan|daftar|mendaftar|lolos)(?: \w+){0,3} (?:calon|bakal calon|bacaleg|caleg)(?: \w+){0,3} (?:dari|di|lewat) partai",
        r"(?:bacaleg|caleg|calon anggota (?:dprd|dpr|dpd))(?: \w+){0,3} (?:dari|partai)",
        r"(?:pengurus|sekretaris|bendahara|ketua|wakil ketua) (?:bidang|ranting|cabang|anak cabang)",
        r"pelantikan pengurus",
        r"rapat kerja (?:cabang|daerah|wilayah|nasional)",
        r"(?:kartu|kta) (?:partai|anggota partai)",
    ],
    "news": [
        r"mau tanya",
        r"(?:jawaban|kata|menurut|penjelasan|aturan) (?:bawaslu|kpu|panwas\w*)",
        r"boleh (?:tidak|nggak|gak|ga) sih",
    ],
    "civic": [
        r"salah satu",
        r"(?:dua-duanya|dua2nya|keduanya|semuanya|sama-sama) sah",
        r"(?:biar|agar|supaya) sah",
    ],
    "generic": [
        r"salah satu",
        r"(?:dua-duanya|dua2nya|keduanya|semuanya|sama-sama) sah",
    ],
}
NATURAL_WEAK: dict[str, list[str]] = {
    "support": [
        r"kebukti",
        r"unggul",
        r"kemenangan",
        r"di tangan (?:bapak|beliau|abah|ibu|pak|bu)",
        r"(?:yang )?(?:mau|bisa|paling) (?:perhatiin|memperhatikan|perhatikan|dengerin|mendengarkan|ngerti|peduli)",
        r"peduli (?:sama|dengan|pada|ke) (?:kita|kami|rakyat|warga|guru|petani|nakes|honorer|nelayan|kader)",
        r"(?:program|programnya) (?:bagus|mantap|pro rakyat|nyata|jelas)",
        r"cocok",
        r"sae",
        r"hade",
        r"jempolan",
        r"harapan (?:kami|kita|baru|rakyat|warga)",
    ],
    "call": [
        r"titip",
        r"kompak(?:an)?",
        r"satu pilihan",
        r"(?:bantu|bantuin|support) (?:pak|bu|kang|abah|bang|kak|mas|mbak|uda|beliau)",
    ],
    "attack": [
        r"(?:sudah|udah) cukup",
        r"mikir",
        r"😞",
        r"🙃",
        r"apanya",
        r"pahit",
        r"diem",
        r"mimpi",
        r"🤷",
    ],
    "campaign": [
        r"kampanye (?:pak|bu|kang|abah|bang|kak|mas|uda)",
        r"(?:dari )?rumah ke rumah",
        r"keliling kampung",
        r"(?:angkat-angkat|nyiapin|siapin|persiapan) (?:\w+ )?(?:meja|panggung|tenda|kursi|acara)",
    ],
    "abuse": [
        r"(?:grup|group) (?:wa )?(?:staf|kantor|dinas|pegawai|guru|kepala sekolah|kepsek|asn|kecamatan|kelurahan|kader|bidan|perangkat desa|kades)",
        r"(?:kepada|kpd|buat|bagi) (?:seluruh|semua|para|rekan-rekan|rekan) (?:staf|staff|pegawai|asn|guru|kepala|kades|perangkat|honorer|bawahan|kader|bidan|ketua)",
        r"(?:penerima|pemegang|calon penerima) (?:pupuk|bansos|bantuan|pkh|blt|beasiswa|subsidi|kip|kis|bpnt|rutilahu)",
        r"(?:wali murid|orang tua murid|orang tua siswa|jamaah|pasien)(?: \w+){0,6} (?:pilih|coblos|dukung|arahkan|capaian|program)",
        r"sisipkan",
        r"sebagai (?:kepala|kadis|camat|lurah|kades|kabid|sekdes|kapus|kepsek|direktur|sekda|kasi|kasubag|atasan|pimpinan)",
        r"dana (?:aspirasi|desa|bos|hibah)",
        r"jam (?:kerja|kantor|dinas)",
        r"seragam (?:dinas|korpri|pns)",
        r"(?:saya|kami) catat",
        r"evaluasi",
        r"dicatat",
        r"dicopot",
        r"diperpanjang",
        r"disposisi",
    ],
}
for _fam, _pats in NATURAL.items():
    CUES.setdefault(_fam, []).extend(_pats)
for _fam, _pats in NATURAL_WEAK.items():
    CUES_WEAK.setdefault(_fam, []).extend(_pats)


def _word_end(pattern: str) -> str:
    return _E if re.search(r"[\w)?]$", pattern) else ""


def _split_family(patterns: list[str]) -> tuple[list[str], list[str]]:
    """Longest first; (patterns that start at a word start, the others such as emoji)."""
    words: list[str] = []
    others: list[str] = []
    for p in sorted(patterns, key=len, reverse=True):
        (words if re.match(r"[\w(]", p) else others).append(p)
    return words, others


def compile_family(patterns: list[str]) -> re.Pattern[str]:
    """One alternation, longest first; word patterns share one word-start check and are grouped by first
    character (:func:`pipeline.text.regex.alternation`)."""
    words, others = _split_family(patterns)
    parts = []
    if words:
        parts.append(f"{_B}(?:{alternation(words, suffix=_word_end)})")
    if others:
        parts.append("|".join(f"(?:{p}){_word_end(p)}" for p in others))
    return re.compile("|".join(parts))


class CueScanner:
    """Every cue family over one text in a single pass; the same hits as ``COMPILED[f].finditer(text)``.

    Each word pattern starts with a literal prefix (after :func:`pipeline.text.regex.leading_literals`), so a
    family can only match at a word start where one of its prefixes begins. One trie regex of every prefix
    finds those places (the longest prefix at each; the shorter ones on its path are folded into its family
    list), which turns ~25 scans of the whole text into a few anchored ``match`` calls. Families whose
    patterns cannot be indexed are scanned as before. Non-word patterns (emoji, ``[salah]``) are searched
    separately and merged the way one alternation would order them (at the same start, words first).
    """

    def __init__(self, families: dict[str, list[str]]) -> None:
        self.names = list(families)
        self._words: list[re.Pattern[str] | None] = []
        self._others: list[re.Pattern[str] | None] = []
        self._plain: list[re.Pattern[str] | None] = []  # families scanned with finditer
        own: dict[str, set[int]] = {}
        for i, name in enumerate(self.names):
            words, others = _split_family(families[name])
            grouped = grouped_by_first_char(words, suffix=_word_end) if words else ("", [])
            if grouped is None:
                self._plain.append(compile_family(families[name]))
                self._words.append(None)
                self._others.append(None)
                continue
            inner, prefixes = grouped
            self._plain.append(None)
            self._words.append(re.compile(f"{_B}(?:{inner})") if words else None)
            self._others.append(
                re.compile("|".join(f"(?:{p}){_word_end(p)}" for p in others)) if others else None
            )
            for prefix in prefixes:
                own.setdefault(prefix, set()).add(i)
        # a place where prefix P begins is also one where every indexed prefix of P begins
        self._families_at: dict[str, tuple[int, ...]] = {
            p: tuple(sorted(set().union(*(own[p[:k]] for k in range(1, len(p) + 1) if p[:k] in own))))
            for p in own
        }
        self._prefix_re = re.compile(rf"{_B}(?=({trie_alternation(list(own))}))")
        self._always = [
            i for i in range(len(self.names)) if self._plain[i] is not None or self._others[i] is not None
        ]

    def scan(
        self, text: str, *, skip: frozenset[str] | set[str] = frozenset()
    ) -> dict[str, list[tuple[int, int, str]]]:
        """``{family: [(start, end, matched text), ...]}`` in text order, for every family not in ``skip``
        that has a hit, in family order."""
        families_at = self._families_at
        starts: dict[int, list[int]] = {}
        for m in self._prefix_re.finditer(text):
            s = m.start()
            for f in families_at[m.group(1)]:
                got = starts.get(f)
                if got is None:
                    starts[f] = [s]
                else:
                    got.append(s)
        out: dict[str, list[tuple[int, int, str]]] = {}
        names = self.names
        for i in sorted(starts.keys() | self._always) if self._always else sorted(starts):
            name = names[i]
            if name in skip:
                continue
            plain = self._plain[i]
            if plain is not None:
                hits = [(m.start(), m.end(), m.group()) for m in plain.finditer(text)]
            elif self._others[i] is None:
                hits = self._words_only(text, self._words[i], starts[i])  # type: ignore[arg-type]
            else:
                hits = self._merge(text, self._words[i], starts.get(i, []), self._others[i])  # type: ignore[arg-type]
            if hits:
                out[name] = hits
        return out

    @staticmethod
    def _words_only(text: str, words: re.Pattern[str], cands: list[int]) -> list[tuple[int, int, str]]:
        hits: list[tuple[int, int, str]] = []
        pos = 0
        for s in cands:
            if s < pos:
                continue
            m = words.match(text, s)
            if m is not None:
                hits.append((s, m.end(), m.group()))
                pos = m.end()
        return hits

    @staticmethod
    def _merge(
        text: str, words: re.Pattern[str] | None, cands: list[int], others: re.Pattern[str]
    ) -> list[tuple[int, int, str]]:
        hits: list[tuple[int, int, str]] = []
        pos, ci, n = 0, 0, len(cands)
        while True:
            wm = None
            while words is not None and ci < n:
                s = cands[ci]
                ci += 1
                if s < pos:
                    continue
                wm = words.match(text, s)
                if wm is not None:
                    break
            om = others.search(text, pos)
            if om is not None and (wm is None or om.start() < wm.start()):
                if wm is not None:
                    ci -= 1  # that word start may still be used after this match
                hit = om
            elif wm is not None:
                hit = wm
            else:
                return hits
            hits.append((hit.start(), hit.end(), hit.group()))
            pos = hit.end() if hit.end() > hit.start() else hit.end() + 1


COMPILED: dict[str, re.Pattern[str]] = {name: compile_family(pats) for name, pats in CUES.items()}
COMPILED.update({f"{name}~weak": compile_family(pats) for name, pats in CUES_WEAK.items()})
SCANNER = CueScanner({**CUES, **{f"{name}~weak": pats for name, pats in CUES_WEAK.items()}})
