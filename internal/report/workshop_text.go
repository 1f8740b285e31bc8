package report

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/convergence-model/convergence/internal/result"
)

// writeWorkshopText renders the workshop for the terminal with the same
// writer, styles and sections as a single result's report, and the
// workshop's own sections around them.
func writeWorkshopText(w io.Writer, ws *result.Workshop, opts Options) error {
	wv := newWorkshopView(ws)
	t := newTextWriter(wv.view, opts)
	t.header()
	t.verdict()
	t.disagreements(wv)
	t.roleTable(wv)
	t.dimensions()
	t.why()
	t.flags()
	t.ai()
	t.gaps()
	t.unknowns()
	t.plan()
	t.respondents(wv)
	t.footer()
	t.summary()
	return t.flush(w, opts)
}

// disagreements lists the hotspots: each question's lowest and highest
// answer with who gave them, and the mean answer of each role.
func (t *textWriter) disagreements(wv *workshopView) {
	t.heading("Where your teams disagree")
	if len(wv.Hotspots) == 0 {
		t.para("  ", wv.Agree, lipgloss.Style{})
		return
	}
	t.para("  ", wv.HotspotsIntro, t.st.muted)
	for i, h := range wv.Hotspots {
		if i == maxHotspotsText {
			t.blank()
			t.para("  ", fmt.Sprintf("… and %d more in the Markdown, HTML and JSON reports.", len(wv.Hotspots)-maxHotspotsText), t.st.muted)
			break
		}
		t.blank()
		t.para(fmt.Sprintf("  %d. ", h.Rank), h.Prompt, t.st.bold)
		t.para("     ", fmt.Sprintf("%s · answers %d levels apart", h.Dimension, h.Spread), t.st.muted)
		t.para("     "+t.paint(t.st.warn, "Lowest:")+"  ", endWords(h.Low), lipgloss.Style{})
		t.para("     "+t.paint(t.st.bold, "Highest:")+" ", endWords(h.High), lipgloss.Style{})
		var roles []string
		for _, r := range h.ByRole {
			roles = append(roles, r.Role+" "+r.Text)
		}
		t.para("     "+t.paint(t.st.muted, "By role:")+" ", strings.Join(roles, " · "), lipgloss.Style{})
	}
}

// endWords is "Level 1 “No: each system has its own IDs” — Sev Amari
// (Service)".
func endWords(e hotspotEnd) string {
	s := fmt.Sprintf("Level %d", e.Level)
	if e.Label != "" {
		s += " “" + e.Label + "”"
	}
	if e.Who != "" {
		s += " — " + e.Who
	}
	return s
}

// tableIntro is the table's introduction with what its mark means, for
// the text and Markdown reports.
func tableIntro(wv *workshopView) string {
	if wv.LowestNote == "" {
		return wv.TableIntro
	}
	return wv.TableIntro + " " + lowestMark + " " + wv.LowestNote
}

// roleTable draws the dimension means by role as columns, each dimension's
// name wrapped over up to three header lines; on a terminal too narrow for
// the columns it lists each dimension's means in a line instead.
func (t *textWriter) roleTable(wv *workshopView) {
	rt := wv.Table
	t.heading("Dimension means by role")
	t.para("  ", tableIntro(wv), t.st.muted)
	t.blank()
	rows := append(append([]roleRow{}, rt.Rows...), rt.All)
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, textWidth(r.Label))
	}
	labelW = min(labelW, 18)
	const indexW = 5
	n := max(1, len(rt.Dimensions))
	colW := min(14, (t.width-2-labelW-2-indexW)/n)
	if colW < 9 {
		for j, d := range rt.Dimensions {
			var parts []string
			for _, r := range rows {
				parts = append(parts, r.Label+" "+r.Cells[j].Text)
			}
			t.lead("  ", d+":", " "+strings.Join(parts, " · "), t.st.bold, lipgloss.Style{})
		}
		return
	}
	heads := make([][]string, n)
	depth := 1
	for j, d := range rt.Dimensions {
		lines := Wrap(d, colW-2)
		if len(lines) > 3 {
			lines = append(lines[:2], truncate(strings.Join(lines[2:], " "), colW-2, "…"))
		}
		heads[j] = lines
		depth = max(depth, len(lines))
	}
	for i := range depth {
		line := "  " + strings.Repeat(" ", labelW) + "  "
		for j := range heads {
			// Headers sit on the last lines, so that short names line up
			// with the rows below.
			k := i - (depth - len(heads[j]))
			cell := ""
			if k >= 0 {
				cell = heads[j][k]
			}
			line += padRight(cell, colW)
		}
		if i == depth-1 {
			line += "Index"
		}
		t.line(t.paint(t.st.bold, strings.TrimRight(line, " ")))
	}
	rule := t.paint(t.st.muted, "  "+strings.Repeat("─", min(t.width-2, labelW+2+n*colW+indexW)))
	t.line(rule)
	row := func(r roleRow, style lipgloss.Style) {
		line := "  " + t.paint(style, padRight(truncate(r.Label, labelW, "…"), labelW)) + "  "
		for _, c := range r.Cells {
			text := padRight(c.Text, colW)
			if c.Lowest {
				text = t.paint(t.st.warn, c.Text) + strings.Repeat(" ", colW-textWidth(c.Text))
			}
			line += text
		}
		t.line(line + t.paint(style, padLeft(r.Index, indexW)))
	}
	for _, r := range rt.Rows {
		row(r, lipgloss.Style{})
	}
	t.line(rule)
	row(rt.All, t.st.bold)
}

// respondents lists who took part, with each one's own level and index.
func (t *textWriter) respondents(wv *workshopView) {
	t.heading(fmt.Sprintf("Respondents (%d)", len(wv.Respondents)))
	nameW, roleW, levelW := 0, 0, 0
	for _, r := range wv.Respondents {
		nameW = max(nameW, textWidth(r.Name))
		roleW = max(roleW, textWidth(r.Role))
		levelW = max(levelW, textWidth(fmt.Sprintf("Level %d %s", r.Level, r.LevelName)))
	}
	nameW, roleW = min(nameW, 24), min(roleW, 14)
	for _, r := range wv.Respondents {
		line := "  " + padRight(truncate(r.Name, nameW, "…"), nameW) + "  " + padRight(truncate(r.Role, roleW, "…"), roleW) + "  " +
			padRight(fmt.Sprintf("Level %d %s", r.Level, r.LevelName), levelW) + "  index " + padLeft(r.Index, 3)
		t.line(truncate(line, t.width, "…"))
	}
	if wv.AnonymousNote != "" {
		t.para("  ", wv.AnonymousNote, t.st.muted)
	}
}
