package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/convergence-model/convergence/internal/result"
)

// maxGaps is how many gaps the text and Markdown reports show; the HTML
// report, the one that is handed over, and the JSON have them all.
const maxGaps = 5

// view is what every report for people shows, worked out once from a
// result so that the text, Markdown and HTML reports say the same things in
// the same words. Every string from the result has been through clean.
type view struct {
	Title string
	// Who is "Name (Role), Org"; Person is the same without the org.
	Who    string
	Person string
	Org    string
	Date   string

	Level     int
	LevelName string
	Meaning   string
	Index     string
	// IndexValue is the index as a number, for gauges.
	IndexValue float64
	Score      string
	// Provisional is empty unless the level would be higher with the
	// unknowns confirmed; then it says so in one sentence.
	Provisional      string
	LevelIfConfirmed int
	Ladder           []ladderStep

	Dimensions []dimView
	// DimensionsIntro explains the dimension bars where they need it (in a
	// workshop); empty in a single result.
	DimensionsIntro string
	// Why lists what holds the level down, one sentence each; when nothing
	// does, WhyNext says what the next level needs.
	Why     []string
	WhyNext string
	Flags   []flagView
	AI      string

	Gaps      []gapView
	GapsIntro string
	Unknowns  []unknownView
	// UnknownsIntro says what "Not sure" does to the level.
	UnknownsIntro string
	Plan          planView
	Answers       []answerView
	// Notes is how many answers carry a note.
	Notes int

	Footer footerView
}

// ladderStep is one of the five levels, marked as reached or current.
type ladderStep struct {
	Level   int
	Name    string
	Summary string
	Reached bool
	Current bool
}

type dimView struct {
	ID        string
	Name      string
	Score     float64
	ScoreText string
	Level     int
	LevelName string
	// Approaching is the next level when the score is close to it, else 0.
	Approaching int
	// Target is the dimension's level after the 90-day plan: raised to the
	// plan's target level where the plan has actions for the dimension.
	Target int
	// Spread is how far apart the respondents' own scores are, in a
	// workshop; nil in a single result.
	Spread *spreadView
}

// spreadView is the range and standard deviation of the respondents' own
// scores on one dimension.
type spreadView struct {
	Min, Max, StdDev float64
}

// text is "2.20–3.20 · sd 0.41".
func (s *spreadView) text() string {
	return fmt.Sprintf("%.2f–%.2f · sd %.2f", s.Min, s.Max, s.StdDev)
}

// LevelText is "Level 3 Aligned", with "(approaching 4)" where it is close.
func (d dimView) LevelText() string {
	s := fmt.Sprintf("Level %d %s", d.Level, d.LevelName)
	if d.Approaching > 0 {
		s += fmt.Sprintf(" (approaching %d)", d.Approaching)
	}
	return s
}

type flagView struct {
	ID      string
	Title   string
	Message string
}

type gapView struct {
	Rank      int
	Question  string
	Dimension string
	Prompt    string
	Now       string
	NowLevel  int
	Next      string
	NextLevel int
	Note      string
	// Mean is the group's mean answer in a workshop, and Range the lowest
	// and highest answers ("answers from Level 1 to 4"); Now is then empty.
	Mean  string
	Range string
}

type unknownView struct {
	Question  string
	Dimension string
	Prompt    string
	Help      string
	// Count says how many were not sure, in a workshop ("1 of 3 was not
	// sure"); empty in a single result.
	Count string
}

type planView struct {
	Title       string
	TargetLevel int
	TargetName  string
	Sustain     bool
	Phases      []phaseView
}

type phaseView struct {
	Name    string
	Weeks   string
	Actions []actionView
}

type actionView struct {
	ID        string
	Title     string
	Owner     string
	Why       string
	Dimension string
}

type answerView struct {
	Question  string
	Dimension string
	Prompt    string
	Answer    string
	// Level is "3", "Not sure" or "n/a".
	Level  string
	Status result.Status
	Note   string
}

type footerView struct {
	Questionnaire string
	ID            string
	Version       string
	Digest        string
	Assessed      string
	// AssessedLabel names the date: "Assessed", or "Latest result" for a
	// workshop.
	AssessedLabel string
	Tool          string
}

