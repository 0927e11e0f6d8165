//! Pathological inputs, shared by `tests/pathological.rs` (each finishes and
//! gives a tree) and `benches/pathological.rs` (time at n and 10n).

/// One pathological input: a name and a generator taking a size.
// The test reads `test_n`, the benchmark `bench_n`; each compiles this file.
#[allow(dead_code)]
pub struct Case {
    pub name: &'static str,
    /// The size the test uses; the benchmark times n and 10n.
    pub test_n: usize,
    pub bench_n: usize,
    pub make: fn(usize) -> String,
    /// Needs `line_length_limit` raised.
    pub long_lines: bool,
}

/// A paragraph of `n` bytes made of lines of `unit` repeated after "a ".
fn paragraph_of(unit: &str, n: usize) -> String {
    let line = format!("a {}\n", unit.repeat(98 / unit.len().max(1)));
    line.repeat(n / line.len() + 1)
}

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "nested bullet lists (depth n)",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| format!("{}x\n", "- ".repeat(n)),
            long_lines: true,
        },
        Case {
            name: "nested enumerated lists (depth n)",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| format!("{}x\n", "1. ".repeat(n)),
            long_lines: true,
        },
        Case {
            name: "nested directive bodies (depth n)",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| format!("{}x\n", ".. note:: ".repeat(n)),
            long_lines: true,
        },
        Case {
            name: "nested block quotes (depth n, n^2/2 bytes)",
            test_n: 3_000,
            bench_n: 300,
            make: |n| (0..n).map(|i| format!("{}q\n\n", " ".repeat(i))).collect(),
            long_lines: true,
        },
        Case {
            name: "nested block quotes by tabs (depth n, n^2/2 tabs)",
            test_n: 3_000,
            bench_n: 300,
            make: |n| (0..n).map(|i| format!("{}q\n\n", "\t".repeat(i))).collect(),
            long_lines: true,
        },
        Case {
            name: "n bytes of *",
            test_n: 1 << 20,
            bench_n: 100_000,
            make: |n| paragraph_of("*", n),
            long_lines: false,
        },
        Case {
            name: "n bytes of `",
            test_n: 1 << 20,
            bench_n: 100_000,
            make: |n| paragraph_of("`", n),
            long_lines: false,
        },
        Case {
            name: "n bytes of |",
            test_n: 1 << 20,
            bench_n: 100_000,
            make: |n| paragraph_of("|", n),
            long_lines: false,
        },
        Case {
            name: "n bytes of _",
            test_n: 1 << 20,
            bench_n: 100_000,
            make: |n| paragraph_of("_", n),
            long_lines: false,
        },
        Case {
            name: "unclosed inline markers (n bytes)",
            test_n: 1 << 20,
            bench_n: 100_000,
            make: |n| paragraph_of("*a **b ``c `d |e _`f [g :r:`h ", n),
            long_lines: false,
        },
        Case {
            name: "openers then closers *a **b ... b** a* (n bytes)",
            test_n: 1 << 20,
            bench_n: 100_000,
            make: |n| {
                let k = n / 8;
                format!("{}x{}\n", "*a **b ".repeat(k / 2), " b** a*".repeat(k / 2))
            },
            long_lines: true,
        },
        Case {
            name: "n interpreted texts with roles on one paragraph",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| paragraph_of(":emphasis:`x` :unknown:`y` ", n * 30),
            long_lines: false,
        },
        Case {
            name: "grid table, n rows",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| {
                let mut s = String::from("+-----+-----+\n| a   | b   |\n+=====+=====+\n");
                for i in 0..n {
                    s.push_str(&format!("| {:<3} | *x* |\n+-----+-----+\n", i % 1000));
                }
                s
            },
            long_lines: false,
        },
        Case {
            name: "simple table, n rows",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| {
                let mut s = String::from("=====  =====\na      b\n=====  =====\n");
                for i in 0..n {
                    s.push_str(&format!("{:<5}  *x*\n", i % 1000));
                }
                s.push_str("=====  =====\n");
                s
            },
            long_lines: false,
        },
        Case {
            name: "single line of n bytes",
            test_n: 10 << 20,
            bench_n: 1 << 20,
            make: |n| "word *emph* ``lit`` ref_ ".repeat(n / 25 + 1) + "\n",
            long_lines: true,
        },
        Case {
            name: "single non-ASCII line of n bytes",
            test_n: 10 << 20,
            bench_n: 1 << 20,
            make: |n| "mot *é* ``lit`` réf_ ".repeat(n / 25 + 1) + "\n",
            long_lines: true,
        },
        Case {
            name: "non-ASCII lines of n bytes after a tab",
            test_n: 10 << 20,
            bench_n: 1 << 20,
            make: |n| {
                let line = format!("\t{}\n", "é\t*a* ``b`` c_ ".repeat(6_000));
                format!("x\n\n{}", line.repeat(n / line.len() + 1))
            },
            long_lines: true,
        },
        Case {
            name: "n sections with the same title",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| "Title\n=====\n\ntext\n\n".repeat(n),
            long_lines: false,
        },
        Case {
            name: "n auto-numbered footnotes and references",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| {
                let mut s = "ref [#]_ and [*]_\n\n".repeat(n);
                s.push_str(&".. [#] note\n.. [*] sym\n".repeat(n));
                s
            },
            long_lines: false,
        },
        Case {
            name: "n duplicate target names and references",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| {
                let mut s = "a dup_ and `b`_\n\n".repeat(n);
                s.push_str(&".. _dup: https://example.org\n".repeat(n));
                s
            },
            long_lines: false,
        },
        Case {
            name: "n substitution references",
            test_n: 20_000,
            bench_n: 2_000,
            make: |n| {
                let mut s = "|s| and |t|_ and |missing|\n\n".repeat(n);
                s.push_str(".. |s| replace:: *x*\n.. |t| replace:: y\n");
                s
            },
            long_lines: false,
        },
        Case {
            name: "n list items in one list",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| "- item *x*\n".repeat(n),
            long_lines: false,
        },
        Case {
            name: "n-line literal block",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| format!("para::\n\n{}", "    code line\n".repeat(n)),
            long_lines: false,
        },
        Case {
            name: "n-line directive content (code-block)",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| format!(".. code-block:: text\n\n{}", "   code line\n".repeat(n)),
            long_lines: false,
        },
        Case {
            name: "n-line note body of paragraphs",
            test_n: 100_000,
            bench_n: 10_000,
            make: |n| format!(".. note::\n\n{}", "   para *x*\n\n".repeat(n / 2)),
            long_lines: false,
        },
        Case {
            name: "definition list of n items",
            test_n: 50_000,
            bench_n: 5_000,
            make: |n| "term : cls\n   def\n".repeat(n),
            long_lines: false,
        },
        Case {
            name: "line block of n lines, zigzag indent",
            test_n: 50_000,
            bench_n: 5_000,
            make: |n| {
                (0..n)
                    .map(|i| format!("|{}x\n", " ".repeat(1 + i % 7)))
                    .collect()
            },
            long_lines: false,
        },
    ]
}
