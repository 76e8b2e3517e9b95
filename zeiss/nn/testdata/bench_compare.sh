#!/usr/bin/env bash
# Times the model workloads in Go (zeiss bench) and in PyTorch
# (shared/bench/torch_reference.py, at 1 and 2 threads) in the same run and
# prints seconds and the ratio torch/Go per workload (above 1: Go is faster).
#
# Usage, from anywhere in the repository:
#   zeiss/nn/testdata/bench_compare.sh            # REPEAT=3 by default
#   REPEAT=1 ONLY=inverse_std,lr_search zeiss/nn/testdata/bench_compare.sh
#
# PyTorch is Debian's python3-torch run with /usr/bin/python3 (apt-get install -y
# python3-torch python3-numpy libopenblas0-pthread). Without it, only the Go
# timings are printed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
repeat=${REPEAT:-3}
only=${ONLY:-}
ref=${TORCH_REFERENCE:-$root/../shared/bench/torch_reference.py}
py=${TORCH_PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/zeiss" ./zeiss/cmd/zeiss
"$tmp/zeiss" bench -json -repeat "$repeat" ${only:+-only "$only"} > "$tmp/go.json"

have_torch=0
if [ -f "$ref" ] && [ -x "$py" ] && "$py" -c 'import torch' 2>/dev/null; then
	have_torch=1
	for th in 1 2; do
		env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" "$ref" --threads "$th" --repeat "$repeat" ${only:+--only "$only"} > "$tmp/torch$th.json"
	done
else
	echo "bench-compare: PyTorch not available ($py cannot import torch, or $ref is missing);" >&2
	echo "  install it with: apt-get install -y python3-torch python3-numpy libopenblas0-pthread" >&2
	echo '{}' > "$tmp/torch1.json"
	echo '{}' > "$tmp/torch2.json"
fi

# The table is formatted with whatever python3 is at hand (no torch needed).
fmt_py=$(command -v python3 || echo "$py")
"$fmt_py" - "$tmp/go.json" "$tmp/torch1.json" "$tmp/torch2.json" "$have_torch" <<'PY'
import json, sys
go, t1, t2 = (json.load(open(p)) for p in sys.argv[1:4])
have = sys.argv[4] == "1"
print(f"Go {go.get('go')} ({go.get('threads')} threads)" + (f" vs PyTorch {t1.get('torch')} (OpenBLAS; best of 1 and 2 threads)" if have else ""))
print(f"{'workload':16} {'go s':>9} {'torch1 s':>9} {'torch2 s':>9} {'ratio':>7}")
for k in ["model2_base", "model2_finetune", "model1_cycle", "inverse_std", "inverse_thick", "lr_search"]:
    if k not in go:
        continue
    g = go[k]
    a, b = t1.get(k), t2.get(k)
    if have and a is not None and b is not None:
        best = min(a, b)
        print(f"{k:16} {g:9.4f} {a:9.4f} {b:9.4f} {best / g:6.1f}x")
    else:
        print(f"{k:16} {g:9.4f} {'-':>9} {'-':>9} {'-':>7}")
PY
