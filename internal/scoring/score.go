// Package scoring turns a questionnaire and a set of answers into a result:
// dimension levels, the overall level and why, AI readiness, gaps, unknowns
// and the 90-day plan. It is pure: no I/O, no clock, no UI.
package scoring

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/convergence-model/convergence/internal/plan"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Options are the facts a result needs that do not come from the inputs.
type Options struct {
	Tool result.Tool
	// Now is used as the assessment time when the answers do not give one.
	Now time.Time
}

// Score checks the answers against the questionnaire and scores them. Any
// mismatch (unknown or missing questions, "na" where not allowed) comes back
// as diag.Problems listing every one.
func Score(q *questionnaire.Questionnaire, a *questionnaire.Answers, opts Options) (*result.Result, error) {
	if err := questionnaire.CheckAnswers(q, a).AsError(); err != nil {
		return nil, err
	}
	vals := valuesOf(a)
	notes := make(map[string]string, len(a.Items))
	for _, it := range a.Items {
		notes[it.Question] = it.Note
	}
	at := a.AssessedAt
	if at.IsZero() {
		at = opts.Now
	}
	r := build(q, vals)
	r.Tool = opts.Tool
	r.Respondent = result.Respondent(a.Respondent)
	r.AssessedAt = at.UTC().Truncate(time.Second)
	for i := range r.Answers {
		r.Answers[i].Note = notes[r.Answers[i].Question]
	}
	return r, nil
}

// valuesOf is what the engine knows of each answer: "not sure" scores as
// the lowest level.
func valuesOf(a *questionnaire.Answers) map[string]value {
	vals := make(map[string]value, len(a.Items))
	for _, it := range a.Items {
		v := value{status: it.Status, level: float64(it.Level)}
		if it.Status == result.Unsure {
			v.level = result.MinLevel
		}
		vals[it.Question] = v
	}
	return vals
}

// build fills every scored part of a result from the values.
func build(q *questionnaire.Questionnaire, vals map[string]value) *result.Result {
	ev := evaluate(q, vals, false)
	confirmed := evaluate(q, vals, true)
	level := max(ev.level, result.MinLevel)
	lv := q.Level(level)

	r := &result.Result{
		Schema: result.Schema,
		Questionnaire: result.QuestionnaireRef{
			ID: q.ID, Version: q.Version, Title: q.Title, Digest: q.Digest,
		},
		Levels:  levels(q),
		Answers: answers(q, vals),
	}
	aiText, ai := aiReadiness(q, vals, level)
	r.Overall = result.Overall{
		Score:            result.Round2(ev.score),
		Index:            result.Round2((ev.score - 1) / 4 * 100),
		Level:            level,
		LevelName:        lv.Name,
		Summary:          lv.Summary,
		Reason:           reason(q, ev, confirmed, vals, ev.caps),
		AIReadiness:      aiText,
		AI:               ai,
		CappedBy:         nonNil(ev.caps),
		NextLevel:        nextLevel(q, vals, level),
		Strengths:        strengths(q, vals, level),
		LevelIfConfirmed: level,
		Flags:            flags(q, ev, vals),
	}
	if confirmed.level > level {
		r.Overall.Provisional = true
		r.Overall.LevelIfConfirmed = confirmed.level
	}
	for _, de := range ev.dims {
		r.Dimensions = append(r.Dimensions, dimension(q, de, vals))
	}
	r.Gaps = gaps(q, ev, vals, min(level+1, result.MaxLevel))
	r.Unknowns = unknowns(q, vals)
	r.Plan = plan.Build(q, r)
	link(r)
	return r
}

// link ties the plan to what it addresses: each gap lists the actions that
// move its answer, each flag the action that addresses it.
func link(r *result.Result) {
	for i := range r.Gaps {
		r.Gaps[i].Actions = []string{}
	}
	for _, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			for _, c := range a.Closes {
				for i := range r.Gaps {
					if r.Gaps[i].Question == c {
						r.Gaps[i].Actions = append(r.Gaps[i].Actions, a.ID)
					}
				}
				for i := range r.Overall.Flags {
					if c == "flag:"+r.Overall.Flags[i].ID {
						r.Overall.Flags[i].Action = a.ID
					}
				}
			}
		}
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func levels(q *questionnaire.Questionnaire) []result.Level {
	out := make([]result.Level, len(q.Levels))
	for i, l := range q.Levels {
		out[i] = result.Level{Level: l.Level, Name: l.Name, Summary: l.Summary, AI: l.AI}
	}
	return out
}

