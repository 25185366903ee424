"""Turns `imesh --json sweep` outputs (one file per seed) and post-hoc `imesh --json eval` outputs into a markdown
table: per strategy the mean and range over seeds of balanced accuracy, macro-F1, G-mean and minority recall, and
the mean balanced accuracy against ce. usage: MINORITY=class summarize.py SWEEP.json... [NAME=EVAL.json...]
A seed measured by several runs is one argument, its sweep files joined by ',' (a.json,b.json): a strategy in more than
one of them counts once (the first that did not fail), and the script says when their numbers differ."""
import json
import os
import sys
from collections import defaultdict

METRICS = ("balanced_accuracy", "macro_f1", "g_mean", "minority_recall")


def main(args):
    runs = defaultdict(lambda: defaultdict(list))
    failures = defaultdict(list)
    for path in args:
        if "=" in path:  # NAME=eval.json: a post-hoc evaluation of a model of the sweep
            name, path = path.split("=", 1)
            with open(path) as f:
                doc = json.load(f)
            for m in METRICS[:3]:
                runs[name][m].append(doc[m])
            minority = os.environ["MINORITY"]
            runs[name]["minority_recall"].append(next(c["recall"] for c in doc["per_class"] if c["class"] == minority))
            continue
        seen = {}
        for part in path.split(","):
            with open(part) as f:
                for r in json.load(f)["results"]:
                    first = seen.get(r["strategy"])
                    if first is None or first.get("error"):
                        seen[r["strategy"]] = r
                    elif not r.get("error") and r["balanced_accuracy"] != first["balanced_accuracy"]:
                        print(f"note: {r['strategy']} scored {r['balanced_accuracy']:.4f} in {part}, "
                              f"{first['balanced_accuracy']:.4f} in an earlier file of its seed; the earlier counts\n")
        results = seen.values()
        for r in results:
            if r.get("error"):
                failures[r["strategy"]].append(r["error"])
                continue
            for m in METRICS:
                runs[r["strategy"]][m].append(r[m])
    base = mean(runs["ce"]["balanced_accuracy"]) if runs["ce"]["balanced_accuracy"] else None
    print("| strategy | seeds | balanced accuracy | macro-F1 | G-mean | minority recall | Δ bal. acc. vs ce |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, values in sorted(runs.items(), key=lambda kv: -mean(kv[1]["balanced_accuracy"])):
        cells = [cell(values[m]) for m in METRICS]
        delta = "" if base is None else f"{100 * (mean(values['balanced_accuracy']) - base):+.1f}"
        print(f"| {name} | {len(values['balanced_accuracy'])} | " + " | ".join(cells) + f" | {delta} |")
    for name, errors in failures.items():
        print(f"\n{name} failed {len(errors)}×: {errors[0]}")


def mean(xs):
    return sum(xs) / len(xs)


def cell(xs):
    return f"{100 * mean(xs):.1f} [{100 * min(xs):.1f}–{100 * max(xs):.1f}]"


if __name__ == "__main__":
    main(sys.argv[1:])
