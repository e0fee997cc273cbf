#!/bin/bash
# Sharding benchmark: one `run` vs N `run --shard i/N` (one after the other, as N array tasks would run on N machines)
# + `merge`, on the 500 State Council regulations and 251 national laws of ../shared (shipped model, OCR off);
# prints wall time and peak RSS per step, the ratios, and checks that every data file of the merge equals the single run's.
# Usage (from the repository root, after `dotnet build PolicyMiner.sln -c Release`):
#   nice bash tests/PolicyMiner.Benchmarks/shard-merge.sh [N=4] [OUT=/tmp/pm-shard-bench]
set -eu
N=${1:-4}
O=${2:-/tmp/pm-shard-bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
P="dotnet $ROOT/src/PolicyMiner.Cli/bin/Release/net10.0/PolicyMiner.Cli.dll"
IN="$ROOT/../shared/corpora/regulations/docs $ROOT/../shared/corpora/npc-laws/docs"
rm -rf "$O"; mkdir -p "$O"
step() { # step NAME CMD…: prints "NAME: S s, peak K KB" and stores S in $O/NAME.s
  local name=$1; shift
  local s e
  s=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$O/rss" "$@" > /dev/null 2> "$O/$name.err" || { echo "$name failed:"; tail -5 "$O/$name.err"; exit 1; }
  e=$(date +%s.%N)
  echo "$e - $s" | bc > "$O/$name.s"
  printf '%-28s %6.1f s  peak %6d KB\n' "$name" "$(cat "$O/$name.s")" "$(cat "$O/rss")"
}
step single $P run $IN -o "$O/single" --ocr off
shards=()
for i in $(seq 1 "$N"); do step "shard$i" $P run $IN -o "$O/s$i" --ocr off --shard "$i/$N"; shards+=("$O/s$i"); done
step merge $P merge "${shards[@]}" -o "$O/merged"
step rerun-shard1 $P run $IN -o "$O/s1" --ocr off --shard "1/$N"
sum=$(cat "$O"/shard*.s | paste -sd+ | bc); max=$(sort -g "$O"/shard*.s | tail -1)
echo "documents: $(wc -l < "$O/single/documents.jsonl")"
echo "shards, summed / single:                 $(echo "scale=2; $sum / $(cat "$O/single.s")" | bc)"
echo "(slowest shard + merge) / single:        $(echo "scale=2; ($max + $(cat "$O/merge.s")) / $(cat "$O/single.s")" | bc)  (N machines)"
cd "$O/single"; n=0; d=0
for f in $(find . -type f ! -name manifest.json ! -name report.html | sort); do
  n=$((n + 1)); cmp -s "$f" "../merged/$f" || { d=$((d + 1)); echo "DIFFERS: $f"; }
done
echo "data files compared with the single run: $n, differing: $d"
