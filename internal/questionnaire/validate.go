package questionnaire

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// Limits that keep a questionnaire within the five minutes it promises.
const (
	MaxQuestions     = 20
	MaxWordsOnScreen = 1200
)

var (
	idRE         = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	questionIDRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate checks the meaning of a parsed questionnaire and returns every
// problem found: errors (the questionnaire cannot be used) and warnings (it
// can, but a plan or the five-minute promise may suffer).
func Validate(q *Questionnaire) diag.Problems {
	v := &validator{q: q, flagIDs: map[string]diag.Pos{}, actionIDs: map[string]diag.Pos{}}
	v.header()
	v.levels()
	v.dimensions()
	v.gates()
	v.flags()
	v.ai()
	v.changes()
	v.actions()
	v.budget()
	return append(v.problems.Errors().Sorted(), v.problems.Warnings().Sorted()...)
}

type validator struct {
	q        *Questionnaire
	problems diag.Problems
	// Flag and action ids, each with where it was first defined; flags'
	// and the unknowns' actions share the catalogue's id space.
	flagIDs, actionIDs map[string]diag.Pos
}

func (v *validator) errorf(p diag.Pos, format string, args ...any) {
	v.problems = append(v.problems, at(v.q.File, p, false, format, args...))
}

func (v *validator) warnf(p diag.Pos, format string, args ...any) {
	v.problems = append(v.problems, at(v.q.File, p, true, format, args...))
}

func (v *validator) required(p diag.Pos, what, value string) {
	if strings.TrimSpace(value) == "" {
		v.errorf(p, "%s is empty", what)
	}
}

func (v *validator) header() {
	q := v.q
	if !idRE.MatchString(q.ID) {
		v.errorf(q.Pos, "questionnaire id %q must be lower-case letters, digits and dashes", q.ID)
	}
	v.required(q.Pos, "version", q.Version)
	v.required(q.Pos, "title", q.Title)
	if q.Minutes < 0 {
		v.errorf(q.Pos, "minutes must not be negative")
	}
}

func (v *validator) levels() {
	q := v.q
	if len(q.Levels) != result.MaxLevel {
		v.errorf(q.Pos, "levels must list exactly %d levels, 1 to %d; found %d", result.MaxLevel, result.MaxLevel, len(q.Levels))
	}
	for i, l := range q.Levels {
		if l.Level != i+1 {
			v.errorf(l.Pos, "level %d is listed where level %d belongs (levels go 1 to %d, in order)", l.Level, i+1, result.MaxLevel)
		}
		v.required(l.Pos, fmt.Sprintf("the name of level %d", l.Level), l.Name)
		v.required(l.Pos, fmt.Sprintf("the summary of level %d", l.Level), l.Summary)
		v.required(l.Pos, fmt.Sprintf("the AI reading of level %d", l.Level), l.AI)
	}
}

func (v *validator) dimensions() {
	q := v.q
	if len(q.Dimensions) == 0 {
		v.errorf(q.Pos, "the questionnaire has no dimensions")
	}
	dims := map[string]diag.Pos{}
	questions := map[string]diag.Pos{}
	for _, dim := range q.Dimensions {
		if first, dup := dims[dim.ID]; dup {
			v.errorf(dim.Pos, "duplicate dimension id %q (first at line %d)", dim.ID, first.Line)
		}
		dims[dim.ID] = dim.Pos
		if !idRE.MatchString(dim.ID) {
			v.errorf(dim.Pos, "dimension id %q must be lower-case letters, digits and dashes", dim.ID)
		}
		v.required(dim.Pos, fmt.Sprintf("the name of dimension %q", dim.ID), dim.Name)
		if dim.Weight <= 0 {
			v.errorf(dim.Pos, "dimension %q needs a weight above 0", dim.ID)
		}
		if len(dim.Questions) == 0 {
			v.errorf(dim.Pos, "dimension %q has no questions", dim.ID)
		}
		allNA := len(dim.Questions) > 0
		for _, qu := range dim.Questions {
			allNA = allNA && qu.AllowNA
			if first, dup := questions[qu.ID]; dup {
				v.errorf(qu.Pos, "duplicate question id %q (first at line %d)", qu.ID, first.Line)
			}
			questions[qu.ID] = qu.Pos
			v.question(dim, qu)
		}
		if allNA {
			v.warnf(dim.Pos, "every question of dimension %q allows \"na\"; a respondent could leave it unscored", dim.ID)
		}
	}
}

func (v *validator) question(dim Dimension, qu Question) {
	if !questionIDRE.MatchString(qu.ID) || !strings.HasPrefix(qu.ID, dim.ID+".") {
		v.errorf(qu.Pos, "question id %q must start with its dimension, as in %q", qu.ID, dim.ID+".name")
	}
	v.required(qu.Pos, fmt.Sprintf("the prompt of question %q", qu.ID), qu.Prompt)
	if qu.Weight <= 0 {
		v.errorf(qu.Pos, "question %q needs a weight above 0", qu.ID)
	}
	if len(qu.Options) != result.MaxLevel {
		v.errorf(qu.Pos, "question %q has %d options; it needs exactly %d, one per level", qu.ID, len(qu.Options), result.MaxLevel)
	}
	for i, o := range qu.Options {
		if o.Level != i+1 {
			v.errorf(o.Pos, "option for level %d of question %q is where level %d belongs (options go 1 to %d, in order)", o.Level, qu.ID, i+1, result.MaxLevel)
		}
		v.required(o.Pos, fmt.Sprintf("the label of option %d of question %q", o.Level, qu.ID), o.Label)
	}
	if qu.Topic == "" {
		v.warnf(qu.Pos, "question %q has no topic; sentences about it will quote its prompt", qu.ID)
	}
	if qu.Ask == "" {
		v.warnf(qu.Pos, "question %q has no ask; the plan cannot say who can confirm it", qu.ID)
	}
	switch {
	case qu.NAWhen != "" && !qu.AllowNA:
		v.errorf(qu.Pos, "question %q says when it is not applicable (na_when) but does not allow \"na\"", qu.ID)
	case qu.AllowNA && qu.NAWhen == "":
		v.warnf(qu.Pos, "question %q allows \"na\" without saying when (na_when)", qu.ID)
	}
	seen := map[int]bool{}
	for _, n := range qu.NoAction {
		if n.FromLevel < result.MinLevel || n.FromLevel >= result.MaxLevel {
			v.errorf(n.Pos, "no_action from_level must be 1 to %d, found %d", result.MaxLevel-1, n.FromLevel)
		}
		if seen[n.FromLevel] {
			v.errorf(n.Pos, "question %q lists rung %d in no_action twice", qu.ID, n.FromLevel)
		}
		seen[n.FromLevel] = true
		v.required(n.Pos, fmt.Sprintf("the reason of no_action %d of question %q", n.FromLevel, qu.ID), n.Reason)
	}
}

func (v *validator) gates() {
	for _, g := range v.q.Gates {
		if g.MinLevel < result.MinLevel+1 || g.MinLevel > result.MaxLevel {
			v.errorf(g.Pos, "gate min_level must be 2 to %d, found %d", result.MaxLevel, g.MinLevel)
		}
		v.knownQuestion(g.Requires.Pos, "gate", g.Requires.Question)
		if g.Requires.AtLeast < result.MinLevel+1 || g.Requires.AtLeast > result.MaxLevel {
			v.errorf(g.Requires.Pos, "gate at_least must be 2 to %d, found %d", result.MaxLevel, g.Requires.AtLeast)
		}
		v.required(g.Pos, "the reason of a gate", g.Reason)
		if g.Short == "" {
			v.warnf(g.Pos, "a gate has no short reason; reports will quote its whole reason")
		}
	}
}

func (v *validator) flags() {
	for _, f := range v.q.Flags {
		v.uniqueID(f.Pos, "flag", f.ID, v.flagIDs)
		switch {
		case f.Spread != 0 && (f.Question != "" || f.AtMost != 0):
			v.errorf(f.Pos, "flag %q takes either question and at_most, or spread, not both", f.ID)
		case f.Spread != 0:
			if f.Spread < 2 || f.Spread > result.MaxLevel-1 {
				v.errorf(f.Pos, "flag spread must be 2 to %d, found %d", result.MaxLevel-1, f.Spread)
			}
		default:
			v.knownQuestion(f.Pos, "flag", f.Question)
			if f.AtMost < result.MinLevel || f.AtMost >= result.MaxLevel {
				v.errorf(f.Pos, "flag at_most must be 1 to %d, found %d", result.MaxLevel-1, f.AtMost)
			}
		}
		v.required(f.Pos, fmt.Sprintf("the message of flag %q", f.ID), f.Message)
		if f.Title == "" {
			v.warnf(f.Pos, "flag %q has no title; reports will name it by its id", f.ID)
		}
		switch {
		case f.ActionRef != "":
			a := v.q.action(f.ActionRef)
			switch {
			case a == nil:
				v.errorf(f.Pos, "flag %q names unknown action %q", f.ID, f.ActionRef)
			case a.Phase != Phases[0].ID || len(a.After) > 0:
				v.errorf(f.Pos, "flag %q's action %q must be in %s with no prerequisites: a flag is addressed in weeks 1–3", f.ID, f.ActionRef, Phases[0].ID)
			case a.Question != f.Question:
				v.errorf(f.Pos, "flag %q's action %q moves another question (%s)", f.ID, f.ActionRef, a.Question)
			}
		case f.Action == nil:
			v.warnf(f.Pos, "flag %q has no action; a plan will not address it", f.ID)
		default:
			v.actionText(*f.Action, fmt.Sprintf("the action of flag %q", f.ID))
		}
	}
}

// actionText checks an action that is not in the catalogue's rungs.
func (v *validator) actionText(a ActionText, what string) {
	v.uniqueID(a.Pos, "action", a.ID, v.actionIDs)
	v.owner(a.Pos, a.ID, a.Owner)
	v.required(a.Pos, "the title of "+what, a.Title)
	v.required(a.Pos, "the why of "+what, a.Why)
}

func (v *validator) uniqueID(p diag.Pos, what, id string, seen map[string]diag.Pos) {
	if !idRE.MatchString(id) {
		v.errorf(p, "%s id %q must be lower-case letters, digits and dashes", what, id)
	}
	if first, dup := seen[id]; dup {
		v.errorf(p, "duplicate %s id %q (first at line %d)", what, id, first.Line)
		return
	}
	seen[id] = p
}

func (v *validator) owner(p diag.Pos, id, owner string) {
	if !slices.Contains(Owners, owner) {
		v.errorf(p, "action %q has owner %q, which is not one of: %s", id, owner, strings.Join(Owners, ", "))
	}
}

func (v *validator) knownQuestion(p diag.Pos, what, id string) *Question {
	qu := v.q.Question(id)
	if qu == nil {
		v.errorf(p, "%s names unknown question %q", what, id)
	}
	return qu
}

func (v *validator) changes() {
	c := v.q.Changes
	if c == nil {
		return
	}
	v.required(c.Pos, "changes from (the earlier version)", c.From)
	seen := map[string]diag.Pos{}
	for _, qc := range c.Questions {
		if first, dup := seen[qc.Question]; dup {
			v.errorf(qc.Pos, "question %q is listed twice in changes (first at line %d)", qc.Question, first.Line)
		}
		seen[qc.Question] = qc.Pos
		v.required(qc.Pos, fmt.Sprintf("the note on changed question %q", qc.Question), qc.Note)
		switch qu := v.q.Question(qc.Question); {
		case qc.Removed && qu != nil:
			v.errorf(qc.Pos, "changes say question %q was removed, but the questionnaire asks it", qc.Question)
		case !qc.Removed && qu == nil:
			v.errorf(qc.Pos, "changes name unknown question %q (mark a question no longer asked removed: true)", qc.Question)
		case qc.Removed && qc.Recheck:
			v.errorf(qc.Pos, "question %q cannot be both removed and to recheck", qc.Question)
		}
	}
}

func (v *validator) ai() {
	ai := v.q.AI
	if ai == nil {
		return
	}
	v.knownQuestion(ai.Pos, "ai use", ai.Use)
	for _, f := range ai.Foundations {
		v.knownQuestion(f.Pos, "an AI foundation", f.Question)
		if f.Needs < result.MinLevel+1 || f.Needs > result.MaxLevel {
			v.errorf(f.Pos, "an AI foundation's needs must be 2 to %d, found %d", result.MaxLevel, f.Needs)
		}
		v.required(f.Pos, "the blocker of an AI foundation", f.Blocker)
		v.required(f.Pos, "the strength of an AI foundation", f.Strength)
	}
}

func (v *validator) actions() {
	q := v.q
	if q.Unknowns != nil {
		v.actionText(*q.Unknowns, "the unknowns action")
	}
	phases := make([]string, len(Phases))
	for i, p := range Phases {
		phases[i] = p.ID
	}
	always := 0
	byID := map[string]*Action{}
	for i := range q.Actions {
		a := &q.Actions[i]
		v.uniqueID(a.Pos, "action", a.ID, v.actionIDs)
		byID[a.ID] = a
		if !slices.Contains(phases, a.Phase) {
			v.errorf(a.Pos, "action %q has unknown phase %q (allowed: %s)", a.ID, a.Phase, strings.Join(phases, ", "))
		}
		v.owner(a.Pos, a.ID, a.Owner)
		v.required(a.Pos, fmt.Sprintf("the title of action %q", a.ID), a.Title)
		v.required(a.Pos, fmt.Sprintf("the why of action %q", a.ID), a.Why)
		if a.Always {
			always++
			if a.Dimension != "" || a.FromLevel != 0 || a.Question != "" || len(a.After) > 0 {
				v.errorf(a.Pos, "action %q is in every plan (always: true), so it takes no dimension, question, from_level or after", a.ID)
			}
			continue
		}
		if a.FromLevel < result.MinLevel || a.FromLevel > result.MaxLevel {
			v.errorf(a.Pos, "action %q needs from_level 1 to %d (5 for a sustain action), found %d", a.ID, result.MaxLevel, a.FromLevel)
		}
		switch {
		case a.Question != "":
			if qu := v.knownQuestion(a.Pos, fmt.Sprintf("action %q", a.ID), a.Question); qu != nil && a.Dimension != "" && qu.Dimension != a.Dimension {
				v.errorf(a.Pos, "action %q is in dimension %q but moves question %q of dimension %q", a.ID, a.Dimension, a.Question, qu.Dimension)
			}
		case q.Dimension(a.Dimension) == nil:
			v.errorf(a.Pos, "action %q names unknown dimension %q", a.ID, a.Dimension)
		default:
			v.warnf(a.Pos, "action %q moves no question; it is offered by its dimension's level, so it may ask for what an answer says is done", a.ID)
		}
	}
	v.prerequisites(byID)
	if len(q.Actions) == 0 {
		v.warnf(q.Pos, "there is no action catalogue (actions:), so every 90-day plan will be empty")
		return
	}
	for _, c := range Coverage(q) {
		for _, rung := range c.Missing {
			v.warnf(c.Question.Pos, "question %q has no action for rung %d→%d and no no_action reason; a plan cannot move that answer", c.Question.ID, rung, rung+1)
		}
	}
	if always == 0 {
		v.warnf(q.Pos, "no action has always: true; plans will not end with re-running the assessment")
	}
}

// prerequisites checks every action's after list: known ids, in an earlier
// phase, reachable (a prerequisite on the same question at a higher rung
// can never be scheduled nor be done while the dependent is offered), and
// no cycles.
func (v *validator) prerequisites(byID map[string]*Action) {
	for _, a := range v.q.Actions {
		for _, id := range a.After {
			b, ok := byID[id]
			switch {
			case !ok:
				v.errorf(a.Pos, "action %q comes after unknown action %q", a.ID, id)
			case b.ID == a.ID:
				v.errorf(a.Pos, "action %q comes after itself", a.ID)
			case b.Always:
				v.errorf(a.Pos, "action %q comes after %q, which ends every plan: it could never be scheduled", a.ID, id)
			case PhaseIndex(b.Phase) >= PhaseIndex(a.Phase):
				v.errorf(a.Pos, "action %q (%s) comes after %q, which is not in an earlier phase (%s): it could never be scheduled", a.ID, a.Phase, id, b.Phase)
			case b.Question != "" && b.Question == a.Question && b.FromLevel > a.FromLevel:
				v.errorf(a.Pos, "action %q (rung %d) comes after %q, a higher rung of the same question (%d): it could never be scheduled", a.ID, a.FromLevel, id, b.FromLevel)
			}
		}
	}
	// Depth-first search for cycles; each cycle is reported once, at the
	// action where it was found to close.
	const (
		unseen = iota
		open
		done
	)
	state := map[string]int{}
	var visit func(a *Action, path []string)
	visit = func(a *Action, path []string) {
		state[a.ID] = open
		for _, id := range a.After {
			b, ok := byID[id]
			if !ok || b.ID == a.ID {
				continue // reported above
			}
			switch state[id] {
			case open:
				cycle := append(path[slices.Index(path, id):], a.ID, id)
				v.errorf(a.Pos, "actions %s come after each other in a cycle", strings.Join(quoteAll(cycle), " → "))
			case unseen:
				visit(b, append(path, a.ID))
			}
		}
		state[a.ID] = done
	}
	for i := range v.q.Actions {
		if state[v.q.Actions[i].ID] == unseen {
			visit(&v.q.Actions[i], nil)
		}
	}
}

func quoteAll(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.Quote(id)
	}
	return out
}

