"""A small realistic report for the docs screenshot: ``python -m tests.report.demo OUTDIR``.

Builds ``OUTDIR/demo.db`` (fictional Kabupaten Sukamaju, BRIEF 5.0) and writes the 2024-W47 report with
``--status all`` into ``OUTDIR/report``.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from pipeline.report import build_weekly_report, parse_week, write_report
from pipeline.store import open_store
from tests.report.seed import Item, add_items, wib

DINKES = "Dinas Kesehatan Kab. Sukamaju"
DISDIK = "Dinas Pendidikan Kab. Sukamaju"
KEC = "Kecamatan Sukamaju Utara"
BPS = "BPS Kabupaten Sukamaju"


def demo_items() -> list[Item]:
    items = [
        Item(
            "x:1859000000000000001",
            "Jangan lupa 27 November coblos nomor 2 ya! #SukamajuMaju",
            wib(2024, 11, 18, 7, 45),
            handle="budi_s",
            nip_masked="19860926 ****** * ***",
            agency=DINKES,
            labels=["AJAKAN", "SIMBOL"],
            scores={"AJAKAN": 0.91, "SIMBOL": 0.62},
            evidence=["coblos nomor 2", "#SukamajuMaju"],
        ),
        Item(
            "facebook:10231",
            "Alhamdulillah hadir di kampanye akbar Pak Hendra bersama teman-teman guru SDN 2.",
            wib(2024, 11, 19, 16, 5),
            platform="facebook",
            handle="sri.wahyuni.guru",
            nip_masked="19790314 ****** * ***",
            agency=DISDIK,
            labels=["KEGIATAN_KAMPANYE", "DUKUNGAN"],
            scores={"KEGIATAN_KAMPANYE": 0.88, "DUKUNGAN": 0.71},
            targets=[1],
            evidence=["kampanye akbar Pak Hendra"],
        ),
        Item(
            "instagram:C9xYz",
            "Pose ☝️ satu jari bareng tim HERMA. Sukamaju Hebat!",
            wib(2024, 11, 20, 9, 30),
            platform="instagram",
            handle="andi.camat",
            nip_masked="19911102 ****** * ***",
            agency=KEC,
            labels=["SIMBOL", "DUKUNGAN"],
            scores={"SIMBOL": 0.84, "DUKUNGAN": 0.66},
            targets=[1],
            evidence=["☝️", "Sukamaju Hebat"],
            decisions=[("rina", "confirmed", "Camat aktif; foto saat jam kerja", False)],
        ),
        Item(
            "x:1859000000000000002",
            "<script>alert(1)</script> pilih yang pasti-pasti saja, nomor 2!",
            wib(2024, 11, 21, 20, 0),
            handle="dodi_bps",
            nip_masked="19850607 ****** * ***",
            agency=BPS,
            labels=["AJAKAN"],
            scores={"AJAKAN": 0.77},
            status="pending",
        ),
        Item(
            "tiktok:7441",
            '=HYPERLINK("http://contoh.invalid","klik") Calon nomor 1 cuma janji, jangan dipilih!',
            wib(2024, 11, 22, 13, 15),
            platform="tiktok",
            handle="nurul.perawat",
            nip_masked="19930228 ****** * ***",
            agency=DINKES,
            labels=["SERANGAN"],
            scores={"SERANGAN": 0.81},
            targets=[1],
            evidence=["jangan dipilih"],
            status="rejected",
            decisions=[("andi", "rejected", "Akun honorer, bukan ASN", False)],
        ),
        Item(
            "x:1859000000000000003",
            "Sebagai Kadis saya instruksikan seluruh staf hadir di deklarasi paslon 2 Sabtu ini.",
            wib(2024, 11, 24, 23, 30),
            handle="kadis_pupr",
            nip_masked="19720819 ****** * ***",
            agency="DPUPR Kab. Sukamaju",
            labels=["PENYALAHGUNAAN_JABATAN", "AJAKAN"],
            scores={"PENYALAHGUNAAN_JABATAN": 0.93, "AJAKAN": 0.74},
            evidence=["saya instruksikan seluruh staf"],
            decisions=[
                ("rina", "confirmed", "Instruksi atasan", False),
                ("andi", "escalated", "Perlu adjudikasi", False),
                ("kepala_tim", "confirmed", "Terbukti; teruskan ke BKN", True),
            ],
        ),
    ]
    # The previous weeks, for the trend chart.
    for n, (week_day, count) in enumerate(
        [
            ((2024, 10, 8), 1),
            ((2024, 10, 22), 2),
            ((2024, 10, 30), 3),
            ((2024, 11, 6), 5),
            ((2024, 11, 13), 4),
        ]
    ):
        for k in range(count):
            items.append(
                Item(
                    f"x:18580{n}{k}",
                    f"Dukung paslon 2 demi Sukamaju ({n}-{k})",
                    wib(*week_day, 10 + k),
                    handle=f"asn_{n}_{k}",
                    agency=DINKES if k % 2 else DISDIK,
                    labels=["DUKUNGAN"],
                    scores={"DUKUNGAN": 0.8},
                )
            )
    return items


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    db.unlink(missing_ok=True)
    store = open_store(f"sqlite:///{db}")
    add_items(store, demo_items())
    report = build_weekly_report(
        store,
        week=parse_week("2024-W47"),
        status="all",
        election_name="Pemilihan Bupati Sukamaju 2024",
        election_id="pilbup-sukamaju-2024",
        default_region="Kabupaten Sukamaju",
    )
    store.dispose()
    write_report(report, out / "report", generated_at=datetime(2024, 11, 25, 1, tzinfo=timezone.utc))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "demo-report"))
