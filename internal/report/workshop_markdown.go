package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/convergence-model/convergence/internal/result"
)

// writeWorkshopMarkdown renders the workshop as Markdown with the single
// report's sections and the workshop's own.
func writeWorkshopMarkdown(w io.Writer, ws *result.Workshop) error {
	wv := newWorkshopView(ws)
	m := newMDWriter(w, wv.view)
	m.header()
	m.verdict()
	m.disagreements(wv)
	m.roleTable(wv)
	m.dimensions()
	m.why()
	m.flags()
	m.ai()
	m.gaps()
	m.unknowns()
	m.plan()
	m.respondents(wv)
	m.footer()
	return m.b.Flush()
}

func (m *mdWriter) disagreements(wv *workshopView) {
	m.h(2, "Where your teams disagree")
	if len(wv.Hotspots) == 0 {
		m.p("%s\n\n", mdBlock(wv.Agree))
		return
	}
	m.p("%s\n\n", mdBlock(wv.HotspotsIntro))
	for _, h := range wv.Hotspots {
		m.h(3, "%d. %s", h.Rank, md(h.Prompt))
		m.p("*%s · answers %d levels apart*\n\n", md(h.Dimension), h.Spread)
		m.p("- **Lowest:** %s\n", md(endWords(h.Low)))
		m.p("- **Highest:** %s\n", md(endWords(h.High)))
		var roles []string
		for _, r := range h.ByRole {
			roles = append(roles, md(r.Role)+" "+r.Text)
		}
		m.p("- **By role:** %s\n\n", strings.Join(roles, " · "))
	}
}

func (m *mdWriter) roleTable(wv *workshopView) {
	rt := wv.Table
	m.h(2, "Dimension means by role")
	m.p("%s\n\n", tableIntro(wv))
	m.p("| Role |")
	for _, d := range rt.Dimensions {
		m.p(" %s |", cell(d))
	}
	m.p(" Index |\n|---|%s--:|\n", strings.Repeat("--:|", len(rt.Dimensions)))
	row := func(r roleRow, bold bool) {
		label := cell(r.Label)
		if bold {
			label = "**" + label + "**"
		}
		m.p("| %s |", label)
		for _, c := range r.Cells {
			if c.Lowest {
				m.p(" **%s** |", c.Text)
			} else {
				m.p(" %s |", c.Text)
			}
		}
		m.p(" %s |\n", r.Index)
	}
	for _, r := range rt.Rows {
		row(r, false)
	}
	row(rt.All, true)
	m.p("\n")
}

func (m *mdWriter) respondents(wv *workshopView) {
	m.h(2, "Respondents (%d)", len(wv.Respondents))
	if wv.AnonymousNote != "" {
		m.p("%s\n\n", wv.AnonymousNote)
	}
	m.p("| Respondent | Role | Level | Index | Assessed |\n|---|---|---|--:|---|\n")
	for _, r := range wv.Respondents {
		m.p("| %s | %s | %s | %s | %s |\n", cell(r.Name), cell(r.Role), cell(fmt.Sprintf("%d · %s", r.Level, r.LevelName)), r.Index, r.Date)
	}
	m.p("\n")
}
