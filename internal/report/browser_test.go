//go:build unix

package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// The HTML report is meant to be opened and printed in a browser, so this
// test does that with headless Chromium: it prints the report to PDF, takes
// a screenshot, measures the radar chart in the rendered page, and reads
// the browser's network log to see that the page asked for nothing.
//
// Without a browser on PATH the test is skipped, unless
// CONVERGENCE_REQUIRE_BROWSER=1 (as in CI) makes that a failure.

// browserTimeout bounds one browser run, so a hung browser fails the test
// instead of hanging it.
const browserTimeout = 60 * time.Second

func findBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CONVERGENCE_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium, chromium-browser or google-chrome on PATH, and CONVERGENCE_REQUIRE_BROWSER=1 requires one (Debian: apt-get install chromium)")
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: skipping the browser test (set CONVERGENCE_REQUIRE_BROWSER=1 to make this a failure)")
	return ""
}

// browser runs headless Chromium on one page with the flags that keep it
// off the network and out of the user's profile, and returns its standard
// output and the path of its network log.
func browser(t *testing.T, bin, page string, args ...string) ([]byte, string) {
	t.Helper()
	dir := t.TempDir()
	netLog := filepath.Join(dir, "netlog.json")
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	all := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-features=NetworkTimeServiceQuerying",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
		"--log-net-log=" + netLog,
		"--host-resolver-rules=MAP * ~NOTFOUND",
		"--hide-scrollbars",
	}, args...)
	all = append(all, "file://"+page)
	cmd := exec.CommandContext(ctx, bin, all...)
	// Chromium starts helper processes; on a timeout the whole group goes.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("the browser did not finish within %s\nstderr:\n%s", browserTimeout, stderr.String())
	}
	if err != nil {
		t.Fatalf("browser: %v\nstderr:\n%s", err, stderr.String())
	}
	return stdout.Bytes(), netLog
}

func writeHTMLFile(t *testing.T, r *result.Result, name string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, r, report.HTML, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return writePage(t, buf.Bytes(), name), buf.Bytes()
}

