//! The reports in real headless Chromium, as a reader opens them (issue 27): every page of
//! tests/it/report_pages.rs laid out at 1280 and at 390 px wide, with nothing wider than the
//! window (`document.documentElement.scrollWidth`), nothing but a table's own scroll
//! region running past its right edge, no chart text cut off at its chart's edge, every
//! chart named with its text at 9 px or more (a wide chart scrolls in its own region on a
//! phone), and every text at least 4.5:1 against its background (WCAG AA); print
//! (A4, and a PDF); and screenshots of each page at both widths (for docs/REPORT.md:
//! `RENSA_UPDATE_SCREENSHOTS=1 cargo test --test it browser` writes them into
//! docs/screenshots/).
//!
//! Chromium is needed: with it on PATH, or under `CI=true` (`.ci/run` installs it; there
//! its absence fails these tests), build.rs sets `rensa_browser` and they run; elsewhere
//! they are ignored with the reason, never skipped silently.

use crate::report_pages::{Page, pages};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The widths a report must fit: a desktop window and a phone.
const WIDTHS: [u32; 2] = [1280, 390];

/// Chromium, or a failure that says how to get it.
fn chromium() -> PathBuf {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|_| PathBuf::from(c))
        })
        .expect(
            "headless Chromium is needed (apt-get install -y chromium fonts-ipafont-gothic; .ci/run installs it)",
        )
}

/// Chromium, headless, with a fresh profile and nothing reaching out to the network.
fn headless(profile: &Path) -> Command {
    let mut c = Command::new(chromium());
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    c.arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// HTML-escaped for an attribute.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;")
}

/// What the page measured of one report at one width.
#[derive(Debug)]
struct Measure {
    name: String,
    width: u32,
    scroll: f64,
    client: f64,
    /// Elements past the right edge outside a scroll region, and chart texts outside
    /// their chart.
    bad: Vec<String>,
    /// Charts without a `<title>`.
    untitled: usize,
    /// Charts.
    charts: usize,
}

