#!/usr/bin/env bash
# Run PolicyMiner on a Slurm cluster: split the corpus into shards, code each shard as one task of a job array,
# then join the shards and write the dataset once. Run this on the cluster's login node, from the folder where
# your data is:
#
#   bash docs/slurm/submit.sh -o OUT [settings] INPUT_FOLDER… [-- more `policyminer run` options]
#
# What to change (as command-line settings; the defaults are in the block below — edit them there if you prefer):
#   INPUT_FOLDER…     your documents (folders are searched recursively; PDF, DOCX, HTML, TXT, MD)
#   -o OUT            where the final dataset goes; the shards go to OUT.shards/ beside it (delete that when done)
#   --model DIR       your trained model (from `policyminer train`); without it the shipped fields model is used
#   --shards N        how many pieces to cut the corpus into = how many array tasks. docs/cluster.md explains how to
#                     choose: roughly one shard per 20,000–50,000 documents, so that each task runs 1–3 hours.
#   --cpus N          CPUs per task (passed to policyminer as -j N). 2–4 is a good size; more shards beat more CPUs.
#   --mem SIZE        memory per task, e.g. 4G (docs/cluster.md: measured peak is well under 1 GB per task)
#   --time H:MM:SS    wall-clock limit per task. Too short and Slurm kills the task (re-run it: it resumes);
#                     too long and your jobs wait longer in the queue.
#   --merge-time, --merge-mem   the same for the merge job
#   --at-once N       run at most N shards at the same time (be kind to the queue; default: as many as Slurm allows)
#   --after JOBID     start only after that job succeeded (e.g. a `policyminer train` job you submitted)
#   -- OPTIONS…       anything else for `policyminer run`, e.g. -- --ocr off --to-simplified
# Your cluster may require a partition or an account: set them in the environment before running this script,
# e.g. `export SBATCH_PARTITION=standard SBATCH_ACCOUNT=myproject` (sbatch reads those variables itself).
# The policyminer command is `policyminer` (installed tool); set PM to use another, e.g.
#   PM="dotnet $HOME/policyminer/PolicyMiner.Cli.dll" bash docs/slurm/submit.sh …
#
# It prints the two job ids and the commands to watch them. Logs: OUT.shards/logs/.
set -euo pipefail

# ---- defaults (edit here, or give them on the command line) -------------------------------------------------
SHARDS=4
CPUS=2
MEM=4G
TIME=02:00:00
MERGE_MEM=4G
MERGE_TIME=02:00:00
# -------------------------------------------------------------------------------------------------------------

here=$(cd "$(dirname "$0")" && pwd)
out="" model="" after="" at_once=""
inputs=() extra=()
usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    -o|--output|--model|--shards|--cpus|--mem|--time|--merge-mem|--merge-time|--after|--at-once)
      [ $# -ge 2 ] || { echo "submit: $1 needs a value (see the top of $0)" >&2; exit 2; } ;;
  esac
  case "$1" in
    -o|--output) out=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --shards) SHARDS=$2; shift 2 ;;
    --cpus) CPUS=$2; shift 2 ;;
    --mem) MEM=$2; shift 2 ;;
    --time) TIME=$2; shift 2 ;;
    --merge-mem) MERGE_MEM=$2; shift 2 ;;
    --merge-time) MERGE_TIME=$2; shift 2 ;;
    --after) after=$2; shift 2 ;;
    --at-once) at_once=$2; shift 2 ;;
    -h|--help) usage ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "submit: unknown setting $1 (see the top of $0; options for policyminer run go after --)" >&2; exit 2 ;;
    *) inputs+=("$1"); shift ;;
  esac
done
[ -n "$out" ] || { echo "submit: give the output folder with -o OUT" >&2; exit 2; }
[ ${#inputs[@]} -gt 0 ] || { echo "submit: give at least one input folder or file" >&2; exit 2; }
for f in "${inputs[@]}"; do
  [ -e "$f" ] || { echo "submit: input $f does not exist (paths are relative to $(pwd))" >&2; exit 2; }
done
case "$SHARDS" in ''|*[!0-9]*|0) echo "submit: --shards must be a whole number ≥ 1, not '$SHARDS'" >&2; exit 2 ;; esac
command -v sbatch >/dev/null || { echo "submit: sbatch not found: run this on a Slurm login node" >&2; exit 2; }

# Paths stay as you gave them (the `path` column of the dataset records them so): every job starts in this folder
# (--chdir below), as a single `policyminer run` from here would.
shards_dir="$out.shards"
run_args=("${inputs[@]}")
[ -z "$model" ] || run_args+=(--model "$model")
run_args+=("${extra[@]}")
mkdir -p "$shards_dir/logs"   # Slurm does not create the folder of --output; a missing one loses the log

dep=()
[ -z "$after" ] || dep=(--dependency="afterok:$after")
array_id=$(sbatch --parsable --chdir="$(pwd)" "${dep[@]}" --array="1-$SHARDS${at_once:+%$at_once}" --cpus-per-task="$CPUS" --mem="$MEM" --time="$TIME" \
  --job-name=policyminer-shards --output="$shards_dir/logs/shard-%a-of-$SHARDS.log" \
  "$here/policyminer-shards.sbatch" "$shards_dir" "$SHARDS" "${run_args[@]}")
array_id=${array_id%%;*}   # --parsable prints "id;cluster" on multi-cluster sites
merge_id=$(sbatch --parsable --chdir="$(pwd)" --dependency="afterok:$array_id" --cpus-per-task=1 --mem="$MERGE_MEM" \
  --time="$MERGE_TIME" --job-name=policyminer-merge --output="$shards_dir/logs/merge.log" \
  "$here/policyminer-merge.sbatch" "$shards_dir" "$SHARDS" "$out")
merge_id=${merge_id%%;*}

cat <<EOF
submitted: array job $array_id ($SHARDS shards, $CPUS CPUs and $MEM each, time limit $TIME) and merge job $merge_id
  (starts when every shard has succeeded).
watch:     squeue -u \$USER          logs: $shards_dir/logs/
result:    $out   (shards: $shards_dir)
if a shard fails: read its log, fix the cause, then re-run only that shard and the merge, e.g. shard 7 (from $(pwd)):
  sbatch --array=7 --cpus-per-task=$CPUS --mem=$MEM --time=$TIME --output=$shards_dir/logs/shard-%a-of-$SHARDS.log \\
    $here/policyminer-shards.sbatch $shards_dir $SHARDS ${run_args[*]}
  sbatch --dependency=afterok:<the id printed> $here/policyminer-merge.sbatch $shards_dir $SHARDS $out
  (the merge job $merge_id waiting for the failed array will never start: scancel $merge_id)
EOF