// writePage writes a page into a temporary directory.
func writePage(t *testing.T, html []byte, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, html, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// probePage is a copy of a page for measuring it: the report runs no
// scripts and its policy forbids them, so the copy drops the policy and
// adds the measuring script.
func probePage(t *testing.T, html []byte, name string) string {
	t.Helper()
	probe := strings.Replace(string(html), `<meta http-equiv="Content-Security-Policy"`, `<meta name="policy-removed-for-test"`, 1)
	probe = strings.Replace(probe, "</body>", measureScript+"</body>", 1)
	return writePage(t, []byte(probe), name)
}

// TestHTMLInBrowser runs its browsers one after another: two headless
// Chromiums at once were seen to stall for half a minute on a two-core
// machine, where one after another take about two seconds each.
func TestHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	bin := findBrowser(t)
	page, html := writeHTMLFile(t, sample(t, "provisional-flags"), "report.html")

	t.Run("print to PDF", func(t *testing.T) {
		pdf := filepath.Join(t.TempDir(), "report.pdf")
		_, netLog := browser(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF-")) || len(data) < 40<<10 {
			t.Fatalf("not a plausible PDF: %d bytes starting %q", len(data), data[:min(8, len(data))])
		}
		// A page object is "/Type /Page"; the page tree is "/Type /Pages".
		pages := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(data, -1))
		if pages < 2 || pages > 10 {
			t.Errorf("the printed report has %d pages, want 2 to 10", pages)
		}
		checkNetLog(t, netLog, false)
	})

	t.Run("screenshot", func(t *testing.T) {
		shot := filepath.Join(t.TempDir(), "report.png")
		_, netLog := browser(t, bin, page, "--window-size=1200,1600", "--screenshot="+shot)
		f, err := os.Open(shot)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		if b.Dx() != 1200 || b.Dy() != 1600 {
			t.Errorf("screenshot is %dx%d, want 1200x1600", b.Dx(), b.Dy())
		}
		inked, accent := 0, 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				if r < 240 || g < 240 || bl < 240 {
					inked++
				}
				// The report's accent blue (#1f4e8c) shows that its
				// styles were applied.
				if absDiff(r, 0x1f) < 24 && absDiff(g, 0x4e) < 24 && absDiff(bl, 0x8c) < 24 {
					accent++
				}
			}
		}
		total := b.Dx() * b.Dy()
		if inked < total/20 {
			t.Errorf("the screenshot is nearly blank: %d of %d pixels are not white", inked, total)
		}
		if accent < 2000 {
			t.Errorf("only %d pixels in the accent colour: were the styles applied?", accent)
		}
		checkNetLog(t, netLog, false)
	})

	t.Run("DOM", func(t *testing.T) {
		// The report runs no scripts and its policy forbids them, so a
		// copy made for this test only drops the policy and adds a script
		// that measures the page, and an image from the network, which the
		// network-log check must see.
		probe := strings.Replace(string(html), `<meta http-equiv="Content-Security-Policy"`, `<meta name="policy-removed-for-test"`, 1)
		probe = strings.Replace(probe, "</body>", measureScript+`<img src="http://canary.invalid/pixel.png" alt="">`+"\n</body>", 1)
		path := filepath.Join(t.TempDir(), "probe.html")
		if err := os.WriteFile(path, []byte(probe), 0o644); err != nil {
			t.Fatal(err)
		}
		dom, netLog := browser(t, bin, path, "--window-size=1200,1600", "--dump-dom")
		m := measured(t, dom)
		w, _ := strconv.Atoi(m["radar-width"])
		h, _ := strconv.Atoi(m["radar-height"])
		if w < 200 || h < 150 {
			t.Errorf("the radar chart is %dx%d in the page, want a real size", w, h)
		}
		if m["overflow"] != "0" {
			t.Errorf("the page is %s pixels wider than the window", m["overflow"])
		}
		if !strings.Contains(string(dom), `<polygon class="target"`) {
			t.Error("the rendered page lacks the target polygon")
		}
		checkNetLog(t, netLog, true)
	})

	t.Run("workshop", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.Write(&buf, workshop(t, false), report.HTML, report.Options{}); err != nil {
			t.Fatal(err)
		}
		// It prints, on a few pages.
		pdf := filepath.Join(t.TempDir(), "workshop.pdf")
		_, netLog := browser(t, bin, writePage(t, buf.Bytes(), "workshop.html"), "--no-pdf-header-footer", "--print-to-pdf="+pdf)
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if pages := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(data, -1)); pages < 2 || pages > 10 {
			t.Errorf("the printed workshop has %d pages, want 2 to 10", pages)
		}
		checkNetLog(t, netLog, false)

		// Its bars and every other chart have a real size in the page, and
		// nothing is wider than the window.
		dom, netLog := browser(t, bin, probePage(t, buf.Bytes(), "workshop-probe.html"), "--window-size=1200,1600", "--dump-dom")
		m := measured(t, dom)
		if m["svgs"] == "0" || m["svgs"] != m["sized-svgs"] {
			t.Errorf("%s of the workshop's %s SVG images have a size", m["sized-svgs"], m["svgs"])
		}
		if m["overflow"] != "0" {
			t.Errorf("the workshop page is %s pixels wider than the window", m["overflow"])
		}
		if n := strings.Count(string(dom), `<svg class="meter"`); n != 4 {
			t.Errorf("the rendered workshop has %d dimension bars, want 4", n)
		}
		checkNetLog(t, netLog, false)
	})

	t.Run("comparison", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.Write(&buf, progress(t), report.HTML, report.Options{}); err != nil {
			t.Fatal(err)
		}
		dom, netLog := browser(t, bin, probePage(t, buf.Bytes(), "compare-probe.html"), "--window-size=1200,1600", "--dump-dom")
		m := measured(t, dom)
		w, _ := strconv.Atoi(m["chart-width"])
		h, _ := strconv.Atoi(m["chart-height"])
		if w < 300 || h < 100 {
			t.Errorf("the comparison's chart is %dx%d in the page, want a real size", w, h)
		}
		// The overall chart is there twice, for a wide window and for a
		// phone; this window shows the wide one.
		if m["svgs"] != "6" || m["sized-svgs"] != "5" {
			t.Errorf("%s of the comparison's %s SVG charts have a size, want 5 of 6", m["sized-svgs"], m["svgs"])
		}
		if m["overflow"] != "0" {
			t.Errorf("the comparison page is %s pixels wider than the window", m["overflow"])
		}
		checkNetLog(t, netLog, false)
	})

	t.Run("hostile DOM", func(t *testing.T) {
		// Markup, long words and right-to-left text from a file neither run
		// nor break the layout: nothing is wider than the window.
		_, html := writeHTMLFile(t, hostile(t), "hostile.html")
		dom, netLog := browser(t, bin, probePage(t, html, "hostile-probe.html"), "--window-size=1200,1600", "--dump-dom")
		m := measured(t, dom)
		if m["overflow"] != "0" {
			t.Errorf("hostile text makes the page %s pixels wider than the window", m["overflow"])
		}
		if m["scripts"] != "1" || m["alerts"] != "0" {
			t.Errorf("scripts in the page: %s, alert calls: %s; want only the test's own", m["scripts"], m["alerts"])
		}
		checkNetLog(t, netLog, false)
	})
}

