package questionnaire_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
)

// FuzzParse feeds arbitrary bytes to the questionnaire parser and
// validator: they may reject anything, but must never panic, and every
// rejection must be a list of problems naming the file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	files = append(files, filepath.Join("..", "..", "questionnaires", "convergence-core.yaml"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := questionnaire.Parse("f.yaml", data)
		if err != nil {
			checkProblems(t, err)
			return
		}
		for _, p := range questionnaire.Validate(q) {
			if p.File != "f.yaml" || p.Msg == "" {
				t.Errorf("problem without file or message: %+v", p)
			}
		}
		questionnaire.WordsOnScreen(q)
	})
}

// FuzzParseAnswers does the same for answers files, and checks them
// against the default questionnaire.
func FuzzParseAnswers(f *testing.F) {
	q := loadDefault(f)
	f.Add([]byte(allAnswers(q, "3")))
	f.Add([]byte(allAnswers(q, "unsure")))
	f.Add([]byte("answers: {data.customer-id: {level: 2, note: x}}"))
	f.Add([]byte(`{"answers": {"data.quality": "na"}, "assessed_at": "2026-01-01"}`))
	f.Add([]byte("respondent: {role: IT}\nanswers:\n  x: 9\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := questionnaire.ParseAnswers("a.yaml", data)
		if err != nil {
			checkProblems(t, err)
		}
		if a != nil {
			for _, p := range questionnaire.CheckAnswers(q, a) {
				if p.File != "a.yaml" || p.Msg == "" {
					t.Errorf("problem without file or message: %+v", p)
				}
			}
		}
	})
}

func checkProblems(t *testing.T, err error) {
	t.Helper()
	var probs diag.Problems
	if !errors.As(err, &probs) || len(probs) == 0 {
		t.Fatalf("error is not a list of problems: %T %v", err, err)
	}
	for _, p := range probs {
		if p.File == "" || p.Msg == "" {
			t.Errorf("problem without file or message: %+v", p)
		}
	}
}
