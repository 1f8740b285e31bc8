package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
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
	m.h(1, "%s", md(v.Heading))
	parts := []string{md(v.Person), v.Date}
	if v.Heading != v.Title {
		parts = append([]string{md(v.Title)}, parts...)
	}
	m.p("%s\n\n", strings.Join(nonEmpty(parts), " · "))
}

// verdict leads the report: the level, why, what the next level takes, the
// first actions, what the result rests on, the index and the ladder.
func (m *mdWriter) verdict() {
	v := m.v
	m.h(2, "Level %d · %s", v.Level, md(v.LevelName)+mdSuffix(" — ", v.Meaning))
	m.p("**%s**\n\n", md(v.Verdict.Reason))
	if v.Provisional != "" {
		m.p("> **Provisional:** %s\n\n", md(v.Provisional))
	}
	if n := v.Verdict.Next; n != nil {
		m.p("**%s**\n\n", md(n.Lead))
		for _, c := range n.Changes {
			m.p("- **%s** %s", md(c.Topic), c.Step)
			if len(n.Changes) <= 2 && c.FromLabel != "" && c.ToLabel != "" {
				m.p(": from “%s” to “%s”", md(c.FromLabel), md(c.ToLabel))
			}
			m.p("\n")
		}
		if len(n.Changes) > 0 {
			m.p("\n")
		}
	}
	if len(v.Verdict.Actions) > 0 {
		m.p("**%s**\n\n", firstActionsTitle(len(v.Verdict.Actions)))
		for i, a := range v.Verdict.Actions {
			m.p("%d. %s  \n   *%s*\n", i+1, md(a.Title), md(a.Meta(true)))
		}
		m.p("\n")
	}
	m.p("%s  \n*%s*\n\n", md(v.Verdict.Counts), md(v.Verdict.IndexLine))
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

// mdSuffix is sep and the escaped text, or nothing without text.
func mdSuffix(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + md(s)
}

func (m *mdWriter) dimensions() {
	m.h(2, "Dimensions")
	if m.v.DimensionsIntro != "" {
		m.p("%s\n\n", mdBlock(m.v.DimensionsIntro))
	}
	spread := len(m.v.Dimensions) > 0 && m.v.Dimensions[0].Spread != nil
	m.p("| Dimension | Average answer | Bar, 0 to 5 | Level |")
	if spread {
		m.p(" Respondents |")
	}
	m.p("\n|---|--:|---|---|%s\n", map[bool]string{true: "---|"}[spread])
	for _, d := range m.v.Dimensions {
		level := cell(d.LevelText())
		for _, detail := range d.Details() {
			level += " · " + cell(detail)
		}
		m.p("| %s | %s | `%s` | %s |", cell(d.Name), d.ScoreText, textBar(d.Score, 20), level)
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
	if len(v.Strengths) > 0 {
		m.p("**Already strong:** %s.\n\n", md(diag.Join(v.Strengths, "and")))
	}
}

func (m *mdWriter) flags() {
	if len(m.v.Flags) == 0 {
		return
	}
	m.h(2, "Check these")
	for _, f := range m.v.Flags {
		m.p("> **⚠ %s:** %s", md(f.Title), md(f.Message))
		if f.Action != "" {
			m.p(" *%s.*", md(result.UpperFirst(f.Action)))
		}
		m.p("\n\n")
	}
}

func (m *mdWriter) ai() {
	m.h(2, "AI readiness")
	m.p("%s\n\n", mdBlock(m.v.AI))
}

// gaps shows the first gaps in a table and folds the rest away in a
// details block, which GitHub shows closed.
func (m *mdWriter) gaps() {
	v := m.v
	if len(v.Gaps) == 0 {
		return
	}
	m.h(2, "%s", gapsTitle(len(v.Gaps)))
	m.p("%s\n\n", v.GapsIntro)
	inPlan := false
	for _, g := range v.Gaps {
		inPlan = inPlan || g.InPlan != ""
	}
	table := func(gaps []gapView) {
		if inPlan {
			m.p("| # | Question | Now | Next level looks like | In plan |\n|--:|---|---|---|---|\n")
		} else {
			m.p("| # | Question | Now | Next level looks like |\n|--:|---|---|---|\n")
		}
		for _, g := range gaps {
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
			m.p("| %d | %s<br>*%s* | %s | %s |", g.Rank, cell(g.Prompt), cell(g.Dimension), now, next)
			if inPlan {
				m.p(" %s |", cell(strings.TrimPrefix(g.InPlan, "in plan: ")))
			}
			m.p("\n")
		}
		m.p("\n")
	}
	table(v.Gaps[:min(len(v.Gaps), maxGaps)])
	if rest := v.Gaps[min(len(v.Gaps), maxGaps):]; len(rest) > 0 {
		m.p("<details><summary>%s</summary>\n\n", diag.Count(len(rest), "more gap", "more gaps"))
		table(rest)
		m.p("</details>\n\n")
	}
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
		if u.Ask != "" {
			m.p("  \n  Ask: %s", md(u.Ask))
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
	moves := v.Plan.saysMoves()
	for _, ph := range v.Plan.Phases {
		m.h(3, "Weeks %s · %s", md(ph.Weeks), md(ph.Name))
		if len(ph.Actions) == 0 {
			m.p("Nothing new this phase: finish what is under way.\n\n")
			continue
		}
		if moves {
			m.p("| Action | Owner | Moves | Why |\n|---|---|---|---|\n")
		} else {
			m.p("| Action | Owner | Why |\n|---|---|---|\n")
		}
		for _, a := range ph.Actions {
			title := cell(a.Title)
			if a.Detail != "" {
				title += "<br>" + cell(a.Detail)
			}
			if moves {
				m.p("| %s | %s | %s | %s |\n", title, cell(a.Owner), cell(strings.TrimPrefix(a.Moves, "moves ")), cell(a.Why))
			} else {
				m.p("| %s | %s | %s |\n", title, cell(a.Owner), cell(a.Why))
			}
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

// textBar draws a score of 0..5 as a bar of width cells, so that a score
// of 1 is a fifth of the bar.
func textBar(score float64, width int) string {
	filled := filledCells(score, width)
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
