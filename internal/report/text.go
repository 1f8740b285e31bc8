package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// newTextWriter starts a text report of the view (nil for a report that
// is not about one result or group, like a comparison).
func newTextWriter(v *view, opts Options) *textWriter {
	return &textWriter{v: v, width: max(opts.width(), minWidth), styled: opts.styled(), st: newTextStyles(opts.Color, opts.Background)}
}

// flush writes the report out: as it is when plain, and through a colour
// profile writer when styled, which keeps only the colours the terminal
// can show.
func (t *textWriter) flush(w io.Writer, opts Options) error {
	if !t.styled {
		_, err := w.Write(t.buf.Bytes())
		return err
	}
	_, err := (&colorprofile.Writer{Forward: w, Profile: opts.Color}).Write(t.buf.Bytes())
	return err
}

// minWidth is the narrowest layout the text report attempts.
const minWidth = 40

type textWriter struct {
	buf    bytes.Buffer
	v      *view
	width  int
	styled bool
	st     textStyles
}

// paint applies a style on a terminal and nothing otherwise.
func (t *textWriter) paint(s lipgloss.Style, text string) string {
	if !t.styled || text == "" {
		return text
	}
	return s.Render(text)
}

func (t *textWriter) line(s string) {
	t.buf.WriteString(s)
	t.buf.WriteByte('\n')
}

func (t *textWriter) blank() { t.buf.WriteByte('\n') }

// para wraps text within the width, after a first-line prefix and with a
// hanging indent as wide as the prefix; style colours the text.
func (t *textWriter) para(prefix, text string, style lipgloss.Style) {
	t.lead(prefix, "", text, lipgloss.Style{}, style)
}

// lead is para with a lead-in at the start of the text ("Now:", a flag's
// title) styled apart from the rest. The lead-in is styled only where it
// sits whole on the first line.
func (t *textWriter) lead(prefix, lead, text string, leadStyle, style lipgloss.Style) {
	pw := textWidth(prefix)
	lines := Wrap(lead+text, t.width-pw)
	pad := strings.Repeat(" ", pw)
	for i, l := range lines {
		p := pad
		if i == 0 {
			p = prefix
		}
		if i == 0 && lead != "" && strings.HasPrefix(l, strings.TrimSpace(lead)) {
			head := strings.TrimSpace(lead)
			t.line(p + t.paint(leadStyle, head) + t.paint(style, l[len(head):]))
			continue
		}
		t.line(p + t.paint(style, l))
	}
}

func (t *textWriter) heading(s string) {
	t.blank()
	for _, l := range Wrap(s, t.width) {
		t.line(t.paint(t.st.heading, l))
	}
	t.line(t.paint(t.st.rule, strings.Repeat("─", min(textWidth(s), t.width))))
}

// subheading is a bold line within a section.
func (t *textWriter) subheading(prefix, s string) {
	t.para(prefix, s, t.st.bold)
}

// header names the organisation (or the questionnaire), then the
// questionnaire, who answered and when.
func (t *textWriter) header() {
	v := t.v
	t.para("", v.Heading, t.st.title)
	parts := []string{v.Person, v.Date}
	if v.Heading != v.Title {
		parts = append([]string{v.Title}, parts...)
	}
	t.para("", strings.Join(nonEmpty(parts), " · "), t.st.muted)
}

// verdict leads the report: the level, why, what the next level takes, the
// first actions, what the result rests on, the index and the ladder.
func (t *textWriter) verdict() {
	v := t.v
	t.blank()
	head := fmt.Sprintf("Level %d · %s", v.Level, v.LevelName)
	text := ""
	if v.Meaning != "" {
		text = " — " + v.Meaning
	}
	t.lead("", head, text, t.st.level, lipgloss.Style{})
	t.para("", v.Verdict.Reason, t.st.bold)
	if v.Provisional != "" {
		t.lead("", "Provisional:", " "+v.Provisional, t.st.note, lipgloss.Style{})
	}
	if n := v.Verdict.Next; n != nil {
		t.blank()
		t.subheading("", n.Lead)
		for _, c := range n.Changes {
			t.lead("  - ", c.Topic, " "+c.Step, t.st.bold, lipgloss.Style{})
			if len(n.Changes) <= 2 && c.FromLabel != "" && c.ToLabel != "" {
				t.para("    ", "from “"+c.FromLabel+"” to “"+c.ToLabel+"”", t.st.muted)
			}
		}
	}
	if len(v.Verdict.Actions) > 0 {
		t.blank()
		t.subheading("", firstActionsTitle(len(v.Verdict.Actions)))
		for i, a := range v.Verdict.Actions {
			t.para(fmt.Sprintf("  %d. ", i+1), a.Title, lipgloss.Style{})
			t.meta("     ", a, true)
		}
	}
	t.blank()
	t.para("", v.Verdict.Counts, lipgloss.Style{})
	t.para("", v.Verdict.IndexLine, t.st.muted)
	t.blank()
	t.ladder()
}

