#!/usr/bin/env bash
# quant_lm_head: on an untied copy of stories260K, lm_head is quantized (RTN, the scheme's W4G32)
# bit-identically to auto-round's quant_tensor_sym, listed in the auto_round export's extra_config
# and packed there; on the tied original it stays in 16 bits with a message, as in the reference.
set -euo pipefail
bin=$1 shared=$2 python=$3
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$python" "$here/lm_head_oracle.py" untie "$shared/models/stories260K/hf" "$work/untied"

"$bin" quantize --model "$work/untied" --bits 4 --group_size 32 --iters 0 --disable_opt_rtn --quant_lm_head \
  --format auto_round,fake --output_dir "$work/out" > "$work/untied.log" 2>&1 || { cat "$work/untied.log"; fail "quantize"; }
grep -q "lm_head quantized" "$work/untied.log" || { cat "$work/untied.log"; fail "no lm_head message"; }
fake=$work/out/fake packed=$work/out/auto_round  # one subfolder per format
"$python" "$here/lm_head_oracle.py" check "$work/untied" "$fake"
"$python" - "$packed" <<'PY'
import json, sys
from safetensors import safe_open
d = sys.argv[1]
q = json.load(open(f"{d}/config.json"))["quantization_config"]
entry = q.get("extra_config", {}).get("lm_head")
print("auto_round extra_config lm_head:", entry)
assert entry and entry["bits"] == 4 and entry["group_size"] == 32, "lm_head missing from extra_config"
import glob
names = set()
for f in glob.glob(f"{d}/*.safetensors"):
    names |= set(safe_open(f, "pt").keys())
assert "lm_head.qweight" in names and "lm_head.weight" not in names, sorted(n for n in names if "lm_head" in n)
PY

"$bin" quantize --model "$shared/models/stories260K/hf" --bits 4 --group_size 32 --iters 0 --quant_lm_head \
  --format fake --output_dir "$work/tied" > "$work/tied.log" 2>&1 || { cat "$work/tied.log"; fail "tied quantize"; }
grep -q "lm_head stays in 16 bits: it is tied" "$work/tied.log" || { cat "$work/tied.log"; fail "tied: no message"; }
echo "PASS"
