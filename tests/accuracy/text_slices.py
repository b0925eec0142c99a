"""Disjoint calibration and evaluation texts for the accuracy tests and bench/tune.

tinystories: calibrate on stories 1-50 of validation_100.txt, evaluate on stories 51-100.
wikitext:    calibrate on long paragraphs of the first 40% of wiki.test.raw, evaluate on text
             that starts at 60% of the file.
The calibration file separates texts with <|endoftext|> (ar-host's local dataset and
autoround_ppl.py split it the same way); the evaluation file is plain text without markers.
"""
import sys

MARKER = "<|endoftext|>"


def tinystories(text):
    stories = [s.strip() for s in text.split(MARKER) if s.strip()]
    return stories[:50], "\n".join(stories[50:]) + "\n"


def wikitext(text, eval_chars):
    lines = text.split("\n")
    cut_calib, cut_eval = int(len(lines) * 0.4), int(len(lines) * 0.6)
    calib = [l.strip() for l in lines[:cut_calib] if len(l) > 800 and not l.strip().startswith("=")]
    held = "\n".join(lines[cut_eval:])
    return calib, held[:eval_chars]


def write(kind, source, calib_out, eval_out, eval_chars=400000):
    with open(source, encoding="utf-8") as f:
        text = f.read()
    calib, held = tinystories(text) if kind == "tinystories" else wikitext(text, eval_chars)
    with open(calib_out, "w", encoding="utf-8") as f:
        f.write(f"\n{MARKER}\n".join(calib) + "\n")
    with open(eval_out, "w", encoding="utf-8") as f:
        f.write(held)
    return len(calib)


if __name__ == "__main__":  # text_slices.py KIND SOURCE CALIB_OUT EVAL_OUT
    print(write(*sys.argv[1:5]))
