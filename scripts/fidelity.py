#!/usr/bin/env python3
"""How much of what a Sphinx site shows the stepdoc guide shows.

Builds a tree of reStructuredText pages twice, with sphinx-build (HTML) and
with stepdoc (the mdBook guide), then counts, for each page, the words of
Sphinx's page body that the stepdoc page also shows: the multiset
intersection of the two bodies' words, over Sphinx's words. Prints one line
per page (worst first) and the totals.

    scripts/fidelity.py TREE [--minimal-conf] [--writer sphinx|docutils]
                             [--stepdoc BIN] [--keep DIR] [--below PCT]

TREE is a Sphinx source folder (with its conf.py), or any folder of RST
pages with --minimal-conf, which builds it with a conf.py that loads no
extension: directives Sphinx itself does not know then count on neither
side (Sphinx shows them as error messages, whose text is not counted).
--writer docutils compares with docutils' own HTML writer page by page
instead of Sphinx (for the docutils documentation). Sphinx and docutils are
installed from PyPI into the running Python when missing.

Pages whose Sphinx body documents Python objects pulled in by autodoc are
counted apart ("api pages"); the others are "prose pages".
"""

import argparse
import collections
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

WORD = re.compile(r"\w+", re.UNICODE)


def ensure(module, package):
    try:
        __import__(module)
    except ImportError:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", package], check=True
        )


class Body(html.parser.HTMLParser):
    """The text of the element that holds a page's body."""

    SKIP = {"script", "style", "nav", "head", "title"}

    def __init__(self, is_body, is_excluded):
        super().__init__(convert_charrefs=True)
        self.is_body = is_body
        self.is_excluded = is_excluded
        self.depth = 0  # depth inside the body element (0: outside)
        self.stack = []
        self.skip = 0
        self.excluded = 0
        self.words = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return
        self.stack.append(tag)
        if self.depth:
            self.depth += 1
        elif self.is_body(tag, a):
            self.depth = 1
        if self.depth:
            if self.skip or tag in self.SKIP:
                self.skip += 1
            elif self.excluded or self.is_excluded(tag, a):
                self.excluded += 1

    def handle_endtag(self, tag):
        if tag in ("br", "img", "hr", "input", "meta", "link", "wbr"):
            return
        # Close up to the matching tag (HTML may omit some ends).
        while self.stack:
            t = self.stack.pop()
            if self.depth:
                if self.skip:
                    self.skip -= 1
                elif self.excluded:
                    self.excluded -= 1
                self.depth -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.skip and not self.excluded:
            self.words.extend(w.lower() for w in WORD.findall(data))


def words_of(path, is_body, is_excluded):
    p = Body(is_body, is_excluded)
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    return p.words


def sphinx_body(tag, a):
    return a.get("role") == "main" or "body" in a.get("class", "").split()


def sphinx_excluded(tag, a):
    classes = a.get("class", "").split()
    # Error messages for unknown directives and roles, permalink marks.
    return "system-message" in classes or "headerlink" in classes


def docutils_body(tag, a):
    return tag == "main" or (tag == "div" and "document" in a.get("class", "").split())


def stepdoc_body(tag, a):
    return tag == "main"


def stepdoc_excluded(tag, a):
    return False