// firstActionsTitle heads the verdict's actions.
func firstActionsTitle(n int) string {
	switch n {
	case 1:
		return "First action"
	case 2:
		return "First two actions"
	case 3:
		return "First three actions"
	}
	return fmt.Sprintf("First %d actions", n)
}

// weeksWords is "weeks 1–3", or nothing.
func weeksWords(weeks string) string {
	if weeks == "" {
		return ""
	}
	return "weeks " + weeks
}

// meta writes an action's owner, weeks and what it moves: the owner bold,
// the rest muted, wrapped under the prefix.
func (t *textWriter) meta(prefix string, a actionView, withWeeks bool) {
	rest := strings.TrimPrefix(a.Meta(withWeeks), a.Owner)
	t.lead(prefix, a.Owner, rest, t.st.bold, t.st.muted)
}

// ladder draws the five levels in a row, ● for each level reached and ○
// for those ahead, with the current one in brackets.
func (t *textWriter) ladder() {
	const indent, sep = "  ", " ── "
	var plain, styled []string
	for _, s := range t.v.Ladder {
		mark := "○"
		if s.Reached {
			mark = "●"
		}
		name := truncate(s.Name, t.width-len(indent)-4, "…")
		item, look := mark+" "+name, t.paint(t.st.accent, mark)+" "+name
		switch {
		case s.Current:
			item = "[" + item + "]"
			look = t.paint(t.st.level, item)
		case !s.Reached:
			look = t.paint(t.st.muted, item)
		}
		plain = append(plain, item)
		styled = append(styled, look)
	}
	// Lay the items out greedily, as many to a line as fit.
	line, lineW := indent, textWidth(indent)
	for i, item := range plain {
		w := textWidth(item)
		if lineW > len(indent) && lineW+textWidth(sep)+w > t.width {
			t.line(line)
			line, lineW = indent, len(indent)
		}
		if lineW > len(indent) {
			line += t.paint(t.st.muted, sep)
			lineW += textWidth(sep)
		}
		line += styled[i]
		lineW += w
	}
	if lineW > len(indent) {
		t.line(line)
	}
}

// dimensions draws a bar per dimension on a scale of 0 to 5 with its
// numbers below, so that a score of 1 is a bar too, with the dimension's
// level beside it and, below, what holds it.
func (t *textWriter) dimensions() {
	t.heading("Dimensions")
	if t.v.DimensionsIntro != "" {
		t.para("  ", t.v.DimensionsIntro, t.st.muted)
	}
	t.blank()
	dims := t.v.Dimensions
	nameW, levelW := 0, 0
	for _, d := range dims {
		nameW = max(nameW, textWidth(d.Name))
		levelW = max(levelW, textWidth(fmt.Sprintf("Level %d %s", d.Level, d.LevelName)))
	}
	nameW = min(nameW, 24, t.width/3)
	const scoreW = 4
	// The bar takes what the name, score and level leave, within limits, so
	// that reports of the same width have bars of the same length; a level
	// that does not fit wraps below it rather than shortening every bar.
	fixed := 2 + nameW + 2 + 2 + scoreW + 2
	barW := max(10, min(t.width/4, t.width-fixed-levelW))
	barW -= barW % 5
	barCol := 2 + nameW + 2
	levelCol := fixed + barW
	for _, d := range dims {
		name := padRight(truncate(d.Name, nameW, "…"), nameW)
		row := "  " + name + "  " + t.bar(d.Score, barW) + "  " + padRight(d.ScoreText, scoreW) + "  "
		avail := t.width - levelCol
		levelStyle := t.st.bold
		if d.Insufficient {
			levelStyle = t.st.note
		}
		if avail < 12 {
			t.line(strings.TrimRight(row, " "))
			t.para("    ", d.LevelText(), levelStyle)
		} else {
			for i, l := range Wrap(d.LevelText(), avail) {
				if i == 0 {
					t.line(row + t.paint(levelStyle, l))
				} else {
					t.line(strings.Repeat(" ", levelCol) + t.paint(levelStyle, l))
				}
			}
		}
		if d.Spread != nil {
			t.whisker(d.Spread, barCol, barW)
		}
		pad := strings.Repeat(" ", barCol)
		if barCol > t.width/2 {
			pad = "    "
		}
		for _, c := range d.Caps {
			t.para(pad, c.Text, t.st.warn)
		}
		if d.Insufficient {
			t.para(pad, d.Known+": too few to judge its level", t.st.note)
		} else if len(d.HeldBy) > 0 && d.Level < 5 {
			t.para(pad, fmt.Sprintf("held below Level %d by %s", d.Level+1, diag.Join(d.HeldBy, "and")), t.st.muted)
		}
	}
	t.line(strings.Repeat(" ", barCol) + t.paint(t.st.muted, scale(barW)))
}

