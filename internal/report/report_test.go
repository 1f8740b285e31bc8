package report_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"github.com/convergence-model/convergence/internal/golden"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// samples are the answers files in the repository's testdata, each scored
// into a result the reports are rendered from: a Level 1 with many
// unknowns, a Level 2 capped by a gate, a Level 5 sustain plan, the shipped
// example, and a provisional level with both warnings.
var samples = []string{"level1-unknowns", "capped-level2", "level5", "example", "provisional-flags"}

func sample(t *testing.T, name string) *result.Result {
	t.Helper()
	return score(t, "", filepath.Join("..", "..", "testdata", "answers", name+".yaml"))
}

// hostile is the result of the hostile questionnaire: markup, scripts,
// table pipes, very long words, right-to-left text, direction overrides,
// terminal escapes and emoji in every string.
func hostile(t *testing.T) *result.Result {
	t.Helper()
	return score(t, filepath.Join("testdata", "hostile", "questionnaire.yaml"), filepath.Join("testdata", "hostile", "answers.yaml"))
}

func score(t *testing.T, questionnaireRef, answersPath string) *result.Result {
	t.Helper()
	a, err := questionnaire.LoadAnswers(answersPath)
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := questionnaire.Resolve(questionnaireRef)
	if err != nil {
		t.Fatal(err)
	}
	r, err := scoring.Score(q, a, scoring.Options{
		Tool: result.Tool{Name: "convergence", Version: "test"},
		Now:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t *testing.T, r *result.Result, f report.Format, opts report.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, r, f, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// styled is the text report as a terminal of the given width shows it.
func styled(width int) report.Options {
	return report.Options{Width: width, Color: colorprofile.ANSI}
}

func TestGolden(t *testing.T) {
	for _, name := range samples {
		r := sample(t, name)
		for _, c := range []struct {
			ext    string
			format report.Format
		}{{"txt", report.Text}, {"md", report.Markdown}, {"html", report.HTML}, {"json", report.JSON}} {
			t.Run(name+"/"+c.ext, func(t *testing.T) {
				golden.Assert(t, name+"."+c.ext, render(t, r, c.format, report.Options{}))
			})
		}
	}
	// One styled report keeps the colours themselves under review.
	t.Run("capped-level2/styled", func(t *testing.T) {
		golden.Assert(t, "capped-level2.ansi", render(t, sample(t, "capped-level2"), report.Text, styled(100)))
	})
}

// lines splits output into lines without the empty one after the last
// newline.
func lines(out []byte) []string {
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
}

func TestPlainTextFitsEightyColumnsWithoutEscapes(t *testing.T) {
	results := map[string]*result.Result{"hostile": hostile(t)}
	for _, name := range samples {
		results[name] = sample(t, name)
	}
	for name, r := range results {
		for _, opts := range []report.Options{{}, {Width: 80}, {Color: colorprofile.ASCII}, {Color: colorprofile.NoTTY}} {
			out := render(t, r, report.Text, opts)
			if bytes.ContainsRune(out, '\x1b') {
				t.Errorf("%s %+v: plain text holds an escape sequence", name, opts)
			}
			for i, line := range lines(out) {
				if w := max(runewidth.StringWidth(line), ansi.StringWidth(line)); w > 80 {
					t.Errorf("%s line %d is %d columns: %q", name, i+1, w, line)
				}
			}
		}
	}
}

func TestStyledTextFitsItsWidth(t *testing.T) {
	results := map[string]*result.Result{"hostile": hostile(t)}
	for _, name := range samples {
		results[name] = sample(t, name)
	}
	for name, r := range results {
		for _, width := range []int{100, 80, 60} {
			out := render(t, r, report.Text, styled(width))
			if !bytes.ContainsRune(out, '\x1b') {
				t.Errorf("%s at %d: styled text has no colour", name, width)
			}
			for i, line := range lines(out) {
				if w := ansi.StringWidth(line); w > width {
					t.Errorf("%s at %d: line %d is %d columns: %q", name, width, i+1, w, ansi.Strip(line))
				}
			}
		}
	}
}

// TestColourOnlyDecorates checks that the styled report says exactly what
// the plain one says: with the colour taken away, the same characters on
// the same lines. Meaning never rests on colour alone.
func TestColourOnlyDecorates(t *testing.T) {
	for _, name := range append(samples, "hostile") {
		var r *result.Result
		if name == "hostile" {
			r = hostile(t)
		} else {
			r = sample(t, name)
		}
		for _, width := range []int{80, 100} {
			plain := string(render(t, r, report.Text, report.Options{Width: width}))
			stripped := ansi.Strip(string(render(t, r, report.Text, styled(width))))
			if plain != stripped {
				t.Errorf("%s at %d: the styled report without colour differs from the plain one:\n%s\n---\n%s", name, width, stripped, plain)
			}
		}
	}
}

func TestTextUsesTheWidthItIsGiven(t *testing.T) {
	r := sample(t, "level1-unknowns")
	widest := func(out []byte) int {
		w := 0
		for _, l := range lines(out) {
			w = max(w, ansi.StringWidth(l))
		}
		return w
	}
	if w80, w100 := widest(render(t, r, report.Text, report.Options{Width: 80})), widest(render(t, r, report.Text, report.Options{Width: 100})); w100 <= w80 {
		t.Errorf("a 100-column report is no wider than an 80-column one (%d, %d)", w100, w80)
	}
	for i, l := range lines(render(t, r, report.Text, report.Options{Width: 50})) {
		if w := ansi.StringWidth(l); w > 50 {
			t.Errorf("at 50 columns line %d is %d: %q", i+1, w, l)
		}
	}
}

func TestTextSaysWhatMatters(t *testing.T) {
	for _, c := range []struct {
		sample string
		want   []string
	}{
		{"capped-level2", []string{
			"Level 2 · Connected — Linked pipes, not shared meaning.",
			"Index 57/100",
			"[● Connected]",
			"Why Level 2",
			"Level 3 needs one customer ID shared by CRM",
			"Next: One shared ID links CRM",
			"90 days toward Level 3 · Aligned",
			"Weeks 1–3 · Audit & Align",
			"Re-run this assessment",
		}},
		{"provisional-flags", []string{
			"Provisional: Level 2 — Level 3 if the unknowns are confirmed.",
			"(approaching 3)",
			"! Inconsistent profile:",
			"! Consent risk:",
			"Unknowns to check (1)",
			"IT/Data or Marketing Ops knows.",
		}},
		{"level1-unknowns", []string{
			"Why Level 1",
			"To reach Level 2: confirm 3 answers marked “Not sure” at 2 or above:",
			"… and 3 more",
		}},
		{"level5", []string{"Every dimension is at Level 5", "90 days to sustain Level 5"}},
	} {
		out := string(render(t, sample(t, c.sample), report.Text, report.Options{}))
		for _, want := range c.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s: text report lacks %q", c.sample, want)
			}
		}
	}
}

// The prose of reports for people never shows the code's own words.
func TestReportsSpeakPlainly(t *testing.T) {
	r := sample(t, "provisional-flags")
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		out := string(render(t, r, f, report.Options{}))
		for _, jargon := range []string{"capped_by", "level_if_confirmed", "second-weakest-dimension", "consent-risk", "inconsistent-profile"} {
			if strings.Contains(out, jargon) {
				t.Errorf("%s report says %q", f, jargon)
			}
		}
		if f != report.HTML && strings.Contains(out, "data.customer-id") {
			t.Errorf("%s report shows a question id in its prose", f)
		}
	}
}

