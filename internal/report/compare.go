package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/convergence-model/convergence/internal/result"
)

// A report's "since" section has one step, from the baseline to this
// result, and no comparison document of its own to point to.
const (
	sinceRegressions = "Regressions since the baseline"
	sinceMoreMoved   = "… and %d more: \"convergence compare\" with the two result files lists them all."
)

// maxMoved is how many moved answers a report lists, biggest moves first.
const maxMoved = 10

// WriteComparison renders a comparison of results over time.
func WriteComparison(w io.Writer, c *result.Comparison, f Format, opts Options) error {
	switch f {
	case JSON:
		return WriteJSON(w, c)
	case Text:
		t := newTextWriter(nil, opts)
		t.comparison(newCompareView(c), false)
		return t.flush(w, opts)
	case Markdown:
		// The document is rendered whole first, so that it can end with one
		// newline rather than the blank line that separates its sections.
		var buf bytes.Buffer
		m := newMDWriter(&buf, nil)
		m.comparison(newCompareView(c), false)
		if err := m.b.Flush(); err != nil {
			return err
		}
		_, err := w.Write(append(bytes.TrimRight(buf.Bytes(), "\n"), '\n'))
		return err
	case HTML:
		return writeComparisonHTML(w, c)
	}
	return fmt.Errorf("unknown format %q", f)
}

// compareView is what the comparison reports show, worked out once from a
// comparison so that text, Markdown and HTML say the same things in the
// same words. Every string from a file has been through clean.
type compareView struct {
	Title           string
	QuestionnaireID string
	// Span is "3 results, 2 Mar 2026 → 30 Sep 2026 (211 days)".
	Span       string
	FromDate   string
	ToDate     string
	Indexes    []float64
	FromIndex  string
	ToIndex    string
	Results    []comparedView
	Overall    changeRow
	Dimensions []changeRow
	Pace       string
	// PaceMark is "on pace", "behind the pace" or empty when too soon.
	PaceMark    string
	Regressions []string
	// NoRegression is the sentence for a latest step where nothing went
	// down.
	NoRegression string
	// MoreMoved says where the moved answers a list leaves out are, with
	// %d for how many.
	MoreMoved string
	// RegressionsTitle heads the regressions: of the latest step in a
	// comparison, since the baseline in a report's section.
	RegressionsTitle string
	Moved            []movedView
	Notes            []string
	// Baseline is the first result's file and how long before the latest
	// it was assessed, for the section a report gains with --baseline.
	Baseline string
	Tool     string
}

// comparedView is one result in the list of results.
type comparedView struct {
	Date      string
	Level     int
	LevelName string
	Index     string
	Who       string
	File      string
}

// changeRow is the overall level or a dimension, first and latest.
type changeRow struct {
	Name string
	// From and To are "L2  57" (level and index) or "L2  2.00" (level and
	// score); Change says the direction in a symbol and words.
	From, To  string
	FromLevel int
	ToLevel   int
	FromValue string
	ToValue   string
	Change    string
	Direction string
	Symbol    string
}

// movedView is an answer that changed between the first and latest result.
type movedView struct {
	Symbol    string
	Word      string
	Direction string
	Prompt    string
	From, To  string
}

