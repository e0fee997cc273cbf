#!/usr/bin/env bash
# Retrains the shipped fields model reproducibly: same code, data and seed → byte-identical model.zip
# (tests/PolicyMiner.Tests/Classification/ShippedModelTests.cs checks it). Run from anywhere, with ../shared beside
# the repository. Trains into a fresh folder, so the card lists no "changes" against an older model.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
shared="$repo/../shared/corpora/regulations"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
dotnet run --project "$repo/src/PolicyMiner.Cli" -c Release -- train \
  --docs "$shared/docs" --labels "$shared/labels.csv" --codebook "$repo/corpora/codebook.json" \
  --model "$tmp/fields-regulations" --seed 42 --folds 5 \
  --about "$(cat "$repo/models/fields-regulations/ABOUT.txt")"
cp "$tmp/fields-regulations/model.zip" "$tmp/fields-regulations/model-card.json" "$repo/models/fields-regulations/"
echo "wrote $repo/models/fields-regulations/model.zip and model-card.json" >&2
