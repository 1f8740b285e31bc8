package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/convergence-model/convergence/internal/result"
)

// maxMoved is how many moved answers a report lists, biggest moves first.
const maxMoved = 10

// WriteComparison renders a comparison of results over time.
func WriteComparison(w io.Writer, c *result.Comparison, f Format, opts Options) error {
	switch f {
	case JSON:
		return WriteJSON(w, c)
	case Text:
		return writeComparisonText(w, c, opts)
	case Markdown:
		return writeComparisonMarkdown(w, c)
	}
	return fmt.Errorf("the %s format is not available for comparisons yet", f)
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

func shortDate(c *result.Comparison, i int) string {
	return c.Results[i].AssessedAt.Format("2 Jan 2006")
}

func writeComparisonText(w io.Writer, c *result.Comparison, opts Options) error {
	width := opts.width()
	bw := bufio.NewWriter(w)
	para := func(prefix, text string) {
		pad := strings.Repeat(" ", textWidth(prefix))
		for i, l := range Wrap(text, width-textWidth(prefix)) {
			if i == 0 {
				fmt.Fprintf(bw, "%s%s\n", prefix, l)
			} else {
				fmt.Fprintf(bw, "%s%s\n", pad, l)
			}
		}
	}
	heading := func(s string) {
		fmt.Fprintf(bw, "\n%s\n%s\n", s, strings.Repeat("─", min(runewidth.StringWidth(s), width)))
	}
	first, last := 0, len(c.Results)-1
	ch := c.Change
	para("", "Progress: "+c.Questionnaire.Title)
	para("", fmt.Sprintf("%d results, %s → %s%s", len(c.Results), shortDate(c, first), shortDate(c, last), daysWords(ch.Days)))
	var idx []float64
	for _, r := range c.Results {
		idx = append(idx, r.Index)
	}
	para("", fmt.Sprintf("Index over time: %s  %s → %s", Sparkline(idx), num(c.Results[first].Index, 0), num(c.Results[last].Index, 0)))

	if len(c.Results) > 2 {
		heading("Results")
		for _, r := range c.Results {
			line := fmt.Sprintf("%-11s  Level %d %-12s  index %3s", r.AssessedAt.Format("2 Jan 2006"), r.Level, r.LevelName, num(r.Index, 0))
			if who := respondentLine(r.Respondent); who != "" {
				line += "  " + who
			}
			fmt.Fprintf(bw, "  %s\n", runewidth.Truncate(line, width-2, "…"))
		}
	}

	heading("Levels")
	nameW := 24
	row := func(name, a, b, change string) {
		fmt.Fprintf(bw, "  %s  %-11s  %-11s  %s\n", runewidth.FillRight(runewidth.Truncate(name, nameW, "…"), nameW), a, b, change)
	}
	row("", shortDate(c, first), shortDate(c, last), "change")
	o := ch.Overall
	row("Overall", fmt.Sprintf("L%d  %s", o.FromLevel, num(o.FromIndex, 0)), fmt.Sprintf("L%d  %s", o.ToLevel, num(o.ToIndex, 0)),
		fmt.Sprintf("%s, index %+.0f", levelChange(o), o.Index))
	for _, d := range ch.Dimensions {
		row(d.Name, fmt.Sprintf("L%d  %.2f", d.FromLevel, d.FromScore), fmt.Sprintf("L%d  %.2f", d.ToLevel, d.ToScore),
			fmt.Sprintf("%s, score %+.2f", levelChange(d.Delta), d.Score))
	}
	bw.WriteString("  (L = level; the overall figure is the 0–100 index, the others the 1–5 score)\n")

	heading("Pace")
	para("  ", c.Pace.Summary)

	heading("Regressions in the latest step")
	if len(c.Regressions) == 0 {
		para("  ", fmt.Sprintf("Nothing went down since %s.", shortDate(c, last-1)))
	}
	for _, r := range c.Regressions {
		para("  ↓ ", fmt.Sprintf("%s went down from Level %d to Level %d.", r.Name, r.FromLevel, r.ToLevel))
	}

	if len(ch.Moved) > 0 {
		heading(fmt.Sprintf("Answers that moved (%d)", len(ch.Moved)))
		for i, m := range ch.Moved {
			if i == maxMoved {
				para("  ", fmt.Sprintf("… and %d more in the JSON comparison.", len(ch.Moved)-maxMoved))
				break
			}
			para(fmt.Sprintf("  %s ", strings.Fields(arrow(m.Direction))[0]), m.Prompt)
			para("      ", fmt.Sprintf("%s → %s", answerWords(m.FromStatus, m.FromLevel, m.FromLabel), answerWords(m.ToStatus, m.ToLevel, m.ToLabel)))
		}
	}
	if len(c.Notes) > 0 {
		heading("Notes")
		for _, n := range c.Notes {
			para("  - ", n)
		}
	}
	return bw.Flush()
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

func writeComparisonMarkdown(w io.Writer, c *result.Comparison) error {
	bw := bufio.NewWriter(w)
	first, last := 0, len(c.Results)-1
	ch := c.Change
	fmt.Fprintf(bw, "# Progress: %s\n\n", mdText(c.Questionnaire.Title))
	fmt.Fprintf(bw, "%d results, %s → %s%s.\n\n", len(c.Results), shortDate(c, first), shortDate(c, last), daysWords(ch.Days))
	if len(c.Results) > 2 {
		fmt.Fprintf(bw, "| date | level | index | respondent |\n|---|---|---|---|\n")
		for _, r := range c.Results {
			fmt.Fprintf(bw, "| %s | %d · %s | %s | %s |\n", r.AssessedAt.Format("2 Jan 2006"), r.Level, mdCell(r.LevelName), num(r.Index, 0), mdCell(respondentLine(r.Respondent)))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "| | %s | %s | change |\n|---|---|---|---|\n", shortDate(c, first), shortDate(c, last))
	o := ch.Overall
	fmt.Fprintf(bw, "| **Overall** | Level %d · index %s | Level %d · index %s | %s, index %+.0f |\n",
		o.FromLevel, num(o.FromIndex, 0), o.ToLevel, num(o.ToIndex, 0), levelChange(o), o.Index)
	for _, d := range ch.Dimensions {
		fmt.Fprintf(bw, "| %s | Level %d · %.2f | Level %d · %.2f | %s, score %+.2f |\n",
			mdCell(d.Name), d.FromLevel, d.FromScore, d.ToLevel, d.ToScore, levelChange(d.Delta), d.Score)
	}
	fmt.Fprintf(bw, "\n## Pace\n\n%s\n", mdText(c.Pace.Summary))
	fmt.Fprintf(bw, "\n## Regressions in the latest step\n\n")
	if len(c.Regressions) == 0 {
		fmt.Fprintf(bw, "Nothing went down since %s.\n", shortDate(c, last-1))
	}
	for _, r := range c.Regressions {
		fmt.Fprintf(bw, "- ↓ **%s** went down from Level %d to Level %d.\n", mdText(r.Name), r.FromLevel, r.ToLevel)
	}
	if len(ch.Moved) > 0 {
		fmt.Fprintf(bw, "\n## Answers that moved\n\n| | question | before | after |\n|---|---|---|---|\n")
		for i, m := range ch.Moved {
			if i == maxMoved {
				fmt.Fprintf(bw, "\n… and %d more in the JSON comparison.\n", len(ch.Moved)-maxMoved)
				break
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", arrow(m.Direction), mdCell(m.Prompt),
				mdCell(answerWords(m.FromStatus, m.FromLevel, m.FromLabel)), mdCell(answerWords(m.ToStatus, m.ToLevel, m.ToLabel)))
		}
	}
	if len(c.Notes) > 0 {
		fmt.Fprintf(bw, "\n## Notes\n\n")
		for _, n := range c.Notes {
			fmt.Fprintf(bw, "- %s\n", mdText(n))
		}
	}
	return bw.Flush()
}

// mdText escapes the characters Markdown would read as formatting.
func mdText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;", "#", `\#`, "|", `\|`)
	return r.Replace(strings.Join(strings.Fields(s), " "))
}

// mdCell is mdText for a table cell: pipes and line breaks escaped.
func mdCell(s string) string { return mdText(s) }
