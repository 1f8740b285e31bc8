package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/result"
)

// Pace benchmarks: the source article's "90 days of focus typically moves an
// organisation one level", with a tenth of slack so that a quarterly
// cadence of 91 to 99 days still counts; and the least time worth judging
// a pace over.
const (
	paceDays    = 90
	paceSlack   = 0.9
	minPaceDays = 14
)

// Compare lines results up by when they were assessed (ties keep the given
// order) and works out what changed: between each result and the next, from
// the first to the last, the pace, and the levels that went down in the
// latest step. files name the results in messages and may be nil. Results
// of different questionnaires are refused; different versions of one are
// compared, on the questions they share, with a note.
func Compare(rs []*result.Result, files []string, tool result.Tool) (*result.Comparison, error) {
	return compare(rs, files, tool, true)
}

// CompareWithBaseline compares a new result with a baseline in that order,
// whatever their dates say: the new result is the one just made.
func CompareWithBaseline(baseline, latest *result.Result, baselineFile string, tool result.Tool) (*result.Comparison, error) {
	return compare([]*result.Result{baseline, latest}, []string{baselineFile, "this result"}, tool, false)
}

func compare(rs []*result.Result, files []string, tool result.Tool, byDate bool) (*result.Comparison, error) {
	if len(rs) < 2 {
		return nil, fmt.Errorf("a comparison needs at least two results, got %d", len(rs))
	}
	name := func(i int) string {
		if i < len(files) && files[i] != "" {
			return files[i]
		}
		return fmt.Sprintf("result %d", i+1)
	}
	ids := map[string][]string{}
	for i, r := range rs {
		ids[r.Questionnaire.ID] = append(ids[r.Questionnaire.ID], name(i))
	}
	if len(ids) > 1 {
		var probs diag.Problems
		for i, r := range rs {
			probs = append(probs, diag.Problem{File: name(i),
				Msg: fmt.Sprintf("is a result of questionnaire %q; results of different questionnaires cannot be compared", r.Questionnaire.ID)})
		}
		return nil, probs
	}

	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	if byDate {
		slices.SortStableFunc(order, func(a, b int) int { return rs[a].AssessedAt.Compare(rs[b].AssessedAt) })
	}
	sorted := make([]*result.Result, len(rs))
	c := &result.Comparison{
		Schema:        result.CompareSchema,
		Tool:          tool,
		Questionnaire: result.ComparedQuestion{ID: rs[0].Questionnaire.ID, Title: rs[0].Questionnaire.Title},
		Regressions:   []result.Regression{},
		Notes:         []string{},
	}
	for i, o := range order {
		sorted[i] = rs[o]
		c.Results = append(c.Results, summarize(rs[o], name(o)))
	}
	for i := 1; i < len(sorted); i++ {
		c.Steps = append(c.Steps, change(sorted, i-1, i))
	}
	c.Change = change(sorted, 0, len(sorted)-1)
	c.Pace = pace(c.Change, sorted[0], sorted[len(sorted)-1])
	c.Regressions = regressions(c.Steps[len(c.Steps)-1])
	c.Notes = notes(sorted, c.Results)
	return c, nil
}

func summarize(r *result.Result, file string) result.ComparedResult {
	s := result.ComparedResult{
		File:          file,
		Respondent:    r.Respondent,
		AssessedAt:    r.AssessedAt,
		Questionnaire: r.Questionnaire,
		Level:         r.Overall.Level,
		LevelName:     r.Overall.LevelName,
		Score:         r.Overall.Score,
		Index:         r.Overall.Index,
		Provisional:   r.Overall.Provisional,
	}
	for _, d := range r.Dimensions {
		s.Dimensions = append(s.Dimensions, result.ComparedDimension{ID: d.ID, Name: d.Name, Level: d.Level, Score: d.Score})
	}
	return s
}

func direction(from, to int) string {
	switch {
	case to > from:
		return result.Up
	case to < from:
		return result.Down
	}
	return result.Same
}

func delta(fromLevel, toLevel int, fromScore, toScore, fromIndex, toIndex float64) result.Delta {
	return result.Delta{
		FromLevel: fromLevel, ToLevel: toLevel, Levels: toLevel - fromLevel,
		FromScore: fromScore, ToScore: toScore, Score: result.Round2(toScore - fromScore),
		FromIndex: fromIndex, ToIndex: toIndex, Index: result.Round2(toIndex - fromIndex),
		Direction: direction(fromLevel, toLevel),
	}
}

