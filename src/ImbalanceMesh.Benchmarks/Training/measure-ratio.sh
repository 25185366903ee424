#!/bin/sh
# The training target as one number per round: the service loop's images/s over the bare TorchSharp loop's, measured
# back to back because this machine's speed drifts by ±20 % within minutes. Each round runs the bare loop
# (BareTrainingLoopBenchmarks, cnn 32 px batch 64), then measure-service-loop.sh, then the bare loop again, and divides
# the median images/s of the service's cached epochs 2–11 (epoch 1 includes warm-up) by the bare images/s averaged over
# the two bare runs. Also prints the cold run's median and the service's RSS growth over the cached run.
# Run from the repository root:  ROUNDS=3 sh src/ImbalanceMesh.Benchmarks/Training/measure-ratio.sh
set -e
root=$(pwd)
rounds=${ROUNDS:-3}
out=${OUT:-$root/.imesh/training-bench}
bench=/tmp/imesh-bench-ratio
dotnet build -c Release -o "$bench" src/ImbalanceMesh.Benchmarks > /dev/null
bare_ms() {
  (cd /tmp && MALLOC_ARENA_MAX=1 dotnet "$bench/ImbalanceMesh.Benchmarks.dll" --filter '*BareTrainingLoop*' --job short --inProcess) |
    awk -F'|' '$2 ~ /TrainStep/ && $3 ~ /cnn/ { gsub(/[ ms]/, "", $6); print $6 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
epochs() { grep -o 'epoch [0-9]*/11: loss [0-9.]*, [0-9]* img/s' "$out/training.log" | sed -n "$1p" | grep -o '[0-9]* img/s' | grep -o '[0-9]*'; }
echo "round  bare ms (before/after)  bare img/s  cold img/s  cached img/s  cached/bare  RSS growth (cached run)"
for round in $(seq "$rounds"); do
  before=$(bare_ms)
  OUT="$out" sh src/ImbalanceMesh.Benchmarks/Training/measure-service-loop.sh > "$out.round-$round.log" 2>&1
  after=$(bare_ms)
  bare=$(echo "$before $after" | awk '{ print 64000 / (($1 + $2) / 2) }')
  cold=$(epochs 2,11 | median)
  cached=$(epochs 13,22 | median)
  rss=$(grep -o 'epoch [0-9]*/11:.*RSS [0-9]* MiB' "$out/training.log" | grep -o 'RSS [0-9]*' | grep -o '[0-9]*' | sed -n '12p;22p' | paste -sd' ')
  echo "$round $before $after $bare $cold $cached $rss" | awk '{ printf "%5d  %9.2f / %-9.2f  %10.0f  %10.0f  %12.0f  %11.3f  %+.1f %%\n", $1, $2, $3, $4, $5, $6, $6 / $4, ($8 / $7 - 1) * 100 }'
done
