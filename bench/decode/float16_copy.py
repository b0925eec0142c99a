"""Writes a float16 copy of a Hugging Face model directory (weights rounded to float16, config
dtype float16, every other file copied), as 16-bit checkpoints are published. The decode bench
runs on such a copy: real checkpoints store their weights in 16 bits, the prepared test models in
float32 (dequantized GGUF weights).
usage: float16_copy.py SRC_DIR DST_DIR"""
import json
import shutil
import sys
from pathlib import Path

from safetensors.torch import load_file, save_file


def main(src: Path, dst: Path) -> None:
    tmp = dst.with_name(dst.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for path in src.iterdir():
        if path.suffix == ".safetensors":
            tensors = {k: (v.half() if v.is_floating_point() else v) for k, v in load_file(path).items()}
            save_file(tensors, tmp / path.name, metadata={"format": "pt"})
        elif path.name == "config.json":
            config = json.loads(path.read_text())
            config["torch_dtype"] = "float16"
            config.pop("dtype", None)
            (tmp / path.name).write_text(json.dumps(config, indent=2))
        elif path.is_file() and not path.name.startswith("."):
            shutil.copy2(path, tmp / path.name)
    tmp.rename(dst)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
