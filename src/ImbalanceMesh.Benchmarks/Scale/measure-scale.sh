#!/bin/sh
# Issue 17's scaling law at one N: synthetic IDX (N grey SIDE px images, 500 of them rare) → `imesh ingest idx` →
# `imesh plan create --sampling rare-plus-slice` → `imesh plan read` of EPOCHS epochs (made while read, then the same
# epochs again from the Redis cache). Prints wall times, images/s, each service's peak RSS (VmHWM) and RSS at the end,
# and Redis' peak memory. Release builds, services started the way the AppHost passes their settings.
# Usage, from the repository root:  sh src/ImbalanceMesh.Benchmarks/Scale/measure-scale.sh N [SIDE=28] [EPOCHS=3]
# SRC=/path/to/another/checkout runs that checkout's services; REFERENCE=1 runs import + plan only (no plan read).
# EXTRA=K then imports K more distinct images into the same dataset (a small version 2 on top of version 1) and prints
# its wall time, the catalog's bytes (catalog.db, its WAL) before and after it, and ingestion RSS after it (IDX only).
# PHOTOS=1: SIDE px RGB JPEGs in a class-per-folder tree (make-scale-photos.py) → `imesh ingest folder` instead of IDX.
# RESIZE=R: import with `--resize R` (stored R×R) and plan batches of R px instead of SIDE.
# TRAIN_EPOCHS=E: then also start the training service and run `imesh train` (rare-plus-slice, cnn, E epochs at SIDE px,
# batch TRAIN_BATCH=64, RARE_COPIES or 5 per epoch, a fresh plan: its batches are made while it trains) and print its
# wall time and the training service's peak RSS. WORK_ROOT=DIR keeps the data there (default /tmp); it is deleted at exit.
# LOGS=DIR copies the services' logs (and the train output) there at exit.
# DATASET_DIR=DIR generates the synthetic images there (one folder per kind, N and SIDE) unless already there, and
# keeps them after exit, so that runs to compare import the same files without generating them again.
set -e
N=${1:?N}; SIDE=${2:-28}; EPOCHS=${3:-3}
SRC=${SRC:-$(pwd)}; base=${PORT_BASE:-47410}
mkdir -p "${WORK_ROOT:-/tmp}"
WORK=$(mktemp -d "${WORK_ROOT:-/tmp}/imesh-scale-XXXXXX")
here=$(cd "$(dirname "$0")" && pwd)
form=idx; [ -n "${PHOTOS:-}" ] && form=photos
images=${DATASET_DIR:+$DATASET_DIR/$form-$N-$SIDE}; images=${images:-$WORK/$form}
t=$(date +%s.%N)
if [ -f "$images.done" ]; then echo "reusing the images in $images"
else
  if [ -n "${PHOTOS:-}" ]; then /usr/bin/python3 "$here/make-scale-photos.py" "$images" "$N" "$SIDE" 500
  else /usr/bin/python3 "$here/make-scale-idx.py" "$images" "$N" "$SIDE" 500; fi
  touch "$images.done"
  echo "generated in $(echo "$(date +%s.%N) - $t" | bc) s: $(du -sh "$images" | cut -f1)"
fi
services="Ingestion Augmentation Cli${TRAIN_EPOCHS:+ Training}"
for p in $services; do dotnet build -c Release -o "$WORK/$p" "$SRC/src/ImbalanceMesh.$p" > "$WORK/build-$p.log"; done
imesh_text() { dotnet "$WORK/Cli/imesh.dll" --ingestion "http://127.0.0.1:$((base+1))" --augmentation "http://127.0.0.1:$((base+2))" \
  --training "http://127.0.0.1:$((base+3))" "$@"; }
imesh() { imesh_text --json "$@"; }
if imesh datasets > /dev/null 2>&1; then echo "port $((base+1)) already serves an ingestion service: set PORT_BASE" >&2; exit 1; fi
redis-server --port "$base" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$WORK/redis.pid" > /dev/null
export ConnectionStrings__cache="127.0.0.1:$base" services__ingestion__http__0="http://127.0.0.1:$((base+1))"
ASPNETCORE_URLS="http://127.0.0.1:$((base+1))" Kestrel__EndpointDefaults__Protocols=Http2 Ingestion__DataRoot="$WORK/data" \
  Ingestion__AllowedRoots__0="$WORK" Ingestion__AllowedRoots__1="$images" dotnet "$WORK/Ingestion/ImbalanceMesh.Ingestion.dll" > "$WORK/ingestion.log" 2>&1 & ingestion=$!
ASPNETCORE_URLS="http://127.0.0.1:$((base+2))" Kestrel__EndpointDefaults__Protocols=Http2 \
  dotnet "$WORK/Augmentation/ImbalanceMesh.Augmentation.dll" > "$WORK/augmentation.log" 2>&1 & augmentation=$!
