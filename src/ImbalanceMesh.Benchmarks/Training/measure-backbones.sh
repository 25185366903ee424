#!/bin/sh
# Training steps/s and peak RSS of the torchvision backbones at 224 px on CPU: TorchSharp (ModelTrainer, as the
# training service steps) and PyTorch (python3-torch from Debian) back to back, same model, batch, steps and threads.
# usage: sh src/ImbalanceMesh.Benchmarks/Training/measure-backbones.sh [BATCH] [STEPS] [THREADS] [MODELS...]
set -eu
cd "$(dirname "$0")/../../.."
batch=${1:-8}; steps=${2:-3}; threads=${3:-2}
shift 3 2>/dev/null || shift $#
models=${*:-resnet18 resnet34 resnet50 vgg16}
out=/tmp/imesh-bench-backbones
dotnet build -c Release -o "$out" src/ImbalanceMesh.Benchmarks >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for model in $models; do
  dotnet "$out/ImbalanceMesh.Benchmarks.dll" backbone "$model" "$batch" "$steps" "$threads"
  /usr/bin/python3 src/ImbalanceMesh.Benchmarks/Training/torchvision_backbone.py "$model" "$batch" "$steps" "$threads"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