/// Opens `frames` (iframes) in one headless Chromium with `script`, which must leave its
/// findings as JSON in `<pre id="measures">`, and returns them.
fn harness(frames: &str, script: &str) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let harness = tmp.path().join("harness.html");
    std::fs::write(
        &harness,
        format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{frames}<script>{script}</script></body></html>"),
    )
    .unwrap();
    let out = headless(&tmp.path().join("profile"))
        .args(["--virtual-time-budget=20000", "--dump-dom"])
        .arg(format!("file://{}", harness.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"measures\">").unwrap_or_else(|| {
        panic!(
            "the harness did not report:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let json = &dom[start + "<pre id=\"measures\">".len()..];
    let json = &json[..json.find("</pre>").unwrap()];
    let json = json
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    serde_json::from_str(&json).unwrap()
}

/// Lays out every page at every width in one Chromium: each in an iframe of that width
/// (its own viewport), measured by a script of the harness page (the reports hold none).
fn measure(pages: &[Page]) -> Vec<Measure> {
    let mut frames = String::new();
    for p in pages {
        for w in WIDTHS {
            frames.push_str(&format!(
                "<iframe data-name=\"{}\" data-width=\"{w}\" style=\"width:{w}px;height:900px;border:0;display:block\" srcdoc=\"{}\"></iframe>\n",
                p.name,
                attr(&p.html)
            ));
        }
    }
    let script = r#"
window.addEventListener("load", function () {
  var out = [];
  document.querySelectorAll("iframe").forEach(function (f) {
    var d = f.contentDocument, e = d.documentElement, cw = e.clientWidth, bad = [];
    d.querySelectorAll("body *").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > cw + 0.5 && !el.closest(".scroll")) {
        bad.push("past the edge: " + el.tagName + " " + (el.getAttribute("class") || "") + " right " + Math.round(r.right));
      }
      if (el.tagName === "text") {
        var s = el.closest("svg").getBoundingClientRect();
        if (r.right > s.right + 0.5 || r.left < s.left - 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5) {
          bad.push("cut off: \"" + el.textContent + "\"");
        }
      }
    });
    // Text against its background: WCAG 2's contrast ratio, at least 4.5:1 (AA).
    function rgb(c) {
      var m = c.match(/[\d.]+/g).map(Number);
      return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3);
    }
    function lum(c) {
      var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
      return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }
    d.querySelectorAll("h1, h2, h3, p, li, dt, dd, th, td, figcaption, summary, a, span").forEach(function (el) {
      var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
      if (!own || el.closest(".sr")) return;
      var bg = null;
      for (var a = el; a && !bg; a = a.parentElement) bg = rgb(f.contentWindow.getComputedStyle(a).backgroundColor);
      var fg = rgb(f.contentWindow.getComputedStyle(el).color), l1 = lum(fg), l2 = lum(bg || [255, 255, 255]);
      var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      if (ratio < 4.5) bad.push("contrast " + ratio.toFixed(2) + ":1: \"" + el.textContent.trim().slice(0, 30) + "\"");
    });
    // Chart text as the reader sees it: its font size times the chart's scale, 9 px or more.
    d.querySelectorAll("figure svg").forEach(function (s) {
      var scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width, min = 1e9;
      s.querySelectorAll("text").forEach(function (x) {
        min = Math.min(min, parseFloat(f.contentWindow.getComputedStyle(x).fontSize) * scale);
      });
      if (min < 9 - 0.01) bad.push("chart text at " + min.toFixed(1) + " px in \"" + s.querySelector("title").textContent + "\"");
    });
    var svgs = d.querySelectorAll("figure svg"), untitled = 0;
    svgs.forEach(function (s) { var t = s.querySelector("title"); if (!t || !t.textContent.trim()) untitled++; });
    out.push({ name: f.dataset.name, width: +f.dataset.width, scroll: e.scrollWidth, client: cw,
               bad: bad.slice(0, 8), untitled: untitled, charts: svgs.length });
  });
  var pre = document.createElement("pre");
  pre.id = "measures";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"#;
    let v = harness(&frames, script);
    v.as_array()
        .unwrap()
        .iter()
        .map(|m| Measure {
            name: m["name"].as_str().unwrap().to_string(),
            width: m["width"].as_u64().unwrap() as u32,
            scroll: m["scroll"].as_f64().unwrap(),
            client: m["client"].as_f64().unwrap(),
            bad: m["bad"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_str().unwrap().to_string())
                .collect(),
            untitled: m["untitled"].as_u64().unwrap() as usize,
            charts: m["charts"].as_u64().unwrap() as usize,
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(rensa_browser),
    ignore = "needs headless Chromium on PATH (apt-get install -y chromium fonts-ipafont-gothic); under CI=true it runs and fails without it"
)]
fn every_report_fits_1280_and_390_px_with_no_chart_text_cut_off_and_readable_contrast() {
    let pages = &pages().pages;
    let measures = measure(pages);
    assert_eq!(measures.len(), pages.len() * WIDTHS.len());
    let mut failures = Vec::new();
    for m in &measures {
        if m.scroll > m.client + 0.5 {
            failures.push(format!(
                "{} at {} px: the page is {} px wide",
                m.name, m.width, m.scroll
            ));
        }
        for b in &m.bad {
            failures.push(format!("{} at {} px: {b}", m.name, m.width));
        }
        if m.untitled > 0 || m.charts == 0 {
            failures.push(format!(
                "{} at {} px: {} of {} charts without a title",
                m.name, m.width, m.untitled, m.charts
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A4 less the 14 mm margins of the reports' `@page` rule, in CSS px (96 per inch).
const PRINT_WIDTH: u32 = 688;
const PRINT_HEIGHT: u32 = 1016;

/// Print, as a reader prints on A4: each page laid out under its own print rules (its
/// `@media print` block applied to an iframe as wide as the printed area), with nothing
/// past the paper's right edge — on paper a table cannot scroll —, the cascade graph no
/// taller than one page, Japanese table cells at least four characters wide (no column
/// wrapping one character per line), and the browser holding headings to what follows
/// them and figures whole; then each page printed to PDF by Chromium itself.
#[test]
#[cfg_attr(
    not(rensa_browser),
    ignore = "needs headless Chromium on PATH (apt-get install -y chromium fonts-ipafont-gothic); under CI=true it runs and fails without it"
)]
fn every_report_prints_on_a4_with_nothing_cut_off() {
    let pages = &pages().pages;
    let mut frames = String::new();
    for p in pages {
        assert!(
            p.html.contains("@media print{"),
            "{}: no print rules",
            p.name
        );
        // Print rules on, screen rules off, as on paper.
        let printed = p.html.replacen("@media print{", "@media all{", 1).replacen(
            "@media screen{",
            "@media not all{",
            1,
        );
        frames.push_str(&format!(
            "<iframe data-name=\"{}\" style=\"width:{PRINT_WIDTH}px;height:{PRINT_HEIGHT}px;border:0;display:block\" srcdoc=\"{}\"></iframe>\n",
            p.name,
            attr(&printed)
        ));
    }
    let script = format!(
        r#"
window.addEventListener("load", function () {{
  var out = [];
  document.querySelectorAll("iframe").forEach(function (f) {{
    var d = f.contentDocument, w = f.contentWindow, e = d.documentElement, cw = e.clientWidth, bad = [];
    var ja = e.lang === "ja";
    d.querySelectorAll("body *").forEach(function (el) {{
      var r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > cw + 0.5) {{
        if (el.tagName === "TABLE" || !el.closest("table")) {{
          var region = el.closest(".scroll");
          bad.push("past the paper's edge: " + el.tagName + " " + (region ? "\"" + region.getAttribute("aria-label") + "\"" : (el.getAttribute("class") || "")) + " right " + Math.round(r.right));
        }}
      }}
      if (ja && (el.tagName === "TD" || el.tagName === "TH") && r.width > 0) {{
        var em = parseFloat(w.getComputedStyle(el).fontSize);
        if (r.width < 4 * em) bad.push("a Japanese cell " + Math.round(r.width) + " px wide: \"" + el.textContent.slice(0, 20) + "\"");
      }}
    }});
    d.querySelectorAll("figure.tall svg").forEach(function (s) {{
      var h = s.getBoundingClientRect().height;
      if (h > {PRINT_HEIGHT}) bad.push("the cascade graph is " + Math.round(h) + " px tall, more than a page");
    }});
    // A heading, its first paragraph and the notes between it and its figure or table
    // stay with what follows.
    d.querySelectorAll("h2, h3").forEach(function (h) {{
      for (var el = h; el && (el === h || (el.tagName === "P" && (el.previousElementSibling === h || el.classList.contains("note")))); el = el.nextElementSibling) {{
        var b = w.getComputedStyle(el).breakAfter;
        if (b !== "avoid-page" && b !== "avoid") bad.push("heading \"" + h.textContent + "\" may end a page: break-after " + b + " on " + el.tagName);
      }}
    }});
    d.querySelectorAll("figure").forEach(function (g) {{
      if (w.getComputedStyle(g).breakInside !== "avoid") bad.push("a figure may be split across pages");
    }});
    out.push({{ name: f.dataset.name, scroll: e.scrollWidth, client: cw, bad: bad.slice(0, 8),
               tall: d.querySelectorAll("figure.tall svg").length }});
  }});
  var pre = document.createElement("pre");
  pre.id = "measures";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
"#
    );
    let v = harness(&frames, &script);
    let measures = v.as_array().unwrap();
    assert_eq!(measures.len(), pages.len());
    let mut failures = Vec::new();
    for m in measures {
        let name = m["name"].as_str().unwrap();
        let (scroll, client) = (m["scroll"].as_f64().unwrap(), m["client"].as_f64().unwrap());
        if scroll > client + 0.5 {
            failures.push(format!("{name} in print: the page is {scroll} px wide"));
        }
        for b in m["bad"].as_array().unwrap() {
            failures.push(format!("{name} in print: {}", b.as_str().unwrap()));
        }
        if name.starts_with("aar") && m["tall"].as_u64() != Some(1) {
            failures.push(format!("{name}: no cascade graph sized for print"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Chromium's own print: a PDF with pages, two Chromiums at a time.
    let tmp = tempfile::tempdir().unwrap();
    for pair in pages.chunks(2) {
        let children: Vec<_> = pair
            .iter()
            .enumerate()
            .map(|(k, p)| {
                headless(&tmp.path().join(format!("profile-{k}")))
                    .arg("--no-pdf-header-footer")
                    .arg(format!(
                        "--print-to-pdf={}",
                        tmp.path().join(format!("{}.pdf", p.name)).display()
                    ))
                    .arg(format!("file://{}", p.path.display()))
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("chromium starts")
            })
            .collect();
        for mut c in children {
            c.wait().expect("chromium ends");
        }
    }
    for p in pages {
        let pdf = std::fs::read(tmp.path().join(format!("{}.pdf", p.name)))
            .unwrap_or_else(|e| panic!("{}: not printed: {e}", p.name));
        assert!(pdf.starts_with(b"%PDF-"), "{}: not a PDF", p.name);
        // Page objects are plain dictionaries in Chromium's PDFs.
        let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| *w == needle).count();
        let sheets = count(b"/Type /Page") - count(b"/Type /Pages");
        assert!(sheets >= 1, "{}: a PDF without pages", p.name);
    }
}

/// The width and height of a PNG, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let n = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (n(16), n(20))
}

#[test]
#[cfg_attr(
    not(rensa_browser),
    ignore = "needs headless Chromium on PATH (apt-get install -y chromium fonts-ipafont-gothic); under CI=true it runs and fails without it"
)]
fn screenshots_of_every_report_at_1280_and_390_px() {
    let update = std::env::var_os("RENSA_UPDATE_SCREENSHOTS").is_some();
    let target = if update {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
    } else {
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots")
    };
    std::fs::create_dir_all(&target).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let pages = pages();
    // (what, the page's file, width, the screenshot): the top of every page at both widths,
    // then a few sections with their charts, as a reader scrolled to them.
    let mut shots: Vec<(String, PathBuf, u32, u32, PathBuf)> = pages
        .pages
        .iter()
        .flat_map(|p| {
            WIDTHS.iter().map(|&w| {
                (
                    p.name.to_string(),
                    p.path.clone(),
                    w,
                    if w == 390 { 844 } else { 900 },
                    target.join(format!("{}-{w}.png", p.name)),
                )
            })
        })
        .collect();
    for (name, id, w) in SECTIONS {
        let path = tmp.path().join(format!("{name}-{id}.html"));
        std::fs::write(&path, section(&pages.get(name).html, id)).unwrap();
        // Taller, so the section's charts are in the picture below the page's title.
        shots.push((
            format!("{name}#{id}"),
            path,
            w,
            1200,
            target.join(format!("{name}-{id}-{w}.png")),
        ));
    }
    // Two Chromiums at a time (CI has two cores).
    for pair in shots.chunks(2) {
        let children: Vec<_> = pair
            .iter()
            .enumerate()
            .map(|(k, (_, path, w, height, png))| {
                headless(&tmp.path().join(format!("profile-{k}")))
                    .arg(format!("--screenshot={}", png.display()))
                    .arg(format!("--window-size={w},{height}"))
                    .arg(format!("file://{}", path.display()))
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("chromium starts")
            })
            .collect();
        for mut c in children {
            c.wait().expect("chromium ends");
        }
    }
    for (name, _, w, _, png) in &shots {
        let bytes =
            std::fs::read(png).unwrap_or_else(|e| panic!("{name}: no screenshot at {w} px: {e}"));
        let (pw, _) = png_size(&bytes);
        assert_eq!(pw, *w, "{name}: the screenshot's width");
        assert!(
            bytes.len() > 20_000,
            "{name} at {w} px: a blank page ({} bytes)",
            bytes.len()
        );
    }
}

/// The sections shown with their charts in docs/REPORT.md: (page, heading id, width).
const SECTIONS: [(&str, &str, u32); 6] = [
    ("aar-en", "cascade", 1280),
    ("aar-ja", "levels", 390),
    ("batch-sweep-en", "sensitivity", 390),
    ("batch-sweep-ja", "distributions", 1280),
    ("analysis-en", "sensitivity", 390),
    ("analysis-ja", "paths", 1280),
];

/// The page with its title and marking, and of its sections only the one whose heading
/// has `id` (a reader scrolled to it; Chromium's `--screenshot` takes the top of a page).
fn section(html: &str, id: &str) -> String {
    let first = html.find("<h2").expect("a section");
    let at = html
        .find(&format!("<h2 id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &html[at..];
    let end = rest[3..]
        .find("<h2")
        .map(|i| i + 3)
        .or_else(|| rest.find("</main>"))
        .expect("the end of the section");
    format!(
        "{}{}</main>\n</body>\n</html>\n",
        &html[..first],
        &rest[..end]
    )
}
