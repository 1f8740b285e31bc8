package report

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/convergence-model/convergence/internal/result"
)

// writeComparisonText renders a comparison of results over time for the
// terminal.
func writeComparisonText(w io.Writer, c *result.Comparison, opts Options) error {
	t := newTextWriter(nil, opts)
	t.comparison(newCompareView(c, false), false)
	return t.flush(w, opts)
}

// directionStyle colours a change: green up, red down, faint when the
// same. The symbol and the words say the same without colour.
func (t *textWriter) directionStyle(direction string) lipgloss.Style {
	switch direction {
	case result.Up:
		return t.st.good
	case result.Down:
		return t.st.warn
	case result.Same:
		return t.st.muted
	}
	return t.st.note
}

// comparison writes a comparison: as a document of its own, or as a
// section ("Since 10 Jan 2026") at the end of the latest result's report,
// where its own headings become sub-headings.
func (t *textWriter) comparison(v *compareView, section bool) {
	ind := "  "
	sub := func(title string) { t.heading(title) }
	if section {
		t.heading("Since " + v.FromDate)
		t.para("  ", v.Baseline, t.st.muted)
		ind = "    "
		sub = func(title string) {
			t.blank()
			t.para("  ", title, t.st.bold)
		}
	} else {
		t.para("", v.Heading, t.st.title)
		sub := "Progress · " + v.Span
		if v.Heading != v.Title {
			sub = v.Title + " · " + sub
		}
		t.para("", sub, t.st.muted)
		t.blank()
		t.para("", v.Headline, t.st.level)
		if n := len(v.Regressions); n > 0 {
			t.lead("", "↓", " "+v.Regressions[0], t.st.warn, lipgloss.Style{})
			if n > 1 {
				t.para("  ", fmt.Sprintf("and %d more below.", n-1), t.st.muted)
			}
		}
		t.lead("", "Index over time:", fmt.Sprintf(" %s  %s → %s (the average answer, for trends)", Sparkline(v.Indexes), v.FromIndex, v.ToIndex), t.st.bold, t.st.muted)
		t.heading("Levels")
	}
	if section {
		t.blank()
	}
	t.changeTable(v, ind[:len(ind)-2]+"  ")

	sub("Pace")
	t.para(ind, v.Pace, lipgloss.Style{})

	sub(v.RegressionsTitle)
	if len(v.Regressions) == 0 {
		t.para(ind, v.NoRegression, lipgloss.Style{})
	}
	for _, r := range v.Regressions {
		t.para(ind+t.paint(t.st.warn, "↓")+" ", r, lipgloss.Style{})
	}

	if len(v.Moved) > 0 {
		sub(fmt.Sprintf("Answers that moved (%d)", len(v.Moved)))
		for i, m := range v.Moved {
			if i == maxMoved {
				t.para(ind, fmt.Sprintf(v.MoreMoved, len(v.Moved)-maxMoved), t.st.muted)
				break
			}
			t.para(ind+t.paint(t.directionStyle(m.Direction), m.Symbol)+" ", m.Prompt, lipgloss.Style{})
			t.para(ind+"    ", m.From+" → "+m.To, t.st.muted)
		}
	}
	if len(v.Notes) > 0 {
		sub("Notes")
		for _, n := range v.Notes {
			t.para(ind+"- ", n, lipgloss.Style{})
		}
	}
	// The results compared close a comparison document, as in the HTML.
	if !section && len(v.Results) > 2 {
		t.heading("Results")
		for _, r := range v.Results {
			line := fmt.Sprintf("%s  Level %d %s  index %3s", padRight(r.Date, 11), r.Level, padRight(truncate(r.LevelName, 12, "…"), 12), r.Index)
			if r.Who != "" {
				line += "  " + r.Who
			}
			t.line("  " + truncate(line, t.width-2, "…"))
		}
	}
}

// changeTable lays the levels out in columns: the name, the first and the
// latest level and value, and the change, which wraps in its own column
// (or below the row, on a narrow terminal).
func (t *textWriter) changeTable(v *compareView, ind string) {
	rows := append([]changeRow{v.Overall}, v.Dimensions...)
	nameW, fromW, toW := 0, textWidth(v.FromDate), textWidth(v.ToDate)
	for _, r := range rows {
		nameW = max(nameW, textWidth(r.Name))
		fromW = max(fromW, textWidth(r.From))
		toW = max(toW, textWidth(r.To))
	}
	nameW = min(nameW, 24, t.width/3)
	changeCol := textWidth(ind) + nameW + 2 + fromW + 2 + toW + 2
	if changeCol > t.width {
		// Too narrow for columns: each row is its name, then the levels
		// and the change below it.
		for i, r := range rows {
			nameStyle := lipgloss.Style{}
			if i == 0 {
				nameStyle = t.st.bold
			}
			t.para(ind, r.Name, nameStyle)
			t.para(ind+"  ", r.From+" → "+r.To, lipgloss.Style{})
			t.para(ind+"  ", r.Change, t.directionStyle(r.Direction))
		}
		t.para(ind, "(L = level; the overall figure is the 0–100 index, the others the 1–5 score; first "+v.FromDate+", latest "+v.ToDate+")", t.st.muted)
		return
	}
	avail := t.width - changeCol
	row := func(name, from, to, change string, nameStyle, style lipgloss.Style) {
		if avail < 16 {
			// No room for the change beside the levels: it goes below.
			cells := ind + padRight(truncate(name, nameW, "…"), nameW) + "  " + padRight(from, fromW) + "  " + to
			t.line(t.paint(nameStyle, cells))
			t.para(ind+"  ", change, style)
			return
		}
		cells := ind + t.paint(nameStyle, padRight(truncate(name, nameW, "…"), nameW)) + "  " + t.paint(nameStyle, padRight(from, fromW)) + "  " + t.paint(nameStyle, padRight(to, toW)) + "  "
		for i, l := range Wrap(change, avail) {
			if i == 0 {
				t.line(cells + t.paint(style, l))
			} else {
				t.line(strings.Repeat(" ", changeCol) + t.paint(style, l))
			}
		}
	}
	row("", v.FromDate, v.ToDate, "change", t.st.muted, t.st.muted)
	for i, r := range rows {
		nameStyle := lipgloss.Style{}
		if i == 0 {
			nameStyle = t.st.bold
		}
		row(r.Name, r.From, r.To, r.Change, nameStyle, t.directionStyle(r.Direction))
	}
	t.para(ind, "(L = level; the overall figure is the 0–100 index, the others the 1–5 score)", t.st.muted)
}
