#!/usr/bin/env bash
# End-to-end test of the Slurm job scripts (docs/slurm/) on a single-node Slurm set up on this machine:
#   1. tests/slurm/setup-slurm.sh installs and starts Slurm (needs root; Debian packages slurmd slurmctld
#      slurm-client munge);
#   2. a single-machine `policyminer run` of the README demo corpus (corpora/sample/regulations/new and
#      corpora/sample/joint-policies, the shipped model) is the reference;
#   3. docs/slurm/submit.sh submits the same run as a job array of SHARDS shards (default 3) and a merge job that
#      waits for it (--dependency=afterok), exactly as a researcher would on a cluster;
#   4. waits for both jobs (at most TIMEOUT seconds, default 900) and checks that they COMPLETED;
#   5. compares every output file of the merge with the single-machine run: byte-identical, except the files
#      that record when and how a run happened (manifest.json, the report's command row; see SKIP below);
#   6. re-runs shard 2 alone (sbatch --array=2) and merges again: stages reused, same outputs;
#   7. a batch with a truncated PDF: shards and merge exit 1 (error rows) and must still count as done.
# Exit 0 only when all of that holds; the log says which step failed and shows the job logs.
# CI runs it from .ci/run after the unit tests. Usage: sudo bash tests/slurm/run-slurm-test.sh [WORK_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=${1:-/tmp/policyminer-slurm-test}
SHARDS=${SHARDS:-3}
TIMEOUT=${TIMEOUT:-900}
# Files that legitimately differ between two runs of the same inputs: the manifest records timings, the shard
# layout and the command (merge writes the extract cache a single run writes, so that is compared too).
# report.html is compared without its one provenance row "command 命令", which names the command that made it
# (`policyminer run …` vs `policyminer merge …`). Everything else must be byte-identical.
SKIP='^(manifest\.json|run\.lock)$'

t0=$(date +%s)
step() { echo "[$(($(date +%s) - t0)) s] $*"; }
fail() { echo "run-slurm-test: FAILED: $*" >&2; exit 1; }

# The work folder is emptied first; refuse to empty a folder this script did not make (its marker file).
if [ -d "$work" ] && [ -n "$(ls -A "$work")" ] && [ ! -f "$work/.policyminer-slurm-test" ]; then
  fail "$work exists, is not empty and was not made by this script; give another WORK_DIR (it is deleted first)"
fi

step "1. Slurm"
bash "$root/tests/slurm/setup-slurm.sh"

cli="$root/src/PolicyMiner.Cli/bin/Release/net10.0/PolicyMiner.Cli.dll"
if [ ! -f "$cli" ]; then
  step "building the CLI (Release)"
  dotnet build "$root/src/PolicyMiner.Cli" -c Release -nologo -v q
fi
# Every task runs the build of this checkout (on a real cluster: the installed `policyminer`).
export PM="dotnet $cli"
inputs=(corpora/sample/regulations/new corpora/sample/joint-policies)

rm -rf "$work"; mkdir -p "$work"; touch "$work/.policyminer-slurm-test"
step "2. single-machine reference: policyminer run ${inputs[*]} -o $work/single"
set +e
$PM run "${inputs[@]}" -o "$work/single" -j 2 2>"$work/single.log"
rc=$?
set -e
[ "$rc" -eq 0 ] || { cat "$work/single.log" >&2; fail "the single-machine run exited with $rc"; }
step "   done ($(find "$work/single" -type f | wc -l) files)"

step "3. submit: docs/slurm/submit.sh --shards $SHARDS --at-once 2 --cpus 1 --mem 1G --time 00:15:00 -o $work/cluster"
submit_out=$(bash docs/slurm/submit.sh -o "$work/cluster" --shards "$SHARDS" --at-once 2 --cpus 1 --mem 1G --time 00:15:00 \
  --merge-mem 1G --merge-time 00:15:00 "${inputs[@]}")