func TestMarkdownSaysWhatMatters(t *testing.T) {
	out := string(render(t, sample(t, "provisional-flags"), report.Markdown, report.Options{}))
	for _, want := range []string{
		"# Convergence Maturity Diagnostic\n",
		"## Level 2 · Connected — Linked pipes, not shared meaning.\n",
		"> **Provisional:** Level 2 — Level 3 if the unknowns are confirmed.",
		"| Data foundation | 3.60 | `█████████████░░░░░░░` | Level 2 Connected (approaching 3) |",
		"> **⚠ Consent risk:**",
		"## 90 days toward Level 3 · Aligned\n",
		"### Weeks 1–3 · Audit & Align\n",
		`W-shaped model \| reconciled to bookings monthly`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown report lacks %q", want)
		}
	}
}

// tableRow matches a Markdown table row; cells are split at pipes that are
// not escaped.
var unescapedPipe = regexp.MustCompile(`(^|[^\\])((\\\\)*)\|`)

func markdownCells(row string) int {
	return len(unescapedPipe.FindAllStringIndex(row, -1)) - 1
}

// checkMarkdownTables checks that every row of every table has as many
// cells as its header: nothing from a file split a cell or broke a row.
func checkMarkdownTables(t *testing.T, name string, out []byte) {
	t.Helper()
	header := 0
	tables := 0
	for i, line := range lines(out) {
		if !strings.HasPrefix(line, "|") {
			header = 0
			continue
		}
		if header == 0 {
			header = markdownCells(line)
			tables++
			continue
		}
		if n := markdownCells(line); n != header {
			t.Errorf("%s line %d has %d cells, its table %d: %q", name, i+1, n, header, line)
		}
	}
	if tables == 0 {
		t.Errorf("%s: no tables", name)
	}
}

func TestMarkdownTablesKeepTheirShape(t *testing.T) {
	for _, name := range samples {
		checkMarkdownTables(t, name, render(t, sample(t, name), report.Markdown, report.Options{}))
	}
	checkMarkdownTables(t, "hostile", render(t, hostile(t), report.Markdown, report.Options{}))
}

