package report

import (
	"fmt"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// maxMoved is how many moved answers a report lists, biggest moves first.
const maxMoved = 10

// compareView is what the comparison reports show, worked out once from a
// comparison so that text, Markdown and HTML say the same things in the
// same words. Every string from a file has been through clean.
type compareView struct {
	// Heading names the comparison: the organisation of the latest result,
	// or the questionnaire's title when none is known.
	Heading         string
	Title           string
	QuestionnaireID string
	// Headline is the change of the overall level in a sentence: "Level 1
	// · Siloed → Level 5 · Converged: ↑ up 4 levels in 211 days".
	Headline string
	// IndexLine is the index at the first and latest result, for trends.
	IndexLine string
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

// newCompareView works out a comparison's content. since is set for the
// section a report gains with --baseline: it has one step, from the
// baseline to this result, and no comparison document of its own to point
// to.
func newCompareView(c *result.Comparison, since bool) *compareView {
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
	if since {
		v.RegressionsTitle = "Regressions since the baseline"
		v.MoreMoved = "… and %d more: \"convergence compare\" with the two result files lists them all."
	}
	if v.Title == "" {
		v.Title = "Convergence report"
	}
	v.Heading = v.Title
	if org := clean(c.Results[last].Respondent.Org); strings.TrimSpace(org) != "" {
		v.Heading = org
	}
	v.Span = fmt.Sprintf("%d results, %s → %s%s", len(c.Results), v.FromDate, v.ToDate, daysWords(ch.Days))
	for _, r := range c.Results {
		v.Indexes = append(v.Indexes, r.Index)
		v.Results = append(v.Results, comparedView{
			Date: r.AssessedAt.Format("2 Jan 2006"), Level: r.Level, LevelName: clean(r.LevelName),
			Index: num(r.Index, 0), Who: clean(r.Respondent.Who(true)), File: clean(r.File),
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
	from, to := c.Results[first], c.Results[last]
	v.Headline = fmt.Sprintf("Level %d · %s → Level %d · %s: %s%s", from.Level, clean(from.LevelName), to.Level, clean(to.LevelName),
		strings.TrimPrefix(levelChange(o), "= "), daysIn(ch.Days))
	if v.PaceMark != "" {
		v.Headline += ", " + v.PaceMark
	}
	v.Headline += "."
	v.IndexLine = fmt.Sprintf("Index %s → %s of 100: the average answer, for following trends.", v.FromIndex, v.ToIndex)
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
	if d.Direction == result.Changed {
		// Levels of different questionnaire versions are not compared.
		return "~ not compared"
	}
	if d.Levels == 0 {
		return "= same level"
	}
	n := d.Levels
	if n < 0 {
		n = -n
	}
	return arrow(d.Direction) + " " + diag.Count(n, "level", "levels")
}

// Sparkline draws values on a 0..100 scale with eight block heights: the
// latest maxSparkline of them, so that it fits a line.
func Sparkline(values []float64) string {
	values = values[max(0, len(values)-maxSparkline):]
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
	if days < 0 {
		return ""
	}
	return " (" + diag.Count(days, "day", "days") + ")"
}

// daysIn is " in N days" for a span, or nothing when it runs backwards.
func daysIn(days int) string {
	if days < 0 {
		return ""
	}
	return " in " + diag.Count(days, "day", "days")
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
func answerWords(status result.Status, level int, label string) string {
	switch status {
	case result.Unsure:
		return "not sure"
	case result.NA:
		return "not applicable"
	}
	return fmt.Sprintf("%d (%s)", level, label)
}
