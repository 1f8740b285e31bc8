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

// eps absorbs the rounding of group means: a mean of 2.9999999 is 3.
const eps = 1e-9

// rung is the option an answer sits on: its level, rounded down for a
// group's mean.
func rung(level float64) int { return int(math.Floor(level + eps)) }

// nextLevel works out the fewest answer changes that would raise the
// overall level from level to level+1 under the scoring rules, and which
// level each changed answer needs. It returns nil at the top level, or
// when no change of answers can reach the next level (every question of a
// dimension not applicable, say).
//
// The overall level reaches T when every gate up to T is met and, with two
// or more scored dimensions, every dimension reaches T−1 and all but one
// reach T (with one, it reaches T). A dimension reaches m when all of its
// counted answers but one reach m (four or more answers) or all do (fewer).
// So the cheapest path is found dimension by dimension: the answers a gate
// needs must move; of the answers below m, all but one must move, and the
// one left is the lowest (the hardest to move) that no gate needs. Then
// the one dimension allowed to stay at T−1 is the one that saves most.
func nextLevel(q *questionnaire.Questionnaire, vals map[string]value, level int) *result.NextLevel {
	target := level + 1
	if target > result.MaxLevel {
		return nil
	}
	// Answers a gate on the way to the target needs, and at what level.
	needs := map[string]int{}
	for _, g := range q.Gates {
		v, ok := vals[g.Requires.Question]
		if !ok || g.MinLevel > target || !v.counts(false) || v.level >= float64(g.Requires.AtLeast)-eps {
			continue
		}
		needs[g.Requires.Question] = max(needs[g.Requires.Question], g.Requires.AtLeast)
	}
	type plan struct {
		moves map[string]int
		ok    bool
	}
	var scored []int
	plans := make([][2]plan, len(q.Dimensions)) // [0]: reach target−1, [1]: reach target
	for i := range q.Dimensions {
		d := &q.Dimensions[i]
		counted := 0
		for _, qu := range d.Questions {
			if v, ok := vals[qu.ID]; ok && v.counts(false) {
				counted++
			}
		}
		if counted == 0 {
			continue
		}
		scored = append(scored, i)
		for k, m := range []int{target - 1, target} {
			moves, ok := dimensionMoves(d, vals, needs, m, counted)
			plans[i][k] = plan{moves, ok}
		}
	}
	if len(scored) == 0 {
		return nil
	}
	// With one scored dimension it must reach the target itself. Among
	// paths of equal length, the one that asks least of the answers wins
	// (the dimension allowed to lag is the one that saves most).
	best, bestCost, bestDist := map[string]int(nil), math.MaxInt, math.MaxFloat64
	for _, lag := range scored {
		if len(scored) == 1 {
			lag = -1
		}
		moves, ok := map[string]int{}, true
		for _, i := range scored {
			p := plans[i][1]
			if i == lag {
				p = plans[i][0]
			}
			ok = ok && p.ok
			for id, to := range p.moves {
				moves[id] = max(moves[id], to)
			}
		}
		// Gate answers in dimensions no plan touched.
		for id, to := range needs {
			moves[id] = max(moves[id], to)
		}
		dist := 0.0
		for id, to := range moves {
			dist += float64(to) - vals[id].level
		}
		if ok && (len(moves) < bestCost || len(moves) == bestCost && dist < bestDist-eps) {
			best, bestCost, bestDist = moves, len(moves), dist
		}
		if lag == -1 {
			break
		}
	}
	if best == nil {
		return nil
	}
	nl := &result.NextLevel{Level: target, Name: q.Level(target).Name, Changes: []result.AnswerChange{}}
	for _, qu := range q.Questions() {
		to, ok := best[qu.ID]
		if !ok {
			continue
		}
		v := vals[qu.ID]
		c := result.AnswerChange{Question: qu.ID, Dimension: qu.Dimension, Topic: qu.Topic, To: to, ToLabel: qu.Option(to)}
		if v.status == result.Unsure {
			c.FromLabel = result.NotSureLabel
		} else {
			c.From = rung(v.level)
			c.FromLabel = qu.Option(c.From)
		}
		nl.Changes = append(nl.Changes, c)
	}
	nl.Needs = needsSentence(q, nl)
	return nl
}