func TestHostileInputIsEscaped(t *testing.T) {
	r := hostile(t)

	html := string(render(t, r, report.HTML, report.Options{}))
	for _, bad := range []string{"<script", "<img", "<svg onload", "<style>body", "</td></tr></table>", "<b>function", "<i>spreadsheet", "\x1b", "\u202e"} {
		if strings.Contains(strings.ToLower(html), strings.ToLower(bad)) {
			t.Errorf("HTML holds raw %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(", "&lt;img src=x onerror=alert(", "👨‍👩‍👧‍👦", "עברית"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks the escaped text %q", want)
		}
	}

	md := string(render(t, r, report.Markdown, report.Options{}))
	// In Markdown a backslash makes the next character plain text.
	for _, bad := range []string{"<script", "<img", "<b>", "[link]", "*emphasis*", "\x1b", "\u202e"} {
		if regexp.MustCompile(`(^|[^\\])` + regexp.QuoteMeta(bad)).MatchString(md) {
			t.Errorf("Markdown holds unescaped %q", bad)
		}
	}
	if strings.Contains(md, "\n# not a heading") || strings.Contains(md, "\n1. not a numbered list") {
		t.Error("text from a file became Markdown structure")
	}

	for _, opts := range []report.Options{{}, styled(80)} {
		text := string(render(t, r, report.Text, opts))
		if strings.Contains(ansi.Strip(text), "\x1b") || strings.Contains(text, "\u202e") || strings.Contains(text, "\x1b]8;") || strings.Contains(text, "\x1b[2J") {
			t.Errorf("text report (%+v) passes a terminal escape or direction override through", opts)
		}
	}
}

// TestHTMLIsSelfContained checks that the HTML report can fetch nothing and
// run nothing: no scripts, no links to styles, fonts or images, and a
// policy that forbids them in case anything slips through.
func TestHTMLIsSelfContained(t *testing.T) {
	for _, name := range samples {
		out := strings.ToLower(string(render(t, sample(t, name), report.HTML, report.Options{})))
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "@import", "url(", "src=", "href=", "http://", "https://", "//fonts"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: HTML holds %q", name, bad)
			}
		}
		for _, want := range []string{"content-security-policy", "default-src 'none'", "@page", "break-inside: avoid", "<svg"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: HTML lacks %q", name, want)
			}
		}
	}
}

func TestHTMLSaysWhatMatters(t *testing.T) {
	out := string(render(t, sample(t, "provisional-flags"), report.HTML, report.Options{}))
	for _, want := range []string{
		"Level 2 · Connected",
		"Linked pipes, not shared meaning.",
		"<b>Provisional.</b> Level 2 — Level 3 if the unknowns are confirmed.",
		`class="radar"`,
		`<polygon class="current"`,
		`<polygon class="target"`,
		"⚠ Consent risk:",
		"Next level looks like",
		"Unknowns to check",
		"90 days toward Level 3 · Aligned",
		"Weeks 10–12",
		"W-shaped model | reconciled to bookings monthly",
		"sha256:",
		"convergence test",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
}

func TestHTMLRadarNeedsThreeDimensions(t *testing.T) {
	for n := 1; n <= 6; n++ {
		r := sample(t, "capped-level2")
		dims := r.Dimensions
		for len(dims) < n {
			d := dims[len(dims)%len(r.Dimensions)]
			d.ID += "-copy"
			dims = append(dims, d)
		}
		r.Dimensions = dims[:n]
		out := string(render(t, r, report.HTML, report.Options{}))
		hasRadar := strings.Contains(out, `class="radar"`)
		if hasRadar != (n >= 3) {
			t.Errorf("%d dimensions: radar shown = %v", n, hasRadar)
		}
		if got := strings.Count(out, `<li>
        <div class="head">`); got != n {
			t.Errorf("%d dimensions: %d bars", n, got)
		}
		if n >= 3 {
			m := regexp.MustCompile(`<polygon class="current" points="([^"]*)"`).FindStringSubmatch(out)
			if m == nil || len(strings.Fields(m[1])) != n {
				t.Errorf("%d dimensions: current polygon %q", n, m)
			}
		}
	}
}

func TestHTMLIsDeterministic(t *testing.T) {
	r := sample(t, "example")
	if a, b := render(t, r, report.HTML, report.Options{}), render(t, r, report.HTML, report.Options{}); !bytes.Equal(a, b) {
		t.Error("two renderings of one result differ")
	}
	if out := render(t, r, report.HTML, report.Options{}); regexp.MustCompile(`\d\.\d{3,}`).Match(out) {
		t.Error("a number in the HTML has more than two decimals")
	}
}

func TestWrapBreaksLongWords(t *testing.T) {
	lines := report.Wrap("short "+strings.Repeat("x", 25)+" end", 10)
	for _, l := range lines {
		if runewidth.StringWidth(l) > 10 {
			t.Errorf("line %q is wider than 10", l)
		}
	}
	if got := strings.Join(lines, ""); strings.Count(got, "x") != 25 {
		t.Errorf("characters lost: %q", lines)
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "markdown", "html", "json", "JSON"} {
		if _, err := report.ParseFormat(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := report.ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
}
