// Package plan builds the 90-day plan from the answers: for each answer
// worth moving, the catalogue's actions for the rung that answer is on —
// never for a rung it is already above — with the risks and the unknowns
// first. It is pure: the result and the catalogue go in, a plan comes out.
package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Rung actions per phase: enough to move, few enough to finish in three
// weeks. The actions that confirm unknowns and address flags come on top,
// in weeks 1–3, and so does re-running the assessment at the end.
const (
	maxPerPhase        = 4
	maxPerPhaseSustain = 2
	// maxPerOwner is the most actions one owner gets in a phase, so that
	// one role is not handed a phase's work while other answers wait.
	maxPerOwner = 2
)

// answer is what the plan knows about one answer.
type answer struct {
	status result.Status
	rung   int // the option the answer is on: its level, rounded down for a group's mean
}

// builder holds a plan while it is being built.
type builder struct {
	q       *questionnaire.Questionnaire
	answers map[string]answer
	dims    map[string]int // dimension levels
	byID    map[string]*questionnaire.Action
	limit   int
	phases  []result.Phase
	phaseOf map[string]int // scheduled action id → phase index
	rungs   []int          // rung actions per phase
	owners  []map[string]int
	// prio is the place in the work list of the answer an action was
	// scheduled for: within a phase, actions follow the work list's order.
	prio    map[string]int
	current int
}

// Build writes the plan toward one level above r.Overall.Level (a sustain
// plan at Level 5):
//
//  1. weeks 1–3 start with the action that confirms the "not sure" answers,
//     naming each and who can answer it, and the action of every flag;
//  2. then, answer by answer — those failing a gate on the way to the next
//     level first, then the rest of the shortest path to it, then the other
//     gaps, biggest first — the catalogue's actions for the rung each answer
//     is on, each in its own phase, with its prerequisites before it (or
//     left out when the answers show them done), up to three per phase; an
//     answer the shortest path moves two rungs gets its next rung's actions
//     too when they come later;
//  3. phases still empty take actions for answers beyond the next level;
//  4. every plan ends with the catalogue's "always" actions.
//
// r is a result scored from q: its answers and unknowns name q's questions.
func Build(q *questionnaire.Questionnaire, r *result.Result) result.Plan {
	level := r.Overall.Level
	target := min(level+1, result.MaxLevel)
	sustain := level >= result.MaxLevel
	p := result.Plan{
		FromLevel:   level,
		TargetLevel: target,
		TargetName:  q.Level(target).Name,
		Sustain:     sustain,
		Title:       fmt.Sprintf("90 days toward Level %d", target),
	}
	if sustain {
		p.Title = fmt.Sprintf("90 days to sustain Level %d", level)
	}
	b := &builder{
		q: q, answers: map[string]answer{}, dims: map[string]int{}, byID: map[string]*questionnaire.Action{},
		limit: maxPerPhase, phaseOf: map[string]int{}, rungs: make([]int, len(questionnaire.Phases)), prio: map[string]int{},
	}
	if sustain {
		b.limit = maxPerPhaseSustain
	}
	for _, ph := range questionnaire.Phases {
		b.phases = append(b.phases, result.Phase{ID: ph.ID, Name: ph.Name, Weeks: ph.Weeks, Actions: []result.Action{}})
		b.owners = append(b.owners, map[string]int{})
	}
	for _, a := range r.Answers {
		b.answers[a.Question] = answer{status: a.Status, rung: a.Level}
	}
	for _, d := range r.Dimensions {
		b.dims[d.ID] = d.Level
	}
	for i := range q.Actions {
		b.byID[q.Actions[i].ID] = &q.Actions[i]
	}

	b.risksAndUnknowns(r)
	var ws []work
	if sustain {
		for _, qu := range q.Questions() {
			ws = append(ws, work{question: qu.ID})
		}
	} else {
		ws = b.workList(r, target)
	}
	b.moveAnswers(ws)
	if !sustain && !r.Overall.Provisional {
		// With answers still to confirm, the empty weeks are left to
		// confirming them rather than filled with work that rests on the
		// answers in doubt.
		b.fillEmptyPhases(target)
	}
	for _, a := range q.Actions {
		if a.Always {
			i := questionnaire.PhaseIndex(a.Phase)
			b.phases[i].Actions = append(b.phases[i].Actions, toResult(a))
		}
	}
	p.Phases = b.phases
	return p
}

