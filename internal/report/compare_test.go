package report_test

import (
	"bytes"
	"strings"
	"testing"

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

func TestComparisonGolden(t *testing.T) {
	c := progress(t)
	for _, f := range []report.Format{report.Text, report.Markdown, report.JSON} {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.WriteComparison(&buf, c, f, report.Options{}); err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, "compare."+ext(f), buf.Bytes())
			if f == report.Text {
				for i, line := range strings.Split(buf.String(), "\n") {
					if w := runewidth.StringWidth(line); w > 80 {
						t.Errorf("line %d is %d columns: %q", i+1, w, line)
					}
				}
			}
		})
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
