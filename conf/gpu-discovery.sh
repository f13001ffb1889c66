#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this node as Spark's ResourceInformation JSON, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# Use it for both spark.worker.resource.gpu.discoveryScript and spark.executor.resource.gpu.discoveryScript.
# CUDA_VISIBLE_DEVICES, when set, restricts the list (as the CUDA runtime does).
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "gpu-discovery.sh: nvidia-smi not found: this node has no NVIDIA driver" >&2
    exit 1
fi
mapfile -t ids < <(nvidia-smi --query-gpu=index --format=csv,noheader,nounits | tr -d ' ')
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
    IFS=, read -r -a ids <<< "$CUDA_VISIBLE_DEVICES"
fi
printf '{"name": "gpu", "addresses": ['
sep=""
for id in "${ids[@]}"; do
    printf '%s"%s"' "$sep" "$id"
    sep=", "
done
printf ']}\n'
