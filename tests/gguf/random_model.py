"""A tiny randomly initialised HF checkpoint of one architecture (transformers), with SmolLM2's
tokenizer, for the GGUF writer's architectures that have no small real model here.
Weights are drawn wide (std 0.2, q/k/v biases too) so that a wrong rotary, bias or norm mapping
moves the perplexity by far more than llama.cpp's 8-bit activation rounding does.
    random_model.py ARCH OUT_DIR TOKENIZER_DIR      (ARCH: qwen2 | qwen3 | gpt2)"""
import os
import shutil
import sys

import torch
import transformers


def main():
    arch, out, tokenizer_dir = sys.argv[1:4]
    torch.manual_seed(0)
    common = dict(vocab_size=49152, hidden_size=128, intermediate_size=256, num_hidden_layers=2,
                  num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                  tie_word_embeddings=True, bos_token_id=0, eos_token_id=0, initializer_range=0.2)
    if arch == "qwen2":
        model = transformers.Qwen2ForCausalLM(transformers.Qwen2Config(**common))
        with torch.no_grad():
            for layer in model.model.layers:
                for proj in (layer.self_attn.q_proj, layer.self_attn.k_proj, layer.self_attn.v_proj):
                    proj.bias.normal_(0, 0.2)
    elif arch == "qwen3":
        model = transformers.Qwen3ForCausalLM(transformers.Qwen3Config(head_dim=32, **common))
    elif arch == "gpt2":
        model = transformers.GPT2LMHeadModel(transformers.GPT2Config(
            vocab_size=49152, n_embd=128, n_layer=2, n_head=4, n_positions=512, bos_token_id=0, eos_token_id=0,
            initializer_range=0.2))
        with torch.no_grad():  # Conv1D biases start at zero and norms at 1/0: move them so a wrong mapping shows
            for name, p in model.named_parameters():
                if name.endswith(".bias") or ".ln_" in name:
                    p.add_(torch.randn_like(p) * 0.2)
    else:
        sys.exit(f"random_model.py: unknown architecture {arch!r} (qwen2, qwen3, gpt2)")
    model.save_pretrained(out, safe_serialization=True)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(os.path.join(tokenizer_dir, name), os.path.join(out, name))


if __name__ == "__main__":
    main()
