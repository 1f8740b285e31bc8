package plan_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/plan"
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

func TestEveryPlanHasFourPhasesAndEndsWithReRun(t *testing.T) {
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
				if len(ph.Actions) > 5 {
					t.Errorf("phase %s has %d actions; a few fit three weeks", ph.ID, len(ph.Actions))
				}
			}
			last := p.Phases[3].Actions[len(p.Phases[3].Actions)-1]
			if last.ID != "rerun-assessment" {
				t.Errorf("the plan ends with %q, not re-running the assessment", last.ID)
			}
			for _, bad := range plan.Check(q, r) {
				t.Error(bad)
			}
			if level < 5 {
				if p.TargetLevel != level+1 || p.Sustain || p.Title != fmt.Sprintf("90 days toward Level %d", level+1) {
					t.Errorf("plan %+v", p)
				}
				// Every answer is at level, so every rung action is for it.
				for _, ph := range p.Phases {
					for _, a := range ph.Actions {
						if a.FromLevel != 0 && a.FromLevel != level {
							t.Errorf("%s is for rung %d; every answer is at %d", a.ID, a.FromLevel, level)
						}
					}
				}
			} else if !p.Sustain || p.TargetLevel != 5 {
				t.Errorf("at Level 5 the plan should sustain: %+v", p)
			}
		})
	}
}

// An answer already above the others never gets the actions of a lower
// rung: a company whose council answer is 5 is not told to set one up.
func TestNoActionForWorkAlreadyDone(t *testing.T) {
	q := defaultQ(t)
	r := scoreWith(t, q, 2, map[string]int{"alignment.council": 5, "platforms.stack": 4})
	for _, ph := range r.Plan.Phases {
		for _, a := range ph.Actions {
			if (a.Question == "alignment.council" || a.Question == "platforms.stack") && a.FromLevel < 5 && a.FromLevel != 4 {
				t.Errorf("%s (rung %d) asks for what the answer says is done", a.ID, a.FromLevel)
			}
			if a.Question == "alignment.council" && a.FromLevel != 5 {
				t.Errorf("%s moves a council answered 5", a.ID)
			}
		}
	}
	for _, bad := range plan.Check(q, r) {
		t.Error(bad)
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
		for i, a := range ph.Actions {
			if a.Question == "data.customer-id" {
				linked = true
				for _, before := range ph.Actions[:i] {
					if before.FromLevel != 0 && before.Question != "data.customer-id" {
						t.Errorf("%s comes before %s, which moves the gate answer", before.ID, a.ID)
					}
				}
			}
		}
	}
	if !linked {
		t.Error("no action moves the shared customer ID")
	}
	if r.Plan.TargetLevel != 3 {
		t.Errorf("target %d", r.Plan.TargetLevel)
	}
	if nl := r.Overall.NextLevel; nl == nil || len(nl.Changes) != 1 || nl.Changes[0].Question != "data.customer-id" || nl.Changes[0].To != 3 {
		t.Errorf("next level %+v: only the customer ID needs to move, to 3", nl)
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
