package scoring

import (
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// Levels is the part of Score that the scoring rules fix: the overall
// level, its name, score and index, and each dimension's level, its name
// and score, without
// the explanation, the gaps and the plan that Score builds around them. It
// is for checking a stored result against its answers, thousands of times
// in a workshop, where Score would be too slow. The result it returns
// holds only those numbers, the questionnaire and the answers' time.
func Levels(q *questionnaire.Questionnaire, a *questionnaire.Answers) (*result.Result, error) {
	if err := questionnaire.CheckAnswers(q, a).AsError(); err != nil {
		return nil, err
	}
	ev := evaluate(q, valuesOf(a), false)
	r := &result.Result{
		Schema:        result.Schema,
		Questionnaire: result.QuestionnaireRef{ID: q.ID, Version: q.Version, Title: q.Title, Digest: q.Digest},
		AssessedAt:    a.AssessedAt,
		Overall: result.Overall{
			Score: result.Round2(ev.score),
			Index: result.Round2((ev.score - 1) / 4 * 100),
			Level: max(ev.level, result.MinLevel),
		},
	}
	r.Overall.LevelName = q.Level(r.Overall.Level).Name
	for _, de := range ev.dims {
		r.Dimensions = append(r.Dimensions, result.Dimension{ID: de.dim.ID, Score: result.Round2(de.score), Level: de.level, LevelName: q.Level(de.level).Name})
	}
	return r, nil
}