// PhaseIndex is the place of a phase id among Phases, or -1.
func PhaseIndex(id string) int {
	return slices.IndexFunc(Phases, func(p Phase) bool { return p.ID == id })
}

// RungCoverage is how a question's answers can be moved by the plan: the
// actions for each rung (from_level 1 to 4), the rungs explained by a
// no_action entry, and the rungs with neither.
type RungCoverage struct {
	Question *Question
	Actions  [result.MaxLevel][]string // index: from_level (1..4; 5 for sustain)
	Excused  []int
	Missing  []int
}

// Coverage lists every question's rung coverage, in questionnaire order.
func Coverage(q *Questionnaire) []RungCoverage {
	var out []RungCoverage
	for _, qu := range q.Questions() {
		c := RungCoverage{Question: qu}
		for _, a := range q.Actions {
			if a.Question == qu.ID && a.FromLevel >= result.MinLevel && a.FromLevel <= result.MaxLevel {
				c.Actions[a.FromLevel-1] = append(c.Actions[a.FromLevel-1], a.ID)
			}
		}
		for rung := result.MinLevel; rung < result.MaxLevel; rung++ {
			excused := slices.ContainsFunc(qu.NoAction, func(n NoAction) bool { return n.FromLevel == rung })
			switch {
			case excused:
				c.Excused = append(c.Excused, rung)
			case len(c.Actions[rung-1]) == 0:
				c.Missing = append(c.Missing, rung)
			}
		}
		out = append(out, c)
	}
	return out
}

func (v *validator) budget() {
	qs := v.q.Questions()
	if len(qs) > MaxQuestions {
		v.warnf(v.q.Pos, "%d questions will not fit five minutes; keep it to %d", len(qs), MaxQuestions)
	}
	if w := WordsOnScreen(v.q); w > MaxWordsOnScreen {
		v.warnf(v.q.Pos, "%d words on screen (prompts and options) is more than the %d that fit five minutes", w, MaxWordsOnScreen)
	}
}

// WordsOnScreen counts the words a respondent reads: every prompt, every
// option label and the "Not sure" choice under each question. Help text is
// left out because it is shown on request.
func WordsOnScreen(q *Questionnaire) int {
	n := 0
	for _, qu := range q.Questions() {
		n += len(strings.Fields(qu.Prompt)) + len(strings.Fields(result.NotSureLabel))
		for _, o := range qu.Options {
			n += len(strings.Fields(o.Label))
		}
	}
	return n
}