func newCompareView(c *result.Comparison) *compareView {
	first, last := 0, len(c.Results)-1
	ch := c.Change
	v := &compareView{
		Title:           clean(c.Questionnaire.Title),
		QuestionnaireID: clean(c.Questionnaire.ID),
		FromDate:        shortDate(c, first),
		ToDate:          shortDate(c, last),
		Pace:            clean(c.Pace.Summary),
		Tool:            strings.TrimSpace(clean(c.Tool.Name) + " " + clean(c.Tool.Version)),

		RegressionsTitle: "Regressions in the latest step",
		MoreMoved:        "… and %d more in the JSON comparison.",
	}
	if v.Title == "" {
		v.Title = "Convergence report"
	}
	v.Span = fmt.Sprintf("%d results, %s → %s%s", len(c.Results), v.FromDate, v.ToDate, daysWords(ch.Days))
	for _, r := range c.Results {
		v.Indexes = append(v.Indexes, r.Index)
		v.Results = append(v.Results, comparedView{
			Date: r.AssessedAt.Format("2 Jan 2006"), Level: r.Level, LevelName: clean(r.LevelName),
			Index: num(r.Index, 0), Who: clean(respondentLine(r.Respondent)), File: clean(r.File),
		})
	}
	v.FromIndex, v.ToIndex = num(c.Results[first].Index, 0), num(c.Results[last].Index, 0)
	if c.Pace.OnPace != nil {
		v.PaceMark = "behind the pace"
		if *c.Pace.OnPace {
			v.PaceMark = "on pace"
		}
	}

	o := ch.Overall
	v.Overall = changeRow{
		Name: "Overall", FromLevel: o.FromLevel, ToLevel: o.ToLevel,
		FromValue: num(o.FromIndex, 0), ToValue: num(o.ToIndex, 0),
		Change: fmt.Sprintf("%s, index %+.0f", levelChange(o), o.Index), Direction: o.Direction, Symbol: symbol(o.Direction),
	}
	for _, d := range ch.Dimensions {
		v.Dimensions = append(v.Dimensions, changeRow{
			Name: clean(d.Name), FromLevel: d.FromLevel, ToLevel: d.ToLevel,
			FromValue: fmt.Sprintf("%.2f", d.FromScore), ToValue: fmt.Sprintf("%.2f", d.ToScore),
			Change: fmt.Sprintf("%s, score %+.2f", levelChange(d.Delta), d.Score), Direction: d.Direction, Symbol: symbol(d.Direction),
		})
	}
	for _, row := range append([]*changeRow{&v.Overall}, ptrs(v.Dimensions)...) {
		row.From = fmt.Sprintf("L%d  %s", row.FromLevel, row.FromValue)
		row.To = fmt.Sprintf("L%d  %s", row.ToLevel, row.ToValue)
	}

	for _, r := range c.Regressions {
		v.Regressions = append(v.Regressions, fmt.Sprintf("%s went down from Level %d to Level %d.", clean(r.Name), r.FromLevel, r.ToLevel))
	}
	v.NoRegression = fmt.Sprintf("Nothing went down since %s.", shortDate(c, max(0, last-1)))
	for _, m := range ch.Moved {
		v.Moved = append(v.Moved, movedView{
			Symbol: symbol(m.Direction), Word: strings.TrimPrefix(arrow(m.Direction), symbol(m.Direction)+" "),
			Direction: m.Direction, Prompt: clean(m.Prompt),
			From: clean(answerWords(m.FromStatus, m.FromLevel, m.FromLabel)),
			To:   clean(answerWords(m.ToStatus, m.ToLevel, m.ToLabel)),
		})
	}
	for _, n := range c.Notes {
		v.Notes = append(v.Notes, clean(n))
	}
	v.Baseline = fmt.Sprintf("Compared with the baseline %s, assessed %s%s.", v.Results[first].File, v.FromDate, daysBefore(ch.Days))
	if v.Results[first].File == "" {
		v.Baseline = fmt.Sprintf("Compared with the baseline assessed %s%s.", v.FromDate, daysBefore(ch.Days))
	}
	return v
}

