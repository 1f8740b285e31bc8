package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
)

// mdWriter writes the sections of a Markdown report. Its sections are
// shared by the single-result and workshop reports; depth pushes every
// heading down, so a report can be a section of another.
type mdWriter struct {
	b     *bufio.Writer
	v     *view
	depth int
}

func newMDWriter(w io.Writer, v *view) *mdWriter {
	return &mdWriter{b: bufio.NewWriter(w), v: v}
}

func (m *mdWriter) p(format string, args ...any) { fmt.Fprintf(m.b, format, args...) }

// h starts a heading of the given level (1 for "#"), pushed down by depth.
func (m *mdWriter) h(level int, format string, args ...any) {
	m.p("%s %s\n\n", strings.Repeat("#", min(6, level+m.depth)), fmt.Sprintf(format, args...))
}

func (m *mdWriter) header() {
	v := m.v
	m.h(1, "%s", md(v.Title))
	if v.Who != "" {
		m.p("%s · %s\n\n", md(v.Who), v.Date)
	} else {
		m.p("%s\n\n", v.Date)
	}
}

// level is the level with its meaning, the index, the provisional notice
// and the ladder.
func (m *mdWriter) level() {
	v := m.v
	m.p("## Level %d · %s", v.Level, md(v.LevelName))
	if v.Meaning != "" {
		m.p(" — %s", md(v.Meaning))
	}
	m.p("\n\n**Index %s/100** (average answer %s of 5)\n\n", v.Index, v.Score)
	if v.Provisional != "" {
		m.p("> **Provisional:** %s\n\n", md(v.Provisional))
	}
	var steps []string
	for _, s := range v.Ladder {
		mark := "○"
		if s.Reached {
			mark = "●"
		}
		item := mark + " " + md(s.Name)
		if s.Current {
			item = "**" + item + "**"
		}
		steps = append(steps, item)
	}
	m.p("%s\n\n", strings.Join(steps, " → "))
}

func (m *mdWriter) dimensions() {
	m.h(2, "Dimensions")
	if m.v.DimensionsIntro != "" {
		m.p("%s\n\n", mdBlock(m.v.DimensionsIntro))
	}
	spread := len(m.v.Dimensions) > 0 && m.v.Dimensions[0].Spread != nil
	if spread {
		m.p("| Dimension | Score | | Level | Respondents |\n|---|--:|---|---|---|\n")
	} else {
		m.p("| Dimension | Score | | Level |\n|---|--:|---|---|\n")
	}
	for _, d := range m.v.Dimensions {
		m.p("| %s | %s | `%s` | %s |", cell(d.Name), d.ScoreText, textBar(d.Score, 20), cell(d.LevelText()))
		if spread {
			m.p(" %s |", cell(d.Spread.text()))
		}
		m.p("\n")
	}
	m.p("\n")
}

func (m *mdWriter) why() {
	v := m.v
	m.h(2, "Why Level %d", v.Level)
	if v.WhyNext != "" {
		m.p("%s\n\n", mdBlock(v.WhyNext))
	}
	for _, reason := range v.Why {
		m.p("- %s\n", md(reason))
	}
	if len(v.Why) > 0 {
		m.p("\n")
	}
}

func (m *mdWriter) flags() {
	if len(m.v.Flags) == 0 {
		return
	}
	m.h(2, "Check these")
	for _, f := range m.v.Flags {
		m.p("> **⚠ %s:** %s\n\n", md(f.Title), md(f.Message))
	}
}

func (m *mdWriter) ai() {
	m.h(2, "AI readiness")
	m.p("%s\n\n", mdBlock(m.v.AI))
}

