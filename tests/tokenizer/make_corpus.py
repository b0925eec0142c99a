#!/usr/bin/env python3
"""Regenerates tests/data/tokenizer/corpus.txt, the tokenizer test corpus.

Usage: make_corpus.py [SHARED_DATA_DIR] [OUT]
  SHARED_DATA_DIR defaults to /work/shared/data (wikitext2_raw_test and
  tinystories_val100 are read from it); OUT defaults to the committed corpus.

Lines are separated by "\n" only: a line may contain "\r", U+0085, U+2028 and
other characters that str.splitlines() would treat as line breaks.
The output is deterministic (fixed random seed).
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "data", "tokenizer", "corpus.txt")

CODE_SNIPPETS = r'''
#include <vector>
int sum(const std::vector<int>& values) {
    int total = 0;
    for (int v : values) total += v;  // accumulate
    return total;
}
template <typename T> struct Box { T value; explicit Box(T v) : value(v) {} };
if (ptr != nullptr && ptr->count >= 0x7fff) { return -EINVAL; }
std::map<std::string, std::vector<float>> table{{"a", {1.0f, 2.5e-3f}}};
def fibonacci(n: int) -> list[int]:
    a, b = 0, 1
    out = []
    while len(out) < n:
        out.append(a); a, b = b, a + b
    return out
class Greeter:
    def __init__(self, name="world"):
        self.name = name
    def __repr__(self): return f"Greeter({self.name!r})"
print(f"{3.14159:.2f} {'x' * 3} {{literal}}")
lambda x, *args, **kwargs: (x, args, kwargs)
fn main() {
    let xs: Vec<u64> = (1..=10).map(|x| x * x).collect();
    println!("{:?}", xs.iter().sum::<u64>());
}
impl<'a> Parser<'a> { pub fn new(src: &'a str) -> Self { Self { src, pos: 0 } } }
match value { Some(ref v) if v.len() > 2 => v.clone(), _ => String::new() }
const fetchData = async (url) => { const res = await fetch(url); return res.json(); };
document.querySelectorAll('.item').forEach((el, i) => el.dataset.index = `${i}`);
let obj = { key: 'value', "quoted-key": [1, 2, 3], nested: { deep: null } };
func handler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "Hello, %s!\n", r.URL.Path[1:])
}
	for i := 0; i < len(items); i++ { if items[i] == nil { continue } }
SELECT id, name, COUNT(*) AS n FROM users WHERE created_at >= '2024-01-01' GROUP BY id HAVING n > 5;
UPDATE accounts SET balance = balance - 100.00 WHERE id = 42;
#!/bin/bash
for f in *.txt; do echo "processing $f"; wc -l "$f" | awk '{print $1}'; done
export PATH="$HOME/.local/bin:$PATH" && cd /tmp || exit 1
<div class="container"><p id="intro">Hello &amp; welcome!</p><br/></div>
<html><head><title>Test</title></head><body><table><tr><td>1</td></tr></table></body></html>
{"name": "ar-host", "version": "0.1.0", "deps": ["nlohmann-json", "pcre2"], "ok": true}
all: build
	$(CC) -O2 -Wall -o $@ $^ $(LDFLAGS)
public static void main(String[] args) { System.out.println("Hello " + args.length); }
@Override public int hashCode() { return Objects.hash(id, name); }
x = np.linspace(0, 2 * np.pi, 100); y = np.sin(x) ** 2 + np.cos(x) ** 2
assert torch.allclose(out, ref, atol=1e-5, rtol=1e-3), f"max diff {(out - ref).abs().max()}"
    if __name__ == "__main__":
        main()
// TODO(someone): handle the edge case where n == 0 && m != 0
/* multi-line comment start
 * continues here
 */
$ git commit -m "Fix off-by-one in tokenizer (#123)"
C:\Users\Admin\Documents\file_v2.final.txt
https://example.com/path/to/page?query=a+b&lang=en#section-2
user.name+tag@example.co.uk, 192.168.0.1:8080, ::1, fe80::1ff:fe23:4567:890a
s = "tab\tseparated\tvalues"; t = 'escaped \'quote\''; u = "back\\slash"
regex = r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$"
'''.strip("\n").split("\n")

NUMBERS = [
    "0", "7", "42", "123", "1234", "12345", "123456789", "3.14159", "-0.5", "+1e-10", "6.022e23",
    "1,000,000", "1.000.000,50", "2024-06-30", "23:59:59.999", "(555) 123-4567", "+44 20 7946 0958",
    "0x1F 0b1010 0o777", "1/2 + 3/4 = 5/4", "99.9% of 1000 = 999", "v1.2.3-rc.4",
    "Room 101, floor 7, building 3B", "$19.99 and €5,50 and ¥1000 and £3", "x² + y³ = z⁴", "½ ¼ ¾ ⅓",
    "١٢٣٤٥ ٦٧٨٩٠", "१२३ ४५६", "一二三 四五六 123", "Ⅻ Ⅳ ⅸ", "3rd 21st 100th 2nd",
    "1234567890123456789012345678901234567890",
]

WHITESPACE = [
    "  two leading spaces", "trailing spaces   ", "   ", " ", "\t", "\t\ttabs\tand\tspaces  mixed \t",
    "a  b   c    d     e", "word\u00a0non-breaking\u00a0space", "ideographic\u3000space", "next\u0085line",
    "line\u2028separator", "para\u2029separator", "en\u2002em\u2003thin\u2009space", "zero\u200bwidth",
    "carriage\rreturn", "crlf at end\r", "\r", "vertical\x0btab and form\x0cfeed",
    "control \x01\x02\x07 chars \x1b[0m", "    indented four", "        indented eight",
    "\t\t\t", " \t \t ", "end with tab\t", "many      spaces      between      words",
    "  \u00a0 \u00a0 mixed", "nul\x00byte",
]

MULTILINGUAL = [
    "Café crème brûlée à la façon de Noël.", "Ünïcödé tëxt wïth dïäërësïs.", "Straße, Größe, Maß, ẞ.",
    "El niño comió piña en la mañana.", "Tiếng Việt có nhiều dấu: ả ã ạ ặ ẫ ự.",
    "Ελληνικά: Καλημέρα κόσμε, ΣΊΣΥΦΟΣ σίσυφος.", "Русский: Привет, как дела? Ёлка и ёж.",
    "Українська: Доброго ранку, ґанок і їжак.", "العربية: مرحبا بالعالم، كيف حالك؟",
    "עברית: שלום עולם, מה שלומך?", "हिन्दी: नमस्ते दुनिया, आप कैसे हैं?", "ไทย: สวัสดีชาวโลก สบายดีไหม",
    "한국어: 안녕하세요 세계, 잘 지내세요?", "日本語: こんにちは世界、お元気ですか？カタカナもある。",
    "中文：你好，世界！今天天气很好。我们去公园散步吧。", "繁體中文：歡迎來到臺灣，這裡的夜市很有名。",
    "Mixed 中英文 text with English words 和汉字 together.", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ ！？",
    "decomposed: e\u0301 a\u0300 o\u0308 n\u0303 (NFD) vs é à ö ñ (NFC)", "ligatures: ﬁ ﬂ ﬀ ﬃ and ℌ ℍ ℕ ™ ㎏",
    "Turkish İstanbul ıi İI", "Polish zażółć gęślą jaźń", "Czech příliš žluťoučký kůň",
    "Icelandic Þórður og Æsa", "Armenian Բարև աշխարհ", "Georgian გამარჯობა", "Amharic ሰላም ልዑል",
    "Tamil வணக்கம் உலகம்", "Bengali হ্যালো বিশ্ব", "Mongolian Сайн байна уу",
    "math: ∀x∈ℝ, ∃y: x+y=0; ∑ᵢ aᵢ ≤ ∫₀¹ f(x) dx ≈ π/4 ≠ ∞", "arrows → ← ↑ ↓ ⇒ ⇔ and box ┌─┐│└┘",
    "quotes “curly” ‘single’ «guillemets» „low“ and dashes – — ‐", "ellipsis… bullet • middle·dot",
    "private use \ue000\uf8ff and replacement \ufffd char", "BOM \ufeff inside", "surrogate-plane 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚",
]

EMOJI = [
    "I love pizza 🍕 and tacos 🌮!", "😀😃😄😁😆😅😂🤣", "family 👨‍👩‍👧‍👦 and couple 👩‍❤️‍👨",
    "flags 🇺🇸 🇫🇷 🇯🇵 🇧🇷 🏳️‍🌈", "skin tones 👋🏻 👋🏼 👋🏽 👋🏾 👋🏿", "keycaps 1️⃣ 2️⃣ #️⃣ *️⃣",
    "weather ☀️ 🌧️ ⛈️ ❄️ 🌈", "hearts ❤️ 🧡 💛 💚 💙 💜 🖤", "🚀 launch in 3… 2… 1…",
    "text ✓ ✗ ★ ☆ ♠ ♣ ♥ ♦", "emoji-only line: 🎉🎉🎉", "🤖 says: beep-boop 🔧⚙️",
]

SPECIAL_TOKENS = [
    "<s>", "</s>", "<unk>", "<pad>", "<bos>", "<eos>", "<mask>", "<|endoftext|>", "<|im_start|>",
    "<|im_end|>", "<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>", "<start_of_turn>",
    "<end_of_turn>", "[MASK]", "[CLS]", "[SEP]", "<0x41>", "<0x0A>", "<extra_id_0>", "<special>",
    "<|user|>", "<tab>", "<repo_name>", "<file_sep>", "<unused0>", "<table>", "</table>", "[multimodal]",
]

CONTRACTIONS = [
    "I'm sure it's fine, isn't it? We'll see; they've said you'd know.",
    "DON'T SHOUT, I'M LISTENING! THEY'RE HERE AND WE'VE GOT IT.",
    "Mixed Case: You'Re, We'LL, It'S, I'D, They'Ve, She'd, He's.",
    "rock'n'roll o'clock y'all ma'am 'quoted' ''double'' '''triple'''",
    "Unicode apostrophe: it’s don’t we’ll and ’tis",
]


def read_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read().replace("\r\n", "\n").split("\n")


def wikitext_lines(data_dir, rng, count):
    lines = [l for l in read_lines(os.path.join(data_dir, "wikitext2_raw_test", "wiki.test.raw"))
             if l.strip() and len(l.encode()) <= 420]
    return rng.sample(lines, count)


def tinystories_lines(data_dir, count):
    lines = read_lines(os.path.join(data_dir, "tinystories_val100", "validation_100.txt"))
    return [l for l in lines if l][:count]


def special_token_lines(rng, count):
    templates = [
        "{t}", "{t}{t}", "Hello {t} world", "Hello{t}world", "Hello {t}world", "Hello{t} world",
        "  {t}  spaced  ", "\t{t}\t", "start{t}", "{t}end", "a {t} b {u} c", "{t}\n{u}", "x{t}{u}y",
        "word {t}, next", "({t})", "{t}  {u}  ", "{t}123", "١{t}", "é{t}é", "日本{t}語",
    ]
    lines = []
    for _ in range(count):
        template = rng.choice(templates).replace("\n", " ")
        lines.append(template.format(t=rng.choice(SPECIAL_TOKENS), u=rng.choice(SPECIAL_TOKENS)))
    return lines


def random_mix_lines(rng, pools, count):
    flat = [item for pool in pools for item in pool]
    lines = []
    for _ in range(count):
        parts = [rng.choice(flat) for _ in range(rng.randint(2, 4))]
        joiner = rng.choice([" ", "", "  ", "\t", ", ", " - "])
        lines.append(joiner.join(p.replace("\n", " ") for p in parts))
    return lines


def long_lines(rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        "a" * 3000,
        "".join(rng.choice(letters) for _ in range(4000)),
        "".join(rng.choice("0123456789") for _ in range(1500)),
        " ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(400)),
        "ab" * 1500,
        "\u00e9" * 800,
        "中" * 600,
        "😀" * 300,
        " " * 500 + "x",
        "=" * 200 + " header " + "=" * 200,
    ]


def build_corpus(data_dir):
    rng = random.Random(20240630)
    lines = []
    lines += wikitext_lines(data_dir, rng, 560)
    lines += tinystories_lines(data_dir, 430)
    lines += CODE_SNIPPETS * 3
    lines += NUMBERS * 4
    lines += WHITESPACE * 3
    lines += MULTILINGUAL * 4
    lines += EMOJI * 4
    lines += CONTRACTIONS * 4
    lines += special_token_lines(rng, 260)
    lines += random_mix_lines(rng, [NUMBERS, WHITESPACE, MULTILINGUAL, EMOJI, CONTRACTIONS, CODE_SNIPPETS], 240)
    lines += long_lines(rng)
    lines += ["", "", ""]
    rng.shuffle(lines)
    return lines


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"
    out = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    lines = build_corpus(data_dir)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines)} lines, {os.path.getsize(out)} bytes to {out}")


if __name__ == "__main__":
    main()