// measureScript records, as attributes on <body>, the radar chart's size,
// the first line chart's, how many SVG images the page has and how many of
// them have a size, how far the page overflows the window, how many
// scripts the page holds and whether anything called alert().
const measureScript = `<script>
(function () {
  var calls = 0;
  window.alert = function () { calls++; };
  var svg = document.querySelector('.radar svg');
  var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  var chart = document.querySelector('.chart svg');
  var cbox = chart ? chart.getBoundingClientRect() : {width: 0, height: 0};
  var svgs = document.querySelectorAll('svg'), sized = 0;
  for (var i = 0; i < svgs.length; i++) {
    var r = svgs[i].getBoundingClientRect();
    if (r.width > 0 && r.height > 0) { sized++; }
  }
  var root = document.documentElement;
  var b = document.body;
  b.setAttribute('data-radar-width', String(Math.round(box.width)));
  b.setAttribute('data-radar-height', String(Math.round(box.height)));
  b.setAttribute('data-chart-width', String(Math.round(cbox.width)));
  b.setAttribute('data-chart-height', String(Math.round(cbox.height)));
  b.setAttribute('data-svgs', String(svgs.length));
  b.setAttribute('data-sized-svgs', String(sized));
  b.setAttribute('data-overflow', String(Math.max(0, root.scrollWidth - root.clientWidth)));
  b.setAttribute('data-scripts', String(document.scripts.length));
  b.setAttribute('data-alerts', String(calls));
})();
</script>
`

// measured reads the attributes measureScript set from the dumped DOM.
func measured(t *testing.T, dom []byte) map[string]string {
	t.Helper()
	body := regexp.MustCompile(`<body[^>]*>`).Find(dom)
	if body == nil {
		t.Fatalf("no <body> in the dumped DOM (%d bytes)", len(dom))
	}
	m := map[string]string{}
	for _, a := range regexp.MustCompile(`data-([a-z-]+)="([^"]*)"`).FindAllSubmatch(body, -1) {
		m[string(a[1])] = string(a[2])
	}
	if _, ok := m["overflow"]; !ok {
		t.Fatalf("the measuring script did not run: %s", body)
	}
	return m
}

