// Package gen makes realistic result files in bulk, for benchmarks and the
// scripts that measure workshop aggregation at scale.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// WriteResults writes n result files of the default questionnaire into dir
// (created). The answers are random but reproducible for a seed, spread
// around a level per respondent so that an aggregate has real
// disagreement in it.
func WriteResults(dir string, n int, seed uint64) error {
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for i := range n {
		a := &questionnaire.Answers{
			Respondent: questionnaire.Respondent{
				Name: fmt.Sprintf("Person %05d", i+1),
				Role: result.Roles[rng.IntN(len(result.Roles))],
				Org:  "Example Corp",
			},
			AssessedAt: start.Add(time.Duration(rng.IntN(90*24)) * time.Hour),
		}
		base := 1 + rng.IntN(5)
		for _, qu := range q.Questions() {
			it := questionnaire.Answer{Question: qu.ID, Status: result.Answered}
			switch r := rng.IntN(20); {
			case r == 0:
				it.Status = result.Unsure
			case r == 1 && qu.AllowNA:
				it.Status = result.NA
			default:
				it.Level = max(1, min(5, base+rng.IntN(3)-1))
			}
			a.Items = append(a.Items, it)
		}
		r, err := scoring.Score(q, a, scoring.Options{Tool: result.Tool{Name: "convergence", Version: "genresults"}})
		if err != nil {
			return err
		}
		data, err := result.Marshal(r)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("result-%05d.json", i+1)), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
