package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// maxGaps is how many gaps a report shows; the JSON has them all.
const maxGaps = 5

// writeText renders the plain-text report: no colour, no escape codes, every
// line within the width.
func writeText(w io.Writer, r *result.Result, opts Options) error {
	width := opts.width()
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, width: width, r: r}
	t.header()
	t.dimensions()
	t.why()
	t.flags()
	t.ai()
	t.gaps()
	t.unknowns()
	t.plan()
	return bw.Flush()
}

type textWriter struct {
	w     *bufio.Writer
	width int
	r     *result.Result
}

func (t *textWriter) para(prefix, text string) {
	t.w.WriteString(indentWrap(prefix, text, t.width))
}

func (t *textWriter) heading(s string) {
	fmt.Fprintf(t.w, "\n%s\n%s\n", s, strings.Repeat("─", min(runewidth.StringWidth(s), t.width)))
}

func (t *textWriter) header() {
	r := t.r
	o := r.Overall
	t.para("", r.Questionnaire.Title)
	if who := respondentLine(r.Respondent); who != "" {
		t.para("", who+" · "+r.AssessedAt.Format("2 January 2006"))
	} else {
		t.para("", r.AssessedAt.Format("2 January 2006"))
	}
	t.w.WriteString("\n")
	t.para("", fmt.Sprintf("Level %d · %s — %s", o.Level, o.LevelName, o.Summary))
	t.para("", fmt.Sprintf("Index %s/100 (average answer %s of 5)", num(o.Index, 0), num(o.Score, 2)))
	if o.Provisional {
		t.para("", fmt.Sprintf("Provisional: Level %d — Level %d if the unknowns are confirmed.", o.Level, o.LevelIfConfirmed))
	}
}

func respondentLine(p result.Respondent) string {
	var parts []string
	name := p.Name
	if p.Role != "" {
		role := questionnaire.RoleName(p.Role)
		if name != "" {
			name += " (" + role + ")"
		} else {
			name = role
		}
	}
	if name != "" {
		parts = append(parts, name)
	}
	if p.Org != "" {
		parts = append(parts, p.Org)
	}
	return strings.Join(parts, ", ")
}

func (t *textWriter) dimensions() {
	t.heading("Dimensions")
	nameW := 0
	for _, d := range t.r.Dimensions {
		nameW = max(nameW, runewidth.StringWidth(d.Name))
	}
	nameW = min(nameW, 24)
	barW := 20
	for _, d := range t.r.Dimensions {
		name := runewidth.FillRight(runewidth.Truncate(d.Name, nameW, "…"), nameW)
		fmt.Fprintf(t.w, "  %s  %s  %.2f  Level %d %s%s\n", name, bar(d.Score, barW), d.Score, d.Level, d.LevelName, approaching(d))
	}
}

// bar draws a score of 1..5 as a bar of width cells.
func bar(score float64, width int) string {
	filled := int(math.Round((score - 1) / 4 * float64(width)))
	filled = max(0, min(width, filled))
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}

// approaching notes a dimension whose average is close to the next level.
func approaching(d result.Dimension) string {
	if d.Level < questionnaire.MaxLevel && d.Score >= float64(d.Level)+0.75 {
		return fmt.Sprintf(" (approaching %d)", d.Level+1)
	}
	return ""
}

func (t *textWriter) why() {
	o := t.r.Overall
	t.heading(fmt.Sprintf("Why Level %d", o.Level))
	if len(o.CappedBy) == 0 {
		if o.Level == questionnaire.MaxLevel {
			t.para("  ", "Every dimension is at Level 5.")
		} else {
			t.para("  ", fmt.Sprintf("Every dimension is at Level %d or above. Level %d needs every dimension but one at Level %d.", o.Level, o.Level+1, o.Level+1))
		}
	}
	for _, c := range o.CappedBy {
		t.para("  - ", c.Reason)
	}
}

func (t *textWriter) flags() {
	if len(t.r.Overall.Flags) == 0 {
		return
	}
	t.heading("Check these")
	for _, f := range t.r.Overall.Flags {
		t.para("  ! ", f.Message)
	}
}

func (t *textWriter) ai() {
	t.heading("AI readiness")
	t.para("  ", t.r.Overall.AIReadiness)
}

func (t *textWriter) gaps() {
	gaps := t.r.Gaps
	if len(gaps) == 0 {
		return
	}
	t.heading("Top gaps")
	for i, g := range gaps {
		if i == maxGaps {
			t.para("  ", fmt.Sprintf("… and %d more in the JSON result.", len(gaps)-maxGaps))
			break
		}
		t.para(fmt.Sprintf("  %d. ", i+1), g.Prompt)
		t.para("     Now:  ", fmt.Sprintf("%s (Level %d)", g.Label, g.Level))
		if g.Next != "" {
			t.para("     Next: ", fmt.Sprintf("%s (Level %d)", g.Next, g.Level+1))
		}
	}
}

func (t *textWriter) unknowns() {
	if len(t.r.Unknowns) == 0 {
		return
	}
	t.heading(fmt.Sprintf("Unknowns to check (%d)", len(t.r.Unknowns)))
	for _, u := range t.r.Unknowns {
		t.para("  - ", u.Prompt)
		if u.Help != "" {
			t.para("    ", u.Help)
		}
	}
}

func (t *textWriter) plan() {
	p := t.r.Plan
	title := p.Title
	if name := p.TargetName; name != "" && !p.Sustain {
		title += " · " + name
	}
	t.heading(title)
	for _, ph := range p.Phases {
		fmt.Fprintf(t.w, "\n  Weeks %s · %s\n", ph.Weeks, ph.Name)
		for _, a := range ph.Actions {
			t.para("    - ", fmt.Sprintf("%s (%s)", a.Title, a.Owner))
			t.para("      ", a.Why)
		}
	}
}

// num formats a number with at most the given decimals, dropping zeros.
func num(x float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, x)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
