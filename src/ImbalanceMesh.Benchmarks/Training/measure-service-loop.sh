#!/bin/sh
# The training service's loop fed through Redis by the augmentation service: 10 epochs x 100 steps of the cnn
# (width 16) on 64 x 3 x 32 x 32 batches, the same model and batch as BareTrainingLoopBenchmarks.
# Run inside the mesh:  dotnet run --project AppHost -- --run "sh src/ImbalanceMesh.Benchmarks/Training/measure-service-loop.sh"
# Prints the per-epoch lines of `imesh train` (images/s, data-wait share) and the training process's RSS
# sampled every 2 s (rss.log). Exit code: that of imesh train.
set -e
out=${OUT:-$(pwd)/.imesh/training-bench}  # below the working directory: ingestion only reads its allowed roots
rm -rf "$out" && mkdir -p "$out"
imesh demo-data "$out/demo" --size 32 > /dev/null
imesh ingest folder "$out/demo" --dataset bench > /dev/null
pid=$(pgrep -f 'ImbalanceMesh.Training.dll' | head -n 1)
( while kill -0 "$pid" 2> /dev/null; do
    echo "$(date +%s) $(awk '/VmRSS/ {print $2}' /proc/$pid/status)" >> "$out/rss.log"; sleep 2
  done ) &
sampler=$!
status=0
imesh train --spec src/ImbalanceMesh.Benchmarks/Training/service-loop-spec.json 2>&1 | tee "$out/train.log" | grep -E '^epoch|succeeded|failed' || status=$?
kill "$sampler" 2> /dev/null || true
echo "RSS samples (unix time, KiB) in $out/rss.log:"
cat "$out/rss.log"
exit $status
