package report_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"

	"github.com/convergence-model/convergence/internal/golden"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// samples are the answers files in the repository's testdata, each scored
// into a result the reports are rendered from.
var samples = []string{"level1-unknowns", "capped-level2", "level5", "example"}

func sample(t *testing.T, name string) *result.Result {
	t.Helper()
	a, err := questionnaire.LoadAnswers(filepath.Join("..", "..", "testdata", "answers", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := questionnaire.Resolve("")
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

func TestGolden(t *testing.T) {
	for _, name := range samples {
		r := sample(t, name)
		t.Run(name+"/text", func(t *testing.T) {
			golden.Assert(t, name+".txt", render(t, r, report.Text, report.Options{}))
		})
		t.Run(name+"/json", func(t *testing.T) {
			golden.Assert(t, name+".json", render(t, r, report.JSON, report.Options{}))
		})
	}
}

func TestPlainTextFitsEightyColumnsWithoutEscapes(t *testing.T) {
	for _, name := range samples {
		out := render(t, sample(t, name), report.Text, report.Options{Width: 80})
		if bytes.ContainsRune(out, '\x1b') {
			t.Errorf("%s: plain text holds an escape sequence", name)
		}
		for i, line := range strings.Split(string(out), "\n") {
			if w := runewidth.StringWidth(line); w > 80 {
				t.Errorf("%s line %d is %d columns: %q", name, i+1, w, line)
			}
		}
	}
}

func TestTextSaysWhatMatters(t *testing.T) {
	r := sample(t, "capped-level2")
	out := string(render(t, r, report.Text, report.Options{}))
	for _, want := range []string{
		"Level 2 · Connected",
		"Why Level 2",
		"Data trust is the gatekeeper",
		"90 days toward Level 3 · Aligned",
		"Weeks 1–3 · Audit & Align",
		"Re-run this assessment",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q", want)
		}
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
