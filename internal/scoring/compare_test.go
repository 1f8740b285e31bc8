package scoring_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/scoring"
)

// at scores answers assessed on the given day after fixedTime.
func at(t *testing.T, q *questionnaire.Questionnaire, day int, base string, overrides map[string]string) *result.Result {
	t.Helper()
	a := answers(q, base, overrides)
	a.AssessedAt = fixedTime.Add(time.Duration(day) * 24 * time.Hour)
	return score(t, q, a)
}

func TestCompare(t *testing.T) {
	q := defaultQ(t)
	type want struct {
		overall     string
		levels      int
		regressions []string
		onPace      *bool
		moved       int
	}
	yes, no := true, false
	cases := []struct {
		name string
		rs   func() []*result.Result
		want want
	}{
		{
			name: "up one level in 90 days",
			rs: func() []*result.Result {
				return []*result.Result{at(t, q, 0, "2", nil), at(t, q, 90, "3", nil)}
			},
			want: want{overall: result.Up, levels: 1, regressions: []string{}, onPace: &yes, moved: 19},
		},
		{
			name: "down",
			rs: func() []*result.Result {
				return []*result.Result{at(t, q, 0, "3", nil), at(t, q, 60, "2", nil)}
			},
			want: want{overall: result.Down, levels: -1, regressions: []string{"overall", "data", "platforms", "kpis", "alignment"}, onPace: &no, moved: 19},
		},
		{
			name: "equal, too soon to judge",
			rs: func() []*result.Result {
				return []*result.Result{at(t, q, 0, "3", nil), at(t, q, 7, "3", map[string]string{"kpis.reporting": "4"})}
			},
			want: want{overall: result.Same, levels: 0, regressions: []string{}, onPace: nil, moved: 1},
		},
		{
			name: "a dimension down while overall up",
			rs: func() []*result.Result {
				old := dimensionOverrides(q, "alignment", "4", nil)
				newer := dimensionOverrides(q, "alignment", "3", map[string]string{})
				return []*result.Result{at(t, q, 0, "2", old), at(t, q, 120, "3", newer)}
			},
			want: want{overall: result.Up, levels: 1, regressions: []string{"alignment"}, onPace: &no, moved: 19},
		},
		{
			name: "given newest first, sorted by date",
			rs: func() []*result.Result {
				return []*result.Result{at(t, q, 180, "4", nil), at(t, q, 0, "2", nil)}
			},
			want: want{overall: result.Up, levels: 2, regressions: []string{}, onPace: &yes, moved: 19},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmpn, err := scoring.Compare(c.rs(), nil, result.Tool{Name: "convergence", Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			if cmpn.Change.Overall.Direction != c.want.overall || cmpn.Change.Overall.Levels != c.want.levels {
				t.Errorf("overall %+v", cmpn.Change.Overall)
			}
			var regs []string
			for _, r := range cmpn.Regressions {
				regs = append(regs, r.What)
			}
			if regs == nil {
				regs = []string{}
			}
			if diff := cmp.Diff(c.want.regressions, regs); diff != "" {
				t.Errorf("regressions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(c.want.onPace, cmpn.Pace.OnPace); diff != "" {
				t.Errorf("on pace (-want +got): %s\n%s", cmpn.Pace.Summary, diff)
			}
			if len(cmpn.Change.Moved) != c.want.moved {
				t.Errorf("%d questions moved, want %d", len(cmpn.Change.Moved), c.want.moved)
			}
			if !cmpn.Results[0].AssessedAt.Before(cmpn.Results[1].AssessedAt) {
				t.Error("results are not oldest first")
			}
		})
	}
}

func TestCompareRefusesOtherQuestionnaires(t *testing.T) {
	q := defaultQ(t)
	a, b := at(t, q, 0, "2", nil), at(t, q, 30, "3", nil)
	b.Questionnaire.ID = "other"
	_, err := scoring.Compare([]*result.Result{a, b}, []string{"a.json", "b.json"}, result.Tool{})
	var probs diag.Problems
	if !errors.As(err, &probs) || len(probs) != 2 || probs[1].File != "b.json" || !strings.Contains(probs[1].Msg, `"other"`) {
		t.Fatalf("err = %v", err)
	}
	if _, err := scoring.Compare([]*result.Result{a}, nil, result.Tool{}); err == nil {
		t.Error("compared one result")
	}
}

func TestCompareDifferentVersionsOnSharedQuestions(t *testing.T) {
	q := defaultQ(t)
	a, b := at(t, q, 0, "2", nil), at(t, q, 30, "3", nil)
	b.Questionnaire.Version = "1.2"
	b.Answers = b.Answers[1:] // a question dropped in 1.2
	c, err := scoring.Compare([]*result.Result{a, b}, nil, result.Tool{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Change.Moved) != len(a.Answers)-1 {
		t.Errorf("%d moved; the dropped question cannot be compared", len(c.Change.Moved))
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "(1.1, 1.2)") || !strings.Contains(c.Notes[0], "18 questions") {
		t.Errorf("notes = %q", c.Notes)
	}
}

func TestComparisonMatchesItsSchema(t *testing.T) {
	q := defaultQ(t)
	c, err := scoring.Compare([]*result.Result{at(t, q, 0, "2", nil), at(t, q, 30, "unsure", nil), at(t, q, 90, "3", nil)}, nil, result.Tool{Name: "convergence", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	validateAgainst(t, "compare.v1.json", c)
}
