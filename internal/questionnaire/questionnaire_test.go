package questionnaire_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/questionnaires"
)

func load(t testing.TB, ref string) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func loadDefault(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	q, warnings, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Fatalf("default questionnaire has warnings:\n%v", warnings)
	}
	return q
}

// The default questionnaire must fit the five minutes it promises.
func TestDefaultQuestionnaireFitsFiveMinutes(t *testing.T) {
	q := loadDefault(t)
	if q.ID != questionnaires.Default {
		t.Errorf("default id = %q", q.ID)
	}
	if n := len(q.Questions()); n > questionnaire.MaxQuestions {
		t.Errorf("%d questions; at most %d fit five minutes", n, questionnaire.MaxQuestions)
	}
	if w := questionnaire.WordsOnScreen(q); w > questionnaire.MaxWordsOnScreen {
		t.Errorf("%d words on screen; at most %d fit five minutes", w, questionnaire.MaxWordsOnScreen)
	}
	for _, qu := range q.Questions() {
		if n := len(strings.Fields(qu.Prompt)); n > 14 {
			t.Errorf("%s: prompt has %d words; keep it to 14", qu.ID, n)
		}
		for _, o := range qu.Options {
			if n := len(strings.Fields(o.Label)); n > 10 {
				t.Errorf("%s option %d: %d words; keep it to 10", qu.ID, o.Level, n)
			}
		}
		if qu.Help == "" {
			t.Errorf("%s has no help text saying who knows the answer", qu.ID)
		}
	}
	wantDims := []string{"data", "platforms", "kpis", "alignment"}
	var gotDims []string
	for _, d := range q.Dimensions {
		gotDims = append(gotDims, d.ID)
	}
	if diff := cmp.Diff(wantDims, gotDims); diff != "" {
		t.Errorf("dimensions (-want +got):\n%s", diff)
	}
}

// Every built-in questionnaire gives every question an action for every
// rung below 5, or says why not, and, for the rungs where most plans start
// (1 and 2), actions in all four phases in every dimension, so that a plan
// toward Level 2 or 3 has no empty phase.
func TestBuiltinCataloguesCoverEveryRung(t *testing.T) {
	for _, ref := range questionnaire.BuiltinRefs() {
		q, _, err := questionnaire.Resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range questionnaire.Coverage(q) {
			if len(c.Missing) > 0 {
				t.Errorf("%s: %s has no action for rungs %v", ref, c.Question.ID, c.Missing)
			}
		}
		for _, d := range q.Dimensions {
			for rung := 1; rung <= 2; rung++ {
				for _, p := range questionnaire.Phases {
					if !slices.ContainsFunc(q.Actions, func(a questionnaire.Action) bool {
						return a.Dimension == d.ID && a.FromLevel == rung && a.Phase == p.ID
					}) {
						t.Errorf("%s: no %s action for %s at rung %d", ref, p.ID, d.ID, rung)
					}
				}
			}
		}
	}
}

