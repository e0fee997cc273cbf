#!/usr/bin/env bash
# Per-document cost of each stage (CPU seconds, wall seconds, peak RSS, output bytes), for the sizing table in
# docs/cluster.md. Runs the stage verbs one after the other on one input set with -j 1 (one core, as one array
# task with --cpus-per-task=1 would), each under /usr/bin/time, and prints one tab-separated row per stage.
#
# Usage: bash tests/slurm/stage-costs.sh LABEL INPUT_DIR WORK_DIR
#   LABEL      a name for the rows (e.g. pdf, txt)
#   INPUT_DIR  documents (any format extract reads)
#   WORK_DIR   scratch folder for the outputs (created; reused outputs are deleted first)
# Environment: PM = the policyminer command (default: the Release build of this checkout).
# Prints: label stage docs wall_s cpu_s cpu_ms_per_doc peak_rss_mb out_bytes_per_doc, and the load average.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
PM=${PM:-$here/src/PolicyMiner.Cli/bin/Release/net10.0/PolicyMiner.Cli}
label=$1 input=$2 work=$3
[ -x "$PM" ] || { echo "stage-costs: $PM not found; build first (dotnet build PolicyMiner.sln -c Release) or set PM" >&2; exit 1; }
[ -d "$input" ] || { echo "stage-costs: input folder $input does not exist" >&2; exit 1; }
rm -rf "$work"; mkdir -p "$work"
docs=$(find -L "$input" -type f \( -name '*.pdf' -o -name '*.txt' -o -name '*.md' -o -name '*.docx' -o -name '*.html' \) | wc -l)
model=$here/models/fields-regulations

stage() { # stage NAME OUTPUT_PATH command…
  local name=$1 out=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 \
    || { [ "$name" = extract ] || { echo "stage-costs: $name failed, see $work/$name.log" >&2; exit 1; }; }
  read -r wall user sys rss <"$work/$name.time"
  local bytes; bytes=$(du -sb "$out" | cut -f1)
  awk -v l="$label" -v s="$name" -v d="$docs" -v w="$wall" -v u="$user" -v y="$sys" -v r="$rss" -v b="$bytes" \
    'BEGIN { c = u + y; printf "%s\t%s\t%d\t%.1f\t%.1f\t%.1f\t%.0f\t%.0f\n", l, s, d, w, c, 1000 * c / d, r / 1024, b / d }'
}

printf 'label\tstage\tdocs\twall_s\tcpu_s\tcpu_ms_per_doc\tpeak_rss_mb\tout_bytes_per_doc\n'
stage extract "$work/documents.jsonl" "$PM" extract "$input" -o "$work/documents.jsonl" -j 1 --ocr off
stage segment "$work/segmented.jsonl" "$PM" segment "$work/documents.jsonl" -o "$work/segmented.jsonl"
stage classify "$work/labeled.csv" "$PM" classify --model "$model" --docs "$work/documents.jsonl" -o "$work/labeled.csv"
stage export "$work/export" "$PM" export --docs "$work/documents.jsonl" --labels "$work/labeled.csv" --model "$model" \
  -o "$work/export" --network --by-year --by-field fields --report
pages=$(python3 -c 'import json,sys; print(sum((json.loads(l).get("pages") or 0) for l in open(sys.argv[1], encoding="utf-8")))' "$work/documents.jsonl")
chars=$(python3 -c 'import json,sys; print(sum(len(json.loads(l).get("text") or "") for l in open(sys.argv[1], encoding="utf-8")))' "$work/documents.jsonl")
echo "# $docs documents, $pages PDF pages, $chars characters of text" >&2
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