// scale is the numbers 1 to 5 under a bar of width cells, each under the
// cell where that score ends.
func scale(width int) string {
	b := []rune(strings.Repeat(" ", width))
	for l := 1; l <= 5; l++ {
		b[max(0, l*width/5-1)] = rune('0' + l)
	}
	return strings.TrimRight(string(b), " ")
}

// whisker draws, under a dimension's bar and on its scale, the range of
// the respondents' own scores (├──┤), with the range and standard deviation
// in figures beside it.
func (t *textWriter) whisker(s *spreadView, col, barW int) {
	at := func(score float64) int {
		return max(0, min(barW-1, int(math.Round(clampScore(score)/5*float64(barW)))-1))
	}
	lo, hi := at(s.Min), at(s.Max)
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", lo))
	if lo == hi {
		b.WriteString("│")
	} else {
		b.WriteString("├" + strings.Repeat("─", hi-lo-1) + "┤")
	}
	mark := padRight(b.String(), barW)
	label := "respondents " + s.text()
	if col+barW+2+textWidth(label) > t.width {
		t.line(strings.Repeat(" ", col) + t.paint(t.st.muted, mark))
		t.para(strings.Repeat(" ", col), label, t.st.muted)
		return
	}
	t.line(strings.Repeat(" ", col) + t.paint(t.st.muted, mark+"  "+label))
}

// bar draws a score of 0..5 as width cells: filled for the score, shaded
// for the rest, so it reads the same without colour and a score of 1 is a
// fifth of the bar.
func (t *textWriter) bar(score float64, width int) string {
	filled := filledCells(score, width)
	return t.paint(t.st.bar, strings.Repeat("█", filled)) + t.paint(t.st.track, strings.Repeat("░", width-filled))
}

// filledCells is how many of a bar's width cells a score of 0..5 fills.
func filledCells(score float64, width int) int {
	return max(0, min(width, int(math.Round(clampScore(score)/5*float64(width)))))
}

func (t *textWriter) why() {
	v := t.v
	t.heading(fmt.Sprintf("Why Level %d", v.Level))
	if v.WhyNext != "" {
		t.para("  ", v.WhyNext, lipgloss.Style{})
	}
	for _, reason := range v.Why {
		t.para("  - ", reason, lipgloss.Style{})
	}
	if len(v.Strengths) > 0 {
		t.blank()
		t.lead("  ", "Already strong:", " "+diag.Join(v.Strengths, "and")+".", t.st.good, lipgloss.Style{})
	}
}

func (t *textWriter) flags() {
	if len(t.v.Flags) == 0 {
		return
	}
	t.heading("Check these")
	for _, f := range t.v.Flags {
		t.lead(t.paint(t.st.warn, "  ! "), f.Title+":", " "+f.Message, t.st.warn, lipgloss.Style{})
		if f.Action != "" {
			t.para("    ", result.UpperFirst(f.Action)+".", t.st.muted)
		}
	}
}

func (t *textWriter) ai() {
	t.heading("AI readiness")
	t.para("  ", t.v.AI, lipgloss.Style{})
}

func (t *textWriter) gaps() {
	gaps := t.v.Gaps
	if len(gaps) == 0 {
		return
	}
	t.heading(gapsTitle(len(gaps)))
	t.para("  ", t.v.GapsIntro, t.st.muted)
	for i, g := range gaps {
		if i == maxGaps {
			t.blank()
			t.para("  ", fmt.Sprintf("… and %d more in the HTML and JSON reports.", len(gaps)-maxGaps), t.st.muted)
			break
		}
		t.blank()
		t.para(fmt.Sprintf("  %d. ", g.Rank), g.Prompt, t.st.bold)
		now := fmt.Sprintf("%s (Level %d)", g.Now, g.NowLevel)
		if g.Mean != "" {
			now = fmt.Sprintf("mean answer %s (%s)", g.Mean, g.Range)
		}
		t.para("     "+t.paint(t.st.muted, "Now:")+"  ", now, lipgloss.Style{})
		if g.Next != "" {
			t.para("     "+t.paint(t.st.bold, "Next:")+" ", fmt.Sprintf("%s (Level %d)", g.Next, g.NextLevel), lipgloss.Style{})
		}
		if g.Note != "" {
			t.para("     "+t.paint(t.st.muted, "Note:")+" ", "“"+g.Note+"”", t.st.muted)
		}
		if g.InPlan != "" {
			t.para("     ", result.UpperFirst(g.InPlan)+".", t.st.accent)
		}
	}
}