// risksAndUnknowns puts the action that confirms the unknowns and each
// raised flag's action at the start of weeks 1–3. A flag raised by a "not
// sure" answer is closed by confirming that answer: by the flag's own
// action when it is the check (a test opt-out settles the consent answer,
// so the answer is not listed to confirm twice), else by the confirming
// action, since the catalogue's actions move an answer from a known rung.
func (b *builder) risksAndUnknowns(r *result.Result) {
	type flagged struct {
		qf     *questionnaire.Flag
		unsure bool
	}
	var raised []flagged
	checked := map[string]bool{} // unknowns a flag's own action settles
	for _, f := range r.Overall.Flags {
		for i := range b.q.Flags {
			if qf := &b.q.Flags[i]; qf.ID == f.ID {
				unsure := qf.Question != "" && b.answers[qf.Question].status == result.Unsure
				raised = append(raised, flagged{qf, unsure})
				if unsure && qf.Action != nil {
					checked[qf.Question] = true
				}
			}
		}
	}
	confirm := -1 // its place in weeks 1–3
	if u := b.q.Unknowns; u != nil && len(r.Unknowns) > len(checked) {
		a := result.Action{ID: u.ID, Title: u.Title, Owner: u.Owner, Why: u.Why}
		var who []string
		for _, un := range r.Unknowns {
			if checked[un.Question] {
				continue
			}
			a.Closes = append(a.Closes, un.Question)
			topic := b.q.Question(un.Question).TopicOf()
			if un.Ask != "" {
				topic += " (ask " + un.Ask + ")"
			}
			who = append(who, topic)
		}
		a.Detail = result.UpperFirst(strings.Join(who, "; ")) + "."
		confirm = len(b.phases[0].Actions)
		b.phases[0].Actions = append(b.phases[0].Actions, a)
	}
	for _, f := range raised {
		qf := f.qf
		if f.unsure && qf.Action == nil {
			if confirm >= 0 {
				c := &b.phases[0].Actions[confirm]
				c.Closes = append(c.Closes, "flag:"+qf.ID)
			}
			continue
		}
		if ref := b.byID[qf.ActionRef]; ref != nil && b.offered(ref) && b.schedule(ref, 0) {
			// One of the catalogue's actions addresses the flag: it
			// moves the answer and closes the flag at once.
			ph := &b.phases[b.phaseOf[ref.ID]]
			for i := range ph.Actions {
				if ph.Actions[i].ID == ref.ID {
					ph.Actions[i].Closes = append(ph.Actions[i].Closes, "flag:"+qf.ID)
				}
			}
			delete(b.prio, ref.ID) // on top, with the risks
			continue
		}
		if qf.Action == nil {
			continue
		}
		a := qf.Action
		closes := []string{"flag:" + qf.ID}
		if f.unsure {
			closes = []string{qf.Question, "flag:" + qf.ID}
		}
		b.phases[0].Actions = append(b.phases[0].Actions, result.Action{
			ID: a.ID, Question: qf.Question, Closes: closes, Title: a.Title, Owner: a.Owner, Why: a.Why,
		})
	}
}

// work is an answer the plan should move, and to what level (0: one rung).
type work struct {
	question string
	to       int
}

// workList is the answers to move, most important first: those failing a
// gate on the way to the target, then the rest of the shortest path to the
// next level, then every other confirmed answer below the target, in the
// gaps' order (biggest first).
func (b *builder) workList(r *result.Result, target int) []work {
	var out []work
	seen := map[string]int{}
	add := func(id string, to int) {
		if i, ok := seen[id]; ok {
			out[i].to = max(out[i].to, to)
			return
		}
		seen[id] = len(out)
		out = append(out, work{question: id, to: to})
	}
	for _, g := range b.q.Gates {
		a := b.answers[g.Requires.Question]
		if a.status == result.Answered && g.MinLevel <= target && a.rung < g.Requires.AtLeast {
			add(g.Requires.Question, g.Requires.AtLeast)
		}
	}
	if nl := r.Overall.NextLevel; nl != nil {
		for _, c := range nl.Changes {
			if b.answers[c.Question].status == result.Answered {
				add(c.Question, c.To)
			}
		}
	}
	for _, g := range r.Gaps {
		add(g.Question, target)
	}
	return out
}