func answers(q *questionnaire.Questionnaire, vals map[string]value) []result.Answer {
	var out []result.Answer
	for _, qu := range q.Questions() {
		v := vals[qu.ID]
		a := result.Answer{
			Question:  qu.ID,
			Dimension: qu.Dimension,
			Prompt:    qu.Prompt,
			Topic:     qu.Topic,
			Help:      qu.Help,
			Status:    v.status,
			Level:     int(v.level),
			Weight:    qu.Weight,
		}
		switch v.status {
		case result.Unsure:
			a.Label = result.NotSureLabel
		case result.NA:
			a.Label = result.NotApplicableLabel
			a.Level = 0
		default:
			a.Label = qu.Option(a.Level)
		}
		for _, o := range qu.Options {
			a.Options = append(a.Options, o.Label)
		}
		out = append(out, a)
	}
	return out
}

func dimension(q *questionnaire.Questionnaire, de dimEval, vals map[string]value) result.Dimension {
	d := result.Dimension{
		ID:        de.dim.ID,
		Name:      de.dim.Name,
		Summary:   de.dim.Summary,
		Weight:    de.dim.Weight,
		Score:     result.Round2(de.score),
		Level:     de.level,
		LevelName: q.Level(de.level).Name,
	}
	for _, qu := range de.dim.Questions {
		switch vals[qu.ID].status {
		case result.Answered:
			d.Answered++
		case result.Unsure:
			d.Unsure++
		case result.NA:
			d.NA++
		}
	}
	d.Insufficient = de.insufficient(vals)
	if !d.Insufficient {
		d.HeldBy = heldBy(de, vals)
		if d.Level < result.MaxLevel && d.Level > 0 && de.score >= float64(d.Level)+approachingBy-eps {
			d.Approaching = d.Level + 1
		}
	}
	return d
}

// approachingBy is how close a dimension's score must come to the next
// level for the reports to say it is approaching it.
const approachingBy = 0.75

// flags are the questionnaire's warnings that hold for these answers: an
// answer at or below a flag's level (or not sure), or dimension levels as
// far apart as a flag's spread.
func flags(q *questionnaire.Questionnaire, ev evaluation, vals map[string]value) []result.Flag {
	out := []result.Flag{}
	lo, hi := result.MaxLevel+1, 0
	var loName, hiName string
	for _, de := range ev.dims {
		if de.level == 0 {
			continue
		}
		if de.level < lo {
			// Held low by "not sure" answers, it says so: an uneven
			// profile may then be answers nobody has checked.
			lo, loName = de.level, de.nameOf(vals)
		}
		if de.level > hi {
			hi, hiName = de.level, de.dim.Name
		}
	}
	for _, f := range q.Flags {
		rf := result.Flag{ID: f.ID, Title: f.Title, Message: f.Message, Question: f.Question}
		if f.Spread > 0 {
			if hi-lo >= f.Spread {
				rf.Message = fmt.Sprintf("%s is at Level %d but %s is at Level %d. %s", loName, lo, hiName, hi, f.Message)
				out = append(out, rf)
			}
			continue
		}
		v, ok := vals[f.Question]
		if !ok || v.status == result.NA {
			continue
		}
		if v.status == result.Unsure || v.level <= float64(f.AtMost)+eps {
			out = append(out, rf)
		}
	}
	return out
}

// gaps lists the scored answers below the target level, biggest first:
// by (target − level) × question weight × dimension weight, then weakest
// dimension, then questionnaire order. Unsure answers are listed as
// unknowns instead, so that "not sure" is never read as a verdict.
func gaps(q *questionnaire.Questionnaire, ev evaluation, vals map[string]value, target int) []result.Gap {
	type ranked struct {
		gap      result.Gap
		dimLevel int
		order    int
	}
	var rs []ranked
	order := 0
	for _, de := range ev.dims {
		for _, qu := range de.dim.Questions {
			order++
			v := vals[qu.ID]
			if v.status != result.Answered || v.level >= float64(target) {
				continue
			}
			level := int(v.level)
			rs = append(rs, ranked{
				gap: result.Gap{
					Question:  qu.ID,
					Dimension: qu.Dimension,
					Prompt:    qu.Prompt,
					Level:     level,
					Label:     qu.Option(level),
					Target:    target,
					Next:      qu.Option(level + 1),
					Priority:  result.Round2((float64(target) - v.level) * qu.Weight * de.dim.Weight),
					Topic:     qu.Topic,
				},
				dimLevel: de.level,
				order:    order,
			})
		}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		return cmp.Or(
			cmp.Compare(b.gap.Priority, a.gap.Priority),
			cmp.Compare(a.dimLevel, b.dimLevel),
			cmp.Compare(a.order, b.order),
		)
	})
	out := make([]result.Gap, len(rs))
	for i, r := range rs {
		out[i] = r.gap
	}
	return out
}

func unknowns(q *questionnaire.Questionnaire, vals map[string]value) []result.Unknown {
	out := []result.Unknown{}
	for _, qu := range q.Questions() {
		if vals[qu.ID].status == result.Unsure {
			out = append(out, result.Unknown{Question: qu.ID, Dimension: qu.Dimension, Prompt: qu.Prompt, Help: qu.Help, Topic: qu.Topic, Ask: qu.Ask})
		}
	}
	return out
}
