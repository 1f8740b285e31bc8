package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// newTextWriter starts a text report of the view (nil for a report that
// is not about one result or group, like a comparison).
func newTextWriter(v *view, opts Options) *textWriter {
	return &textWriter{v: v, width: max(opts.width(), minWidth), styled: opts.styled(), st: newTextStyles()}
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

// textStyles decorate the report on a terminal. They use the 16 ANSI
// colours, which every terminal theme maps to something readable on its own
// background, so nothing has to ask the terminal what its background is.
type textStyles struct {
	title, bold, faint, heading, rule, warn, owner, note lipgloss.Style
}

func newTextStyles() textStyles {
	s := lipgloss.NewStyle()
	return textStyles{
		title:   s.Bold(true),
		bold:    s.Bold(true),
		faint:   s.Faint(true),
		heading: s.Bold(true).Foreground(lipgloss.BrightBlue),
		rule:    s.Foreground(lipgloss.BrightBlue),
		warn:    s.Bold(true).Foreground(lipgloss.Red),
		owner:   s.Foreground(lipgloss.Magenta),
		note:    s.Bold(true).Foreground(lipgloss.Magenta),
	}
}

// levelStyle colours the marks that belong to a level, the bars and the
// dots of the ladder: red where AI contradicts itself (Level 1), yellow
// where it is inefficient (Level 2), green from the level where it becomes
// reliable (3 and up). Text is never yellow: on a light background it
// cannot be read.
func levelStyle(level int) lipgloss.Style {
	s := lipgloss.NewStyle()
	switch {
	case level <= 1:
		return s.Foreground(lipgloss.Red)
	case level == 2:
		return s.Foreground(lipgloss.Yellow)
	}
	return s.Foreground(lipgloss.Green)
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

func (t *textWriter) header() {
	v := t.v
	t.para("", v.Title, t.st.title)
	who := v.Date
	if v.Who != "" {
		who = v.Who + " · " + v.Date
	}
	t.para("", who, t.st.faint)
	t.blank()
	head := fmt.Sprintf("Level %d · %s", v.Level, v.LevelName)
	text := ""
	if v.Meaning != "" {
		text = " — " + v.Meaning
	}
	t.lead("", head, text, t.st.bold, lipgloss.Style{})
	t.lead("", "Index "+v.Index+"/100", " (average answer "+v.Score+" of 5)", t.st.bold, t.st.faint)
	if v.Provisional != "" {
		t.lead("", "Provisional:", " "+v.Provisional, t.st.note, lipgloss.Style{})
	}
	t.blank()
	t.ladder()
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
		item, look := mark+" "+name, t.paint(levelStyle(s.Level), mark)+" "+name
		switch {
		case s.Current:
			item = "[" + item + "]"
			look = t.paint(t.st.bold, "[") + t.paint(levelStyle(s.Level).Bold(true), mark) + t.paint(t.st.bold, " "+name+"]")
		case !s.Reached:
			look = t.paint(t.st.faint, item)
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
			line += t.paint(t.st.faint, sep)
			lineW += textWidth(sep)
		}
		line += styled[i]
		lineW += w
	}
	if lineW > len(indent) {
		t.line(line)
	}
}

func (t *textWriter) dimensions() {
	t.heading("Dimensions")
	if t.v.DimensionsIntro != "" {
		t.para("  ", t.v.DimensionsIntro, t.st.faint)
	}
	dims := t.v.Dimensions
	nameW, levelW := 0, 0
	for _, d := range dims {
		nameW = max(nameW, textWidth(d.Name))
		levelW = max(levelW, textWidth(fmt.Sprintf("Level %d %s", d.Level, d.LevelName)))
	}
	nameW = min(nameW, 24, t.width/3)
	const scoreW = 4
	// The bar takes what the name, score and level leave, within limits, so
	// that reports of the same width have bars of the same length; a note
	// that the next level is close wraps below the level rather than
	// shortening every bar.
	fixed := 2 + nameW + 2 + 2 + scoreW + 2
	barW := max(10, min(t.width/4, t.width-fixed-levelW))
	levelCol := fixed + barW
	for _, d := range dims {
		name := padRight(truncate(d.Name, nameW, "…"), nameW)
		row := "  " + name + "  " + t.bar(d.Score, d.Level, barW) + "  " + padRight(d.ScoreText, scoreW) + "  "
		avail := t.width - levelCol
		if avail < 12 {
			t.line(strings.TrimRight(row, " "))
			t.para("    ", d.LevelText(), lipgloss.Style{})
			continue
		}
		lines := Wrap(d.LevelText(), avail)
		for i, l := range lines {
			if i == 0 {
				t.line(row + l)
			} else {
				t.line(strings.Repeat(" ", levelCol) + l)
			}
		}
		if d.Spread != nil {
			t.whisker(d.Spread, 2+nameW+2, barW)
		}
	}
}

// whisker draws, under a dimension's bar and on its scale, the range of
// the respondents' own scores (├──┤), with the range and standard deviation
// in figures beside it.
func (t *textWriter) whisker(s *spreadView, col, barW int) {
	at := func(score float64) int {
		return max(0, min(barW-1, int(math.Round(clampScore(score-1)/4*float64(barW-1)))))
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
		t.line(strings.Repeat(" ", col) + t.paint(t.st.faint, mark))
		t.para(strings.Repeat(" ", col), label, t.st.faint)
		return
	}
	t.line(strings.Repeat(" ", col) + t.paint(t.st.faint, mark+"  "+label))
}

// bar draws a score of 1..5 as width cells: filled for the score, shaded
// for the rest, so it reads the same without colour.
func (t *textWriter) bar(score float64, level, width int) string {
	filled := int(math.Round(clampScore(score-1) / 4 * float64(width)))
	filled = max(0, min(width, filled))
	return t.paint(levelStyle(level), strings.Repeat("█", filled)) + t.paint(t.st.faint, strings.Repeat("░", width-filled))
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
}

func (t *textWriter) flags() {
	if len(t.v.Flags) == 0 {
		return
	}
	t.heading("Check these")
	for _, f := range t.v.Flags {
		t.lead(t.paint(t.st.warn, "  ! "), f.Title+":", " "+f.Message, t.st.warn, lipgloss.Style{})
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
	t.heading("Top gaps")
	t.para("  ", t.v.GapsIntro, t.st.faint)
	for i, g := range gaps {
		if i == maxGaps {
			t.para("  ", fmt.Sprintf("… and %d more in the Markdown, HTML and JSON reports.", len(gaps)-maxGaps), t.st.faint)
			break
		}
		t.blank()
		t.para(fmt.Sprintf("  %d. ", g.Rank), g.Prompt, t.st.bold)
		now := fmt.Sprintf("%s (Level %d)", g.Now, g.NowLevel)
		if g.Mean != "" {
			now = fmt.Sprintf("mean answer %s (%s)", g.Mean, g.Range)
		}
		t.para("     "+t.paint(t.st.faint, "Now:")+"  ", now, lipgloss.Style{})
		if g.Next != "" {
			t.para("     "+t.paint(t.st.bold, "Next:")+" ", fmt.Sprintf("%s (Level %d)", g.Next, g.NextLevel), lipgloss.Style{})
		}
		if g.Note != "" {
			t.para("     "+t.paint(t.st.faint, "Note:")+" ", "“"+g.Note+"”", t.st.faint)
		}
	}
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
		if u.Help != "" {
			t.para("    ", u.Help, t.st.faint)
		}
	}
}

func (t *textWriter) plan() {
	p := t.v.Plan
	t.heading(p.Title)
	if intro := planIntro(p); intro != "" {
		t.para("  ", intro, t.st.faint)
	}
	for _, ph := range p.Phases {
		t.blank()
		t.para("  ", fmt.Sprintf("Weeks %s · %s", ph.Weeks, ph.Name), t.st.bold)
		if len(ph.Actions) == 0 {
			t.para("    ", "Nothing new this phase: finish what is under way.", t.st.faint)
		}
		for _, a := range ph.Actions {
			t.actionTitle(a)
			t.para("      ", a.Why, t.st.faint)
		}
	}
}

// actionTitle writes "- Title (Owner)", the owner coloured where it sits
// whole at the end of the last line.
func (t *textWriter) actionTitle(a actionView) {
	owner := "(" + a.Owner + ")"
	lines := Wrap(a.Title+" "+owner, t.width-6)
	for i, l := range lines {
		p := "      "
		if i == 0 {
			p = "    - "
		}
		if i == len(lines)-1 && strings.HasSuffix(l, owner) {
			l = l[:len(l)-len(owner)] + t.paint(t.st.owner, owner)
		}
		t.line(p + l)
	}
}

func (t *textWriter) footer() {
	f := t.v.Footer
	t.blank()
	t.para("", footerLine(f), t.st.faint)
}

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