// dimensionMoves is the cheapest set of answer changes that brings d to
// level m while meeting the gates' needs: every answer below m but one,
// keeping back the lowest one no gate needs. ok is false when m cannot be
// reached.
func dimensionMoves(d *questionnaire.Dimension, vals map[string]value, needs map[string]int, m, counted int) (map[string]int, bool) {
	moves := map[string]int{}
	var below []*questionnaire.Question
	for i := range d.Questions {
		qu := &d.Questions[i]
		v, ok := vals[qu.ID]
		if !ok || !v.counts(false) {
			continue
		}
		if n, gated := needs[qu.ID]; gated {
			moves[qu.ID] = n
		}
		if v.level < float64(m)-eps && moves[qu.ID] < m {
			below = append(below, qu)
		}
	}
	if m <= result.MinLevel {
		return moves, true
	}
	if counted >= 4 && len(below) > 0 {
		// Keep back the lowest answer no gate needs; among equals, the
		// last, so the questionnaire's first questions move first.
		keep := -1
		for i, qu := range below {
			if _, gated := needs[qu.ID]; gated {
				continue
			}
			if keep < 0 || vals[qu.ID].level <= vals[below[keep].ID].level+eps {
				keep = i
			}
		}
		if keep < 0 {
			// Every answer below m is gated: the gated ones move anyway,
			// so keep back the one whose gate asks least.
			keep = 0
			for i, qu := range below {
				if needs[qu.ID] < needs[below[keep].ID] {
					keep = i
				}
			}
		}
		below = slices.Delete(slices.Clone(below), keep, keep+1)
	}
	for _, qu := range below {
		moves[qu.ID] = max(moves[qu.ID], m)
	}
	return moves, true
}

// needsSentence says what the next level takes in words: the answers
// marked "not sure" to confirm, then the answers to move — "Confirm 2
// answers marked “Not sure” at 3 or above: opt-out handling and data
// quality; and move 1 answer: shared customer ID from 2 to 3."
func needsSentence(q *questionnaire.Questionnaire, nl *result.NextLevel) string {
	var confirm, move []string
	sameTo := 0
	for _, c := range nl.Changes {
		topic := q.Question(c.Question).TopicOf()
		if c.From == 0 {
			if len(confirm) == 0 {
				sameTo = c.To
			} else if sameTo != c.To {
				sameTo = -1
			}
			confirm = append(confirm, fmt.Sprintf("%s (%d or above)", topic, c.To))
			continue
		}
		move = append(move, fmt.Sprintf("%s from %d to %d", topic, c.From, c.To))
	}
	var parts []string
	if len(confirm) > 0 {
		if sameTo > 0 {
			for i := range confirm {
				confirm[i] = confirm[i][:strings.LastIndex(confirm[i], " (")]
			}
			parts = append(parts, fmt.Sprintf("confirm %s marked “Not sure” at %d or above: %s",
				diag.Count(len(confirm), "answer", "answers"), sameTo, diag.Join(confirm, "and")))
		} else {
			parts = append(parts, fmt.Sprintf("confirm %s marked “Not sure”: %s", diag.Count(len(confirm), "answer", "answers"), diag.Join(confirm, "and")))
		}
	}
	if len(move) > 0 {
		parts = append(parts, fmt.Sprintf("move %s: %s", diag.Count(len(move), "answer", "answers"), diag.Join(move, "and")))
	}
	return result.UpperFirst(strings.Join(parts, "; and ")) + "."
}

// reason is the one line that says why the level is what it is. A
// dimension held low by "not sure" answers says so: it counts as that
// level until they are confirmed.
func reason(q *questionnaire.Questionnaire, ev, confirmed evaluation, vals map[string]value, caps []result.Cap) string {
	name := func(i int) string {
		de := ev.dims[i]
		unsure := 0
		for _, qu := range de.dim.Questions {
			if vals[qu.ID].status == result.Unsure {
				unsure++
			}
		}
		if unsure > 0 && confirmed.dims[i].level > de.level {
			return fmt.Sprintf("%s (%d of its %d answers “Not sure”)", de.dim.Name, unsure, len(de.dim.Questions))
		}
		return de.dim.Name
	}
	level := max(ev.level, result.MinLevel)
	unsure, all := 0, 0
	for _, qu := range q.Questions() {
		all++
		if vals[qu.ID].status == result.Unsure {
			unsure++
		}
	}
	if unsure*2 >= all {
		return fmt.Sprintf("Level %d for now: %d of %d answers are “Not sure”, so this is not yet a verdict.", level, unsure, all)
	}
	if len(caps) == 0 {
		if level >= result.MaxLevel {
			return "Level 5: every dimension is at the top level."
		}
		return fmt.Sprintf("Level %d: no dimension is beyond Level %d yet.", level, level)
	}
	var parts []string
	for _, c := range caps {
		switch c.Rule {
		case result.RuleGate:
			short := ""
			for _, g := range q.Gates {
				if g.Requires.Question == c.Question && g.MinLevel-1 == c.Limit {
					short = g.Short
				}
			}
			if vals[c.Question].status == result.Unsure {
				// The gate's short reason states the answer as a fact.
				short = fmt.Sprintf("%s not known (“Not sure”)", q.Question(c.Question).TopicOf())
			}
			if short == "" {
				short = fmt.Sprintf("%s is below what Level %d needs", q.Question(c.Question).TopicOf(), c.Limit+1)
			}
			parts = append(parts, short)
		case result.RuleWeakest:
			var weakest []string
			for i, de := range ev.dims {
				if de.level > 0 && de.level == c.Limit-1 {
					weakest = append(weakest, name(i))
				}
			}
			parts = append(parts, fmt.Sprintf("%s %s at Level %d", diag.Join(weakest, "and"), isOrAre(len(weakest)), c.Limit-1))
		case result.RuleSecondWeakest:
			var below []string
			for i, de := range ev.dims {
				if de.level > 0 && de.level <= c.Limit {
					below = append(below, name(i))
				}
			}
			parts = append(parts, fmt.Sprintf("%s %s below Level %d", diag.Join(below, "and"), isOrAre(len(below)), c.Limit+1))
		}
	}
	return fmt.Sprintf("Held at Level %d: %s.", level, strings.Join(dedupe(parts), "; "))
}

func isOrAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func dedupe(items []string) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out
}

// heldBy are a dimension's confirmed answers below its next level: the
// answers that keep it where it is. "Not sure" answers are not a verdict:
// they are listed as unknowns instead.
func heldBy(de dimEval, vals map[string]value) []string {
	if de.level == 0 || de.level >= result.MaxLevel {
		return nil
	}
	var out []string
	for _, qu := range de.dim.Questions {
		if v, ok := vals[qu.ID]; ok && v.status == result.Answered && v.level < float64(de.level+1)-eps {
			out = append(out, qu.ID)
		}
	}
	return out
}

// strengths are the confirmed answers at Level 3 (Aligned) or above and at
// or above the next level: practices already in place beyond where the
// organisation stands.
func strengths(q *questionnaire.Questionnaire, vals map[string]value, level int) []string {
	at := max(level+1, 3)
	var out []string
	for _, qu := range q.Questions() {
		if v := vals[qu.ID]; v.status == result.Answered && v.level >= float64(at)-eps {
			out = append(out, qu.ID)
		}
	}
	return out
}

// aiReadiness builds the AI-readiness paragraph: what the level means for
// AI (the level's own text, which says where a source says it), how AI is
// used today, and which of the answers AI depends on block it, hold it up,
// or are not known.
func aiReadiness(q *questionnaire.Questionnaire, vals map[string]value, level int) (string, *result.AIReadiness) {
	lv := q.Level(level)
	if q.AI == nil {
		return lv.AI, nil
	}
	ai := &result.AIReadiness{Blockers: []result.Reading{}, Strengths: []result.Reading{}, Unknown: []result.Reading{}}
	var b strings.Builder
	b.WriteString(lv.AI)
	if qu := q.Question(q.AI.Use); qu != nil {
		switch v := vals[qu.ID]; v.status {
		case result.Answered:
			l := rung(v.level)
			ai.Use = &result.Reading{Question: qu.ID, Level: l, Text: qu.Option(l)}
			fmt.Fprintf(&b, " AI with customer data today: “%s” (Level %d).", qu.Option(l), l)
		case result.Unsure:
			ai.Use = &result.Reading{Question: qu.ID, Text: result.NotSureLabel}
			b.WriteString(" How AI is used with customer data is not known yet.")
		}
	}
	var blockers, held, unknown []string
	for _, f := range q.AI.Foundations {
		qu := q.Question(f.Question)
		v, ok := vals[f.Question]
		if qu == nil || !ok {
			continue
		}
		switch {
		case v.status == result.NA:
		case v.status == result.Unsure:
			ai.Unknown = append(ai.Unknown, result.Reading{Question: qu.ID, Text: qu.TopicOf()})
			unknown = append(unknown, qu.TopicOf())
		case v.level < float64(f.Needs)-eps:
			ai.Blockers = append(ai.Blockers, result.Reading{Question: qu.ID, Level: rung(v.level), Text: f.Blocker})
			blockers = append(blockers, f.Blocker)
		default:
			ai.Strengths = append(ai.Strengths, result.Reading{Question: qu.ID, Level: rung(v.level), Text: f.Strength})
			held = append(held, f.Strength)
		}
	}
	if len(blockers) > 0 {
		fmt.Fprintf(&b, " What holds AI back here: %s.", strings.Join(blockers, "; "))
	}
	if len(held) > 0 {
		fmt.Fprintf(&b, " Already in place: %s.", strings.Join(held, "; "))
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, " Not known yet: %s; confirm before relying on AI outputs.", diag.Join(unknown, "and"))
	}
	return b.String(), ai
}
