#!/bin/sh
# The training service's loop fed through Redis by the augmentation service: 11 epochs x 100 steps of the cnn
# (width 16) on 64 x 3 x 32 x 32 batches, the same model and batch as BareTrainingLoopBenchmarks.
# Starts redis-server, Ingestion, Augmentation and Training (Release builds, Aspire-contract env vars) on loopback,
# imports the 32 px demo set, runs `imesh train --spec service-loop-spec.json` twice (batches made while training,
# then the same plan served from the Redis cache), prints each epoch's images/s, data wait and the service's RSS,
# and stops everything. Run from the repository root:
#   sh src/ImbalanceMesh.Benchmarks/Training/measure-service-loop.sh
set -e
root=$(pwd)
out=${OUT:-$root/.imesh/training-bench}
base=${PORT_BASE:-47310}
rm -rf "$out" && mkdir -p "$out"
for p in Ingestion Augmentation Training Cli; do dotnet build -c Release "src/ImbalanceMesh.$p" > "$out/build-$p.log"; done
bin() { echo "$root/src/ImbalanceMesh.$1/bin/Release/net10.0/$2"; }
imesh() { dotnet "$(bin Cli imesh.dll)" --ingestion "http://127.0.0.1:$((base+1))" --augmentation "http://127.0.0.1:$((base+2))" --training "http://127.0.0.1:$((base+3))" "$@"; }

redis-server --port "$base" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$out/redis.pid" > /dev/null
export ConnectionStrings__cache="127.0.0.1:$base"
export services__ingestion__http__0="http://127.0.0.1:$((base+1))"
export services__augmentation__http__0="http://127.0.0.1:$((base+2))"
ASPNETCORE_URLS="http://127.0.0.1:$((base+1))" Ingestion__DataRoot="$out/ingestion" Ingestion__AllowedRoots__0="$out" \
  dotnet "$(bin Ingestion ImbalanceMesh.Ingestion.dll)" > "$out/ingestion.log" 2>&1 & ingestion=$!
ASPNETCORE_URLS="http://127.0.0.1:$((base+2))" dotnet "$(bin Augmentation ImbalanceMesh.Augmentation.dll)" > "$out/augmentation.log" 2>&1 & augmentation=$!
ASPNETCORE_URLS="http://127.0.0.1:$((base+3))" Training__DataRoot="$out/training" MALLOC_ARENA_MAX=1 \
  dotnet "$(bin Training ImbalanceMesh.Training.dll)" > "$out/training.log" 2>&1 & training=$!
trap 'kill $ingestion $augmentation $training 2> /dev/null; kill "$(cat "$out/redis.pid")" 2> /dev/null' EXIT
until imesh jobs > /dev/null 2>&1 && imesh datasets > /dev/null 2>&1; do sleep 1; done

imesh demo-data "$out/demo" --size 32 > /dev/null
imesh ingest folder "$out/demo" --dataset bench > /dev/null
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
