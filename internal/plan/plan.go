// Package plan builds the 90-day plan: a few actions per phase, drawn from
// the questionnaire's catalogue, that move an organisation toward the next
// level. It is pure: the result and the catalogue go in, a plan comes out.
package plan

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Actions per phase: enough to move, few enough to finish in three weeks.
const (
	maxPerPhase        = 3
	maxPerPhaseSustain = 2
)

// focus is a dimension the plan works on, at the level its actions start from.
type focus struct {
	dim   *questionnaire.Dimension
	from  int     // the catalogue's from_level to draw from
	score float64 // to order dimensions of equal level
	order int
}

// Build writes the plan toward one level above r.Overall.Level (a sustain
// plan at Level 5). For each dimension below the target, and each dimension
// with an answer that fails a gate to the target, it takes the catalogue's actions for that
// dimension's level, preferring actions linked to its weakest answers, and
// deals them out phase by phase, weakest dimension first. Every plan ends
// with the catalogue's "always" actions (re-running the assessment).
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

	answerLevel := map[string]int{}
	for _, a := range r.Answers {
		if a.Status != result.NA {
			answerLevel[a.Question] = a.Level
		}
	}
	// Answers that fail a gate on the way to the target come first: without
	// them the target cannot be reached, whatever else improves.
	gated := map[string]bool{}
	gateDims := map[string]bool{}
	for _, g := range q.Gates {
		lvl, ok := answerLevel[g.Requires.Question]
		if ok && !sustain && g.MinLevel <= target && lvl < g.Requires.AtLeast {
			gated[g.Requires.Question] = true
			if qu := q.Question(g.Requires.Question); qu != nil {
				gateDims[qu.Dimension] = true
			}
		}
	}
	foci := focusDimensions(q, r, target, sustain, gateDims)
	limit := maxPerPhase
	if sustain {
		limit = maxPerPhaseSustain
	}
	for k, ph := range questionnaire.Phases {
		// Candidates per focus dimension, best first.
		queues := make([][]questionnaire.Action, len(foci))
		for i, f := range foci {
			queues[i] = candidates(q, f, ph.ID, f.from, answerLevel, gated)
		}
		if empty(queues) && !sustain {
			// The catalogue has a hole for this phase: fall back to the
			// nearest lower level's actions rather than leave it blank.
			for i, f := range foci {
				for from := f.from - 1; from >= result.MinLevel && len(queues[i]) == 0; from-- {
					queues[i] = candidates(q, f, ph.ID, from, answerLevel, gated)
				}
			}
		}
		phase := result.Phase{ID: ph.ID, Name: ph.Name, Weeks: ph.Weeks, Actions: []result.Action{}}
		order := dealOrder(len(foci), k, limit)
		// Actions on gate-failing answers go first, from every dimension.
		for _, i := range order {
			for len(queues[i]) > 0 && gated[queues[i][0].Question] && len(phase.Actions) < limit {
				phase.Actions = append(phase.Actions, toResult(queues[i][0]))
				queues[i] = queues[i][1:]
			}
		}
		for len(phase.Actions) < limit && !empty(queues) {
			for _, i := range order {
				if len(queues[i]) == 0 || len(phase.Actions) >= limit {
					continue
				}
				phase.Actions = append(phase.Actions, toResult(queues[i][0]))
				queues[i] = queues[i][1:]
			}
		}
		for _, a := range q.Actions {
			if a.Always && a.Phase == ph.ID {
				phase.Actions = append(phase.Actions, toResult(a))
			}
		}
		p.Phases = append(p.Phases, phase)
	}
	return p
}

// focusDimensions picks the dimensions the plan works on, weakest first.
func focusDimensions(q *questionnaire.Questionnaire, r *result.Result, target int, sustain bool, gateDims map[string]bool) []focus {
	var foci []focus
	for i := range q.Dimensions {
		dim := &q.Dimensions[i]
		rd := r.Dimension(dim.ID)
		if rd == nil || rd.Level == 0 {
			continue
		}
		f := focus{dim: dim, score: rd.Score, order: i}
		switch {
		case sustain:
			f.from = result.MaxLevel
		case rd.Level < target:
			f.from = rd.Level
		case gateDims[dim.ID]:
			// The dimension itself is ahead, but one of its answers fails a
			// gate: work from the overall level, where that answer belongs.
			f.from = r.Overall.Level
		default:
			continue
		}
		foci = append(foci, f)
	}
	slices.SortStableFunc(foci, func(a, b focus) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.score, b.score), cmp.Compare(a.order, b.order))
	})
	return foci
}

// candidates returns the catalogue's actions for one dimension, level and
// phase: those linked to a gate-failing answer first, then those linked to
// weaker answers, then unlinked ones, each in catalogue order.
func candidates(q *questionnaire.Questionnaire, f focus, phase string, from int, answerLevel map[string]int, gated map[string]bool) []questionnaire.Action {
	type ranked struct {
		a     questionnaire.Action
		rank  int
		order int
	}
	var rs []ranked
	for i, a := range q.Actions {
		if a.Always || a.Dimension != f.dim.ID || a.Phase != phase || a.FromLevel != from {
			continue
		}
		rank := result.MaxLevel + 1 // unlinked actions after linked ones
		if lvl, ok := answerLevel[a.Question]; ok && a.Question != "" {
			rank = lvl
			if gated[a.Question] {
				rank = 0
			}
		}
		rs = append(rs, ranked{a: a, rank: rank, order: i})
	}
	slices.SortStableFunc(rs, func(x, y ranked) int {
		return cmp.Or(cmp.Compare(x.rank, y.rank), cmp.Compare(x.order, y.order))
	})
	out := make([]questionnaire.Action, len(rs))
	for i, r := range rs {
		out[i] = r.a
	}
	return out
}

// dealOrder is the order in which phase k takes actions from the focus
// dimensions: the weakest always first, the others in a rotation that moves
// on by the places left in each phase, so that with more dimensions than
// places every dimension still gets its turn over the four phases.
func dealOrder(n, k, limit int) []int {
	if n == 0 {
		return nil
	}
	order := []int{0}
	rest := n - 1
	if rest == 0 {
		return order
	}
	shift := (k * max(limit-1, 1)) % rest
	for j := range rest {
		order = append(order, 1+(shift+j)%rest)
	}
	return order
}

func empty(queues [][]questionnaire.Action) bool {
	for _, q := range queues {
		if len(q) > 0 {
			return false
		}
	}
	return true
}

func toResult(a questionnaire.Action) result.Action {
	return result.Action{ID: a.ID, Dimension: a.Dimension, Question: a.Question, Title: a.Title, Owner: a.Owner, Why: a.Why}
}
