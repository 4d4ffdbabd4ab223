#!/usr/bin/env bash
# The main job on the bundled sample data (what `make run` does after installing):
# collect the exports into a store -> import the team's registry -> scan (classify + score accounts + queue)
# -> two reviewers decide the top items -> weekly report (CSV, XLSX, HTML).
set -euo pipefail
cd "$(dirname "$0")/.."

ASNWATCH="${ASNWATCH:-.venv/bin/asnwatch}"
OUT="${OUT:-out/sample}"
ELECTION=configs/elections/pilbup-sukamaju-2024.yaml
WEEK="${WEEK:-2024-W47}"

rm -rf "$OUT"
mkdir -p "$OUT"
DB="sqlite:///$OUT/asnwatch.db"

echo "== 1. collect: sample posts and platform exports into $DB"
"$ASNWATCH" collect --format auto --input data/samples/posts.jsonl \
  $(find data/samples/exports -type f \( -name '*.jsonl' -o -name '*.json' \) | sort | sed 's/^/--input /') \
  --db "$DB"

echo "== 2. accounts: import the monitoring team's registry of known ASN accounts"
"$ASNWATCH" accounts import-registry data/samples/registry.csv --db "$DB"

echo "== 3. classify the sample posts to a file (the CONTRACT's classify output)"
"$ASNWATCH" classify --election "$ELECTION" --input data/samples/posts.jsonl --output "$OUT/predictions.jsonl"

echo "== 4. scan: classify stored posts, score authors, queue partisan posts by likely ASN"
"$ASNWATCH" scan --election "$ELECTION" --db "$DB"
"$ASNWATCH" review list --db "$DB" --status pending --format table | head -n 30

echo "== 5. review: two reviewers take the highest-priority items"
for reviewer in rina agus; do
  for _ in 1 2 3; do
    item=$("$ASNWATCH" review next --db "$DB" --reviewer "$reviewer" --format json \
      | .venv/bin/python -c 'import json,sys; d=json.load(sys.stdin); print(d["id"] if d else "")')
    [ -n "$item" ] || break
    "$ASNWATCH" review decide "$item" --db "$DB" --reviewer "$reviewer" --decision confirmed \
      --note "sample run: confirmed after reading the post"
  done
done

echo "== 6. weekly report for $WEEK (all flagged items, decided or not)"
"$ASNWATCH" report weekly --db "$DB" --week "$WEEK" --status all --output "$OUT/report"

echo "== 7. web application users: a sample adjudicator and reviewer (sample passwords, change them)"
export ASNWATCH_SAMPLE_PASSWORD="${ASNWATCH_SAMPLE_PASSWORD:-sampel-pengawas-2024}"
"$ASNWATCH" users add pengawas --role adjudicator --password-env ASNWATCH_SAMPLE_PASSWORD --db "$DB" --quiet
"$ASNWATCH" users add rina --role reviewer --password-env ASNWATCH_SAMPLE_PASSWORD --db "$DB" --quiet
"$ASNWATCH" users list --db "$DB"

echo
echo "Predictions: $OUT/predictions.jsonl"
echo "Database:    $OUT/asnwatch.db"
echo "Report:      $OUT/report/weekly-$WEEK.html (also .csv, .xlsx, manifest.json)"
echo
echo "Review in a browser:"
echo "  $ASNWATCH serve --db $DB"
echo "  then open http://127.0.0.1:8000/ and log in as pengawas (adjudicator) or rina (reviewer),"
echo "  password: $ASNWATCH_SAMPLE_PASSWORD"
