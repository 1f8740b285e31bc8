package report

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// Bounds of what the reports for people spell out.
const (
	// maxGaps is how many gaps every report shows first: the HTML and
	// Markdown reports fold the rest away, the text report names how many
	// more there are, the JSON has them all.
	maxGaps = 5
	// maxFirstActions is how many actions the verdict names.
	maxFirstActions = 3
	// maxStrengths is how many practices already in place are named; the
	// rest are counted.
	maxStrengths = 8
)

// view is what every report for people shows, worked out once from a
// result so that the text, Markdown and HTML reports say the same things in
// the same words and the same order. Every string from the result has been
// through clean.
type view struct {
	// Heading names the report: the organisation, or the questionnaire's
	// title when no organisation is known.
	Heading string
	Title   string
	// Person is "Name (Role)", or what a workshop says of its respondents.
	Person string
	Date   string

	Level     int
	LevelName string
	Meaning   string
	Verdict   verdictView
	Index     string
	// IndexValue is the index as a number, for gauges.
	IndexValue float64
	Score      string
	// Provisional is empty unless the level would be higher with the
	// unknowns confirmed; then it says so in one sentence.
	Provisional string
	Ladder      []ladderStep

	Dimensions []dimView
	// DimensionsIntro explains the dimension bars.
	DimensionsIntro string
	// Why lists what holds the level down, one sentence each; when nothing
	// does, WhyNext says what the next level needs.
	Why     []string
	WhyNext string
	// Strengths are the answers already strong (at the next level or Level
	// 3, whichever is higher), by topic.
	Strengths []string
	Flags     []flagView
	AI        string

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

// verdictView is what every report leads with: why the level is what it
// is, what the next level takes, the first actions and what the result
// rests on.
type verdictView struct {
	// Reason says in one line why it is this level.
	Reason string
	// Next is what the next level takes; nil at the top level.
	Next *nextView
	// Actions are the first actions of the plan, with owner and weeks.
	Actions []actionView
	// Counts is "18 of 19 answered · 1 unknown · 1 consent risk · held by
	// 1 rule".
	Counts string
	// IndexLine says what the index is, so that it is not read as a grade.
	IndexLine string
}

// nextView is the shortest way to the next level.
type nextView struct {
	Level int
	Name  string
	// Lead is "To reach Level 3 · Aligned: move 1 answer".
	Lead    string
	Changes []changeView
}

// changeView is one answer the next level needs moved.
type changeView struct {
	Topic string
	// Step is "2 → 3", or "not sure → 3 or above" for an unknown.
	Step      string
	FromLabel string
	ToLabel   string
}

// Text is "shared customer ID 2 → 3".
func (c changeView) Text() string { return c.Topic + " " + c.Step }

// ladderStep is one of the five levels, marked as reached or current.
type ladderStep struct {
	Level   int
	Name    string
	Summary string
	Reached bool
	Current bool
}

type dimView struct {
	Name      string
	Score     float64
	ScoreText string
	Level     int
	LevelName string
	// Approaching is the next level when the score is close to it, else 0.
	Approaching int
	// Insufficient is set when too few answers are known for the level to
	// be a verdict.
	Insufficient bool
	// Known is "2 of 5 answered", said where the level is not a verdict.
	Known string
	// HeldBy are the topics of the answers that keep the dimension from
	// the next level.
	HeldBy []string
	// Caps are the rules on this dimension that hold the overall level
	// down: "shared customer ID holds the overall level at 2".
	Caps []capView
	// Target is the dimension's level after the 90-day plan: raised to the
	// plan's target level where the plan has actions for the dimension.
	Target int
	// Spread is how far apart the respondents' own scores are, in a
	// workshop; nil in a single result.
	Spread *spreadView
}

// capView is a rule that holds the overall level down, drawn on the
// dimension it concerns.
type capView struct {
	Limit int
	Text  string
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

// LevelText is "Level 3 Aligned", with "(approaching 4)" where it is
// close, or "not enough known" where the level is not a verdict.
func (d dimView) LevelText() string {
	if d.Insufficient {
		return "not enough known"
	}
	s := fmt.Sprintf("Level %d %s", d.Level, d.LevelName)
	if d.Approaching > 0 {
		s += fmt.Sprintf(" (approaching %d)", d.Approaching)
	}
	return s
}

// Details are the short notes under a dimension's bar: how much is known,
// what holds it and which rule it carries.
func (d dimView) Details() []string {
	var out []string
	if d.Insufficient {
		out = append(out, d.Known+": too few to judge its level")
	}
	if len(d.HeldBy) > 0 && d.Level < result.MaxLevel {
		out = append(out, fmt.Sprintf("held below Level %d by %s", d.Level+1, diag.Join(d.HeldBy, "and")))
	}
	for _, c := range d.Caps {
		out = append(out, c.Text)
	}
	return out
}

type flagView struct {
	ID      string
	Title   string
	Message string
	// Action is where the plan addresses the flag: "in plan: weeks 1–3".
	Action string
}

type gapView struct {
	Rank      int
	Dimension string
	Prompt    string
	Now       string
	NowLevel  int
	Next      string
	NextLevel int
	Note      string
	// InPlan says when the plan moves this answer ("in plan: weeks 1–9"),
	// or that it does not this quarter; empty when the result does not say.
	InPlan string
	// Mean is the group's mean answer in a workshop, and Range the lowest
	// and highest answers ("answers from Level 1 to 4"); Now is then empty.
	Mean  string
	Range string
}

type unknownView struct {
	Prompt string
	Help   string
	// Ask is who can answer it.
	Ask string
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
	// Weeks are the weeks of the action's phase: "1–3".
	Weeks string
	// Moves says what the action moves: "moves shared customer ID, 2 → 3",
	// "confirms shared customer ID", "answers the consent risk".
	Moves string
	// Detail is what the action covers where its title cannot say it.
	Detail string
}

// Meta is "IT/Data · weeks 1–3 · moves shared customer ID, 2 → 3".
func (a actionView) Meta(withWeeks bool) string {
	parts := []string{a.Owner}
	if withWeeks && a.Weeks != "" {
		parts = append(parts, "weeks "+a.Weeks)
	}
	if a.Moves != "" {
		parts = append(parts, a.Moves)
	}
	return strings.Join(nonEmpty(parts), " · ")
}

type answerView struct {
	Question  string
	Dimension string
	Prompt    string
	Answer    string
	// Level is "3", "Not sure" or "n/a".
	Level string
	Note  string
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

// colourLegend says what colour means in the text and HTML reports; every
// colour also comes with a word or a symbol.
const colourLegend = "Colour: blue marks the level and the scores, red a warning, purple an unknown or a provisional level, green a rise."

// newView works out the report's content from a result.
func newView(r *result.Result) *view {
	v := &view{
		Title:  clean(r.Questionnaire.Title),
		Person: clean(r.Respondent.Who(false)),
		Date:   r.AssessedAt.Format("2 January 2006"),
	}
	if v.Title == "" {
		v.Title = "Convergence report"
	}
	v.Heading = v.Title
	if org := clean(r.Respondent.Org); strings.TrimSpace(org) != "" {
		v.Heading = org
	}
	dimName := dimNames(r.Dimensions)
	topics := newTopics(dimName)
	for _, a := range r.Answers {
		topics.add(a.Question, a.Topic, a.Dimension)
	}
	for _, g := range r.Gaps {
		topics.add(g.Question, g.Topic, g.Dimension)
	}
	for _, u := range r.Unknowns {
		topics.add(u.Question, u.Topic, u.Dimension)
	}
	if nl := r.Overall.NextLevel; nl != nil {
		for _, c := range nl.Changes {
			topics.add(c.Question, c.Topic, c.Dimension)
		}
	}

	v.setLevel(r.Overall, r.Levels, len(r.Gaps), fmt.Sprintf("%s “Not sure”, so this level is provisional: check %s below before acting on it.",
		countAnswers(len(r.Unknowns)), thoseOrIt(len(r.Unknowns))), topics)
	v.Plan = newPlanView(r.Plan, dimName, topics, flagTitles(r.Overall.Flags))
	v.Verdict.Actions = firstActions(v.Plan, r.Plan, r.Overall.NextLevel)
	v.setFlagActions(r.Overall.Flags)

	answered, unsure, na := 0, 0, 0
	for _, a := range r.Answers {
		switch a.Status {
		case result.Answered:
			answered++
		case result.Unsure:
			unsure++
		case result.NA:
			na++
		}
	}
	counts := []string{fmt.Sprintf("%d of %d answered", answered, len(r.Answers))}
	if unsure > 0 {
		counts = append(counts, diag.Count(unsure, "unknown", "unknowns"))
	}
	if na > 0 {
		counts = append(counts, fmt.Sprintf("%d not applicable", na))
	}
	v.Verdict.Counts = strings.Join(append(counts, v.countsTail(r.Overall)...), " · ")

	v.Dimensions = dimViews(r.Dimensions, r.Plan, r.Levels, topics, r.Overall)
	v.DimensionsIntro = "Each bar is a dimension's average answer, from 1 to 5. Its level is what every answer but one reaches, so two low answers hold it below the bar, and one high answer cannot lift it."

	notes := map[string]string{}
	for _, a := range r.Answers {
		if a.Note != "" {
			notes[a.Question] = clean(a.Note)
		}
	}
	for i, g := range r.Gaps {
		gv := gapView{
			Rank: i + 1, Dimension: dimName[g.Dimension], Prompt: clean(g.Prompt),
			Now: clean(g.Label), NowLevel: g.Level, Next: clean(g.Next), NextLevel: g.Level + 1,
			Note: notes[g.Question],
		}
		if g.Actions != nil {
			gv.InPlan = inPlan(v.Plan, g.Actions)
		}
		v.Gaps = append(v.Gaps, gv)
	}
	v.sayWhenGapsMove()
	v.UnknownsIntro = "Answered “Not sure”: they score as Level 1 until someone checks. Who can answer, and a quick way to find out:"
	for _, u := range r.Unknowns {
		v.Unknowns = append(v.Unknowns, unknownView{Prompt: clean(u.Prompt), Help: clean(u.Help), Ask: clean(u.Ask)})
	}

	for _, a := range r.Answers {
		av := answerView{
			Question: clean(a.Question), Dimension: dimName[a.Dimension], Prompt: clean(a.Prompt),
			Answer: clean(a.Label), Note: clean(a.Note),
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
// the verdict's reason and next level, the index, the ladder, why it is
// this level, the strengths, the flags and AI readiness. A result and a
// workshop's group share it; provisional is the sentence that says why the
// level is provisional, used only when it is.
func (v *view) setLevel(o result.Overall, levels []result.Level, gaps int, provisional string, topics *topics) {
	v.Level = o.Level
	v.LevelName = clean(o.LevelName)
	v.Meaning = clean(o.Summary)
	v.Index = num(o.Index, 0)
	v.IndexValue = o.Index
	v.Score = num(o.Score, 2)
	v.AI = clean(o.AIReadiness)
	if o.Provisional && o.LevelIfConfirmed > o.Level {
		v.Provisional = fmt.Sprintf("Level %d now — up to Level %d if the unknowns are confirmed. %s", o.Level, o.LevelIfConfirmed, provisional)
	}
	for _, l := range levels {
		v.Ladder = append(v.Ladder, ladderStep{
			Level: l.Level, Name: clean(l.Name), Summary: clean(l.Summary),
			Reached: l.Level <= o.Level, Current: l.Level == o.Level,
		})
	}

	v.Verdict.Reason = clean(o.Reason)
	if v.Verdict.Reason == "" {
		// A result saved before the engine wrote its reason.
		v.Verdict.Reason = fmt.Sprintf("Level %d · %s.", o.Level, v.LevelName)
		if n := len(o.CappedBy); n > 0 {
			v.Verdict.Reason = fmt.Sprintf("Held at Level %d by %s: see why below.", o.Level, diag.Count(n, "rule", "rules"))
		}
	}
	v.Verdict.Next = newNextView(o, levels)
	v.Verdict.IndexLine = fmt.Sprintf("Index %s of 100: the average answer (%s of 5), for following trends. It does not set the level.", v.Index, v.Score)

	for _, c := range o.CappedBy {
		v.Why = append(v.Why, clean(c.Reason))
	}
	if len(v.Why) == 0 {
		switch {
		case o.Level >= result.MaxLevel:
			v.WhyNext = "Every dimension is at Level 5, the highest level. The plan below is about keeping it there."
		case o.NextLevel != nil && len(o.NextLevel.Changes) > 0:
			moved, confirmed := 0, 0
			for _, c := range o.NextLevel.Changes {
				if c.From == 0 {
					confirmed++
				} else {
					moved++
				}
			}
			how := "moved"
			switch {
			case moved == 0:
				how = "confirmed"
			case confirmed > 0:
				how = "moved or confirmed"
			}
			v.WhyNext = fmt.Sprintf("No rule holds the level below where the answers are. The answers Level %d needs %s are listed above", o.NextLevel.Level, how)
			if gaps > 0 {
				v.WhyNext += "; the top gaps below say what each next step looks like"
			}
			v.WhyNext += "."
		case o.NextLevel != nil && o.NextLevel.Needs != "":
			v.WhyNext = fmt.Sprintf("No rule holds the level below where the answers are. To reach Level %d: %s", o.NextLevel.Level, lowerFirst(clean(o.NextLevel.Needs)))
		default:
			// A result saved before the engine wrote its next level.
			v.WhyNext = "The top gaps show which answers to move first."
		}
	}
	// The strengths are named by topic; without topics a list of "an
	// answer in …" says nothing, so it is left out.
	var named []string
	for _, id := range o.Strengths {
		if topics.known(id) {
			named = append(named, topics.of(id))
		}
	}
	for i, s := range named {
		if i == maxStrengths {
			v.Strengths = append(v.Strengths, fmt.Sprintf("%d more", len(named)-maxStrengths))
			break
		}
		v.Strengths = append(v.Strengths, s)
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

// sayWhenGapsMove adds to the gaps' introduction that each says when the
// plan moves it, where the result records that.
func (v *view) sayWhenGapsMove() {
	for _, g := range v.Gaps {
		if g.InPlan != "" {
			v.GapsIntro = strings.TrimSuffix(v.GapsIntro, ".") + ", and when the plan moves it."
			return
		}
	}
}

// countsTail is the part of the counts line that every document shares:
// the warnings and the rules that hold the level.
func (v *view) countsTail(o result.Overall) []string {
	var out []string
	for _, f := range v.Flags {
		out = append(out, "1 "+lowerFirst(f.Title))
	}
	if n := len(o.CappedBy); n > 0 {
		out = append(out, "held by "+diag.Count(n, "rule", "rules"))
	}
	return out
}

// setFlagActions says, under each flag, when the plan addresses it.
func (v *view) setFlagActions(flags []result.Flag) {
	for i, f := range flags {
		if i < len(v.Flags) && f.Action != "" {
			v.Flags[i].Action = inPlanWeeks(v.Plan, []string{clean(f.Action)})
		}
	}
}

// newNextView is what the next level takes, from the result's shortest
// path; a result saved before the engine wrote one gets a generic line.
func newNextView(o result.Overall, levels []result.Level) *nextView {
	if o.Level >= result.MaxLevel {
		return nil
	}
	nl := o.NextLevel
	if nl == nil {
		n := &nextView{Level: o.Level + 1, Name: levelName(levels, o.Level+1)}
		n.Lead = fmt.Sprintf("To reach Level %d: see the top gaps", n.Level)
		if n.Name != "" {
			n.Lead = fmt.Sprintf("To reach Level %d · %s: see the top gaps", n.Level, n.Name)
		}
		return n
	}
	n := &nextView{Level: nl.Level, Name: clean(nl.Name)}
	n.Lead = fmt.Sprintf("To reach Level %d", nl.Level)
	if n.Name != "" {
		n.Lead += " · " + n.Name
	}
	if len(nl.Changes) == 0 {
		if needs := clean(nl.Needs); needs != "" {
			n.Lead += ": " + lowerFirst(strings.TrimSuffix(needs, "."))
		}
		return n
	}
	confirm, move := 0, 0
	for _, c := range nl.Changes {
		if c.From == 0 {
			confirm++
		} else {
			move++
		}
	}
	var verbs []string
	if confirm > 0 {
		verbs = append(verbs, "confirm "+diag.Count(confirm, "answer", "answers")+" marked “Not sure”")
	}
	if move > 0 {
		verbs = append(verbs, "move "+diag.Count(move, "answer", "answers"))
	}
	n.Lead += ": " + strings.Join(verbs, " and ")
	for _, c := range nl.Changes {
		cv := changeView{Topic: clean(c.Topic), FromLabel: clean(c.FromLabel), ToLabel: clean(c.ToLabel)}
		if cv.Topic == "" {
			cv.Topic = "an answer"
		}
		if c.From == 0 {
			cv.Step = fmt.Sprintf("not sure → %d or above", c.To)
		} else {
			cv.Step = fmt.Sprintf("%d → %d", c.From, c.To)
		}
		n.Changes = append(n.Changes, cv)
	}
	return n
}

// firstActions are the actions the verdict names, in the plan's order:
// first those that move an answer the next level needs (the plan puts the
// answers failing a gate first) or answer a risk the report flags, then the
// plan's other rung actions. A result saved without rungs gets the plan's
// first actions.
func firstActions(pv planView, p result.Plan, nl *result.NextLevel) []actionView {
	needed := map[string]bool{}
	if nl != nil {
		for _, c := range nl.Changes {
			needed[c.Question] = true
		}
	}
	var firstPass, rungs, all []actionView
	rung := false
	for i, ph := range p.Phases {
		for j, a := range ph.Actions {
			av := pv.Phases[i].Actions[j]
			all = append(all, av)
			closesNeeded := false
			for _, c := range a.Closes {
				closesNeeded = closesNeeded || needed[c] || strings.HasPrefix(c, "flag:")
			}
			switch {
			case closesNeeded:
				firstPass = append(firstPass, av)
			case a.FromLevel > 0:
				rungs = append(rungs, av)
			}
			rung = rung || a.FromLevel > 0 || len(a.Closes) > 0
		}
	}
	out := append(firstPass, rungs...)
	if !rung {
		out = all
	}
	return out[:min(len(out), maxFirstActions)]
}

// inPlan says when the plan moves a gap's answer, from the actions that
// move it: "in plan: weeks 4–6", or that it does not this quarter.
func inPlan(p planView, actions []string) string {
	if len(actions) == 0 {
		return "not in this quarter's plan"
	}
	var ids []string
	for _, a := range actions {
		ids = append(ids, clean(a))
	}
	return inPlanWeeks(p, ids)
}

// actionsClosing are the ids of the plan's actions that move a question,
// for documents whose gaps do not list them.
func actionsClosing(p result.Plan, question string) []string {
	ids := []string{}
	for _, ph := range p.Phases {
		for _, a := range ph.Actions {
			if slices.Contains(a.Closes, question) {
				ids = append(ids, a.ID)
			}
		}
	}
	return ids
}

// inPlanWeeks is "in plan: weeks 1–9" for the phases that hold any of the
// actions: one span for phases next to each other, else each listed.
func inPlanWeeks(p planView, ids []string) string {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var spans [][2]string
	last := -2
	for i, ph := range p.Phases {
		found := false
		for _, a := range ph.Actions {
			found = found || want[a.ID]
		}
		if !found {
			continue
		}
		from, to, ok := strings.Cut(ph.Weeks, "–")
		if !ok {
			from, to = ph.Weeks, ph.Weeks
		}
		if i == last+1 && len(spans) > 0 {
			spans[len(spans)-1][1] = to
		} else {
			spans = append(spans, [2]string{from, to})
		}
		last = i
	}
	if len(spans) == 0 {
		return ""
	}
	var parts []string
	for _, s := range spans {
		if s[0] == s[1] {
			parts = append(parts, s[0])
		} else {
			parts = append(parts, s[0]+"–"+s[1])
		}
	}
	return "in plan: weeks " + diag.Join(parts, "and")
}

// topics names questions by what they measure ("shared customer ID"), for
// the lines that name answers. A question without a topic (a result saved
// before topics, or a workshop question the next level does not name) is
// named by its dimension.
type topics struct {
	byID    map[string]string
	dimOf   map[string]string
	dimName map[string]string
}

func newTopics(dimName map[string]string) *topics {
	return &topics{byID: map[string]string{}, dimOf: map[string]string{}, dimName: dimName}
}

func (t *topics) add(question, topic, dimension string) {
	if t == nil {
		return
	}
	if s := clean(topic); s != "" && t.byID[question] == "" {
		t.byID[question] = s
	}
	if dimension != "" {
		t.dimOf[question] = dimension
	}
}

// known is whether the question has a topic of its own.
func (t *topics) known(question string) bool { return t != nil && t.byID[question] != "" }

func (t *topics) of(question string) string {
	if t == nil {
		return "an answer"
	}
	if s := t.byID[question]; s != "" {
		return s
	}
	if d := t.dimName[t.dimOf[question]]; d != "" {
		return "an answer in " + d
	}
	return "an answer"
}

// flagTitles maps flag ids to their titles, for the actions that answer
// them.
func flagTitles(flags []result.Flag) map[string]string {
	m := map[string]string{}
	for _, f := range flags {
		title := clean(f.Title)
		if title == "" {
			title = flagTitle(f.ID)
		}
		m[f.ID] = title
	}
	return m
}

// levelName is the name of level n in a document's table of levels,
// cleaned; empty where the table has none.
func levelName(levels []result.Level, n int) string {
	for _, l := range levels {
		if l.Level == n {
			return clean(l.Name)
		}
	}
	return ""
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
//
// What holds a dimension is named only where the dimension is not above
// the overall level, where moving those answers is the way up.
func dimViews(dims []result.Dimension, p result.Plan, levels []result.Level, topics *topics, o result.Overall) []dimView {
	planned := map[string]bool{}
	for _, ph := range p.Phases {
		for _, a := range ph.Actions {
			planned[a.Dimension] = true
		}
	}
	var out []dimView
	for _, d := range dims {
		dv := dimView{
			Name: clean(d.Name), Score: d.Score, ScoreText: fmt.Sprintf("%.2f", d.Score),
			Level: d.Level, LevelName: clean(d.LevelName), Target: d.Level,
			Approaching: d.Approaching, Insufficient: d.Insufficient,
		}
		if dv.LevelName == "" {
			dv.LevelName = levelName(levels, d.Level)
		}
		if d.Insufficient {
			dv.Approaching = 0
			dv.Known = fmt.Sprintf("%d of %d answered", d.Answered, d.Answered+d.Unsure+d.NA)
		}
		if d.Level <= o.Level {
			for _, q := range d.HeldBy {
				dv.HeldBy = append(dv.HeldBy, topics.of(q))
			}
		}
		for _, c := range o.CappedBy {
			if c.Dimension != d.ID || c.Limit >= d.Level {
				continue
			}
			text := fmt.Sprintf("holds the overall level at %d", c.Limit)
			if c.Question != "" {
				text = topics.of(c.Question) + " " + text
			} else {
				text = "this dimension " + text
			}
			dv.Caps = append(dv.Caps, capView{Limit: c.Limit, Text: text})
		}
		if planned[d.ID] && !p.Sustain {
			dv.Target = max(d.Level, p.TargetLevel)
		}
		out = append(out, dv)
	}
	return out
}

// newPlanView is the 90-day plan as the reports show it: each action with
// its weeks and what it moves.
func newPlanView(p result.Plan, dimName map[string]string, topics *topics, flags map[string]string) planView {
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
				Weeks: phv.Weeks, Moves: moves(a, topics, flags), Detail: clean(a.Detail),
			})
		}
		pv.Phases = append(pv.Phases, phv)
	}
	return pv
}

// moves says what an action moves, from what the result says it closes:
// "moves shared customer ID, 2 → 3" for an answer's rung, "confirms …"
// for unknowns, "answers the consent risk" for a flag.
func moves(a result.Action, topics *topics, flags map[string]string) string {
	if topics == nil {
		return ""
	}
	if a.FromLevel >= result.MaxLevel && a.Question != "" {
		return fmt.Sprintf("keeps %s at %d", topics.of(a.Question), a.FromLevel)
	}
	if a.FromLevel > 0 && a.Question != "" {
		return fmt.Sprintf("moves %s, %d → %d", topics.of(a.Question), a.FromLevel, a.FromLevel+1)
	}
	var flagged, questions []string
	for _, c := range a.Closes {
		if id, ok := strings.CutPrefix(c, "flag:"); ok {
			if t := flags[id]; t != "" {
				flagged = append(flagged, lowerFirst(t))
			}
			continue
		}
		questions = append(questions, topics.of(c))
	}
	var says []string
	switch n := len(questions); {
	case n > maxNamedConfirms:
		says = append(says, fmt.Sprintf("confirms %d answers", n))
	case n > 0:
		says = append(says, "confirms "+diag.Join(questions, "and"))
	}
	if len(flagged) > 0 {
		says = append(says, "answers the "+diag.Join(flagged, "and"))
	}
	return strings.Join(says, "; ")
}

// maxNamedConfirms is how many answers an action that confirms them names;
// beyond that it counts them (its detail names each, with whom to ask).
const maxNamedConfirms = 3

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
	each := "one owner for each action"
	if p.saysMoves() {
		each += ", each with the answer it moves"
	}
	switch {
	case p.Sustain:
		return "Twelve weeks, four phases, " + each + ": to keep this level from drifting."
	case p.TargetLevel > 0:
		return "Twelve weeks, four phases, " + each + ". Progress toward the next level, not a promise."
	}
	return ""
}

// saysMoves is whether any action says what it moves.
func (p planView) saysMoves() bool {
	for _, ph := range p.Phases {
		for _, a := range ph.Actions {
			if a.Moves != "" {
				return true
			}
		}
	}
	return false
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
// after a colon; a word in capitals ("KPI") keeps them.
func lowerFirst(s string) string {
	rs := []rune(s)
	if len(rs) == 0 || len(rs) > 1 && unicode.IsUpper(rs[1]) {
		return s
	}
	return string(unicode.ToLower(rs[0])) + string(rs[1:])
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
