package scoring_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"

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

// Results of different versions or wordings of one questionnaire are
// compared like with like only: the step between them is marked not
// comparable, nothing that went down across it is a regression, and the
// notes say what changed and how to move an old result to the new version.
func TestCompareOnlyLikeWithLike(t *testing.T) {
	q := defaultQ(t)
	cases := []struct {
		name   string
		change func(r *result.Result)
		want   string
	}{
		{"another version", func(r *result.Result) { r.Questionnaire.Version = "1.2" }, "(1.1 → 1.2)"},
		{"another wording", func(r *result.Result) { r.Questionnaire.Digest = "sha256:" + strings.Repeat("0", 64) }, "(1.1, another wording)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Down a level in the latest step, across the change.
			a, b := at(t, q, 0, "3", nil), at(t, q, 30, "2", nil)
			c.change(b)
			cmpn, err := scoring.Compare([]*result.Result{a, b}, nil, result.Tool{Name: "convergence", Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			step := cmpn.Steps[0]
			if step.Comparable || cmpn.Change.Comparable {
				t.Error("a step across a change of questionnaire is comparable")
			}
			if len(cmpn.Regressions) != 0 {
				t.Errorf("regressions across a change of questionnaire: %+v", cmpn.Regressions)
			}
			if step.Overall.Direction != result.Changed {
				t.Errorf("overall direction %q, want %q", step.Overall.Direction, result.Changed)
			}
			for _, d := range step.Dimensions {
				if d.Direction != result.Changed {
					t.Errorf("%s: direction %q, want %q", d.ID, d.Direction, result.Changed)
				}
			}
			for _, m := range step.Moved {
				if m.Direction != result.Changed {
					t.Errorf("%s moved %q, want %q", m.Question, m.Direction, result.Changed)
				}
			}
			if cmpn.Pace.OnPace != nil || cmpn.Pace.LevelsPer90Days != nil || !strings.Contains(cmpn.Pace.Summary, "No pace to judge") {
				t.Errorf("pace judged across a change of questionnaire: %+v", cmpn.Pace)
			}
			if len(cmpn.Notes) != 1 || !strings.Contains(cmpn.Notes[0], c.want) || !strings.Contains(cmpn.Notes[0], "convergence rescore OLD.json") {
				t.Errorf("notes = %q", cmpn.Notes)
			}
			validateAgainst(t, "compare.v1.json", cmpn)
		})
	}

	// The same content under an earlier digest is the same questionnaire.
	q10, _, err := questionnaire.Resolve("convergence-core@1.0")
	if err != nil {
		t.Fatal(err)
	}
	if len(q10.EarlierDigests) == 0 {
		t.Fatal("convergence-core@1.0 lists no earlier digest to test with")
	}
	a, b := at(t, q10, 0, "3", nil), at(t, q10, 30, "2", nil)
	a.Questionnaire.Digest = q10.EarlierDigests[0]
	cmpn, err := scoring.Compare([]*result.Result{a, b}, nil, result.Tool{})
	if err != nil {
		t.Fatal(err)
	}
	if !cmpn.Steps[0].Comparable || len(cmpn.Regressions) == 0 {
		t.Errorf("an earlier digest of the same content is not comparable: %+v", cmpn.Steps[0])
	}
}

// Only the step that crossed the change is not comparable; the others
// are compared as usual, and the latest step's regressions count.
func TestCompareMixedSteps(t *testing.T) {
	q := defaultQ(t)
	old, _, err := questionnaire.Resolve("convergence-core@1.0")
	if err != nil {
		t.Fatal(err)
	}
	rs := []*result.Result{at(t, old, 0, "2", nil), at(t, q, 90, "3", nil), at(t, q, 180, "2", nil)}
	c, err := scoring.Compare(rs, nil, result.Tool{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Steps[0].Comparable || !c.Steps[1].Comparable || c.Change.Comparable {
		t.Errorf("comparable: steps %v, %v; change %v", c.Steps[0].Comparable, c.Steps[1].Comparable, c.Change.Comparable)
	}
	if len(c.Regressions) == 0 || c.Regressions[0].What != "overall" {
		t.Errorf("regressions = %+v", c.Regressions)
	}
	if len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "(1.0 → 1.1)") {
		t.Errorf("notes = %q", c.Notes)
	}
}

// What a comparison leaves out of its JSON: dimensions have no index, and
// the pace has no rate when it is too soon to judge one.
func TestComparisonOmitsWhatDoesNotApply(t *testing.T) {
	q := defaultQ(t)
	c, err := scoring.Compare([]*result.Result{at(t, q, 0, "2", nil), at(t, q, 7, "3", nil)}, []string{"/home/ana/a.json", "/home/ana/b.json"}, result.Tool{Name: "convergence", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := result.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Results []map[string]any `json:"results"`
		Change  struct {
			Dimensions []map[string]any `json:"dimensions"`
		} `json:"change"`
		Pace map[string]any `json:"pace"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, d := range doc.Change.Dimensions {
		for _, k := range []string{"from_index", "to_index", "index"} {
			if _, ok := d[k]; ok {
				t.Errorf("dimension %v has %s", d["id"], k)
			}
		}
	}
	for _, k := range []string{"levels_per_90_days", "index_per_90_days", "on_pace"} {
		if _, ok := doc.Pace[k]; ok {
			t.Errorf("pace has %s when it is too soon to judge: %v", k, doc.Pace)
		}
	}
	for _, r := range doc.Results {
		if _, ok := r["file"]; ok {
			t.Errorf("a result has its file path: %v", r["file"])
		}
		if d, _ := r["digest"].(string); !strings.HasPrefix(d, "sha256:") {
			t.Errorf("a result has no digest: %v", r)
		}
	}
	if strings.Contains(string(data), "/home/ana") {
		t.Error("the JSON comparison holds a file path")
	}
	if c.Results[0].File != "/home/ana/a.json" {
		t.Errorf("File = %q; the reports people read need the path", c.Results[0].File)
	}
}

// A Comparer keeps one copy of the text results share.
func TestComparerSharesText(t *testing.T) {
	q := defaultQ(t)
	c := scoring.NewComparer()
	c.Add("a.json", "", at(t, q, 0, "2", nil))
	c.Add("b.json", "", at(t, q, 30, "3", nil))
	cmpn, err := c.Compare(result.Tool{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := cmpn.Results[0].Answers[0].Prompt, cmpn.Results[1].Answers[0].Prompt
	if a != b || unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("the two results' prompts are separate copies")
	}
	if cmpn.Results[0].Answers[0].Options != nil {
		t.Error("a comparison keeps the options of every answer")
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

// Whether two digests of a questionnaire name the same content is known
// only for built-in questionnaires: a file in the working directory named
// like a questionnaire of one's own ("custom@1.1") must not decide it.
func TestCompareReadsNoQuestionnaireFile(t *testing.T) {
	q := defaultQ(t)
	a, b := at(t, q, 0, "3", nil), at(t, q, 30, "2", nil)
	other := "sha256:" + strings.Repeat("0", 64)
	for _, r := range []*result.Result{a, b} {
		r.Questionnaire.ID = "custom"
	}
	b.Questionnaire.Digest = other
	yaml, err := os.ReadFile(filepath.Join("..", "..", "questionnaires", "convergence-core.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	custom := strings.Replace(string(yaml), "id: convergence-core\n", "id: custom\nearlier_digests: [\""+a.Questionnaire.Digest+"\", \""+other+"\"]\n", 1)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "custom@1.1"), []byte(custom), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	cmpn, err := scoring.Compare([]*result.Result{a, b}, nil, result.Tool{})
	if err != nil {
		t.Fatal(err)
	}
	if cmpn.Steps[0].Comparable {
		t.Error("two wordings of a questionnaire of one's own are compared because of a file in the working directory")
	}
}
