package scoring

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/plan"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// randomAnswers answers every question of q: mostly near a level picked for
// the respondent, sometimes "not sure", sometimes not applicable where the
// question allows it.
func randomAnswers(q *questionnaire.Questionnaire, rng *rand.Rand) *questionnaire.Answers {
	a := &questionnaire.Answers{AssessedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
	base := 1 + rng.IntN(5)
	spread := rng.IntN(4)
	for _, qu := range q.Questions() {
		it := questionnaire.Answer{Question: qu.ID, Status: result.Answered}
		switch r := rng.IntN(12); {
		case r == 0:
			it.Status = result.Unsure
		case r == 1 && qu.AllowNA:
			it.Status = result.NA
		default:
			it.Level = max(1, min(5, base+rng.IntN(2*spread+1)-spread))
		}
		a.Items = append(a.Items, it)
	}
	return a
}

func builtins(t *testing.T) []*questionnaire.Questionnaire {
	t.Helper()
	var qs []*questionnaire.Questionnaire
	for _, ref := range questionnaire.BuiltinRefs() {
		q, _, err := questionnaire.Resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}

// levelWith re-scores the answers with some of them changed.
func levelWith(q *questionnaire.Questionnaire, a *questionnaire.Answers, changes []result.AnswerChange) int {
	vals := valuesOf(a)
	for _, c := range changes {
		vals[c.Question] = value{status: result.Answered, level: float64(c.To)}
	}
	return max(evaluate(q, vals, false).level, result.MinLevel)
}

// Over 1,000 random answer sets per built-in questionnaire: the shortest
// path re-scores to the next level, none of its changes is redundant and no
// change asks for more than it needs; the plan keeps its promises (no
// action for a rung an answer is above, prerequisites first, every flag and
// every unknown addressed in weeks 1–3).
func TestNextLevelAndPlanOnRandomAnswers(t *testing.T) {
	for _, q := range builtins(t) {
		t.Run(q.Ref(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			for n := range 1000 {
				a := randomAnswers(q, rng)
				r, err := Score(q, a, Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, bad := range plan.Check(q, r) {
					t.Errorf("answers %d: %s", n, bad)
				}
				nl := r.Overall.NextLevel
				if r.Overall.Level == result.MaxLevel {
					if nl != nil {
						t.Errorf("answers %d: a next level above 5", n)
					}
					continue
				}
				if nl == nil {
					t.Errorf("answers %d: Level %d has no next level", n, r.Overall.Level)
					continue
				}
				if got := levelWith(q, a, nl.Changes); got < nl.Level {
					t.Errorf("answers %d: the changes %+v re-score to Level %d, not %d", n, nl.Changes, got, nl.Level)
				}
				for i := range nl.Changes {
					without := append(append([]result.AnswerChange{}, nl.Changes[:i]...), nl.Changes[i+1:]...)
					if got := levelWith(q, a, without); got >= nl.Level {
						t.Errorf("answers %d: change %s is redundant: Level %d without it", n, nl.Changes[i].Question, got)
					}
					lower := append([]result.AnswerChange{}, nl.Changes...)
					lower[i].To--
					if lower[i].To > lower[i].From && lower[i].To >= result.MinLevel {
						if got := levelWith(q, a, lower); got >= nl.Level {
							t.Errorf("answers %d: change %s asks for %d, but %d is enough", n, nl.Changes[i].Question, nl.Changes[i].To, lower[i].To)
						}
					}
				}
			}
		})
	}
}

// For small paths, no shorter one exists: every smaller set of answers,
// each raised to 5, stays below the next level.
func TestNextLevelIsTheShortest(t *testing.T) {
	q := builtins(t)[0]
	rng := rand.New(rand.NewPCG(3, 4))
	checked := 0
	for checked < 150 {
		a := randomAnswers(q, rng)
		r, err := Score(q, a, Options{})
		if err != nil {
			t.Fatal(err)
		}
		nl := r.Overall.NextLevel
		if nl == nil || len(nl.Changes) > 3 || len(nl.Changes) == 0 {
			continue
		}
		checked++
		var ids []string
		for _, it := range a.Items {
			if it.Status != result.NA {
				ids = append(ids, it.Question)
			}
		}
		for _, subset := range subsetsUpTo(ids, len(nl.Changes)-1) {
			var cs []result.AnswerChange
			for _, id := range subset {
				cs = append(cs, result.AnswerChange{Question: id, To: result.MaxLevel})
			}
			if got := levelWith(q, a, cs); got >= nl.Level {
				t.Fatalf("%v reaches Level %d with %d changes; the path has %d", subset, got, len(subset), len(nl.Changes))
			}
		}
	}
}

func subsetsUpTo(ids []string, k int) [][]string {
	out := [][]string{nil}
	var rec func(start int, cur []string)
	rec = func(start int, cur []string) {
		if len(cur) == k {
			return
		}
		for i := start; i < len(ids); i++ {
			next := append(append([]string{}, cur...), ids[i])
			out = append(out, next)
			rec(i+1, next)
		}
	}
	rec(0, nil)
	return out
}

// The same promises hold for every example answers file in the repository:
// the README's, the workshop's, CI's and the eight company profiles.
func TestNextLevelAndPlanOnTheExamples(t *testing.T) {
	var files []string
	for _, pattern := range []string{"answers/*.yaml", "answers/v1.0/*.yaml", "profiles/*.yaml", "workshop/*.yaml", "ci/*.yaml"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "testdata", pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 15 {
		t.Fatalf("only %d example files", len(files))
	}
	for _, file := range files {
		a, err := questionnaire.LoadAnswers(file)
		if err != nil {
			t.Fatal(err)
		}
		q, _, err := questionnaire.Resolve(a.Questionnaire)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Score(q, a, Options{})
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, bad := range plan.Check(q, r) {
			t.Errorf("%s: %s", file, bad)
		}
		nl := r.Overall.NextLevel
		if nl == nil {
			if r.Overall.Level < result.MaxLevel {
				t.Errorf("%s: Level %d has no next level", file, r.Overall.Level)
			}
			continue
		}
		if got := levelWith(q, a, nl.Changes); got < nl.Level {
			t.Errorf("%s: the path re-scores to Level %d, not %d", file, got, nl.Level)
		}
		for i := range nl.Changes {
			without := append(append([]result.AnswerChange{}, nl.Changes[:i]...), nl.Changes[i+1:]...)
			if levelWith(q, a, without) >= nl.Level {
				t.Errorf("%s: change %s is redundant", file, nl.Changes[i].Question)
			}
		}
	}
}
