package report_test

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"github.com/convergence-model/convergence/internal/golden"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// progress is three results of the samples, March to September 2026.
func progress(t *testing.T) *result.Comparison {
	t.Helper()
	var rs []*result.Result
	var files []string
	for _, name := range []string{"level1-unknowns", "capped-level2", "level5"} {
		rs = append(rs, sample(t, name))
		files = append(files, name+".json")
	}
	c, err := scoring.Compare(rs, files, result.Tool{Name: "convergence", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sinceBaseline is the capped Level 2 result compared with the Level 1
// one as its baseline, as "score --baseline" does.
func sinceBaseline(t *testing.T) (*result.Result, *result.Comparison) {
	t.Helper()
	r := sample(t, "capped-level2")
	c, err := scoring.CompareWithBaseline(sample(t, "level1-unknowns"), r, "last.json", result.Tool{Name: "convergence", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return r, c
}

func TestComparisonGolden(t *testing.T) {
	c := progress(t)
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			out := write(t, c, f, report.Options{})
			golden.Assert(t, "compare."+ext(f), out)
			if f == report.Text {
				for i, line := range lines(out) {
					if w := runewidth.StringWidth(line); w > 80 {
						t.Errorf("line %d is %d columns: %q", i+1, w, line)
					}
				}
			}
		})
	}
	t.Run("styled", func(t *testing.T) {
		golden.Assert(t, "compare.ansi", write(t, c, report.Text, styled(100)))
	})
}

// TestComparisonTextFitsAndColourOnlyDecorates checks the comparison's
// text at several widths: every line fits, and the styled text says what
// the plain one says.
func TestComparisonTextFitsAndColourOnlyDecorates(t *testing.T) {
	c := progress(t)
	for _, width := range []int{100, 80, 60, 40} {
		plain := write(t, c, report.Text, report.Options{Width: width})
		if bytes.ContainsRune(plain, '\x1b') {
			t.Errorf("at %d: plain text holds an escape sequence", width)
		}
		styledOut := write(t, c, report.Text, styled(width))
		if !bytes.ContainsRune(styledOut, '\x1b') {
			t.Errorf("at %d: styled text has no colour", width)
		}
		if got := ansi.Strip(string(styledOut)); got != string(plain) {
			t.Errorf("at %d: the styled comparison without colour differs from the plain one:\n%s\n---\n%s", width, got, plain)
		}
		for i, line := range lines(styledOut) {
			if w := ansi.StringWidth(line); w > width {
				t.Errorf("at %d: line %d is %d columns: %q", width, i+1, w, ansi.Strip(line))
			}
		}
	}
}

func TestComparisonEscapesFileText(t *testing.T) {
	c := progress(t)
	c.Questionnaire.Title = "Evil \x1b[2J<script>alert(1)</script> | title"
	c.Change.Dimensions[0].Name = "Data \u202eevil | <b>bold</b>"
	c.Results[0].File = "<img src=x onerror=alert(1)>.json"
	text := string(write(t, c, report.Text, styled(80)))
	if strings.Contains(ansi.Strip(text), "\x1b") || strings.Contains(text, "\u202e") {
		t.Error("the comparison's text passes a terminal escape or direction override through")
	}
	page := string(write(t, c, report.HTML, report.Options{}))
	for _, bad := range []string{"<script", "<img", "<b>bold"} {
		if strings.Contains(page, bad) {
			t.Errorf("the comparison's HTML holds raw %q", bad)
		}
	}
	checkMarkdownTables(t, "comparison", write(t, c, report.Markdown, report.Options{}))
}

func TestComparisonHTMLHasChartsAndWords(t *testing.T) {
	out := html.UnescapeString(string(write(t, progress(t), report.HTML, report.Options{})))
	// The overall chart is drawn twice, for a wide screen and a phone;
	// the page shows one of them.
	if n := strings.Count(out, `<polyline class="line"`); n != 6 {
		t.Errorf("%d line charts, want 6: the overall level wide and narrow, and four dimensions", n)
	}
	if n := strings.Count(out, `<rect class="band`); n != 30 {
		t.Errorf("%d level bands, want five in each of six charts", n)
	}
	for _, want := range []string{
		`<h1 class="t">Initech</h1>`,
		"Level 1 · Siloed → Level 5 · Converged: ↑ up 4 levels in 211 days, on pace.",
		"index 57",
		"Levels then and now",
		`<span class="dir up">↑ up 4 levels, index +91</span>`,
		"on pace",
		"Nothing went down since 15 Jun 2026.",
		"Answers that moved",
		"default-src 'none'",
		"level5.json",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the comparison's HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "<link", "<img", "http://", "https://", "url("} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("the comparison's HTML holds %q", bad)
		}
	}
}

// TestReportSinceBaseline checks the section a report gains with a
// baseline: part of the report, before the plan, with its headings one
// level down in Markdown.
func TestReportSinceBaseline(t *testing.T) {
	r, c := sinceBaseline(t)
	opts := report.Options{Baseline: c}
	for _, f := range []report.Format{report.Text, report.Markdown, report.HTML} {
		t.Run(string(f), func(t *testing.T) {
			out := write(t, r, f, opts)
			golden.Assert(t, "capped-level2-since."+ext(f), out)
			s := string(out)
			since := strings.Index(s, "Since 2 Mar 2026")
			plan := strings.Index(s, "90 days toward Level 3")
			if since < 0 || plan < 0 || since > plan {
				t.Errorf("the since section is at %d and the plan at %d; want the section before the plan", since, plan)
			}
			if strings.Contains(s, "Progress: ") {
				t.Error("the section reads as a second document")
			}
		})
	}
	md := string(write(t, r, report.Markdown, opts))
	for _, want := range []string{"\n## Since 2 Mar 2026\n", "\n### Pace\n", "\n### Regressions since the baseline\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	if strings.Count(md, "\n# ") != 0 || !strings.HasPrefix(md, "# ") {
		t.Error("the Markdown report with a baseline has more than one title")
	}
	// JSON is the result alone, baseline or not.
	if !bytes.Equal(write(t, r, report.JSON, opts), write(t, r, report.JSON, report.Options{})) {
		t.Error("a baseline changed the result JSON")
	}
}

func ext(f report.Format) string {
	switch f {
	case report.Text:
		return "txt"
	case report.Markdown:
		return "md"
	}
	return string(f)
}

// The sparkline draws the latest 60 results, so that 5,000 of them still
// fit one line; the latest is its last block.
func TestSparklineDrawsTheLatest(t *testing.T) {
	values := make([]float64, 5000)
	values[len(values)-1] = 100
	got := []rune(report.Sparkline(values))
	if len(got) != 60 || got[len(got)-1] != '█' || got[0] != '▁' {
		t.Errorf("sparkline of 5,000 results: %d blocks, %q", len(got), string(got))
	}
	if got := report.Sparkline([]float64{0, 50, 100}); got != "▁▄█" {
		t.Errorf("sparkline of three = %q", got)
	}
}