training=
if [ -n "${TRAIN_EPOCHS:-}" ]; then
  redis-server --port "$((base+4))" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$WORK/jobs.pid" > /dev/null
  ConnectionStrings__jobs="127.0.0.1:$((base+4))" services__augmentation__http__0="http://127.0.0.1:$((base+2))" \
    ASPNETCORE_URLS="http://127.0.0.1:$((base+3))" Kestrel__EndpointDefaults__Protocols=Http2 Training__DataRoot="$WORK/training" \
    MALLOC_ARENA_MAX=1 dotnet "$WORK/Training/ImbalanceMesh.Training.dll" > "$WORK/training.log" 2>&1 & training=$!
fi
trap '[ -n "${LOGS:-}" ] && mkdir -p "$LOGS" && cp "$WORK"/*.log "$LOGS"; kill $ingestion $augmentation $training 2> /dev/null; for f in redis jobs; do [ -f "$WORK/$f.pid" ] && kill "$(cat "$WORK/$f.pid")"; done 2> /dev/null; rm -rf "$WORK"' EXIT
until imesh datasets > /dev/null 2>&1; do sleep 1; done
rss() { echo "$(grep VmHWM /proc/$1/status | awk '{print int($2/1024)}') MB peak, $(grep VmRSS /proc/$1/status | awk '{print int($2/1024)}') MB now"; }
now() { date +%s.%N; }
kind=grey; [ -n "${PHOTOS:-}" ] && kind="RGB JPEG"
echo "== N=$N ${SIDE}px $kind${RESIZE:+, --resize $RESIZE}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(now)
if [ -n "${PHOTOS:-}" ]; then imesh ingest folder "$images" --dataset scale ${RESIZE:+--resize $RESIZE}
else imesh ingest idx --images "$images/images-idx3-ubyte" --labels "$images/labels-idx1-ubyte" --dataset scale ${RESIZE:+--resize $RESIZE}; fi \
  | grep -E '"(version|imported)"' | tr -d ' \n'; echo
t1=$(now)
echo "import: $(echo "$t1 - $t0" | bc) s; ingestion RSS $(rss $ingestion)"
plan=$(imesh plan create --dataset scale --sampling rare-plus-slice ${RARE_COPIES:+--rare-copies $RARE_COPIES} \
  --batch-size 128 --image-size "${RESIZE:-$SIDE}" --epochs "$EPOCHS" --seed 1 | /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin); print(p["plan"], p["steps_per_epoch"], p["source_samples"])')
t2=$(now)
echo "plan create: $(echo "$t2 - $t1" | bc) s (plan, steps per epoch, train samples: $plan); augmentation RSS $(rss $augmentation)"
if [ -z "${REFERENCE:-}" ]; then
  id=${plan%% *}
  echo "read (made while read): $(imesh plan read "$id" --epochs "$EPOCHS")"
  echo "read again (from Redis): $(imesh plan read "$id" --epochs "$EPOCHS")"
fi
if [ -n "${EXTRA:-}" ]; then
  /usr/bin/python3 "$here/make-scale-idx.py" "$WORK/extra" "$EXTRA" "$SIDE" 1 "$N" > /dev/null
  catalog() { for f in catalog.db catalog.db-wal; do printf '%s %s; ' $f "$(stat -c %s "$WORK/data/$f" 2> /dev/null || echo 0)"; done; }
  before=$(catalog); t3=$(now)
  imesh ingest idx --images "$WORK/extra/images-idx3-ubyte" --labels "$WORK/extra/labels-idx1-ubyte" --dataset scale ${RESIZE:+--resize $RESIZE} | grep -E '"(version|imported)"' | tr -d ' \n'; echo
  t4=$(now)
  echo "extra import of $EXTRA: $(echo "$t4 - $t3" | bc) s; catalog bytes before: $before after: $(catalog) ingestion RSS $(rss $ingestion)"
fi
echo "ingestion RSS $(rss $ingestion); augmentation RSS $(rss $augmentation)"
echo "data: $(du -sh "$WORK/data" | cut -f1) in the ingestion store; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$training" ]; then
  until imesh jobs > /dev/null 2>&1; do sleep 1; done
  t3=$(now)
  imesh_text train --dataset scale --sampling rare-plus-slice --rare-copies "${RARE_COPIES:-5}" --batch-size "${TRAIN_BATCH:-64}" \
    --image-size "${RESIZE:-$SIDE}" --epochs "$TRAIN_EPOCHS" --seed 2 --model cnn ${TRAIN_ARGS:-} < /dev/null > "$WORK/train.log" 2>&1 || true
  tr '\r' '\n' < "$WORK/train.log" | grep -v -E '^\s*$' | tail -n 40
  echo "job: $(imesh jobs | tr -d ' \n')"
  echo "train: $(echo "$(now) - $t3" | bc) s; training RSS $(rss $training); augmentation RSS $(rss $augmentation)"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
echo "redis: $(redis-cli -p "$base" info memory | grep -E '^used_memory_peak_human|^used_memory_human' | tr -d '\r' | tr '\n' ' ')"