// checkNetLog reads Chromium's network log and checks that nothing left
// the machine: the page started no request for an http, https, ws or wss
// URL, and no TCP connection was even attempted. Chromium itself still asks
// for a few Google addresses (its account check cannot be switched off);
// those are not the page's, are logged for the record, and fail to resolve
// under the host-resolver rule. With wantCanary the page did ask for
// canary.invalid, which shows the check sees requests that pages make.
func checkNetLog(t *testing.T, path string, wantCanary bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no network log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int             `json:"type"`
			Params json.RawMessage `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		// A log cut off at exit lacks its closing brackets.
		if err := json.Unmarshal(append(bytes.TrimRight(bytes.TrimSpace(data), ","), "]}"...), &log); err != nil {
			t.Fatalf("cannot read the network log: %v", err)
		}
	}
	types := log.Constants.LogEventTypes
	start, startOK := types["URL_REQUEST_START_JOB"]
	connect, connectOK := types["TCP_CONNECT"]
	if !startOK || !connectOK {
		t.Fatalf("the network log names no URL_REQUEST_START_JOB or TCP_CONNECT events")
	}
	network := regexp.MustCompile(`^(?i)(https?|wss?)://`)
	canary := false
	for _, e := range log.Events {
		switch e.Type {
		case connect:
			t.Errorf("a TCP connection was attempted: %s", e.Params)
		case start:
			var p struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			}
			if err := json.Unmarshal(e.Params, &p); err != nil || !network.MatchString(p.URL) {
				continue
			}
			switch {
			case p.Initiator == "not an origin":
				t.Logf("the browser's own request (failed to resolve): %s", p.URL)
			case wantCanary && strings.HasPrefix(p.URL, "http://canary.invalid/"):
				canary = true
			default:
				t.Errorf("the page asked for %s (initiator %s)", p.URL, p.Initiator)
			}
		}
	}
	if wantCanary && !canary {
		t.Error("the page's request for canary.invalid is not in the network log: the check cannot see page requests")
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// The reports are also opened through the DevTools protocol, which lets the
// test set the window, the colour scheme and the paper, run axe-core in the
// page and print it. The pages themselves stay as they are, with their
// policy: axe is evaluated by the protocol, not put into the page.

// axeEnv names the file of axe-core (axe.min.js, from the npm package
// axe-core@4) that the accessibility check runs; .ci/run installs it.
const axeEnv = "AXE_CORE_JS"

// pageKinds are the HTML reports checked in the browser, one of each kind.
func pageKinds(t *testing.T) []struct {
	name   string
	html   []byte
	single bool
} {
	t.Helper()
	render := func(doc any) []byte { return write(t, doc, report.HTML, report.Options{}) }
	kinds := []struct {
		name   string
		html   []byte
		single bool
	}{
		{"single", render(sample(t, "example")), true},
		{"capped", render(sample(t, "capped-level2")), true},
		{"provisional", render(sample(t, "provisional-flags")), true},
		{"unknowns", render(sample(t, "level1-unknowns")), true},
		{"level5", render(sample(t, "level5")), true},
		{"workshop", render(workshop(t, false)), false},
		{"compare", render(progress(t)), false},
	}
	return kinds
}

// viewports are the windows every report is checked in.
var viewports = []struct {
	name          string
	width, height int64
	dark          bool
}{
	{"1280", 1280, 800, false},
	{"390", 390, 844, false},
	{"1280-dark", 1280, 800, true},
	{"390-dark", 390, 844, true},
}

// layoutScript measures a page: how wide it is against its window, every
// visible text element whose rendered font is smaller than 11 CSS pixels
// (SVG text is measured as drawn, after the chart's scaling), and every
// word broken across two lines inside the word (a break after a hyphen,
// dash or slash is a line break, not a broken word).
const layoutScript = `(() => {
  const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, small: [], split: []};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  let n;
  while ((n = walker.nextNode())) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (cs.visibility === 'hidden' || (box.width === 0 && box.height === 0)) continue;
    if (el.closest('.sr')) continue;
    let fs = parseFloat(cs.fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      if (m) fs *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    }
    if (fs < 10.95 && !seen.has(el)) {
      seen.add(el);
      out.small.push(el.tagName.toLowerCase() + ' ' + fs.toFixed(1) + 'px: ' + n.textContent.trim().slice(0, 40));
    }
    if (el instanceof SVGElement) continue;
    const re = /[^\s\-–—\/]+[\-–—\/]?/g;
    let m;
    while ((m = re.exec(n.textContent))) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      const rects = [...r.getClientRects()].filter(x => x.width > 0);
      if (rects.length > 1 && rects[1].top > rects[0].top + 1) out.split.push(m[0]);
    }
  }
  const reason = document.querySelector('.reason');
  out.reasonBottom = reason ? reason.getBoundingClientRect().bottom : -1;
  const first = document.querySelector('ol.first li');
  out.firstActionTop = first ? first.getBoundingClientRect().top : -1;
  return out;
})()`

// layout is what layoutScript returns.
type layout struct {
	ScrollWidth    float64  `json:"scrollWidth"`
	InnerWidth     float64  `json:"innerWidth"`
	Small          []string `json:"small"`
	Split          []string `json:"split"`
	ReasonBottom   float64  `json:"reasonBottom"`
	FirstActionTop float64  `json:"firstActionTop"`
}

// axeScript runs axe-core on the page with the WCAG 2.1 A and AA rules and
// returns its violations.
const axeScript = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')))`

// TestHTMLReportsInBrowser opens every kind of HTML report at 1280 and 390
// pixels, light and dark, and checks what a reader meets: nothing wider
// than the window, no text under 11 pixels, no word broken inside, no
// axe-core violation of WCAG 2.1 A and AA; a capped result names its
// reason above the fold; and each single report prints on at most four
// pages of A4 and of Letter.
func TestHTMLReportsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	bin := findBrowser(t)
	var axe []byte
	if path := os.Getenv(axeEnv); path != "" {
		var err error
		if axe, err = os.ReadFile(path); err != nil {
			t.Fatalf("%s: %v", axeEnv, err)
		}
	} else if os.Getenv("CONVERGENCE_REQUIRE_BROWSER") == "1" {
		t.Fatalf("%s is not set, and CONVERGENCE_REQUIRE_BROWSER=1 requires the accessibility check: install axe-core (npm install axe-core@4) and set %s to its axe.min.js", axeEnv, axeEnv)
	} else {
		t.Logf("%s is not set: the accessibility check is skipped (npm install axe-core@4, then set it to axe.min.js)", axeEnv)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("hide-scrollbars", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first run starts the browser; it lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting the browser: %v", err)
	}

	// A page with one of each fault shows that the checks can fail.
	t.Run("faults are seen", func(t *testing.T) {
		faulty := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>` +
			`<p style="color:#bbb">Low contrast text</p><p style="font-size:8px">Tiny text</p>` +
			`<div style="width:2000px">Wide</div><p style="width:60px;overflow-wrap:anywhere">Donaudampfschifffahrt</p></body></html>`
		c, stop := context.WithTimeout(ctx, browserTimeout)
		defer stop()
		if err := chromedp.Do(c, chromedp.Navigate("file://"+writePage(t, []byte(faulty), "faulty.html"))); err != nil {
			t.Fatal(err)
		}
		l, err := chromedp.Run(c, chromedp.Evaluate[layout](layoutScript))
		if err != nil {
			t.Fatal(err)
		}
		if l.ScrollWidth <= l.InnerWidth || len(l.Small) == 0 || len(l.Split) == 0 {
			t.Errorf("the checks missed a fault: width %.0f in %.0f, small %q, split %q", l.ScrollWidth, l.InnerWidth, l.Small, l.Split)
		}
		if axe == nil {
			return
		}
		if err := chromedp.Do(c, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
			t.Fatal(err)
		}
		violations, err := chromedp.Run(c, chromedp.Evaluate[[]string](axeScript, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range violations {
			ids = append(ids, strings.Fields(v)[0])
		}
		if !slices.Contains(ids, "html-has-lang") || !slices.Contains(ids, "color-contrast") {
			t.Errorf("axe found %q on a page without a language and with low contrast", ids)
		}
	})

	// Markup, long words and right-to-left text from a file do not widen
	// the page on a phone either.
	t.Run("hostile/390", func(t *testing.T) {
		var buf bytes.Buffer
		if err := report.Write(&buf, hostile(t), report.HTML, report.Options{}); err != nil {
			t.Fatal(err)
		}
		c, stop := context.WithTimeout(ctx, browserTimeout)
		defer stop()
		err := chromedp.Do(c,
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true})
				return err
			}),
			chromedp.Navigate("file://"+writePage(t, buf.Bytes(), "hostile.html")),
		)
		if err != nil {
			t.Fatal(err)
		}
		l, err := chromedp.Run(c, chromedp.Evaluate[layout](layoutScript))
		if err != nil {
			t.Fatal(err)
		}
		if l.ScrollWidth > 390 || l.InnerWidth > 390 {
			t.Errorf("hostile text makes the page %.0f pixels wide on a phone of 390", max(l.ScrollWidth, l.InnerWidth))
		}
	})

	for _, k := range pageKinds(t) {
		page := "file://" + writePage(t, k.html, k.name+".html")
		for _, vp := range viewports {
			t.Run(k.name+"/"+vp.name, func(t *testing.T) {
				c, stop := context.WithTimeout(ctx, browserTimeout)
				defer stop()
				scheme := "light"
				if vp.dark {
					scheme = "dark"
				}
				err := chromedp.Do(c,
					chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
							Width: vp.width, Height: vp.height, DeviceScaleFactor: 1, Mobile: vp.width < 600,
						}); err != nil {
							return err
						}
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
							Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
						})
						return err
					}),
					chromedp.Navigate(page),
				)
				if err != nil {
					t.Fatal(err)
				}
				l, err := chromedp.Run(c, chromedp.Evaluate[layout](layoutScript))
				if err != nil {
					t.Fatal(err)
				}
				// A phone zooms out to show a page wider than itself, which
				// widens innerWidth too: the window's own width is the bound.
				if l.ScrollWidth > float64(vp.width) || l.InnerWidth > float64(vp.width) {
					t.Errorf("the page is %.0f pixels wide in a window of %d", max(l.ScrollWidth, l.InnerWidth), vp.width)
				}
				if len(l.Small) > 0 {
					t.Errorf("%d texts are smaller than 11 pixels: %s", len(l.Small), strings.Join(l.Small, "; "))
				}
				if len(l.Split) > 0 {
					t.Errorf("words broken across lines: %q", l.Split)
				}
				if k.name == "capped" && vp.width == 1280 {
					if l.ReasonBottom < 0 || l.ReasonBottom > float64(vp.height) {
						t.Errorf("the reason ends at %.0f pixels, below the fold at %d", l.ReasonBottom, vp.height)
					}
					if l.FirstActionTop < 0 || l.FirstActionTop > float64(vp.height) {
						t.Errorf("the first action starts at %.0f pixels, below the fold at %d", l.FirstActionTop, vp.height)
					}
				}
				if axe == nil {
					return
				}
				if err := chromedp.Do(c, chromedp.Evaluate[chromedp.Void](string(axe))); err != nil {
					t.Fatalf("loading axe-core: %v", err)
				}
				violations, err := chromedp.Run(c, chromedp.Evaluate[[]string](axeScript, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatalf("running axe-core: %v", err)
				}
				for _, v := range violations {
					t.Errorf("axe: %s", v)
				}
			})
		}
		if !k.single {
			continue
		}
		t.Run(k.name+"/print", func(t *testing.T) { checkPrint(ctx, t, page) })
	}

	// Every other answers file of the repository prints on four pages
	// too: long paths to the next level, many gaps and unknowns.
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "profiles", "*.yaml"))
	ci, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "ci", "*.yaml"))
	if len(files) == 0 || len(ci) == 0 {
		t.Fatal("no profiles or CI answers to print")
	}
	for _, f := range append(files, ci...) {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		html := write(t, score(t, "", f), report.HTML, report.Options{})
		page := "file://" + writePage(t, html, "print-"+name+".html")
		t.Run("print/"+filepath.Base(filepath.Dir(f))+"/"+name, func(t *testing.T) { checkPrint(ctx, t, page) })
	}
}

// checkPrint prints a single report on A4 and on Letter: at most four
// pages each.
func checkPrint(ctx context.Context, t *testing.T, page string) {
	c, stop := context.WithTimeout(ctx, browserTimeout)
	defer stop()
	err := chromedp.Do(c,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}),
		chromedp.Navigate(page),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, paper := range []struct {
		name string
		size chromedp.PaperSize
	}{{"A4", chromedp.PaperA4}, {"Letter", chromedp.PaperLetter}} {
		pdf, err := chromedp.Run(c, chromedp.PrintToPDF(chromedp.PDFPaper(paper.size), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatal(err)
		}
		if n := pdfPages(pdf); n < 1 || n > 4 {
			t.Errorf("printed on %s, the report has %d pages, want 1 to 4", paper.name, n)
		}
	}
}

// pdfPages counts the pages of a PDF: a page object is "/Type /Page", the
// page tree "/Type /Pages".
func pdfPages(pdf []byte) int {
	return len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(pdf, -1))
}
