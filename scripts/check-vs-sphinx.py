#!/usr/bin/env python3
"""What `stepdoc check` reports on a Sphinx tree, beside what sphinx-build
reports on the same tree in the same run.

    scripts/check-vs-sphinx.py TREE [--docs SUBDIR] [--minimal-conf]
                                    [--sphinx SPEC] [--stepdoc BIN] [--show N]

Builds TREE (a Sphinx source folder) with sphinx-build (HTML, warnings
kept) and checks it with `stepdoc check --format json`. Findings are
grouped by family (stepdoc's rule code, and the message with names and
numbers taken out); each family prints its count on both sides and how
many of stepdoc's findings sphinx-build also reports at the same file and
line (within one line). TREE is copied whole; --docs names its Sphinx
source folder when that is not TREE itself (pages may include files beside
it). An error family that sphinx-build does not report
is a false error of stepdoc, or a mistake Sphinx does not see.

--minimal-conf replaces conf.py with one that keeps only its literal
settings and loads no extension (for trees whose conf.py needs their own
code); both tools then read the same conf.py. --sphinx installs that Sphinx
in a virtual environment under ~/.cache/stepdoc-fidelity, as
scripts/fidelity.py does.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# sphinx-build's warnings: `path:line: WARNING: text` (line may be absent).
SPHINX_LINE = re.compile(
    r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+))?(?::[^:\n]*)?: (?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<text>.*)$"
)


def family(text):
    """A message with its names, paths and numbers taken out."""
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"`[^`]*`", "`…`", text)
    text = re.sub(r"\d+", "N", text)
    return text.split(". ")[0].rstrip(".")[:90]


def venv_python(spec):
    venv = os.path.join(
        os.path.expanduser("~/.cache/stepdoc-fidelity"), re.sub(r"[^A-Za-z0-9.]+", "-", spec)
    )
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", spec], check=True)
    return python


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree")
    ap.add_argument("--docs", default=".", metavar="SUBDIR")
    ap.add_argument("--minimal-conf", action="store_true")
    ap.add_argument("--sphinx", default=None, metavar="SPEC")
    ap.add_argument("--stepdoc", default=None)
    ap.add_argument("--show", type=int, default=2, help="examples shown per family")
    args = ap.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    stepdoc = args.stepdoc or os.path.join(here, "..", "target", "release", "stepdoc")
    work = tempfile.mkdtemp(prefix="stepdoc-check-vs-sphinx-")
    copy = os.path.join(work, "tree")
    shutil.copytree(args.tree, copy, symlinks=True)
    src = os.path.normpath(os.path.join(copy, args.docs))
    # The copy is a repository of its own, as the tree is where it lives:
    # stepdoc's project folder (where includes may reach) is its root.
    subprocess.run(["git", "init", "-q", copy], check=True)
    if args.minimal_conf:
        kept = []
        conf_path = os.path.join(src, "conf.py")
        if os.path.exists(conf_path):
            for line in open(conf_path, encoding="utf-8", errors="replace"):
                if re.match(
                    r"^(project|language|version|release|master_doc|root_doc|source_suffix)\s*=\s*u?['\"][^'\"]*['\"]\s*$",
                    line,
                ):
                    kept.append(line.strip())
        if not any(k.startswith("project") for k in kept):
            kept.append("project = %r" % os.path.basename(os.path.abspath(args.tree)))
        with open(conf_path, "w") as f:
            f.write("\n".join(kept) + "\nextensions = []\nexclude_patterns = ['_build']\n")

    python = venv_python(args.sphinx) if args.sphinx else sys.executable
    if not args.sphinx:
        try:
            __import__("sphinx")
        except ImportError:
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "sphinx"], check=True)

    # sphinx-build, keeping going past errors, every warning on stderr.
    r = subprocess.run(
        [python, "-m", "sphinx", "-b", "html", "-q", "--keep-going", src, os.path.join(work, "html")],
        capture_output=True,
        text=True,
    )
    sphinx_findings = []
    for line in r.stderr.splitlines():
        m = SPHINX_LINE.match(line.strip())
        if not m:
            continue
        path = os.path.relpath(os.path.abspath(m["path"]), src) if os.path.isabs(m["path"]) else m["path"]
        sphinx_findings.append((path, int(m["line"] or 0), m["level"], m["text"]))
    by_place = collections.defaultdict(list)
    for path, line, level, text in sphinx_findings:
        by_place[path].append(line)

    r2 = subprocess.run([stepdoc, "check", src, "--format", "json"], capture_output=True, text=True)
    try:
        mine = json.loads(r2.stdout or "[]")
    except json.JSONDecodeError:
        print(r2.stdout[-2000:], r2.stderr[-2000:])
        sys.exit(2)

    # A finding is also reported by sphinx-build when sphinx-build gives
    # the same family in the same file (inline messages carry the line of
    # their paragraph there, the character's line here), or any message
    # within one line of it.
    sphinx_by_family = collections.Counter((p, family(t)) for p, _, _, t in sphinx_findings)
    families = collections.OrderedDict()
    for f in mine:
        rel = os.path.relpath(os.path.abspath(f["file"]), src)
        fam_text = family(f["message"])
        key = (f["severity"], f["code"], fam_text)
        fam = families.setdefault(key, {"n": 0, "seen": 0, "examples": []})
        fam["n"] += 1
        if sphinx_by_family[(rel, fam_text)] > 0:
            sphinx_by_family[(rel, fam_text)] -= 1
            fam["seen"] += 1
        elif any(abs(l - f["line"]) <= 1 for l in by_place.get(rel, [])):
            fam["seen"] += 1
        if len(fam["examples"]) < args.show:
            fam["examples"].append(f"{rel}:{f['line']}:{f['column']} {f['message'][:110]}")

    sphinx_families = collections.Counter(
        (level, family(text)) for _, _, level, text in sphinx_findings
    )
    sphinx_examples = collections.defaultdict(list)
    for path, line, level, text in sphinx_findings:
        ex = sphinx_examples[(level, family(text))]
        if len(ex) < args.show:
            ex.append(f"{path}:{line} {text[:110]}")
    errors = sum(1 for f in mine if f["severity"] == "error")
    print(f"sphinx-build: exit {r.returncode}, {len(sphinx_findings)} warnings and errors")
    print(f"stepdoc check: exit {r2.returncode}, {len(mine)} findings, {errors} errors")
    print()
    print(f"{'stepdoc':>8} {'also by sphinx':>15}  family")
    for (sev, code, fam), v in sorted(families.items(), key=lambda kv: (kv[0][0] != "error", -kv[1]["n"])):
        print(f"{v['n']:8d} {v['seen']:15d}  {sev} {code} {fam}")
        for e in v["examples"]:
            print(f"{'':26}{e}")
    print()
    print("sphinx-build's families:")
    for (level, fam), n in sphinx_families.most_common():
        print(f"{n:8d}  {level} {fam}")
        for e in sphinx_examples[(level, fam)]:
            print(f"{'':10}{e}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