func TestGates(t *testing.T) {
	q := loadDefault(t)
	type gate struct {
		Min      int
		Question string
		AtLeast  int
	}
	var got []gate
	for _, g := range q.Gates {
		got = append(got, gate{g.MinLevel, g.Requires.Question, g.Requires.AtLeast})
	}
	want := []gate{{3, "data.customer-id", 3}, {3, "kpis.definitions", 3}, {4, "data.consent", 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gates (-want +got):\n%s", diff)
	}
}

func TestValidMini(t *testing.T) {
	q, _, err := questionnaire.LoadFile(filepath.Join("testdata", "valid", "mini.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if q.Question("data.two").Dimension != "data" || !q.Question("data.two").AllowNA {
		t.Errorf("data.two parsed wrong: %+v", q.Question("data.two"))
	}
	if !strings.HasPrefix(q.Digest, "sha256:") || len(q.Digest) != 71 {
		t.Errorf("digest = %q", q.Digest)
	}
}

// Each file in testdata/invalid is one bad case with the exact first error
// it must produce.
func TestInvalidQuestionnaires(t *testing.T) {
	cases := map[string]string{
		"unknown-field":         `unknown-field.yaml:3:1: unknown field "titel" in the questionnaire (did you mean "title"?)`,
		"duplicate-question":    `duplicate-question.yaml:22:9: duplicate question id "data.one" (first at line 14)`,
		"four-options":          `four-options.yaml:14:9: question "data.one" has 4 options; it needs exactly 5, one per level`,
		"malformed":             `malformed.yaml:6: not valid YAML or JSON: did not find expected ',' or '}'`,
		"duplicate-key":         `duplicate-key.yaml:3:1: duplicate key "version" in the questionnaire (first at line 2)`,
		"wrong-type":            `wrong-type.yaml:13:13: weight must be a number, found "heavy"`,
		"levels-out-of-order":   `levels-out-of-order.yaml:7:5: level 4 is listed where level 3 belongs (levels go 1 to 5, in order)`,
		"gate-unknown-question": `gate-unknown-question.yaml:32:30: gate names unknown question "data.uno"`,
		"missing-prompt":        `missing-prompt.yaml:22:9: a question is missing "prompt"`,
		"bad-question-id":       `bad-question-id.yaml:22:9: question id "kpis.two" must start with its dimension, as in "data.name"`,
		"action-problems":       `action-problems.yaml:34:5: action "a1" has owner "Intern", which is not one of: CMO, Marketing Ops, RevOps, Sales, Support Ops, Product, IT/Data, Legal, Finance`,
		"alias":                 `alias.yaml:10:8: YAML aliases (*name) are not supported; write the value out`,
		"not-a-mapping":         `not-a-mapping.yaml:1:1: the questionnaire must be a mapping (key: value), found a list`,
		"empty":                 `empty.yaml: file holds no YAML or JSON document (only comments?)`,
		"prerequisite-cycle":    `prerequisite-cycle.yaml:34:5: action "a1" (audit-align) comes after "a3", which is not in an earlier phase (measure-scale): it could never be scheduled`,
		"prerequisite-self":     `prerequisite-self.yaml:34:5: action "a1" comes after itself`,
		"prerequisite-later":    `prerequisite-later.yaml:34:5: action "b1" (rung 2) comes after "b2", a higher rung of the same question (3): it could never be scheduled`,
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	if len(files) != len(cases) {
		t.Errorf("%d fixture files but %d cases: every fixture needs its expected error", len(files), len(cases))
	}
	for name, want := range cases {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "invalid", name+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			q, err := questionnaire.Parse(name+".yaml", data)
			var probs diag.Problems
			if err == nil {
				probs = questionnaire.Validate(q).Errors()
			} else if !errors.As(err, &probs) {
				t.Fatalf("error is %T, not diag.Problems: %v", err, err)
			}
			if len(probs) == 0 {
				t.Fatal("no error reported")
			}
			if got := probs[0].String(); got != want {
				t.Errorf("first problem:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// Validate reports every problem at once, not only the first.
func TestValidateReportsEverything(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "invalid", "action-problems.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	q, err := questionnaire.Parse("a.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range questionnaire.Validate(q).Errors() {
		got = append(got, p.Msg)
	}
	want := []string{
		`action "a1" has owner "Intern", which is not one of: CMO, Marketing Ops, RevOps, Sales, Support Ops, Product, IT/Data, Legal, Finance`,
		`duplicate action id "a1" (first at line 34)`,
		`action "a1" has unknown phase "someday" (allowed: audit-align, connect-clean, collaborate-pilot, measure-scale)`,
		`action "a1" names unknown dimension "nope"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseRefusesHostileInput(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nanswers: *c\n"
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	cases := []struct {
		name, data, want string
	}{
		{"alias bomb", bomb, "YAML aliases"},
		{"deep nesting", "answers: " + deep, "nested more than 32 levels deep"},
		{"binary", "answers:\x00\x01\x02", "not UTF-8 text"},
		{"invalid utf-8", "answers: \xff\xfe", "not UTF-8 text"},
		{"too big", "answers: {}\n" + strings.Repeat("#", diag.MaxFileSize), "larger than 10 MiB"},
		{"two documents", "answers: {}\n---\nanswers: {}\n", "more than one YAML document"},
		{"merge key", "base: &b {x: 1}\nanswers:\n  <<: {y: 2}\n", "merge keys"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := questionnaire.ParseAnswers("f.yaml", []byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v; want it to mention %q", err, c.want)
			}
			_, err = questionnaire.Parse("f.yaml", []byte(c.data))
			if err == nil {
				t.Error("questionnaire parse accepted it")
			}
		})
	}
}