// newView works out the report's content from a result.
func newView(r *result.Result) *view {
	v := &view{
		Title:  clean(r.Questionnaire.Title),
		Who:    clean(r.Respondent.Who(true)),
		Person: clean(r.Respondent.Who(false)),
		Org:    clean(r.Respondent.Org),
		Date:   r.AssessedAt.Format("2 January 2006"),
	}
	if v.Title == "" {
		v.Title = "Convergence report"
	}
	v.setLevel(r.Overall, r.Levels, fmt.Sprintf("%s \"Not sure\", so this level is provisional: check %s below before acting on it.",
		countAnswers(len(r.Unknowns)), thoseOrIt(len(r.Unknowns))))

	dimName := dimNames(r.Dimensions)
	v.Dimensions = dimViews(r.Dimensions, r.Plan, r.LevelName)

	notes := map[string]string{}
	for _, a := range r.Answers {
		if a.Note != "" {
			notes[a.Question] = clean(a.Note)
		}
	}
	for i, g := range r.Gaps {
		v.Gaps = append(v.Gaps, gapView{
			Rank: i + 1, Question: clean(g.Question), Dimension: dimName[g.Dimension], Prompt: clean(g.Prompt),
			Now: clean(g.Label), NowLevel: g.Level, Next: clean(g.Next), NextLevel: g.Level + 1,
			Note: notes[g.Question],
		})
	}
	v.UnknownsIntro = "Answered “Not sure”: they score as Level 1 until someone checks. Who can answer, and a quick way to find out:"
	for _, u := range r.Unknowns {
		v.Unknowns = append(v.Unknowns, unknownView{
			Question: clean(u.Question), Dimension: dimName[u.Dimension], Prompt: clean(u.Prompt), Help: clean(u.Help),
		})
	}
	v.Plan = newPlanView(r.Plan, dimName)

	for _, a := range r.Answers {
		av := answerView{
			Question: clean(a.Question), Dimension: dimName[a.Dimension], Prompt: clean(a.Prompt),
			Answer: clean(a.Label), Status: a.Status, Note: clean(a.Note),
		}
		switch a.Status {
		case result.Unsure:
			av.Level = "Not sure"
		case result.NA:
			av.Level = "n/a"
		default:
			av.Level = fmt.Sprint(a.Level)
		}
		if av.Note != "" {
			v.Notes++
		}
		v.Answers = append(v.Answers, av)
	}
	v.Footer = newFooter(v.Title, r.Questionnaire, r.Tool, r.AssessedAt)
	return v
}

// setLevel fills in the overall level and what explains it: the meaning,
// the index, the ladder, why it is this level, the flags and AI readiness.
// A result and a workshop's group share it; provisional is the sentence
// that says why the level is provisional, used only when it is.
func (v *view) setLevel(o result.Overall, levels []result.Level, provisional string) {
	v.Level = o.Level
	v.LevelName = clean(o.LevelName)
	v.Meaning = clean(o.Summary)
	v.Index = num(o.Index, 0)
	v.IndexValue = o.Index
	v.Score = num(o.Score, 2)
	v.LevelIfConfirmed = o.LevelIfConfirmed
	v.AI = clean(o.AIReadiness)
	if o.Provisional && o.LevelIfConfirmed > o.Level {
		v.Provisional = fmt.Sprintf("Level %d — Level %d if the unknowns are confirmed. %s", o.Level, o.LevelIfConfirmed, provisional)
	}
	for _, l := range levels {
		v.Ladder = append(v.Ladder, ladderStep{
			Level: l.Level, Name: clean(l.Name), Summary: clean(l.Summary),
			Reached: l.Level <= o.Level, Current: l.Level == o.Level,
		})
	}
	for _, c := range o.CappedBy {
		v.Why = append(v.Why, clean(c.Reason))
	}
	if len(v.Why) == 0 {
		switch {
		case o.Level >= result.MaxLevel:
			v.WhyNext = "Every dimension is at Level 5, the highest level. The plan below is about keeping it there."
		case o.NextLevel != nil && o.NextLevel.Needs != "":
			v.WhyNext = fmt.Sprintf("To reach Level %d: %s", o.NextLevel.Level, lowerFirst(clean(o.NextLevel.Needs)))
		default:
			// A result saved before the engine wrote its next level.
			v.WhyNext = "The top gaps show which answers to move first."
		}
	}
	for _, f := range o.Flags {
		title := clean(f.Title)
		if title == "" {
			title = flagTitle(f.ID)
		}
		v.Flags = append(v.Flags, flagView{ID: clean(f.ID), Title: title, Message: clean(f.Message)})
	}
	v.GapsIntro = "The answers furthest below the next level, biggest first, each with what the next level looks like."
	if o.Level >= result.MaxLevel {
		v.GapsIntro = "The answers still below Level 5, each with what Level 5 looks like."
	}
}