// moveAnswers schedules, in rounds, the actions that move each answer:
// first every answer's first step, then every answer's second, and so on,
// so that each answer the next level needs gets started before any gets
// its follow-through. An answer's steps are the actions for the rung it is
// on, by phase, and, when its target is more than one rung up, the next
// rung's actions after them. Unsure and not-applicable answers are not
// moved: the unknowns are confirmed first.
func (b *builder) moveAnswers(ws []work) {
	var chains [][]*questionnaire.Action
	for _, w := range ws {
		a, ok := b.answers[w.question]
		if !ok || a.status != result.Answered {
			continue
		}
		chain := b.rungActions(w.question, a.rung)
		if w.to > a.rung+1 && len(chain) > 0 {
			chain = append(chain, b.rungActions(w.question, a.rung+1)...)
		}
		chains = append(chains, chain)
	}
	for round := 0; ; round++ {
		more := false
		for i, chain := range chains {
			if round >= len(chain) {
				continue
			}
			more = true
			b.current = i
			a := chain[round]
			if a.FromLevel == chain[0].FromLevel {
				b.schedule(a, 0)
			} else if after, ok := b.lastPhaseOfRung(a.Question, a.FromLevel-1); ok {
				// The next rung of an answer follows its first.
				b.schedule(a, after+1)
			}
		}
		if !more {
			break
		}
	}
	// Within a phase, the actions of the most important answers first; the
	// risks and unknowns, scheduled before any of these, stay on top.
	for i := range b.phases {
		acts := b.phases[i].Actions
		rank := func(a result.Action) int {
			if p, ok := b.prio[a.ID]; ok {
				return p
			}
			return -1
		}
		slices.SortStableFunc(acts, func(x, y result.Action) int { return rank(x) - rank(y) })
	}
}

// lastPhaseOfRung is the latest phase an action for a question's rung is
// in, and whether any is.
func (b *builder) lastPhaseOfRung(question string, rung int) (int, bool) {
	last, ok := -1, false
	for _, prev := range b.rungActions(question, rung) {
		if j, in := b.phaseOf[prev.ID]; in {
			last, ok = max(last, j), true
		}
	}
	return last, ok
}