// gapsTitle is "Top gaps", with how many are shown first when there are
// more.
func gapsTitle(n int) string {
	if n > maxGaps {
		return fmt.Sprintf("Top %d gaps of %d", maxGaps, n)
	}
	return "Top gaps"
}

func (t *textWriter) unknowns() {
	if len(t.v.Unknowns) == 0 {
		return
	}
	t.heading(fmt.Sprintf("Unknowns to check (%d)", len(t.v.Unknowns)))
	for _, u := range t.v.Unknowns {
		t.para(t.paint(t.st.note, "  ? "), u.Prompt, t.st.bold)
		if u.Count != "" {
			t.para("    ", u.Count, lipgloss.Style{})
		}
		if u.Ask != "" {
			t.lead("    ", "Ask:", " "+u.Ask, t.st.bold, lipgloss.Style{})
		}
		if u.Help != "" {
			t.para("    ", u.Help, t.st.muted)
		}
	}
}

func (t *textWriter) plan() {
	p := t.v.Plan
	t.heading(p.Title)
	if intro := planIntro(p); intro != "" {
		t.para("  ", intro, t.st.muted)
	}
	for _, ph := range p.Phases {
		t.blank()
		t.para("  ", fmt.Sprintf("Weeks %s · %s", ph.Weeks, ph.Name), t.st.bold)
		if len(ph.Actions) == 0 {
			t.para("    ", "Nothing new this phase: finish what is under way.", t.st.muted)
		}
		for _, a := range ph.Actions {
			t.para("    - ", a.Title, lipgloss.Style{})
			t.meta("      ", a, false)
			if a.Detail != "" {
				t.para("      ", a.Detail, lipgloss.Style{})
			}
			t.para("      ", a.Why, t.st.muted)
		}
	}
}

func (t *textWriter) footer() {
	f := t.v.Footer
	t.blank()
	t.para("", footerLine(f), t.st.muted)
	if t.styled {
		// Only where there is colour to explain; the words and symbols
		// say the same without it.
		t.para("", textLegend, t.st.muted)
	}
}

// summary ends the terminal report with the verdict in short, so that it
// is still on the screen once the report has scrolled by.
func (t *textWriter) summary() {
	v := t.v
	t.heading("In short")
	head := fmt.Sprintf("Level %d · %s.", v.Level, v.LevelName)
	reason := v.Verdict.Reason
	if rest, ok := strings.CutPrefix(reason, fmt.Sprintf("Level %d: ", v.Level)); ok {
		head, reason = fmt.Sprintf("Level %d · %s:", v.Level, v.LevelName), rest
	}
	t.lead("  ", head, " "+reason, t.st.level, lipgloss.Style{})
	if len(v.Verdict.Actions) > 0 {
		a := v.Verdict.Actions[0]
		who := strings.Join(nonEmpty([]string{a.Owner, weeksWords(a.Weeks)}), ", ")
		first := strings.TrimSuffix(a.Title, ".")
		if who != "" {
			first += " (" + who + ")"
		}
		t.lead("  ", "First:", " "+first+".", t.st.bold, lipgloss.Style{})
	}
	if n := v.Verdict.Next; n != nil {
		text := n.Lead
		if len(n.Changes) == 1 {
			text = strings.Split(n.Lead, ": ")[0] + ": " + n.Changes[0].Text()
		}
		t.para("  ", text+".", t.st.muted)
	}
}

// textLegend says what colour means on a terminal, as colourLegend does in
// the HTML report.
const textLegend = "Colours: blue the level, red a warning, purple an unknown, green a rise."

// footerLine names the questionnaire, its digest and the tool, so a printed
// report can be traced to what produced it.
func footerLine(f footerView) string {
	digest := truncate(f.Digest, len("sha256:")+13, "…")
	parts := []string{strings.TrimSpace("Questionnaire " + f.ID + " " + f.Version)}
	if digest != "" {
		parts = append(parts, digest)
	}
	if f.Tool != "" {
		parts = append(parts, f.Tool)
	}
	return strings.Join(parts, " · ")
}
