package scoring

import (
	"math/rand/v2"
	"testing"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// TestLevelsAgreesWithScore: Levels must give exactly the numbers Score
// writes, for any answers, or a checked result would be wrongly refused.
func TestLevelsAgreesWithScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, ref := range questionnaire.BuiltinRefs() {
		q, _, err := questionnaire.Resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		for range 500 {
			a := &questionnaire.Answers{}
			for _, qu := range q.Questions() {
				it := questionnaire.Answer{Question: qu.ID, Status: result.Answered, Level: 1 + rng.IntN(5)}
				switch rng.IntN(8) {
				case 0:
					it = questionnaire.Answer{Question: qu.ID, Status: result.Unsure}
				case 1:
					if qu.AllowNA {
						it = questionnaire.Answer{Question: qu.ID, Status: result.NA}
					}
				}
				a.Items = append(a.Items, it)
			}
			full, err := Score(q, a, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := Levels(q, a)
			if err != nil {
				t.Fatal(err)
			}
			if got.Overall.Level != full.Overall.Level || got.Overall.Score != full.Overall.Score || got.Overall.Index != full.Overall.Index {
				t.Fatalf("%s: Levels overall %+v, Score %d %.2f %.2f", ref, got.Overall, full.Overall.Level, full.Overall.Score, full.Overall.Index)
			}
			for i, d := range full.Dimensions {
				if g := got.Dimensions[i]; g.ID != d.ID || g.Level != d.Level || g.Score != d.Score {
					t.Fatalf("%s: dimension %s: Levels %+v, Score level %d score %.2f", ref, d.ID, g, d.Level, d.Score)
				}
			}
		}
	}
	if _, err := Levels(mustQ(t), &questionnaire.Answers{}); err == nil {
		t.Error("Levels took answers that do not fit the questionnaire")
	}
}

func mustQ(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	return q
}
