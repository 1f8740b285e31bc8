package report

import (
	"bytes"
	"fmt"
	"io"

	"github.com/convergence-model/convergence/internal/result"
)

// writeComparisonMarkdown renders a comparison as Markdown. The document is
// rendered whole first, so that it can end with one newline rather than
// the blank line that separates its sections.
func writeComparisonMarkdown(w io.Writer, c *result.Comparison, _ Options) error {
	var buf bytes.Buffer
	m := newMDWriter(&buf, nil)
	m.comparison(newCompareView(c, false), false)
	if err := m.b.Flush(); err != nil {
		return err
	}
	_, err := w.Write(append(bytes.TrimRight(buf.Bytes(), "\n"), '\n'))
	return err
}

// comparison writes a comparison in Markdown: as a document, or as a
// section of the latest result's report with its headings one level down.
func (m *mdWriter) comparison(v *compareView, section bool) {
	if section {
		m.h(2, "Since %s", v.FromDate)
		m.p("%s\n\n", mdBlock(v.Baseline))
		m.depth++
		defer func() { m.depth-- }()
	} else {
		m.h(1, "%s", md(v.Heading))
		sub := "Progress · " + v.Span
		if v.Heading != v.Title {
			sub = md(v.Title) + " · " + sub
		}
		m.p("%s\n\n", sub)
		m.h(2, "%s", md(v.Headline))
		for _, r := range v.Regressions {
			m.p("- ↓ %s\n", md(r))
		}
		if len(v.Regressions) > 0 {
			m.p("\n")
		}
		m.p("Index over time: %s %s → %s *(the average answer, for trends)*\n\n", Sparkline(v.Indexes), v.FromIndex, v.ToIndex)
		m.h(2, "Levels")
	}
	m.p("| | %s | %s | Change |\n|---|---|---|---|\n", v.FromDate, v.ToDate)
	o := v.Overall
	m.p("| **Overall** | Level %d · index %s | Level %d · index %s | %s |\n", o.FromLevel, o.FromValue, o.ToLevel, o.ToValue, o.Change)
	for _, d := range v.Dimensions {
		m.p("| %s | Level %d · %s | Level %d · %s | %s |\n", cell(d.Name), d.FromLevel, d.FromValue, d.ToLevel, d.ToValue, d.Change)
	}
	m.p("\n")

	m.h(2, "Pace")
	m.p("%s\n\n", mdBlock(v.Pace))
	m.h(2, "%s", v.RegressionsTitle)
	if len(v.Regressions) == 0 {
		m.p("%s\n\n", v.NoRegression)
	} else {
		for _, r := range v.Regressions {
			m.p("- ↓ %s\n", md(r))
		}
		m.p("\n")
	}
	if len(v.Moved) > 0 {
		m.h(2, "Answers that moved (%d)", len(v.Moved))
		m.p("| | Question | Before | After |\n|---|---|---|---|\n")
		for i, mv := range v.Moved {
			if i == maxMoved {
				m.p("\n%s\n", fmt.Sprintf(v.MoreMoved, len(v.Moved)-maxMoved))
				break
			}
			m.p("| %s %s | %s | %s | %s |\n", mv.Symbol, mv.Word, cell(mv.Prompt), cell(mv.From), cell(mv.To))
		}
		m.p("\n")
	}
	if len(v.Notes) > 0 {
		m.h(2, "Notes")
		for _, n := range v.Notes {
			m.p("- %s\n", md(n))
		}
		m.p("\n")
	}
	// The results compared close a comparison document, as in the HTML.
	if !section && len(v.Results) > 2 {
		m.h(2, "Results")
		m.p("| Date | Level | Index | Respondent |\n|---|---|--:|---|\n")
		for _, r := range v.Results {
			m.p("| %s | %d · %s | %s | %s |\n", r.Date, r.Level, cell(r.LevelName), r.Index, cell(r.Who))
		}
		m.p("\n")
	}
}