// dimNames maps dimension ids to their names, cleaned.
func dimNames(dims []result.Dimension) map[string]string {
	m := map[string]string{}
	for _, d := range dims {
		m[d.ID] = clean(d.Name)
	}
	return m
}

// dimViews are the dimensions as the reports show them, each with the level
// the 90-day plan works toward where the plan has actions for it.
func dimViews(dims []result.Dimension, p result.Plan, levelName func(int) string) []dimView {
	planned := map[string]bool{}
	for _, ph := range p.Phases {
		for _, a := range ph.Actions {
			planned[a.Dimension] = true
		}
	}
	var out []dimView
	for _, d := range dims {
		dv := dimView{
			ID: clean(d.ID), Name: clean(d.Name), Score: d.Score, ScoreText: fmt.Sprintf("%.2f", d.Score),
			Level: d.Level, LevelName: clean(d.LevelName), Target: d.Level,
		}
		if dv.LevelName == "" {
			dv.LevelName = clean(levelName(d.Level))
		}
		dv.Approaching = d.Approaching
		if planned[d.ID] && !p.Sustain {
			dv.Target = max(d.Level, p.TargetLevel)
		}
		out = append(out, dv)
	}
	return out
}

// newPlanView is the 90-day plan as the reports show it.
func newPlanView(p result.Plan, dimName map[string]string) planView {
	pv := planView{Title: clean(p.Title), TargetLevel: p.TargetLevel, TargetName: clean(p.TargetName), Sustain: p.Sustain}
	if pv.Title == "" {
		pv.Title = "90-day plan"
	}
	if pv.TargetName != "" && !p.Sustain {
		pv.Title += " · " + pv.TargetName
	}
	for _, ph := range p.Phases {
		phv := phaseView{Name: clean(ph.Name), Weeks: clean(ph.Weeks)}
		for _, a := range ph.Actions {
			phv.Actions = append(phv.Actions, actionView{
				ID: clean(a.ID), Title: clean(a.Title), Owner: clean(a.Owner), Why: clean(a.Why), Dimension: dimName[a.Dimension],
			})
		}
		pv.Phases = append(pv.Phases, phv)
	}
	return pv
}

// newFooter names what produced a report, so a printed copy can be traced.
func newFooter(title string, q result.QuestionnaireRef, tool result.Tool, at time.Time) footerView {
	return footerView{
		Questionnaire: title,
		ID:            clean(q.ID),
		Version:       clean(q.Version),
		Digest:        clean(q.Digest),
		Assessed:      at.Format(time.RFC3339),
		AssessedLabel: "Assessed",
		Tool:          strings.TrimSpace(clean(tool.Name) + " " + clean(tool.Version)),
	}
}

// planIntro says in one line what the plan is, and what it is not.
func planIntro(p planView) string {
	switch {
	case p.Sustain:
		return "Twelve weeks, four phases, one owner for each action: to keep this level from drifting."
	case p.TargetLevel > 0:
		return "Twelve weeks, four phases, one owner for each action. Progress toward the next level, not a promise."
	}
	return ""
}

// flagTitle names a flag saved without a title, by its id in words
// ("budget-risk" reads "Budget risk").
func flagTitle(id string) string {
	s := strings.TrimSpace(strings.ReplaceAll(clean(id), "-", " "))
	if s == "" {
		return "Check this"
	}
	return result.UpperFirst(s)
}

func countAnswers(n int) string {
	switch n {
	case 0:
		return "Some answers were"
	case 1:
		return "One answer was"
	}
	return fmt.Sprintf("%d answers were", n)
}

func thoseOrIt(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// num formats a number with at most the given decimals, dropping zeros.
func num(x float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, x)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// lowerFirst lower-cases the first letter, for a sentence that continues
// after a colon.
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
