package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// value is what the engine knows about one question: how it was answered
// and the level it scores. Levels are real numbers so that a workshop's
// per-question means go through the same rules as one person's answers.
type value struct {
	status result.Status
	level  float64
	// confirmed is the level without the unsure answers behind it, for a
	// group mean that mixes answers and "not sure"s (partial); a single
	// answer is either one or the other.
	confirmed float64
	partial   bool
}

// at is the level the value scores: with unsure answers left out, a group
// mean counts only the answers that were given.
func (v value) at(leaveOutUnsure bool) float64 {
	if leaveOutUnsure && v.partial {
		return v.confirmed
	}
	return v.level
}

// counts reports whether the value takes part in scoring. Not-applicable
// answers never do; unsure ones do unless they are being left out to see
// what the level would be if the unknowns were confirmed.
func (v value) counts(leaveOutUnsure bool) bool {
	switch v.status {
	case result.NA:
		return false
	case result.Unsure:
		return !leaveOutUnsure
	}
	return true
}

type dimEval struct {
	dim   *questionnaire.Dimension
	score float64
	level int // 0 when nothing in the dimension counts
}

// answered counts a dimension's answered and "not sure" questions.
func (de dimEval) answered(vals map[string]value) (answered, unsure int) {
	for _, qu := range de.dim.Questions {
		switch vals[qu.ID].status {
		case result.Answered:
			answered++
		case result.Unsure:
			unsure++
		}
	}
	return answered, unsure
}

// insufficient reports whether fewer than half of a dimension's questions
// were answered: it has a score, but its level is not a verdict.
func (de dimEval) insufficient(vals map[string]value) bool {
	answered, _ := de.answered(vals)
	return answered*2 < len(de.dim.Questions)
}

// nameOf is a dimension's name, saying how many of its answers are "not
// sure" when too few were answered for its level to be a verdict.
func (de dimEval) nameOf(vals map[string]value) string {
	if _, unsure := de.answered(vals); unsure > 0 && de.insufficient(vals) {
		return fmt.Sprintf("%s (%d of its %d answers “Not sure”)", de.dim.Name, unsure, len(de.dim.Questions))
	}
	return de.dim.Name
}

type evaluation struct {
	dims  []dimEval
	score float64
	level int
	caps  []result.Cap
}

// dimensionLevel is the highest level that every counted answer but one
// reaches: with four or more answers the second-lowest (rounded down), with
// fewer the lowest. One outlier is forgiven, two are not.
func dimensionLevel(levels []float64) int {
	if len(levels) == 0 {
		return 0
	}
	s := slices.Clone(levels)
	slices.Sort(s)
	pick := s[0]
	if len(s) >= 4 {
		pick = s[1]
	}
	return clampLevel(rung(pick))
}

func clampLevel(l int) int {
	return max(result.MinLevel, min(result.MaxLevel, l))
}

// evaluate applies the scoring model to a set of values.
func evaluate(q *questionnaire.Questionnaire, vals map[string]value, leaveOutUnsure bool) evaluation {
	var ev evaluation
	var weighted, weights float64
	for i := range q.Dimensions {
		dim := &q.Dimensions[i]
		de := dimEval{dim: dim}
		var levels []float64
		var sum, w float64
		for _, qu := range dim.Questions {
			v, ok := vals[qu.ID]
			if !ok || !v.counts(leaveOutUnsure) {
				continue
			}
			levels = append(levels, v.at(leaveOutUnsure))
			sum += v.at(leaveOutUnsure) * qu.Weight
			w += qu.Weight
		}
		if w > 0 {
			de.score = sum / w
			de.level = dimensionLevel(levels)
			weighted += de.score * dim.Weight
			weights += dim.Weight
		}
		ev.dims = append(ev.dims, de)
	}
	if weights > 0 {
		ev.score = weighted / weights
	}
	ev.level, ev.caps = overallLevel(q, ev.dims, vals, leaveOutUnsure)
	return ev
}

// overallLevel is the lower of the second-weakest dimension level and the
// weakest plus one, then capped by every failed gate. The caps returned are
// the rules that hold the level where it is, each with its reason.
func overallLevel(q *questionnaire.Questionnaire, dims []dimEval, vals map[string]value, leaveOutUnsure bool) (int, []result.Cap) {
	var scored []dimEval
	for _, d := range dims {
		if d.level > 0 {
			scored = append(scored, d)
		}
	}
	if len(scored) == 0 {
		return 0, nil
	}
	slices.SortStableFunc(scored, func(a, b dimEval) int { return a.level - b.level })
	weakest := scored[0].level
	second := scored[min(1, len(scored)-1)].level
	highest := scored[len(scored)-1].level

	var caps []result.Cap
	caps = append(caps, result.Cap{
		Rule:  result.RuleWeakest,
		Limit: weakest + 1,
		Reason: fmt.Sprintf("%s is at Level %d, and the overall level can be at most one above the weakest dimension.",
			diag.Join(names(scored, vals, func(l int) bool { return l == weakest }), "and"), weakest),
		Dimension: scored[0].dim.ID,
	})
	if len(scored) > 1 {
		below := names(scored, vals, func(l int) bool { return l <= second })
		caps = append(caps, result.Cap{
			Rule:  result.RuleSecondWeakest,
			Limit: second,
			Reason: fmt.Sprintf("Level %d needs every dimension but one at Level %d or above; %s %s below it.",
				second+1, second+1, diag.Join(below, "and"), isOrAre(len(below))),
			Dimension: scored[1].dim.ID,
		})
	}
	for _, g := range q.Gates {
		v, ok := vals[g.Requires.Question]
		if !ok || !v.counts(leaveOutUnsure) || v.at(leaveOutUnsure) >= float64(g.Requires.AtLeast) {
			continue
		}
		qu := q.Question(g.Requires.Question)
		today := "not sure"
		if v.status != result.Unsure {
			if label := qu.Option(int(v.level)); label != "" && v.level == math.Trunc(v.level) {
				today = fmt.Sprintf("“%s” (Level %d)", label, int(v.level))
			} else {
				today = fmt.Sprintf("Level %s on average", formatLevel(v.level))
			}
		}
		caps = append(caps, result.Cap{
			Rule:  result.RuleGate,
			Limit: g.MinLevel - 1,
			Reason: fmt.Sprintf("%s Today: %s. Needed: “%s” (Level %d) or better.",
				strings.TrimSpace(g.Reason), today, qu.Option(g.Requires.AtLeast), g.Requires.AtLeast),
			Dimension: qu.Dimension,
			Question:  qu.ID,
		})
	}
	// With a single scored dimension, the second-weakest is that dimension
	// too: the level cannot rise above it, as no cap in the list says.
	level := second
	for _, c := range caps {
		level = min(level, c.Limit)
	}
	level = clampLevel(level)
	var biting []result.Cap
	for _, c := range caps {
		if c.Limit == level && level < highest {
			biting = append(biting, c)
		}
	}
	return level, biting
}

// names lists the names of the dimensions whose level matches.
func names(dims []dimEval, vals map[string]value, match func(level int) bool) []string {
	var ns []string
	for _, d := range dims {
		if match(d.level) {
			ns = append(ns, d.nameOf(vals))
		}
	}
	return ns
}

func formatLevel(l float64) string {
	if l == math.Trunc(l) {
		return fmt.Sprintf("%d", int(l))
	}
	return fmt.Sprintf("%.2f", l)
}
