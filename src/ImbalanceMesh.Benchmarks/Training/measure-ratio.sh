#!/bin/sh
# The training target as one number per service run: images/s of the service's loop over the bare TorchSharp loop's.
# This machine's speed drifts by ±20 % within minutes, so the two alternate on one running mesh: after a cold run has
# filled the Redis cache, ROUNDS times the bare loop (BareTrainingLoopBenchmarks, cnn 32 px batch 64) then a cached
# service run (service-loop-spec.json, 11 epochs x 100 steps), then the bare loop once more. Each run's ratio is the
# median images/s of its epochs 2–11 (epoch 1 includes warm-up) over the mean of the bare runs just before and after.
# Run from the repository root:  ROUNDS=6 sh src/ImbalanceMesh.Benchmarks/Training/measure-ratio.sh
set -e
rounds=${ROUNDS:-6}
bench=/tmp/imesh-bench-ratio
dotnet build -c Release -o "$bench" src/ImbalanceMesh.Benchmarks > /dev/null
. "$(dirname "$0")/service-mesh.sh"
bare_ms() {
  (cd /tmp && MALLOC_ARENA_MAX=1 dotnet "$bench/ImbalanceMesh.Benchmarks.dll" --filter '*BareTrainingLoop*' --job short --inProcess) |
    awk -F'|' '$2 ~ /TrainStep/ && $3 ~ /cnn/ { gsub(/[ ms]/, "", $6); print $6 }'
}
train() { imesh train --spec src/ImbalanceMesh.Benchmarks/Training/service-loop-spec.json > "$out/train-$1.log" 2>&1; }
epoch_lines() { grep -o 'epoch [0-9]*/11: loss [0-9.]*, [0-9]* img/s.*RSS [0-9]* MiB' "$out/training.log" | sed -n "$1"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
rate() { grep -o '[0-9]* img/s' | grep -o '[0-9]*'; }
rss() { grep -o 'RSS [0-9]*' | grep -o '[0-9]*'; }

train cold
echo "cold run (the augmentation service making every batch on the same cores), epochs 2-11: median $(epoch_lines 2,11p | rate | median) img/s"
echo "run  bare ms before / after  bare img/s  cached img/s  cached/bare  RSS MiB epoch 1 -> 11"
after=$(bare_ms)
for round in $(seq "$rounds"); do
  before=$after
  train "cached-$round"
  after=$(bare_ms)
  first=$((round * 11 + 1))
  cached=$(epoch_lines "$((first + 1)),$((first + 10))p" | rate | median)
  rss_first=$(epoch_lines "${first}p" | rss)
  rss_last=$(epoch_lines "$((first + 10))p" | rss)
  echo "$round $before $after $cached $rss_first $rss_last" |
    awk '{ bare = 64000 / (($2 + $3) / 2); printf "%3d  %8.2f / %-8.2f  %10.0f  %12.0f  %11.3f  %d -> %d\n", $1, $2, $3, bare, $4, $4 / bare, $5, $6 }'
done
echo "RSS over all cached runs ($((rounds * 1100)) steps): $(epoch_lines 12p | rss) -> $(epoch_lines "$((rounds * 11 + 11))p" | rss) MiB"
