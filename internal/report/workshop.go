package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// Bounds of what a workshop report spells out.
const (
	// maxNamed is the largest workshop whose reports name who gave the
	// lowest and highest answers; bigger ones name roles.
	maxNamed = 12
	// maxNamedAtEnd is the most people named at one end of a hotspot;
	// with more, their roles are named instead.
	maxNamedAtEnd = 4
	// maxHotspotsText is how many hotspots the text report shows; the
	// Markdown, HTML and JSON have them all.
	maxHotspotsText = 8
)

// workshopView is what every workshop report for people shows. The group's
// level, dimensions, gaps, unknowns and plan fill the same view a single
// result does, so the same writers render them.
type workshopView struct {
	*view
	// AnonymousNote says what an anonymous workshop leaves out; empty
	// otherwise.
	AnonymousNote string
	// HotspotsIntro explains the hotspots; Agree replaces them when there
	// are none.
	HotspotsIntro string
	Hotspots      []hotspotView
	Agree         string
	// TableIntro explains the table of means by role; where the table
	// marks the lowest roles, LowestNote follows lowestMark to say what it
	// marks.
	TableIntro  string
	LowestNote  string
	Table       roleTable
	Respondents []respondentView
	// Roles are the roles present, in the order of the table; each has a
	// series number for its marker and line in the charts.
	Roles []roleKey
}

type roleKey struct {
	Name   string
	Count  int
	Series int
}

// hotspotView is a question where respondents are two or more levels apart.
type hotspotView struct {
	Rank      int
	Dimension string
	Prompt    string
	Spread    int
	Low       hotspotEnd
	High      hotspotEnd
	ByRole    []roleMeanView
}

// hotspotEnd is the lowest or highest answer, with who gave it: names in a
// small workshop that is not anonymous, roles otherwise.
type hotspotEnd struct {
	Level int
	Label string
	Who   string
}

// roleMeanView is one role's mean answer to a question.
type roleMeanView struct {
	Role   string
	Mean   float64
	Text   string
	Series int
}

// roleTable is the dimension means by role: a row per role and one for all
// respondents, a column per dimension, with the lowest role mean in each
// column marked.
type roleTable struct {
	Dimensions []string
	Rows       []roleRow
	All        roleRow
	// Marked is whether any column has a lowest role marked.
	Marked bool
}

type roleRow struct {
	Label string
	Cells []roleCell
	Index string
}

type roleCell struct {
	Text   string
	Lowest bool
}

type respondentView struct {
	Name      string
	Role      string
	Level     int
	LevelName string
	Index     string
	Date      string
}

// lowestMark marks the lowest role mean in a column, in words as well as
// in any colour.
const lowestMark = "▼"

