package collect

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"slices"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// dashboardRefresh is how often, in seconds, the dashboard reloads itself.
const dashboardRefresh = 15

// minRoleSize is the fewest respondents a role needs to be shown as a
// role on the dashboard: with one, "the sales view" is one person's.
const minRoleSize = 2

// serveFacilitator serves the facilitator's dashboard.
func (s *Server) serveFacilitator(w http.ResponseWriter, r *http.Request, rest string) {
	setHeaders(w, assets().csp)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "Method not allowed.", http.StatusMethodNotAllowed)
		return
	}
	switch rest {
	case "":
		s.redirect(w, r, s.DashboardPath())
	case "dashboard":
		// Reloading can be turned off (WCAG 2.2.1): ?refresh=off.
		s.dashboard(w, r.URL.Query().Get("refresh") != "off")
	default:
		s.errorPage(w, http.StatusNotFound, "Page not found", "There is no such page in this workshop.")
	}
}

// dashboard is the workshop report so far, names left out and roles with
// fewer than two respondents not shown apart, with how many have joined
// and finished. It reloads itself unless asked not to.
func (s *Server) dashboard(w http.ResponseWriter, reload bool) {
	c := s.Counts()
	status := fmt.Sprintf("%s joined, %d finished, %d still answering.", diag.Count(c.Joined, "person", "people"), c.Finished, c.Joined-c.Finished)
	toggle, toggleText := "dashboard", fmt.Sprintf("Reload every %d seconds", dashboardRefresh)
	if reload {
		status += fmt.Sprintf(" This page reloads every %d seconds.", dashboardRefresh)
		toggle, toggleText = "dashboard?refresh=off", "Stop reloading"
	}
	var ws *result.Workshop
	var err error
	if s.cfg.Workshop != nil {
		ws, err = s.cfg.Workshop()
	}
	if err != nil || ws == nil {
		msg := "Nobody has finished yet: the workshop report appears here once someone has."
		if err != nil {
			msg = "The results so far cannot be combined: " + err.Error()
		}
		var buf bytes.Buffer
		_ = assets().pages.ExecuteTemplate(&buf, "message", messagePage{Title: "Workshop dashboard", Heading: s.q.Title, Message: status + " " + msg,
			Link: toggle, LinkText: toggleText})
		s.writeDashboard(w, buf.Bytes(), assets().csp, reload)
		return
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, Private(ws), report.HTML, report.Options{}); err != nil {
		s.internalError(w, err)
		return
	}
	banner := `<style>.collect-status { margin: 0 0 16px; padding: 10px 14px; border-left: 5px solid #1f4e8c; background: #e6edf7; font-weight: 600; }</style>` +
		"\n" + `<p class="collect-status" role="status">` + template.HTMLEscapeString(status) +
		` <a href="` + toggle + `">` + toggleText + `</a></p>`
	s.writeDashboard(w, withBanner(buf.Bytes(), banner), reportCSP, reload)
}

// writeDashboard sends the dashboard; one that reloads itself has a
// refresh meta element in its head (allowed by any content security
// policy) and the same in a header, for a page whose head could not be
// found.
func (s *Server) writeDashboard(w http.ResponseWriter, page []byte, csp string, reload bool) {
	setHeaders(w, csp)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if !reload {
		_, _ = w.Write(page)
		return
	}
	w.Header().Set("Refresh", fmt.Sprint(dashboardRefresh))
	meta := fmt.Sprintf(`<meta http-equiv="refresh" content="%d">`, dashboardRefresh)
	if i := bytes.Index(page, []byte("<head>")); i >= 0 {
		i += len("<head>")
		page = slices.Concat(page[:i], []byte("\n"+meta), page[i:])
	}
	_, _ = w.Write(page)
}

// withBanner puts a line of status at the top of the report's body.
func withBanner(page []byte, banner string) []byte {
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return page
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return page
	}
	at := i + j + 1
	return slices.Concat(page[:at], []byte("\n"+banner), page[at:])
}

// Private is a copy of a workshop fit to show while collecting: names
// replaced by numbers, no one's own answers listed, and no role shown
// apart that fewer than two respondents hold. Those respondents still
// count in every group figure; their role is just not shown, so that "the
// sales view" is never one person's answers.
func Private(ws *result.Workshop) *result.Workshop {
	c := *ws
	c.Anonymous = true
	size := map[string]int{}
	for _, r := range ws.Respondents {
		size[r.Role]++
	}
	shown := func(role string) bool { return role != "" && size[role] >= minRoleSize }
	c.Respondents = make([]result.WorkshopRespondent, len(ws.Respondents))
	for i, r := range ws.Respondents {
		r.Name = fmt.Sprintf("Respondent %d", i+1)
		if !shown(r.Role) {
			r.Role = ""
		}
		c.Respondents[i] = r
	}
	c.ByRole = nil
	for _, rm := range ws.ByRole {
		if shown(rm.Role) {
			c.ByRole = append(c.ByRole, rm)
		}
	}
	c.ByRole = nonNil(c.ByRole)
	c.Questions = make([]result.QuestionSpread, len(ws.Questions))
	for i, q := range ws.Questions {
		q.ByRole = filterRoleMeans(q.ByRole, shown)
		c.Questions[i] = q
	}
	c.Hotspots = make([]result.Hotspot, len(ws.Hotspots))
	for i, h := range ws.Hotspots {
		h.ByRole = filterRoleMeans(h.ByRole, shown)
		h.Low.Roles = filterRoles(h.Low.Roles, shown)
		h.High.Roles = filterRoles(h.High.Roles, shown)
		h.Answers = []result.HotspotAnswer{}
		c.Hotspots[i] = h
	}
	return &c
}

func filterRoleMeans(in []result.RoleMean, keep func(string) bool) []result.RoleMean {
	out := []result.RoleMean{}
	for _, r := range in {
		if keep(r.Role) {
			out = append(out, r)
		}
	}
	return out
}

func filterRoles(in []string, keep func(string) bool) []string {
	out := []string{}
	for _, r := range in {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// report serves a finished participant's own report, as the HTML report
// renders it, under its own policy; the caller holds p.mu.
func (s *Server) report(w http.ResponseWriter, p *participant) {
	res, err := s.loadResult(p)
	if err != nil {
		s.internalError(w, err)
		return
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, res, report.HTML, report.Options{}); err != nil {
		s.internalError(w, err)
		return
	}
	setHeaders(w, reportCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}
