package questionnaire

import (
	"fmt"
	"regexp"
	"slices"
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
	v := &validator{q: q}
	v.header()
	v.levels()
	v.dimensions()
	v.gates()
	v.flags()
	v.actions()
	v.budget()
	return append(v.problems.Errors().Sorted(), v.problems.Warnings().Sorted()...)
}

type validator struct {
	q        *Questionnaire
	problems diag.Problems
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
	}
}

func (v *validator) flags() {
	seen := map[string]diag.Pos{}
	for _, f := range v.q.Flags {
		if !idRE.MatchString(f.ID) {
			v.errorf(f.Pos, "flag id %q must be lower-case letters, digits and dashes", f.ID)
		}
		if first, dup := seen[f.ID]; dup {
			v.errorf(f.Pos, "duplicate flag id %q (first at line %d)", f.ID, first.Line)
		}
		seen[f.ID] = f.Pos
		v.knownQuestion(f.Pos, "flag", f.Question)
		if f.AtMost < result.MinLevel || f.AtMost >= result.MaxLevel {
			v.errorf(f.Pos, "flag at_most must be 1 to %d, found %d", result.MaxLevel-1, f.AtMost)
		}
		v.required(f.Pos, fmt.Sprintf("the message of flag %q", f.ID), f.Message)
	}
}

func (v *validator) knownQuestion(p diag.Pos, what, id string) *Question {
	qu := v.q.Question(id)
	if qu == nil {
		v.errorf(p, "%s names unknown question %q", what, id)
	}
	return qu
}

func (v *validator) actions() {
	q := v.q
	seen := map[string]diag.Pos{}
	phases := make([]string, len(Phases))
	for i, p := range Phases {
		phases[i] = p.ID
	}
	// cover[dimension][from_level][phase] counts actions, for the warnings below.
	cover := map[string]map[int]map[string]int{}
	always := 0
	for _, a := range q.Actions {
		if !idRE.MatchString(a.ID) {
			v.errorf(a.Pos, "action id %q must be lower-case letters, digits and dashes", a.ID)
		}
		if first, dup := seen[a.ID]; dup {
			v.errorf(a.Pos, "duplicate action id %q (first at line %d)", a.ID, first.Line)
		}
		seen[a.ID] = a.Pos
		if !slices.Contains(phases, a.Phase) {
			v.errorf(a.Pos, "action %q has unknown phase %q (allowed: %s)", a.ID, a.Phase, strings.Join(phases, ", "))
		}
		if !slices.Contains(Owners, a.Owner) {
			v.errorf(a.Pos, "action %q has owner %q, which is not one of: %s", a.ID, a.Owner, strings.Join(Owners, ", "))
		}
		v.required(a.Pos, fmt.Sprintf("the title of action %q", a.ID), a.Title)
		v.required(a.Pos, fmt.Sprintf("the why of action %q", a.ID), a.Why)
		if a.Always {
			always++
			if a.Dimension != "" || a.FromLevel != 0 || a.Question != "" {
				v.errorf(a.Pos, "action %q is in every plan (always: true), so it takes no dimension, from_level or question", a.ID)
			}
			continue
		}
		if q.Dimension(a.Dimension) == nil {
			v.errorf(a.Pos, "action %q names unknown dimension %q", a.ID, a.Dimension)
		}
		if a.FromLevel < result.MinLevel || a.FromLevel > result.MaxLevel {
			v.errorf(a.Pos, "action %q needs from_level 1 to %d (5 for a sustain action), found %d", a.ID, result.MaxLevel, a.FromLevel)
		}
		if a.Question != "" {
			if qu := v.knownQuestion(a.Pos, fmt.Sprintf("action %q", a.ID), a.Question); qu != nil && qu.Dimension != a.Dimension {
				v.errorf(a.Pos, "action %q is in dimension %q but moves question %q of dimension %q", a.ID, a.Dimension, a.Question, qu.Dimension)
			}
		}
		if cover[a.Dimension] == nil {
			cover[a.Dimension] = map[int]map[string]int{}
		}
		if cover[a.Dimension][a.FromLevel] == nil {
			cover[a.Dimension][a.FromLevel] = map[string]int{}
		}
		cover[a.Dimension][a.FromLevel][a.Phase]++
	}
	if len(q.Actions) == 0 {
		v.warnf(q.Pos, "there is no action catalogue (actions:), so every 90-day plan will be empty")
		return
	}
	for _, dim := range q.Dimensions {
		for level := result.MinLevel; level < result.MaxLevel; level++ {
			cell := cover[dim.ID][level]
			if len(cell) == 0 {
				v.warnf(dim.Pos, "dimension %q has no actions for from_level %d; a plan from Level %d will have nothing for it", dim.ID, level, level)
				continue
			}
			for _, p := range Phases {
				if cell[p.ID] == 0 {
					v.warnf(dim.Pos, "dimension %q has no %s action for from_level %d; that phase of its plan may be empty", dim.ID, p.ID, level)
				}
			}
		}
	}
	if always == 0 {
		v.warnf(q.Pos, "no action has always: true; plans will not end with re-running the assessment")
	}
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
