package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/convergence-model/convergence/internal/result"
)

// writeMarkdown renders the report as GitHub-flavoured Markdown: headings,
// tables and lists, for a client document or a CI job summary
// ($GITHUB_STEP_SUMMARY). Every string from a file is escaped, so a pipe
// cannot split a table cell and markup in an answer stays text.
func writeMarkdown(w io.Writer, r *result.Result) error {
	v := newView(r)
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("# %s\n\n", md(v.Title))
	if v.Who != "" {
		p("%s · %s\n\n", md(v.Who), v.Date)
	} else {
		p("%s\n\n", v.Date)
	}
	p("## Level %d · %s", v.Level, md(v.LevelName))
	if v.Meaning != "" {
		p(" — %s", md(v.Meaning))
	}
	p("\n\n**Index %s/100** (average answer %s of 5)\n\n", v.Index, v.Score)
	if v.Provisional != "" {
		p("> **Provisional:** %s\n\n", md(v.Provisional))
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
	p("%s\n\n", strings.Join(steps, " → "))

	p("## Dimensions\n\n")
	p("| Dimension | Score | | Level |\n|---|--:|---|---|\n")
	for _, d := range v.Dimensions {
		p("| %s | %s | `%s` | %s |\n", cell(d.Name), d.ScoreText, textBar(d.Score, 20), cell(d.LevelText()))
	}
	p("\n")

	p("## Why Level %d\n\n", v.Level)
	if v.WhyNext != "" {
		p("%s\n\n", mdBlock(v.WhyNext))
	}
	for _, reason := range v.Why {
		p("- %s\n", md(reason))
	}
	if len(v.Why) > 0 {
		p("\n")
	}

	if len(v.Flags) > 0 {
		p("## Check these\n\n")
		for _, f := range v.Flags {
			p("> **⚠ %s:** %s\n\n", md(f.Title), md(f.Message))
		}
	}

	p("## AI readiness\n\n%s\n\n", mdBlock(v.AI))

	if len(v.Gaps) > 0 {
		p("## Top gaps\n\n")
		p("%s\n\n", v.GapsIntro)
		p("| # | Dimension | Question | Now | Next level looks like |\n|--:|---|---|---|---|\n")
		for _, g := range v.Gaps {
			now := fmt.Sprintf("%s (Level %d)", cell(g.Now), g.NowLevel)
			if g.Note != "" {
				now += fmt.Sprintf(" · *Note: “%s”*", cell(g.Note))
			}
			next := " "
			if g.Next != "" {
				next = fmt.Sprintf("%s (Level %d)", cell(g.Next), g.NextLevel)
			}
			p("| %d | %s | %s | %s | %s |\n", g.Rank, cell(g.Dimension), cell(g.Prompt), now, next)
		}
		p("\n")
	}

	if len(v.Unknowns) > 0 {
		p("## Unknowns to check (%d)\n\n", len(v.Unknowns))
		for _, u := range v.Unknowns {
			p("- **%s**", md(u.Prompt))
			if u.Help != "" {
				p("  \n  %s", md(u.Help))
			}
			p("\n")
		}
		p("\n")
	}

	p("## %s\n\n", md(v.Plan.Title))
	if intro := planIntro(v.Plan); intro != "" {
		p("%s\n\n", intro)
	}
	for _, ph := range v.Plan.Phases {
		p("### Weeks %s · %s\n\n", md(ph.Weeks), md(ph.Name))
		if len(ph.Actions) == 0 {
			p("Nothing new this phase: finish what is under way.\n\n")
			continue
		}
		p("| Action | Owner | Why |\n|---|---|---|\n")
		for _, a := range ph.Actions {
			p("| %s | %s | %s |\n", cell(a.Title), cell(a.Owner), cell(a.Why))
		}
		p("\n")
	}

	if len(v.Answers) > 0 {
		p("## All answers\n\n")
		p("| Dimension | Question | Answer | Level | Note |\n|---|---|---|---|---|\n")
		for _, a := range v.Answers {
			p("| %s | %s | %s | %s | %s |\n", cell(a.Dimension), cell(a.Prompt), cell(a.Answer), cell(a.Level), cell(a.Note))
		}
		p("\n")
	}

	p("---\n\n*%s · assessed %s*\n", md(footerLine(v.Footer)), v.Footer.Assessed)
	return b.Flush()
}

// textBar draws a score of 1..5 as a bar of width cells.
func textBar(score float64, width int) string {
	filled := int(math.Round((score - 1) / 4 * float64(width)))
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
