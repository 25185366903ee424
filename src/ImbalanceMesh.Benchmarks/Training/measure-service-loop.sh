#!/bin/sh
# The training service's loop fed through Redis by the augmentation service: 11 epochs x 100 steps of the cnn
# (width 16) on 64 x 3 x 32 x 32 batches, the same model and batch as BareTrainingLoopBenchmarks.
# Starts the services (service-mesh.sh), runs `imesh train --spec service-loop-spec.json` twice (batches made while
# training, then the same plan read from the Redis cache), prints each epoch's images/s, data wait and the service's
# RSS, and stops everything. Run from the repository root:
#   sh src/ImbalanceMesh.Benchmarks/Training/measure-service-loop.sh
set -e
. "$(dirname "$0")/service-mesh.sh"
# Run 1 ("cold"): the augmentation service produces every batch while the trainer runs, on the same 2 cores.
# Run 2 ("cached"): the same spec, so the same plan; every batch is already in Redis (what a producer running ahead
# on other cores gives the trainer). The service's own per-epoch log line carries its RSS.
for run in cold cached; do
  echo "== run $run"
  imesh train --spec src/ImbalanceMesh.Benchmarks/Training/service-loop-spec.json > "$out/train-$run.log" 2>&1 || true
  grep -E '^epoch [0-9]+:|succeeded|failed|error' "$out/train-$run.log"
done
echo "RSS of the training service after each epoch (epoch 1 -> 11 of a run spans steps 100 -> 1,100):"
grep -o 'Job [^ ]* epoch [0-9]*/[0-9]*:.*RSS [0-9]* MiB.*' "$out/training.log" | sed 's/:.*RSS/: RSS/'