echo "$submit_out"
array_id=$(echo "$submit_out" | sed -n 's/^submitted: array job \([0-9]*\) .*/\1/p')
merge_id=$(echo "$submit_out" | sed -n 's/.* and merge job \([0-9]*\)$/\1/p')
[ -n "$array_id" ] && [ -n "$merge_id" ] || fail "could not read the job ids from submit.sh's output"

# state_of JOBID: "3 COMPLETED" or "1 PENDING,2 RUNNING" (array tasks counted by state)
state_of() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort | uniq -c | tr -s ' ' | sed 's/^ //' | paste -sd, -; }

# wait_jobs ARRAY_ID MERGE_ID NTASKS LOG_DIR: until the merge job ended (or a task failed), then prints the logs;
# fails unless all COMPLETED.
wait_jobs() {
  local array_id=$1 merge_id=$2 ntasks=$3 logs=$4 a m now last=""
  while :; do
    a=$(state_of "$array_id"); m=$(state_of "$merge_id")
    now="array: ${a:-gone} | merge: ${m:-gone}"
    [ "$now" = "$last" ] || step "   $now"
    last=$now
    case "$m" in *COMPLETED*|*FAILED*|*CANCELLED*|*TIMEOUT*|*OUT_OF_MEMORY*|*NODE_FAIL*) break ;; esac
    # a failed shard leaves the merge pending for ever (afterok can never be met)
    case "$a" in *FAILED*|*CANCELLED*|*TIMEOUT*|*OUT_OF_MEMORY*) scancel "$merge_id"; m="not started: a shard failed"; break ;; esac
    [ $(($(date +%s) - t0)) -lt "$TIMEOUT" ] || { scancel "$array_id" "$merge_id" || true; fail "jobs not finished after $TIMEOUT s"; }
    sleep 2
  done
  for log in "$logs"/*.log; do
    echo "----- $log"; cat "$log"
  done
  [ "$(state_of "$array_id")" = "$ntasks COMPLETED" ] || fail "array job $array_id: $(state_of "$array_id") (logs above)"
  case "$m" in *COMPLETED*) ;; *) fail "merge job $merge_id: $m (logs above)" ;; esac
}

# compare A B: every file of A in B and byte-identical (SKIP aside), no extra files in B; prints a summary.
compare() {
  local a=$1 b=$2 f differ=0 same=0
  while IFS= read -r f; do
    if [[ $(basename "$f") =~ $SKIP ]]; then continue; fi
    if [ ! -f "$b/$f" ]; then echo "   missing from $b: $f"; differ=$((differ + 1)); continue; fi
    if [ "$(basename "$f")" = report.html ]; then
      if cmp -s <(grep -v '<tr><th>command 命令</th>' "$a/$f") <(grep -v '<tr><th>command 命令</th>' "$b/$f"); then
        same=$((same + 1)); echo "   same except the command row: $f"
      else echo "   differs: $f"; differ=$((differ + 1)); fi
    elif cmp -s "$a/$f" "$b/$f"; then same=$((same + 1)); else echo "   differs: $f"; differ=$((differ + 1)); fi
  done < <(cd "$a" && find . -type f | sed 's|^\./||' | sort)
  while IFS= read -r f; do
    if [[ $(basename "$f") =~ $SKIP ]]; then continue; fi
    [ -f "$a/$f" ] || { echo "   only in $b: $f"; differ=$((differ + 1)); }
  done < <(cd "$b" && find . -type f | sed 's|^\./||' | sort)
  [ "$differ" -eq 0 ] || fail "$differ files differ between $a and $b"
  step "   $same files byte-identical"
}

step "4. waiting for array job $array_id and merge job $merge_id"
wait_jobs "$array_id" "$merge_id" "$SHARDS" "$work/cluster.shards/logs"

step "5. comparing $work/cluster with $work/single"
compare "$work/single" "$work/cluster"

# 6. The restart recipe of docs/cluster.md: one shard re-run alone (--array=2: Slurm's own task count is then 1, so
# the shard count must come from the argument), then a new merge. The shard's finished work is reused (every stage
# "unchanged"/skipped, its manifest says so) and the merged result is the same.
step "6. re-running shard 2 alone (sbatch --array=2 …) and merging again into $work/cluster2"
before=$(cat "$work/cluster.shards/shard-0002-of-$(printf %04d "$SHARDS")/labeled.csv" | sha256sum)
rerun_id=$(sbatch --parsable --array=2 --cpus-per-task=1 --mem=1G --time=00:15:00 \
  --output="$work/cluster.shards/logs/rerun-shard-%a-of-$SHARDS.log" \
  docs/slurm/policyminer-shards.sbatch "$work/cluster.shards" "$SHARDS" "${inputs[@]}")
merge2_id=$(sbatch --parsable --dependency="afterok:$rerun_id" --mem=1G --time=00:15:00 \
  --output="$work/cluster.shards/logs/merge2.log" docs/slurm/policyminer-merge.sbatch "$work/cluster.shards" "$SHARDS" "$work/cluster2")
wait_jobs "$rerun_id" "$merge2_id" 1 "$work/cluster.shards/logs"
grep -q "shard 2 of $SHARDS" "$work/cluster.shards/logs/rerun-shard-2-of-$SHARDS.log" || fail "the re-run did not run as shard 2 of $SHARDS"
python3 - "$work/cluster.shards/shard-0002-of-$(printf %04d "$SHARDS")/manifest.json" <<'PY' || fail "the re-run shard did not reuse its finished stages (manifest above)"
import json, sys
stages = json.load(open(sys.argv[1], encoding="utf-8"))["stages"]
status = {s["stage"]: s.get("status") for s in stages}
print("   re-run shard 2, stage status:", status)
sys.exit(0 if status and all(v == "skipped" for v in status.values()) else 1)
PY
[ "$(cat "$work/cluster.shards/shard-0002-of-$(printf %04d "$SHARDS")/labeled.csv" | sha256sum)" = "$before" ] \
  || fail "re-running shard 2 changed its labeled.csv"
compare "$work/cluster" "$work/cluster2"
# 7. A batch with a file that cannot be read: `policyminer run` and `merge` exit with 1 (error rows), which the job
# scripts must count as done (the manifest says complete), or the merge would never start.
step "7. a batch with a truncated PDF: 2 shards + merge must succeed, with the error row in the merged documents.csv"
mkdir -p "$work/broken-in"
cp corpora/sample/regulations/new/R0035.md corpora/sample/joint-policies/digital-central-003.txt "$work/broken-in/"
head -c 3000 tests/PolicyMiner.Tests/Extraction/Fixtures/regulation_libreoffice.pdf >"$work/broken-in/truncated.pdf"
broken_out=$(bash docs/slurm/submit.sh -o "$work/broken" --shards 2 --cpus 1 --mem 1G --time 00:15:00 \
  --merge-mem 1G --merge-time 00:15:00 "$work/broken-in")
array_id=$(echo "$broken_out" | sed -n 's/^submitted: array job \([0-9]*\) .*/\1/p')
merge_id=$(echo "$broken_out" | sed -n 's/.* and merge job \([0-9]*\)$/\1/p')
wait_jobs "$array_id" "$merge_id" 2 "$work/broken.shards/logs"
grep -q 'truncated.pdf' "$work/broken/documents.csv" || fail "no error row for truncated.pdf in $work/broken/documents.csv"
grep -q 'some files could not be read' "$work/broken.shards/logs/merge.log" || fail "the merge log does not say that a file could not be read"
step "   merge COMPLETED with the error row: $(grep -o 'truncated.pdf[^,]*' "$work/broken/documents.csv" | head -1)"

step "PASSED: one machine = $SHARDS Slurm array tasks + merge (byte-identical outputs); a shard re-run alone reused its work; unreadable files do not stop the merge"
