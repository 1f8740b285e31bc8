package plan_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

func defaultQ(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// scoreWith answers every question at base, with overrides, and scores it;
// the plan is built as part of scoring.
func scoreWith(t *testing.T, q *questionnaire.Questionnaire, base int, overrides map[string]int) *result.Result {
	t.Helper()
	a := &questionnaire.Answers{AssessedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, qu := range q.Questions() {
		level := base
		if o, ok := overrides[qu.ID]; ok {
			level = o
		}
		a.Items = append(a.Items, questionnaire.Answer{Question: qu.ID, Status: result.Answered, Level: level})
	}
	r, err := scoring.Score(q, a, scoring.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestEveryPlanHasFourFullPhasesAndEndsWithReRun(t *testing.T) {
	q := defaultQ(t)
	for level := 1; level <= 5; level++ {
		t.Run(fmt.Sprint(level), func(t *testing.T) {
			r := scoreWith(t, q, level, nil)
			p := r.Plan
			if len(p.Phases) != 4 {
				t.Fatalf("%d phases", len(p.Phases))
			}
			for i, ph := range p.Phases {
				if ph.ID != questionnaire.Phases[i].ID || ph.Weeks != questionnaire.Phases[i].Weeks {
					t.Errorf("phase %d is %s weeks %s", i, ph.ID, ph.Weeks)
				}
				if len(ph.Actions) == 0 {
					t.Errorf("phase %s is empty", ph.ID)
				}
				if len(ph.Actions) > 4 {
					t.Errorf("phase %s has %d actions; a few fit three weeks", ph.ID, len(ph.Actions))
				}
			}
			last := p.Phases[3].Actions[len(p.Phases[3].Actions)-1]
			if last.ID != "rerun-assessment" {
				t.Errorf("the plan ends with %q, not re-running the assessment", last.ID)
			}
			if level < 5 {
				if p.TargetLevel != level+1 || p.Sustain || p.Title != fmt.Sprintf("90 days toward Level %d", level+1) {
					t.Errorf("plan %+v", p)
				}
				// Every action comes from the catalogue at the dimension's level.
				for _, ph := range p.Phases {
					for _, a := range ph.Actions {
						if a.Dimension == "" {
							continue
						}
						if a.ID != "" && catalogueLevel(q, a.ID) != level {
							t.Errorf("%s is for from_level %d, not %d", a.ID, catalogueLevel(q, a.ID), level)
						}
					}
				}
			} else if !p.Sustain || p.TargetLevel != 5 {
				t.Errorf("at Level 5 the plan should sustain: %+v", p)
			}
		})
	}
}

func catalogueLevel(q *questionnaire.Questionnaire, id string) int {
	for _, a := range q.Actions {
		if a.ID == id {
			return a.FromLevel
		}
	}
	return -1
}

// With all four dimensions behind, each gets actions over the 90 days, and
// the weakest gets the most.
func TestEveryFocusDimensionGetsItsTurn(t *testing.T) {
	q := defaultQ(t)
	r := scoreWith(t, q, 2, map[string]int{"platforms.stack": 1, "platforms.integration": 1})
	count := map[string]int{}
	for _, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			count[a.Dimension]++
		}
	}
	for _, d := range q.Dimensions {
		if count[d.ID] == 0 {
			t.Errorf("dimension %s has no action in the plan: %v", d.ID, count)
		}
	}
	if count["platforms"] < 4 {
		t.Errorf("the weakest dimension should act in every phase: %v", count)
	}
}

// An answer that fails a gate to the target gets its actions first, even
// when its dimension is otherwise ahead.
func TestGateAnswersComeFirst(t *testing.T) {
	q := defaultQ(t)
	r := scoreWith(t, q, 4, map[string]int{"data.customer-id": 2})
	if r.Overall.Level != 2 {
		t.Fatalf("level %d", r.Overall.Level)
	}
	linked := false
	for _, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			if a.Question == "data.customer-id" {
				linked = true
			}
			if a.Dimension != "" && a.Dimension != "data" {
				t.Errorf("%s: only the data dimension holds the level back", a.ID)
			}
		}
	}
	if !linked {
		t.Error("no action moves the shared customer ID")
	}
	if r.Plan.TargetLevel != 3 {
		t.Errorf("target %d", r.Plan.TargetLevel)
	}
}

func TestOwnersAreFromTheFixedList(t *testing.T) {
	q := defaultQ(t)
	owners := map[string]bool{}
	for _, o := range questionnaire.Owners {
		owners[o] = true
	}
	for level := 1; level <= 5; level++ {
		for _, ph := range scoreWith(t, q, level, nil).Plan.Phases {
			for _, a := range ph.Actions {
				if !owners[a.Owner] || a.Why == "" || a.Title == "" {
					t.Errorf("action %+v", a)
				}
			}
		}
	}
}