// change compares result i with result j: the overall level, every
// dimension both have, and every shared question whose answer moved.
func change(rs []*result.Result, i, j int) result.Change {
	a, b := rs[i], rs[j]
	ch := result.Change{
		From: i, To: j,
		Days:       int(math.Floor(b.AssessedAt.Sub(a.AssessedAt).Hours() / 24)),
		Overall:    delta(a.Overall.Level, b.Overall.Level, a.Overall.Score, b.Overall.Score, a.Overall.Index, b.Overall.Index),
		Dimensions: []result.DimensionDelta{},
		Moved:      []result.MovedQuestion{},
	}
	for _, db := range b.Dimensions {
		da := a.Dimension(db.ID)
		if da == nil {
			continue
		}
		ch.Dimensions = append(ch.Dimensions, result.DimensionDelta{
			ID: db.ID, Name: db.Name,
			Delta: delta(da.Level, db.Level, da.Score, db.Score, 0, 0),
		})
	}
	before := map[string]result.Answer{}
	for _, ans := range a.Answers {
		before[ans.Question] = ans
	}
	for _, to := range b.Answers {
		from, ok := before[to.Question]
		if !ok || (from.Status == to.Status && from.Level == to.Level) {
			continue
		}
		dir := "changed"
		if from.Status == result.Answered && to.Status == result.Answered {
			dir = direction(from.Level, to.Level)
		}
		ch.Moved = append(ch.Moved, result.MovedQuestion{
			Question: to.Question, Dimension: to.Dimension, Prompt: to.Prompt,
			FromStatus: from.Status, FromLevel: from.Level, FromLabel: from.Label,
			ToStatus: to.Status, ToLevel: to.Level, ToLabel: to.Label,
			Direction: dir,
		})
	}
	// Biggest moves first, then questionnaire order.
	slices.SortStableFunc(ch.Moved, func(x, y result.MovedQuestion) int {
		return cmp.Compare(abs(y.ToLevel-y.FromLevel), abs(x.ToLevel-x.FromLevel))
	})
	return ch
}

func abs(x int) int { return max(x, -x) }

// pace measures the first-to-last change against one level per 90 days.
func pace(ch result.Change, first, last *result.Result) result.Pace {
	p := result.Pace{Days: ch.Days, Levels: ch.Overall.Levels}
	from, to := first.Overall.Level, last.Overall.Level
	span := fmt.Sprintf("%d days", ch.Days)
	if ch.Days == 1 {
		span = "1 day"
	}
	if ch.Days < 0 {
		p.Summary = fmt.Sprintf("The baseline (%s) is newer than this result (%s), so there is no pace to judge.",
			first.AssessedAt.Format("2 Jan 2006"), last.AssessedAt.Format("2 Jan 2006"))
		return p
	}
	if ch.Days < minPaceDays {
		p.Summary = fmt.Sprintf("Too soon to judge the pace: %s between the first and the last result; give it at least %d.", span, minPaceDays)
		return p
	}
	p.LevelsPer90Days = result.Round2(float64(ch.Overall.Levels) * paceDays / float64(ch.Days))
	p.IndexPer90Days = result.Round2(ch.Overall.Index * paceDays / float64(ch.Days))
	onPace := p.LevelsPer90Days >= paceSlack || (from == result.MaxLevel && to == result.MaxLevel)
	p.OnPace = &onPace
	moved := fmt.Sprintf("the level went from %d to %d (%+d)", from, to, ch.Overall.Levels)
	if from == to {
		moved = fmt.Sprintf("the level stayed at %d", from)
	}
	switch {
	case from == result.MaxLevel && to == result.MaxLevel:
		p.Summary = fmt.Sprintf("In %s the organisation held Level 5: on pace.", span)
	case onPace:
		p.Summary = fmt.Sprintf("In %s %s: %s levels per 90 days, on pace for one level per 90 days.", span, moved, num2(p.LevelsPer90Days))
	default:
		p.Summary = fmt.Sprintf("In %s %s: %s levels per 90 days, behind the pace of one level per 90 days (the index moved %+.0f points).", span, moved, num2(p.LevelsPer90Days), ch.Overall.Index)
	}
	return p
}

func num2(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}

// regressions lists what went down in a step: the overall level and every
// dimension level.
func regressions(step result.Change) []result.Regression {
	out := []result.Regression{}
	if step.Overall.Direction == result.Down {
		out = append(out, result.Regression{What: "overall", Name: "Overall level", FromLevel: step.Overall.FromLevel, ToLevel: step.Overall.ToLevel})
	}
	for _, d := range step.Dimensions {
		if d.Direction == result.Down {
			out = append(out, result.Regression{What: d.ID, Name: d.Name, FromLevel: d.FromLevel, ToLevel: d.ToLevel})
		}
	}
	return out
}

// notes explain what a reader could misread: different questionnaire
// versions (compared on shared questions only) and provisional levels.
func notes(rs []*result.Result, sum []result.ComparedResult) []string {
	out := []string{}
	versions := map[string]bool{}
	for _, r := range rs {
		versions[r.Questionnaire.Version] = true
	}
	if len(versions) > 1 {
		shared := map[string]int{}
		for _, r := range rs {
			for _, a := range r.Answers {
				shared[a.Question]++
			}
		}
		n := 0
		for _, c := range shared {
			if c == len(rs) {
				n++
			}
		}
		var vs []string
		for v := range versions {
			vs = append(vs, v)
		}
		slices.Sort(vs)
		out = append(out, fmt.Sprintf("The results were scored with different versions of the questionnaire (%s): each level is as its version scored it, and answers are compared on the %d questions all versions share.",
			strings.Join(vs, ", "), n))
	}
	for i, s := range sum {
		if s.Provisional {
			out = append(out, fmt.Sprintf("Result %d (%s) is provisional: some answers were \"not sure\".", i+1, s.AssessedAt.Format("2 Jan 2006")))
		}
	}
	return out
}
