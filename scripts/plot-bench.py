#!/usr/bin/env python3
"""Bar chart (SVG) of ns per resource per variant, render and parse, from divan's output.

    cargo bench --bench propfind > propfind.txt
    cargo bench --bench parse > parse.txt
    scripts/plot-bench.py propfind.txt parse.txt -o docs/bench.svg

Reads the median time and the median items/s of each bench row (divan's table), takes the
N = 10 000 rows of the render bench (derive, derive_reused_writer, hand_tuned,
quick_xml_writer) and the rows of the parse bench, and writes the chart; prints a table of
ns per resource, MB/s, the ratio to the group's hand_tuned row and allocations per resource
(divan's mean `alloc` count per iteration divided by N). Standard library only.
"""

import argparse
import re
import sys

N = 10_000
RENDER = ["derive", "derive_reused_writer", "hand_tuned", "quick_xml_writer"]
PARSE = ["parse_derive_slice", "parse_derive_stream", "parse_hand_tuned", "parse_serde"]
UNITS = {"ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}
RATE = {"": 1.0, "K": 1e3, "M": 1e6, "G": 1e9}
NODE = re.compile(r"^[│ ]*?([├╰])─ (\S+)(.*)$")


def columns(rest):
    return [c.strip() for c in rest.split("│")]


def rows(path):
    """{bench path: {"median_ns", "items_per_s", "bytes_per_s", "allocs"}} of a divan table."""
    out, stack, current, label = {}, [], None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = NODE.match(line)
            if m:
                depth = line.index(m.group(1)) // 3
                stack = stack[:depth] + [m.group(2)]
                cols = columns(m.group(3))
                current = None
                t = cols[2].split() if len(cols) > 2 else []
                if len(t) == 2 and t[1] in UNITS:
                    current = out.setdefault("/".join(stack), {})
                    current["median_ns"] = float(t[0]) * UNITS[t[1]]
                continue
            if current is None or not line.startswith("│") and not line.startswith(" "):
                continue
            cols = columns(line.lstrip("│ "))
            first = cols[0]
            rate = re.match(r"^([\d.]+) ([KMG]?)(item|B)/s$", cols[2]) if len(cols) > 2 else None
            if rate:
                key = "items_per_s" if rate.group(3) == "item" else "bytes_per_s"
                current[key] = float(rate.group(1)) * RATE[rate.group(2)]
            elif first.endswith(":"):
                label = first[:-1]
            elif label == "alloc" and re.match(r"^[\d.]+$", first) and "allocs" not in current:
                current["allocs"] = float(cols[3]) if len(cols) > 3 else float(first)
    return out


def per_resource(row):
    if "items_per_s" in row:
        return 1e9 / row["items_per_s"]
    return row["median_ns"] / N


def table(group, names, data):
    base = next((data.get(n) for n in names if "hand_tuned" in n), None)
    lines = []
    for name in names:
        row = data.get(name)
        if row is None:
            continue
        ns = per_resource(row)
        # The render bench counts resources, not bytes: no MB/s for its rows.
        mbs = row.get("bytes_per_s", float("nan")) / 1e6
        ratio = ns / per_resource(base) if base else float("nan")
        allocs = row.get("allocs", float("nan")) / N
        lines.append((group, name.split("/")[0], ns, mbs, ratio, allocs))
    return lines


def svg(lines):
    bar_h, gap, left, width = 22, 6, 230, 520
    top = 40
    most = max(line[2] for line in lines)
    y = top
    parts = []
    group = None
    for g, name, ns, _, ratio, _ in lines:
        if g != group:
            group = g
            y += 10
            parts.append(f'<text x="10" y="{y + 12}" font-weight="bold">{g}</text>')
            y += 20
        w = max(1, ns / most * width)
        color = "#4e79a7" if "derive" in name else ("#59a14f" if "hand_tuned" in name else "#bab0ac")
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{name}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
        parts.append(
            f'<text x="{left + w + 6:.1f}" y="{y + 15}">{ns:,.0f} ns ({ratio:.2f}× hand-tuned)</text>'
        )
        y += bar_h + gap
    height = y + 20
    total_w = left + width + 230
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}" height="{height}" '
        f'font-family="sans-serif" font-size="13">'
        f'<rect width="100%" height="100%" fill="white"/>'
        f'<text x="10" y="22" font-size="15" font-weight="bold">ns per resource, SPEC workload, '
        f'N = 10 000 (divan median; lower is better)</text>'
    )
    return head + "".join(parts) + "</svg>\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("propfind", help="output of cargo bench --bench propfind")
    p.add_argument("parse", help="output of cargo bench --bench parse")
    p.add_argument("-o", "--output", default="docs/bench.svg")
    a = p.parse_args()
    render = rows(a.propfind)
    parse = rows(a.parse)
    lines = table("render", [f"{n}/10000" for n in RENDER], render)
    lines += table("parse", PARSE, parse)
    if not lines:
        sys.exit("no bench rows found")
    print(f"{'group':<7} {'variant':<22} {'ns/resource':>11} {'MB/s':>7} {'ratio':>6} {'allocs/resource':>15}")
    for g, name, ns, mbs, ratio, allocs in lines:
        rate = "-" if mbs != mbs else f"{mbs:.0f}"
        print(f"{g:<7} {name:<22} {ns:>11.0f} {rate:>7} {ratio:>6.2f} {allocs:>15.2f}")
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(svg(lines))
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