func (m *mdWriter) gaps() {
	v := m.v
	if len(v.Gaps) == 0 {
		return
	}
	m.h(2, "Top gaps")
	m.p("%s\n\n", v.GapsIntro)
	m.p("| # | Dimension | Question | Now | Next level looks like |\n|--:|---|---|---|---|\n")
	for _, g := range v.Gaps {
		now := fmt.Sprintf("%s (Level %d)", cell(g.Now), g.NowLevel)
		if g.Mean != "" {
			now = fmt.Sprintf("mean answer %s (%s)", g.Mean, cell(g.Range))
		}
		if g.Note != "" {
			now += fmt.Sprintf(" · *Note: “%s”*", cell(g.Note))
		}
		next := " "
		if g.Next != "" {
			next = fmt.Sprintf("%s (Level %d)", cell(g.Next), g.NextLevel)
		}
		m.p("| %d | %s | %s | %s | %s |\n", g.Rank, cell(g.Dimension), cell(g.Prompt), now, next)
	}
	m.p("\n")
}

func (m *mdWriter) unknowns() {
	v := m.v
	if len(v.Unknowns) == 0 {
		return
	}
	m.h(2, "Unknowns to check (%d)", len(v.Unknowns))
	for _, u := range v.Unknowns {
		m.p("- **%s**", md(u.Prompt))
		if u.Count != "" {
			m.p(" — %s", md(u.Count))
		}
		if u.Help != "" {
			m.p("  \n  %s", md(u.Help))
		}
		m.p("\n")
	}
	m.p("\n")
}

func (m *mdWriter) plan() {
	v := m.v
	m.h(2, "%s", md(v.Plan.Title))
	if intro := planIntro(v.Plan); intro != "" {
		m.p("%s\n\n", intro)
	}
	for _, ph := range v.Plan.Phases {
		m.h(3, "Weeks %s · %s", md(ph.Weeks), md(ph.Name))
		if len(ph.Actions) == 0 {
			m.p("Nothing new this phase: finish what is under way.\n\n")
			continue
		}
		m.p("| Action | Owner | Why |\n|---|---|---|\n")
		for _, a := range ph.Actions {
			m.p("| %s | %s | %s |\n", cell(a.Title), cell(a.Owner), cell(a.Why))
		}
		m.p("\n")
	}
}

func (m *mdWriter) answers() {
	v := m.v
	if len(v.Answers) == 0 {
		return
	}
	m.h(2, "All answers")
	m.p("| Dimension | Question | Answer | Level | Note |\n|---|---|---|---|---|\n")
	for _, a := range v.Answers {
		m.p("| %s | %s | %s | %s | %s |\n", cell(a.Dimension), cell(a.Prompt), cell(a.Answer), cell(a.Level), cell(a.Note))
	}
	m.p("\n")
}

func (m *mdWriter) footer() {
	f := m.v.Footer
	m.p("---\n\n*%s · %s %s*\n", md(footerLine(f)), strings.ToLower(f.AssessedLabel), f.Assessed)
}

// textBar draws a score of 1..5 as a bar of width cells.
func textBar(score float64, width int) string {
	filled := int(math.Round(clampScore(score-1) / 4 * float64(width)))
	filled = max(0, min(width, filled))
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}

// md escapes text for inline Markdown: every character that could start
// emphasis, code, a link, HTML, a table cell, strikethrough, maths or an
// entity is preceded by a backslash, so it shows as itself.
func md(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '$':
			b.WriteByte('\\')
		case '&':
			// Only an ampersand that could begin an entity ("&lt;") needs it.
			if i+1 < len(rs) && (rs[i+1] == '#' || isAlnum(rs[i+1])) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdBlock escapes a paragraph: as md, and a start that would make a list
// item, a heading underline or a numbered list is escaped too.
func mdBlock(s string) string {
	s = md(strings.TrimSpace(s))
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return "\\" + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// cell is md for a table cell, never empty so that the row keeps its shape.
func cell(s string) string {
	s = strings.TrimSpace(md(s))
	if s == "" {
		return " "
	}
	return s
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// EscapeMarkdown makes text from a file safe to put in Markdown: cleaned of
// control characters and with every character that Markdown would read as
// markup escaped.
func EscapeMarkdown(s string) string { return md(clean(s)) }