// rungActions are the catalogue's actions that move question id from rung,
// in phase order.
func (b *builder) rungActions(id string, rung int) []*questionnaire.Action {
	var out []*questionnaire.Action
	for i := range b.q.Actions {
		if a := &b.q.Actions[i]; !a.Always && a.Question == id && a.FromLevel == rung {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(x, y *questionnaire.Action) int {
		return questionnaire.PhaseIndex(x.Phase) - questionnaire.PhaseIndex(y.Phase)
	})
	return out
}

// done reports whether the answers show an action's result is in place
// already: the answer it moves is above its rung.
func (b *builder) done(a *questionnaire.Action) bool {
	if a.Question == "" {
		return b.dims[a.Dimension] > a.FromLevel
	}
	ans, ok := b.answers[a.Question]
	return ok && ans.status == result.Answered && ans.rung > a.FromLevel
}

// offered reports whether an action fits these answers: its answer (or,
// for an unlinked action, its dimension) is on its rung.
func (b *builder) offered(a *questionnaire.Action) bool {
	if a.Question == "" {
		return b.dims[a.Dimension] == a.FromLevel
	}
	ans, ok := b.answers[a.Question]
	return ok && ans.status == result.Answered && ans.rung == a.FromLevel
}

// schedule adds an action to the plan: in its own phase, or in the first
// later one with room when that is full (fewer than the limit of actions,
// and of its owner's), and after its prerequisites — each either done
// already, scheduled in an earlier phase, or offered and scheduled now —
// and after phase notBefore−1. It reports whether the action is in the
// plan.
func (b *builder) schedule(a *questionnaire.Action, notBefore int) bool {
	if _, ok := b.phaseOf[a.ID]; ok {
		return true
	}
	earliest := max(questionnaire.PhaseIndex(a.Phase), notBefore)
	for _, id := range a.After {
		pre := b.byID[id]
		if pre == nil || b.done(pre) {
			continue
		}
		if _, ok := b.phaseOf[id]; !ok && (!b.offered(pre) || !b.schedule(pre, 0)) {
			return false
		}
		earliest = max(earliest, b.phaseOf[id]+1)
	}
	for i := earliest; i < len(b.phases); i++ {
		if b.rungs[i] < b.limit && b.owners[i][a.Owner] < maxPerOwner {
			b.phaseOf[a.ID] = i
			b.prio[a.ID] = b.current
			b.rungs[i]++
			b.owners[i][a.Owner]++
			b.phases[i].Actions = append(b.phases[i].Actions, toResult(*a))
			return true
		}
	}
	return false
}

// fillEmptyPhases gives a phase left empty the actions, written for that
// phase, of answers that can still move — lowest first, up to those at the
// target — so that no phase is blank while any answer can move; it never
// offers a rung an answer is already above.
func (b *builder) fillEmptyPhases(target int) {
	for i := range b.phases {
		if b.rungs[i] > 0 {
			continue
		}
		for rung := result.MinLevel; rung <= target && rung < result.MaxLevel && b.rungs[i] == 0; rung++ {
			for j := range b.q.Actions {
				a := &b.q.Actions[j]
				if !a.Always && questionnaire.PhaseIndex(a.Phase) == i && a.FromLevel == rung && b.offered(a) && b.schedule(a, 0) {
					break
				}
			}
		}
	}
}

func toResult(a questionnaire.Action) result.Action {
	ra := result.Action{ID: a.ID, Dimension: a.Dimension, Question: a.Question, Title: a.Title, Owner: a.Owner, Why: a.Why}
	if !a.Always {
		ra.FromLevel = a.FromLevel
		if a.Question != "" {
			ra.Closes = []string{a.Question}
		}
	}
	return ra
}

// Check verifies what the plan promises, for tests and fuzzing: no action
// is offered for an answer above its rung (except the next rung of an
// answer the plan also moves from the rung below, in a later phase), no
// action comes before a prerequisite that is not done, every flag with an
// action and every set of unknowns has its action in weeks 1–3. It returns
// every broken promise, one sentence each.
func Check(q *questionnaire.Questionnaire, r *result.Result) []string {
	var bad []string
	ans := map[string]result.Answer{}
	for _, a := range r.Answers {
		ans[a.Question] = a
	}
	byID := map[string]*questionnaire.Action{}
	for i := range q.Actions {
		byID[q.Actions[i].ID] = &q.Actions[i]
	}
	phaseOf := map[string]int{}
	rungPhase := map[string]map[int]int{} // question → rung → earliest phase
	for i, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			phaseOf[a.ID] = i
			if a.Question != "" && a.FromLevel > 0 {
				if rungPhase[a.Question] == nil {
					rungPhase[a.Question] = map[int]int{}
				}
				if p, ok := rungPhase[a.Question][a.FromLevel]; !ok || i < p {
					rungPhase[a.Question][a.FromLevel] = i
				}
			}
		}
	}
	for i, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			if a.Question != "" && a.FromLevel > 0 {
				got := ans[a.Question]
				rung := got.Level
				switch {
				case got.Status != result.Answered:
					bad = append(bad, fmt.Sprintf("%s moves %s, which is not a confirmed answer", a.ID, a.Question))
				case rung > a.FromLevel:
					bad = append(bad, fmt.Sprintf("%s is for rung %d but %s is at %d already", a.ID, a.FromLevel, a.Question, rung))
				case rung < a.FromLevel:
					if p, ok := rungPhase[a.Question][a.FromLevel-1]; !ok || p >= i || a.FromLevel-1 != rung {
						bad = append(bad, fmt.Sprintf("%s is for rung %d but %s is at %d, with no action for rung %d before it", a.ID, a.FromLevel, a.Question, rung, rung))
					}
				}
			}
			ca := byID[a.ID]
			if ca == nil {
				continue
			}
			for _, pre := range ca.After {
				p := byID[pre]
				doneAlready := p != nil && p.Question != "" && ans[p.Question].Status == result.Answered && ans[p.Question].Level > p.FromLevel
				if j, ok := phaseOf[pre]; !doneAlready && (!ok || j >= i) {
					bad = append(bad, fmt.Sprintf("%s comes before its prerequisite %s", a.ID, pre))
				}
			}
		}
	}
	first := map[string]bool{}
	if len(r.Plan.Phases) > 0 {
		for _, a := range r.Plan.Phases[0].Actions {
			for _, c := range a.Closes {
				first[c] = true
			}
		}
	}
	for _, f := range r.Overall.Flags {
		for _, qf := range q.Flags {
			// A flag addressed by a catalogue action is addressed by it once
			// its answer is known, and by confirming a "not sure" answer.
			status := ans[qf.Question].Status
			wanted := qf.Action != nil || qf.ActionRef != "" && (status == result.Answered || status == result.Unsure && q.Unknowns != nil)
			if qf.ID == f.ID && wanted && !first["flag:"+f.ID] {
				bad = append(bad, fmt.Sprintf("flag %s has no action in weeks 1–3", f.ID))
			}
		}
	}
	if q.Unknowns != nil {
		for _, u := range r.Unknowns {
			if !first[u.Question] {
				bad = append(bad, fmt.Sprintf("unknown %s has no action in weeks 1–3", u.Question))
			}
		}
	}
	return bad
}
