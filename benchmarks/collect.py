"""Collector throughput: posts/s and peak memory on a generated twarc2 file (default 1,000,000 tweets).

    .venv/bin/python benchmarks/collect.py [--n 1000000] [--page 100] [--keep DIR]

The file is written to a temporary directory as twarc2 response pages (100 tweets, 20 users and 5 included
referenced tweets per page, a tenth of the tweets replies or retweets), then collected to canonical JSONL as
``asnwatch collect --format x-v2`` does. Peak memory is the process's peak RSS (``VmHWM``, see _memory.py) measured in a
child process that does only the collecting. Target (issue 3): >= 20,000 posts/s and < 300 MB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = [
    "ayo",
    "coblos",
    "nomor",
    "satu",
    "dua",
    "sukamaju",
    "hebat",
    "pilkada",
    "damai",
    "netral",
    "asn",
    "dinas",
    "rapat",
    "posyandu",
    "warga",
    "desa",
    "kampanye",
    "debat",
    "kandidat",
    "bupati",
    "jangan",
    "lupa",
    "tanggal",
    "november",
    "relawan",
    "dukung",
    "maju",
    "bersama",
]


def text_of(k: int) -> str:
    """Tweet ``k``'s text, the same wherever the tweet appears (an included copy differing would be a conflict)."""
    import random

    words = random.Random(k)
    return " ".join(words.choices(WORDS, k=words.randint(6, 30)))


def generate(path: Path, n: int, page_size: int) -> None:
    """Write ``n`` tweets as twarc2 pages to ``path``."""
    import random

    rng = random.Random(7)
    base_id = 1_850_000_000_000_000_000
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, n, page_size):
            data, users, included = [], {}, []
            for k in range(start, min(start + page_size, n)):
                uid = str(10_000 + rng.randrange(50_000))
                users[uid] = {
                    "id": uid,
                    "name": f"Pengguna {uid}",
                    "username": f"user{uid}",
                    "description": "ASN Pemkab Sukamaju" if rng.random() < 0.1 else "warga biasa",
                }
                tweet = {
                    "id": str(base_id + k),
                    "text": text_of(k),
                    "author_id": uid,
                    "created_at": f"2024-11-{10 + k % 18:02d}T{k % 24:02d}:15:00.000Z",
                    "conversation_id": str(base_id + k),
                    "edit_history_tweet_ids": [str(base_id + k)],
                    "lang": "id",
                    "public_metrics": {
                        "retweet_count": k % 7,
                        "reply_count": k % 3,
                        "like_count": k % 11,
                        "quote_count": 0,
                        "impression_count": k % 500,
                    },
                }
                if k % 10 == 0 and k > 0:
                    ref_k = rng.randrange(k)
                    ref_k += ref_k % 10 == 0  # an original, not a retweet (whose text is its original's)
                    ref = str(base_id + ref_k)
                    tweet["referenced_tweets"] = [
                        {"type": "retweeted" if k % 20 == 0 else "replied_to", "id": ref}
                    ]
                    if len(included) < 5:
                        included.append(
                            {
                                "id": ref,
                                "text": text_of(ref_k),  # the same tweet, so the same text
                                "author_id": uid,
                                "created_at": "2024-11-09T00:00:00.000Z",
                            }
                        )
                data.append(tweet)
            page = {
                "data": data,
                "includes": {"users": list(users.values()), "tweets": included},
                "meta": {"result_count": len(data)},
                "__twarc": {"version": "2.14.0"},
            }
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


def run_collect(path: Path, out: Path) -> None:
    """Child process: collect and print a JSON line with counts, seconds and peak RSS."""
    from _memory import peak_rss_mb

    from pipeline.collect import JsonlSink, collect

    rejects: list[dict] = []
    t0, c0 = time.perf_counter(), time.process_time()
    with open(out, "wb") as fh:
        counts = collect([path], fmt="x-v2", sink=JsonlSink(fh), on_reject=rejects.append)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_mb, **counts.as_dict()}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000, help="tweets to generate")
    parser.add_argument("--page", type=int, default=100, help="tweets per page")
    parser.add_argument("--keep", type=Path, help="keep the generated file in this directory")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_collect(Path(args.child[0]), Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        src, out = folder / "tweets.twarc2.jsonl", folder / "posts.jsonl"
        t0 = time.perf_counter()
        generate(src, args.n, args.page)
        print(
            f"generated {args.n:,} tweets ({src.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(src), str(out)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        posts = result["written"]
        print(
            f"cores: {os.cpu_count()}  records read: {result['read']:,}  posts written: {posts:,}  "
            f"duplicates: {result['duplicates']:,}  rejected: {result['rejected']}"
        )
        print(
            f"time: {result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU  "
            f"throughput: {posts / result['seconds']:,.0f} posts/s wall ({posts / result['cpu_seconds']:,.0f} per CPU s)"
            f"  peak RSS: {result['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