func ptrs[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// arrow says a direction with a symbol and a word, so meaning never rests
// on colour or on one glyph alone.
func arrow(direction string) string {
	switch direction {
	case result.Up:
		return "↑ up"
	case result.Down:
		return "↓ down"
	case result.Same:
		return "= same"
	}
	return "~ changed"
}

// symbol is the glyph of arrow alone.
func symbol(direction string) string {
	s, _, _ := strings.Cut(arrow(direction), " ")
	return s
}

// levelChange describes a level delta in words: "↑ up 1 level".
func levelChange(d result.Delta) string {
	if d.Levels == 0 {
		return "= same level"
	}
	n := d.Levels
	if n < 0 {
		n = -n
	}
	unit := "levels"
	if n == 1 {
		unit = "level"
	}
	return fmt.Sprintf("%s %d %s", arrow(d.Direction), n, unit)
}

// Sparkline draws values on a 0..100 scale with eight block heights.
func Sparkline(values []float64) string {
	const blocks = "▁▂▃▄▅▆▇█"
	r := []rune(blocks)
	var b strings.Builder
	for _, v := range values {
		i := int(v / 100 * float64(len(r)-1))
		b.WriteRune(r[max(0, min(len(r)-1, i))])
	}
	return b.String()
}

// daysWords is " (N days)" for a span, or nothing when it runs backwards.
func daysWords(days int) string {
	switch {
	case days < 0:
		return ""
	case days == 1:
		return " (1 day)"
	}
	return fmt.Sprintf(" (%d days)", days)
}

// daysBefore is ", 90 days before this result" for a baseline.
func daysBefore(days int) string {
	switch {
	case days < 0:
		return ", after this result"
	case days == 0:
		return ", the same day as this result"
	case days == 1:
		return ", the day before this result"
	}
	return fmt.Sprintf(", %d days before this result", days)
}

func shortDate(c *result.Comparison, i int) string {
	return c.Results[i].AssessedAt.Format("2 Jan 2006")
}

// answerWords shows an answer as its level and label, or its status.
func answerWords(status string, level int, label string) string {
	switch status {
	case "unsure":
		return "not sure"
	case "na":
		return "not applicable"
	}
	return fmt.Sprintf("%d (%s)", level, label)
}

// directionStyle colours a change: green up, red down, faint when the
// same. The symbol and the words say the same without colour.
func (t *textWriter) directionStyle(direction string) lipgloss.Style {
	switch direction {
	case result.Up:
		return lipgloss.NewStyle().Foreground(lipgloss.Green)
	case result.Down:
		return t.st.warn
	case result.Same:
		return t.st.faint
	}
	return t.st.note
}

// comparison writes a comparison: as a document of its own, or as a
// section ("Since 10 Jan 2026") at the end of the latest result's report,
// where its own headings become sub-headings.
func (t *textWriter) comparison(v *compareView, section bool) {
	if section {
		v.RegressionsTitle, v.MoreMoved = sinceRegressions, sinceMoreMoved
	}
	ind := "  "
	sub := func(title string) { t.heading(title) }
	if section {
		t.heading("Since " + v.FromDate)
		t.para("  ", v.Baseline, t.st.faint)
		ind = "    "
		sub = func(title string) {
			t.blank()
			t.para("  ", title, t.st.bold)
		}
	} else {
		t.para("", "Progress: "+v.Title, t.st.title)
		t.para("", v.Span, t.st.faint)
		t.lead("", "Index over time:", fmt.Sprintf(" %s  %s → %s", Sparkline(v.Indexes), v.FromIndex, v.ToIndex), t.st.bold, lipgloss.Style{})
		if len(v.Results) > 2 {
			t.heading("Results")
			for _, r := range v.Results {
				line := fmt.Sprintf("%s  Level %d %s  index %3s", padRight(r.Date, 11), r.Level, padRight(truncate(r.LevelName, 12, "…"), 12), r.Index)
				if r.Who != "" {
					line += "  " + r.Who
				}
				t.line("  " + truncate(line, t.width-2, "…"))
			}
		}
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
				t.para(ind, fmt.Sprintf(v.MoreMoved, len(v.Moved)-maxMoved), t.st.faint)
				break
			}
			t.para(ind+t.paint(t.directionStyle(m.Direction), m.Symbol)+" ", m.Prompt, lipgloss.Style{})
			t.para(ind+"    ", m.From+" → "+m.To, t.st.faint)
		}
	}
	if len(v.Notes) > 0 {
		sub("Notes")
		for _, n := range v.Notes {
			t.para(ind+"- ", n, lipgloss.Style{})
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
		t.para(ind, "(L = level; the overall figure is the 0–100 index, the others the 1–5 score; first "+v.FromDate+", latest "+v.ToDate+")", t.st.faint)
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
	row("", v.FromDate, v.ToDate, "change", t.st.faint, t.st.faint)
	for i, r := range rows {
		nameStyle := lipgloss.Style{}
		if i == 0 {
			nameStyle = t.st.bold
		}
		row(r.Name, r.From, r.To, r.Change, nameStyle, t.directionStyle(r.Direction))
	}
	t.para(ind, "(L = level; the overall figure is the 0–100 index, the others the 1–5 score)", t.st.faint)
}

// comparison writes a comparison in Markdown: as a document, or as a
// section of the latest result's report with its headings one level down.
func (m *mdWriter) comparison(v *compareView, section bool) {
	if section {
		v.RegressionsTitle, v.MoreMoved = sinceRegressions, sinceMoreMoved
		m.h(2, "Since %s", v.FromDate)
		m.p("%s\n\n", mdBlock(v.Baseline))
		m.depth++
		defer func() { m.depth-- }()
	} else {
		m.h(1, "Progress: %s", md(v.Title))
		m.p("%s. Index over time: %s %s → %s.\n\n", v.Span, Sparkline(v.Indexes), v.FromIndex, v.ToIndex)
		if len(v.Results) > 2 {
			m.h(2, "Results")
			m.p("| Date | Level | Index | Respondent |\n|---|---|--:|---|\n")
			for _, r := range v.Results {
				m.p("| %s | %d · %s | %s | %s |\n", r.Date, r.Level, cell(r.LevelName), r.Index, cell(r.Who))
			}
			m.p("\n")
		}
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
}