func newWorkshopView(ws *result.Workshop) *workshopView {
	wv := &workshopView{view: &view{}}
	if ws.Anonymous {
		wv.AnonymousNote = "Anonymous: names are replaced by numbers; roles are kept."
	}
	v := wv.view
	v.Title = clean(ws.Questionnaire.Title)
	if v.Title == "" {
		v.Title = "Convergence report"
	}
	v.Date = ws.AssessedAt.Format("2 January 2006")

	var orgs []string
	for _, r := range ws.Respondents {
		if o := clean(r.Org); o != "" && !slices.Contains(orgs, o) {
			orgs = append(orgs, o)
		}
	}
	series := map[string]int{}
	var roleNames []string
	for i, rm := range ws.ByRole {
		k := roleKey{Name: roleName(rm.Role), Count: rm.Respondents, Series: i}
		series[rm.Role] = i
		wv.Roles = append(wv.Roles, k)
		roleNames = append(roleNames, withCount(k.Name, k.Count))
	}
	respondents := diag.Count(len(ws.Respondents), "respondent", "respondents")
	v.Person = "Workshop · " + respondents
	if len(roleNames) > 0 {
		v.Person += ": " + strings.Join(roleNames, ", ")
	}

	dims := make([]result.Dimension, len(ws.Dimensions))
	for i, d := range ws.Dimensions {
		dims[i] = result.Dimension{ID: d.ID, Name: d.Name, Weight: d.Weight, Score: d.Score, Level: d.Level, LevelName: d.LevelName}
	}
	dimName := dimNames(dims)
	topics := newTopics(dimName)
	for _, q := range ws.Questions {
		topics.add(q.Question, q.Topic, q.Dimension)
	}
	if nl := ws.Overall.NextLevel; nl != nil {
		for _, c := range nl.Changes {
			topics.add(c.Question, c.Topic, c.Dimension)
		}
	}
	v.Heading = v.Title
	if len(orgs) == 1 {
		v.Heading = orgs[0]
	}
	v.setLevel(ws.Overall, ws.Levels, len(ws.Gaps), fmt.Sprintf("Some respondents were not sure of %s, so the group's level is provisional: check %s below before acting on it.",
		diag.Count(len(ws.Unknowns), "question", "questions"), thoseOrIt(len(ws.Unknowns))), topics)
	v.Plan = newPlanView(ws.Plan, dimName, topics, flagTitles(ws.Overall.Flags))
	v.Verdict.Actions = firstActions(v.Plan, ws.Plan, ws.Overall.NextLevel)
	v.setFlagActions(ws.Overall.Flags)
	countLine := []string{respondents}
	if n := len(ws.Hotspots); n > 0 {
		countLine = append(countLine, diag.Count(n, "disagreement", "disagreements"))
	}
	if n := len(ws.Unknowns); n > 0 {
		countLine = append(countLine, diag.Count(n, "unknown", "unknowns"))
	}
	v.Verdict.Counts = strings.Join(append(countLine, v.countsTail(ws.Overall)...), " · ")

	v.Dimensions = dimViews(dims, ws.Plan, ws.Levels, topics, ws.Overall)
	for i, d := range ws.Dimensions {
		v.Dimensions[i].Spread = &spreadView{Min: d.Min, Max: d.Max, StdDev: d.StdDev}
	}
	v.DimensionsIntro = "Each bar is the group's score from everyone's mean answers, from 1 to 5, and its level is found by the same rules as one person's. Below it, the lowest to the highest of the respondents' own scores and their standard deviation (sd)."

	spread := map[string]result.QuestionSpread{}
	for _, q := range ws.Questions {
		spread[q.Question] = q
	}
	for i, g := range ws.Gaps {
		s := spread[g.Question]
		now := g.Level
		if now == 0 {
			// A workshop saved before gaps carried their rung.
			now = int(math.Floor(g.Mean + 1e-9))
		}
		actions := g.Actions
		if actions == nil {
			// A workshop saved before the engine listed each gap's actions.
			actions = actionsClosing(ws.Plan, g.Question)
		}
		v.Gaps = append(v.Gaps, gapView{
			Rank: i + 1, Dimension: dimName[g.Dimension], Prompt: clean(g.Prompt),
			NowLevel: now, Next: clean(g.Next), NextLevel: now + 1,
			Mean: num(g.Mean, 2), Range: answerRange(s.Min, s.Max, s.Unsure),
			InPlan: inPlan(v.Plan, actions),
		})
	}
	v.sayWhenGapsMove()
	v.GapsIntro = strings.Replace(v.GapsIntro, "The answers", "The questions", 1) + " Each is the group's mean answer."
	v.UnknownsIntro = "Some respondents answered “Not sure”. It counts as Level 1 in the group's mean, as for one person, so confirming these can raise the group's level. Who can answer, and a quick way to find out:"
	for _, u := range ws.Unknowns {
		verb := "were"
		if u.Unsure == 1 {
			verb = "was"
		}
		v.Unknowns = append(v.Unknowns, unknownView{
			Prompt: clean(u.Prompt), Help: clean(u.Help), Count: fmt.Sprintf("%d of %d %s not sure.", u.Unsure, u.Of, verb),
		})
	}
	v.Footer = newFooter(v.Title, ws.Questionnaire, ws.Tool, ws.AssessedAt)
	v.Footer.AssessedLabel = "Latest result"

	wv.HotspotsIntro = "The questions where answers are two or more levels apart, widest first: here the functions describe different companies. Agree on what is true today before acting on the plan."
	if len(ws.Hotspots) == 0 {
		wv.Agree = "Your teams broadly agree: on every question the answers are less than two levels apart."
	}
	named := !ws.Anonymous && len(ws.Respondents) <= maxNamed
	if named {
		named = false
		for _, r := range ws.Respondents {
			if strings.TrimSpace(r.Name) != "" {
				named = true
			}
		}
	}
	for i, h := range ws.Hotspots {
		hv := hotspotView{
			Rank: i + 1, Dimension: dimName[h.Dimension], Prompt: clean(h.Prompt), Spread: h.Spread,
			Low:  hotspotEnd{Level: h.Low.Level, Label: clean(h.Low.Label), Who: endWho(h, h.Low, named)},
			High: hotspotEnd{Level: h.High.Level, Label: clean(h.High.Label), Who: endWho(h, h.High, named)},
		}
		for _, r := range h.ByRole {
			hv.ByRole = append(hv.ByRole, roleMeanView{Role: roleName(r.Role), Mean: r.Mean, Text: num(r.Mean, 2), Series: series[r.Role]})
		}
		wv.Hotspots = append(wv.Hotspots, hv)
	}

	wv.Table = newRoleTable(ws, wv.Roles)
	wv.TableIntro = "Each role's mean of its respondents' own scores, from 1 to 5."
	if wv.Table.Marked {
		wv.LowestNote = "marks the lowest role in each column."
	}
	for i, r := range ws.Respondents {
		name := clean(r.Name)
		if strings.TrimSpace(name) == "" {
			name = fmt.Sprintf("Respondent %d", i+1)
		}
		wv.Respondents = append(wv.Respondents, respondentView{
			Name: name, Role: roleName(r.Role), Level: r.Level, LevelName: clean(r.LevelName),
			Index: num(r.Index, 0), Date: r.AssessedAt.Format("2 Jan 2006"),
		})
	}
	return wv
}