def is_api_page(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return 'class="sig-object' in text and "autodoc" in text


# Themes a conf.py may import, installed from PyPI when it names them.
THEMES = [
    ("sphinx_rtd_theme", "sphinx-rtd-theme"),
    ("furo", "furo"),
    ("sphinx_book_theme", "sphinx-book-theme"),
    ("pydata_sphinx_theme", "pydata-sphinx-theme"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree")
    ap.add_argument("--minimal-conf", action="store_true")
    ap.add_argument("--writer", choices=["sphinx", "docutils"], default="sphinx")
    ap.add_argument("--stepdoc", default=None)
    ap.add_argument("--keep", default=None, help="build in DIR and keep it")
    ap.add_argument("--below", type=float, default=95.0)
    ap.add_argument(
        "--sphinx",
        default=None,
        metavar="SPEC",
        help="build with this Sphinx (a pip requirement such as 'sphinx==7.4.7'), "
        "installed in a virtual environment cached under ~/.cache/stepdoc-fidelity "
        "(older trees need an older Sphinx)",
    )
    args = ap.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    stepdoc = args.stepdoc or os.path.join(here, "..", "target", "release", "stepdoc")
    work = args.keep or tempfile.mkdtemp(prefix="stepdoc-fidelity-")
    src = os.path.join(work, "src")
    if os.path.exists(src):
        shutil.rmtree(src)
    shutil.copytree(args.tree, src, symlinks=True)
    if args.minimal_conf:
        # Keep the literal settings that change what a page shows.
        kept = []
        conf_path = os.path.join(src, "conf.py")
        if os.path.exists(conf_path):
            for line in open(conf_path, encoding="utf-8", errors="replace"):
                if re.match(r"^(project|language|version|release|master_doc|root_doc|source_suffix)\s*=\s*u?['\"][^'\"]*['\"]\s*$", line):
                    kept.append(line.strip())
        if not any(k.startswith("project") for k in kept):
            kept.append("project = %r" % os.path.basename(os.path.abspath(args.tree)))
        # A tree of Markdown pages is read with MyST, and the MyST syntax
        # extensions stepdoc reads.
        markdown = any(n.endswith(".md") for _, _, fs in os.walk(src) for n in fs)
        extensions = ["myst_parser"] if markdown else []
        myst = (
            "myst_enable_extensions = ['colon_fence', 'deflist', 'fieldlist', 'tasklist', 'dollarmath', "
            "'strikethrough', 'alert', 'attrs_block', 'attrs_inline', 'substitution']\n"
            if markdown
            else ""
        )
        # conf.py's substitutions, when they are a literal.
        if markdown and os.path.exists(conf_path):
            import ast
            try:
                tree = ast.parse(open(conf_path, encoding="utf-8", errors="replace").read())
            except SyntaxError:
                tree = None
            for node in getattr(tree, "body", []):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "myst_substitutions" for t in node.targets
                ):
                    try:
                        myst += "myst_substitutions = %r\n" % (ast.literal_eval(node.value),)
                    except ValueError:
                        pass
        if markdown:
            ensure("myst_parser", "myst-parser")
        with open(conf_path, "w") as f:
            f.write("\n".join(kept) + f"\nextensions = {extensions!r}\n{myst}exclude_patterns = ['_build']\n")
    ref_out = os.path.join(work, "reference")
    pages = []  # (name, reference html, stepdoc html)
    python = sys.executable
    if args.writer == "sphinx" and args.sphinx:
        venv = os.path.join(
            os.path.expanduser("~/.cache/stepdoc-fidelity"),
            re.sub(r"[^A-Za-z0-9.]+", "-", args.sphinx),
        )
        python = os.path.join(venv, "bin", "python")
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            subprocess.run([python, "-m", "pip", "install", "-q", args.sphinx], check=True)
    if args.writer == "sphinx":
        if not args.sphinx:
            ensure("sphinx", "sphinx")
        conf = open(os.path.join(src, "conf.py"), encoding="utf-8", errors="replace").read()
        for module, package in THEMES:
            if module in conf:
                subprocess.run([python, "-m", "pip", "install", "-q", package], check=True)
        r = subprocess.run(
            [python, "-m", "sphinx", "-b", "html", "-q", src, ref_out],
            capture_output=True,
            text=True,
        )
        warnings = r.stderr.count("WARNING") + r.stderr.count("ERROR")
        print(f"sphinx-build: exit {r.returncode}, {warnings} warnings and errors")
        for root, _, files in os.walk(ref_out):
            if os.sep + "_" in root[len(ref_out):]:
                continue
            for name in files:
                if name.endswith(".html") and name not in ("genindex.html", "search.html", "py-modindex.html"):
                    rel = os.path.relpath(os.path.join(root, name), ref_out)
                    pages.append(rel)
        ref_body, ref_excluded = sphinx_body, sphinx_excluded
    else:
        ensure("docutils", "docutils")
        for root, _, files in os.walk(src):
            for name in files:
                # The pages stepdoc reads (no conf.py: `.rst` only).
                if name.endswith(".rst"):
                    rel = os.path.relpath(os.path.join(root, name), src)
                    out = os.path.join(ref_out, os.path.splitext(rel)[0] + ".html")
                    os.makedirs(os.path.dirname(out), exist_ok=True)
                    subprocess.run(
                        [sys.executable, "-m", "docutils", "--quiet", "--halt=5",
                         "--report=5", os.path.join(src, rel), out],
                        capture_output=True,
                    )
                    if os.path.exists(out):
                        pages.append(os.path.splitext(rel)[0] + ".html")
        ref_body, ref_excluded = docutils_body, sphinx_excluded

    out = os.path.join(work, "stepdoc")
    r = subprocess.run([stepdoc, "build", src, "--out", out], capture_output=True, text=True)
    print(f"stepdoc build: exit {r.returncode}, {r.stderr.count('warning:')} warnings")
    if r.returncode != 0:
        print(r.stderr[-2000:])

    rows = []
    totals = collections.Counter()
    for rel in sorted(pages):
        ref_words = collections.Counter(words_of(os.path.join(ref_out, rel), ref_body, ref_excluded))
        total = sum(ref_words.values())
        if total == 0:
            continue
        mine_path = os.path.join(out, "html", rel)
        mine = collections.Counter()
        if os.path.exists(mine_path):
            mine = collections.Counter(words_of(mine_path, stepdoc_body, stepdoc_excluded))
        kept = sum(min(n, mine[w]) for w, n in ref_words.items())
        api = args.writer == "sphinx" and is_api_page(os.path.join(ref_out, rel))
        kind = "api" if api else "prose"
        rows.append((kept / total * 100, rel, kept, total, kind, os.path.exists(mine_path)))
        totals[kind + "_kept"] += kept
        totals[kind + "_total"] += total
    rows.sort()
    print(f"{'kept':>7} {'words':>8}  page")
    for pct, rel, kept, total, kind, present in rows:
        flag = "" if present else "  (no stepdoc page)"
        mark = "  <" if pct < args.below else ""
        print(f"{pct:6.1f}% {total:8d}  {rel} [{kind}]{flag}{mark}")
    for kind in ("prose", "api"):
        t = totals[kind + "_total"]
        if t:
            n = sum(1 for r in rows if r[4] == kind)
            below = sum(1 for r in rows if r[4] == kind and r[0] < args.below)
            print(
                f"{kind} pages: {n}, words kept {totals[kind + '_kept']} of {t} "
                f"({totals[kind + '_kept'] / t * 100:.1f}%), {below} below {args.below:g}%"
            )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