// newRoleTable lays out the dimension means by role and marks the lowest
// role in each column; with one role, or all roles equal, nothing is.
func newRoleTable(ws *result.Workshop, roles []roleKey) roleTable {
	var t roleTable
	for _, d := range ws.Dimensions {
		t.Dimensions = append(t.Dimensions, clean(d.Name))
	}
	for i, rm := range ws.ByRole {
		row := roleRow{Label: withCount(roles[i].Name, rm.Respondents), Index: num(rm.Index, 0)}
		means := map[string]float64{}
		for _, dm := range rm.Dimensions {
			means[dm.ID] = dm.Mean
		}
		for _, d := range ws.Dimensions {
			row.Cells = append(row.Cells, roleCell{Text: fmt.Sprintf("%.2f", means[d.ID])})
		}
		t.Rows = append(t.Rows, row)
	}
	for j, d := range ws.Dimensions {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, rm := range ws.ByRole {
			m := meanOf(rm, d.ID)
			lo, hi = math.Min(lo, m), math.Max(hi, m)
		}
		if len(ws.ByRole) < 2 || lo == hi {
			continue
		}
		for i, rm := range ws.ByRole {
			if meanOf(rm, d.ID) == lo {
				t.Rows[i].Cells[j].Lowest = true
				t.Rows[i].Cells[j].Text += " " + lowestMark
				t.Marked = true
			}
		}
	}
	var index float64
	for _, r := range ws.Respondents {
		index += r.Index
	}
	t.All = roleRow{Label: "All respondents", Index: num(index/float64(max(1, len(ws.Respondents))), 0)}
	for _, d := range ws.Dimensions {
		t.All.Cells = append(t.All.Cells, roleCell{Text: fmt.Sprintf("%.2f", d.Mean)})
	}
	return t
}

func meanOf(rm result.RoleMeans, id string) float64 {
	for _, d := range rm.Dimensions {
		if d.ID == id {
			return d.Mean
		}
	}
	return 0
}

// endWho says who gave the lowest or highest answer to a hotspot: by name
// and role where names may be shown and few gave it, else by role.
func endWho(h result.Hotspot, end result.HotspotEnd, named bool) string {
	if named {
		var who []string
		for _, a := range h.Answers {
			if a.Status == result.Answered && a.Level == end.Level {
				w := clean(a.Respondent)
				if r := roleName(a.Role); a.Role != "" {
					w += " (" + r + ")"
				}
				who = append(who, w)
			}
		}
		if len(who) > 0 && len(who) <= maxNamedAtEnd {
			return diag.Join(who, "and")
		}
	}
	var roles []string
	for _, r := range end.Roles {
		roles = append(roles, roleName(r))
	}
	return diag.Join(roles, "and")
}

// roleName is how a role is shown, with a name for respondents who gave
// none.
func roleName(role string) string {
	if strings.TrimSpace(role) == "" {
		return "No role given"
	}
	return clean(result.RoleName(role))
}

func withCount(name string, n int) string {
	if n > 1 {
		return fmt.Sprintf("%s (%d)", name, n)
	}
	return name
}

// answerRange is "answers from 1 to 4", or "every answer 2", with the
// "not sure"s that score as 1 in the mean: "answers 3; 1 not sure".
func answerRange(lo, hi, unsure int) string {
	s := fmt.Sprintf("answers from %d to %d", lo, hi)
	switch {
	case lo == hi && unsure > 0:
		s = fmt.Sprintf("answers %d", lo)
	case lo == hi:
		s = fmt.Sprintf("every answer %d", lo)
	}
	if unsure > 0 {
		s += fmt.Sprintf("; %d not sure", unsure)
	}
	return s
}
