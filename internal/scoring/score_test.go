package scoring_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/result/schema"
	"github.com/convergence-model/convergence/internal/scoring"
)

var fixedTime = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func defaultQ(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// answers builds an answers set: every question at base, with overrides
// by question id ("unsure", "na" or a level).
func answers(q *questionnaire.Questionnaire, base string, overrides map[string]string) *questionnaire.Answers {
	a := &questionnaire.Answers{File: "test.yaml", AssessedAt: fixedTime}
	for _, qu := range q.Questions() {
		v := base
		if o, ok := overrides[qu.ID]; ok {
			v = o
		}
		it := questionnaire.Answer{Question: qu.ID}
		switch v {
		case "unsure":
			it.Status = result.Unsure
		case "na":
			it.Status = result.NA
		default:
			it.Status = result.Answered
			fmt.Sscan(v, &it.Level)
		}
		a.Items = append(a.Items, it)
	}
	return a
}

// dimensionOverrides sets every question of one dimension to v.
func dimensionOverrides(q *questionnaire.Questionnaire, dim, v string, into map[string]string) map[string]string {
	if into == nil {
		into = map[string]string{}
	}
	for _, qu := range q.Dimension(dim).Questions {
		into[qu.ID] = v
	}
	return into
}

func score(t testing.TB, q *questionnaire.Questionnaire, a *questionnaire.Answers) *result.Result {
	t.Helper()
	r, err := scoring.Score(q, a, scoring.Options{Tool: result.Tool{Name: "convergence", Version: "test"}, Now: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, r)
	return r
}

func validate(t testing.TB, r *result.Result) {
	t.Helper()
	validateAgainst(t, "result.v1.json", r)
}

// validateAgainst checks a document against a schema of internal/result/schema.
func validateAgainst(t testing.TB, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, v, report.JSON, report.Options{}); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t, name).Validate(doc); err != nil {
		t.Errorf("document does not match %s: %v", name, err)
	}
}

func compileSchema(t testing.TB, name string) *jsonschema.Schema {
	t.Helper()
	f, err := schema.FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dimLevels(r *result.Result) map[string]int {
	m := map[string]int{}
	for _, d := range r.Dimensions {
		m[d.ID] = d.Level
	}
	return m
}

func TestUniformAnswersScoreTheirLevel(t *testing.T) {
	q := defaultQ(t)
	for k := 1; k <= 5; k++ {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			r := score(t, q, answers(q, fmt.Sprint(k), nil))
			if r.Overall.Level != k {
				t.Errorf("overall level %d, want %d (capped by %+v)", r.Overall.Level, k, r.Overall.CappedBy)
			}
			for id, l := range dimLevels(r) {
				if l != k {
					t.Errorf("dimension %s at %d, want %d", id, l, k)
				}
			}
			if len(r.Overall.CappedBy) != 0 {
				t.Errorf("nothing should cap a uniform profile: %+v", r.Overall.CappedBy)
			}
			wantIndex := float64(k-1) / 4 * 100
			if r.Overall.Index != wantIndex || r.Overall.Score != float64(k) {
				t.Errorf("score %v index %v, want %d and %v", r.Overall.Score, r.Overall.Index, k, wantIndex)
			}
			if r.Overall.Provisional || r.Overall.LevelIfConfirmed != k {
				t.Errorf("provisional %v, level if confirmed %d", r.Overall.Provisional, r.Overall.LevelIfConfirmed)
			}
		})
	}
}

func TestWeakDataFoundationCapsTheLevel(t *testing.T) {
	q := defaultQ(t)
	r := score(t, q, answers(q, "5", dimensionOverrides(q, "data", "1", nil)))
	if r.Overall.Level > 2 {
		t.Fatalf("level %d; data all at 1 must hold it at 2 or below", r.Overall.Level)
	}
	rules := map[string]bool{}
	for _, c := range r.Overall.CappedBy {
		rules[c.Rule] = true
		if c.Reason == "" {
			t.Errorf("cap %s has no reason", c.Rule)
		}
	}
	if !rules[result.RuleWeakest] || !rules[result.RuleGate] {
		t.Errorf("capped_by should name the weakest dimension and the customer-ID gate: %+v", r.Overall.CappedBy)
	}
	if !strings.Contains(r.Overall.CappedBy[0].Reason, "Data foundation is at Level 1") {
		t.Errorf("first reason = %q", r.Overall.CappedBy[0].Reason)
	}
	if !slices.ContainsFunc(r.Overall.Flags, func(f result.Flag) bool { return f.ID == "inconsistent-profile" && f.Action != "" }) {
		t.Errorf("levels 1 and 5 side by side should flag an inconsistent profile: %+v", r.Overall.Flags)
	}
}

func TestAllUnsureIsLevelOneWithEveryQuestionUnknown(t *testing.T) {
	q := defaultQ(t)
	r := score(t, q, answers(q, "unsure", nil))
	if r.Overall.Level != 1 {
		t.Errorf("level %d, want 1", r.Overall.Level)
	}
	if len(r.Unknowns) != len(q.Questions()) {
		t.Errorf("%d unknowns, want all %d questions", len(r.Unknowns), len(q.Questions()))
	}
	if len(r.Gaps) != 0 {
		t.Errorf("unsure answers are unknowns, not gaps: %+v", r.Gaps)
	}
	if r.Overall.Provisional {
		t.Error("with nothing confirmed there is no higher level to promise")
	}
}

func TestOneOutlierIsForgivenTwoAreNot(t *testing.T) {
	q := defaultQ(t)
	data := q.Dimension("data").Questions
	cases := []struct {
		name      string
		overrides map[string]string
		want      int
	}{
		{"one answer at 1 among 4s", map[string]string{data[0].ID: "1"}, 4},
		{"two answers at 2 among 4s", map[string]string{data[0].ID: "2", data[1].ID: "2"}, 2},
		{"one at 2 and one at 3", map[string]string{data[0].ID: "2", data[1].ID: "3"}, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Keep the gate answers out of the way so only the dimension rule shows.
			r := score(t, q, answers(q, "4", c.overrides))
			if got := dimLevels(r)["data"]; got != c.want {
				t.Errorf("data at Level %d, want %d", got, c.want)
			}
		})
	}
}

func TestUnsureGateAnswerIsProvisional(t *testing.T) {
	q := defaultQ(t)
	r := score(t, q, answers(q, "4", map[string]string{"data.customer-id": "unsure"}))
	o := r.Overall
	if o.Level >= 4 {
		t.Errorf("level %d; an unsure customer ID must cap it", o.Level)
	}
	if len(o.CappedBy) != 1 || o.CappedBy[0].Rule != result.RuleGate || o.CappedBy[0].Question != "data.customer-id" {
		t.Errorf("capped_by = %+v", o.CappedBy)
	}
	if !o.Provisional || o.LevelIfConfirmed != 4 {
		t.Errorf("provisional %v level_if_confirmed %d, want true and 4", o.Provisional, o.LevelIfConfirmed)
	}
	if len(r.Unknowns) != 1 || r.Unknowns[0].Question != "data.customer-id" {
		t.Errorf("unknowns = %+v", r.Unknowns)
	}
}

func TestOverallLevelRules(t *testing.T) {
	q := defaultQ(t)
	cases := []struct {
		name  string
		dims  map[string]string // dimension -> level for all its questions
		want  int
		rules []string
	}{
		{"second weakest sets it", map[string]string{"data": "3", "platforms": "2", "kpis": "2", "alignment": "4"}, 2, []string{result.RuleSecondWeakest, result.RuleGate}},
		{"second weakest alone", map[string]string{"data": "3", "platforms": "2", "kpis": "3", "alignment": "2"}, 2, []string{result.RuleSecondWeakest}},
		{"weakest plus one", map[string]string{"data": "3", "platforms": "1", "kpis": "4", "alignment": "4"}, 2, []string{result.RuleWeakest}},
		{"both at once, and the KPI gate", map[string]string{"data": "3", "platforms": "1", "kpis": "2", "alignment": "4"}, 2, []string{result.RuleWeakest, result.RuleSecondWeakest, result.RuleGate}},
		{"one dimension behind is forgiven", map[string]string{"data": "4", "platforms": "3", "kpis": "4", "alignment": "4"}, 4, nil},
		{"consent gate at level 4", map[string]string{"data": "5", "platforms": "5", "kpis": "5", "alignment": "5"}, 3, []string{result.RuleGate}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := map[string]string{}
			for dim, v := range c.dims {
				dimensionOverrides(q, dim, v, o)
			}
			if c.name == "consent gate at level 4" {
				o["data.consent"] = "2"
			}
			r := score(t, q, answers(q, "1", o))
			if r.Overall.Level != c.want {
				t.Errorf("level %d, want %d", r.Overall.Level, c.want)
			}
			var rules []string
			for _, cp := range r.Overall.CappedBy {
				rules = append(rules, cp.Rule)
			}
			if diff := cmp.Diff(c.rules, rules); diff != "" {
				t.Errorf("capped_by rules (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	q := defaultQ(t)
	for _, consent := range []string{"1", "2", "unsure"} {
		r := score(t, q, answers(q, "5", map[string]string{"data.consent": consent}))
		found := false
		for _, f := range r.Overall.Flags {
			found = found || f.ID == "consent-risk"
		}
		if !found {
			t.Errorf("consent %s: no consent-risk flag in %+v", consent, r.Overall.Flags)
		}
	}
	r := score(t, q, answers(q, "3", nil))
	if len(r.Overall.Flags) != 0 {
		t.Errorf("flags at a uniform Level 3: %+v", r.Overall.Flags)
	}
}

func TestGapsAreRankedAndSayWhatNextLooksLike(t *testing.T) {
	q := defaultQ(t)
	r := score(t, q, answers(q, "3", map[string]string{"kpis.reporting": "1", "data.quality": "2", "platforms.ai": "unsure"}))
	if r.Overall.Level != 3 {
		t.Fatalf("level %d", r.Overall.Level)
	}
	var got []string
	for _, g := range r.Gaps {
		got = append(got, fmt.Sprintf("%s %d->%d p%.0f", g.Question, g.Level, g.Target, g.Priority))
		if g.Next != q.Question(g.Question).Option(g.Level+1) {
			t.Errorf("%s: next = %q", g.Question, g.Next)
		}
	}
	// Every answer at 3 is below the target 4; the lowest come first.
	if got[0] != "kpis.reporting 1->4 p3" || got[1] != "data.quality 2->4 p2" {
		t.Errorf("gaps start %v", got[:2])
	}
	for _, g := range r.Gaps {
		if g.Question == "platforms.ai" {
			t.Error("an unsure answer is listed as a gap")
		}
	}
}

func TestNotApplicableIsLeftOut(t *testing.T) {
	q := defaultQ(t)
	r := score(t, q, answers(q, "4", map[string]string{"data.product-usage": "na"}))
	d := r.Dimension("data")
	if d.NA != 1 || d.Answered != 4 || d.Level != 4 || d.Score != 4 {
		t.Errorf("data = %+v", d)
	}
}

func TestInconsistentAnswersAreRefused(t *testing.T) {
	q := defaultQ(t)
	a := answers(q, "3", map[string]string{"kpis.reporting": "na"})
	a.Items = a.Items[1:]
	_, err := scoring.Score(q, a, scoring.Options{Now: fixedTime})
	if err == nil {
		t.Fatal("scored answers with a missing question and a forbidden na")
	}
	msg := err.Error()
	for _, want := range []string{`missing answer for "data.customer-id"`, `"kpis.reporting" cannot be answered "na"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
}

func TestSameInputSameBytes(t *testing.T) {
	q := defaultQ(t)
	a := answers(q, "3", map[string]string{"data.consent": "unsure", "kpis.attribution": "2"})
	var first []byte
	for i := range 5 {
		var buf bytes.Buffer
		if err := report.Write(&buf, score(t, q, a), report.JSON, report.Options{}); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = buf.Bytes()
			var back result.Result
			if err := json.Unmarshal(first, &back); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("the same answers gave different JSON")
		}
	}
}

// With one dimension scored, the overall level is that dimension's level,
// never one above it; here the others are all unsure, so when the unknowns
// are left out only the data dimension remains.
func TestOneScoredDimensionIsTheLevel(t *testing.T) {
	q := defaultQ(t)
	o := dimensionOverrides(q, "data", "3", nil)
	r := score(t, q, answers(q, "unsure", o))
	if r.Overall.LevelIfConfirmed != 3 {
		t.Errorf("level if confirmed %d, want 3: no answer is above 3", r.Overall.LevelIfConfirmed)
	}
}

func TestSingleDimensionQuestionnaire(t *testing.T) {
	q, _, err := questionnaire.LoadFile("../questionnaire/testdata/valid/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := scoring.Score(q, answers(q, "3", nil), scoring.Options{Now: fixedTime})
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall.Level != 3 || len(r.Overall.CappedBy) != 0 {
		t.Errorf("overall %d capped by %+v; want Level 3, the only dimension's", r.Overall.Level, r.Overall.CappedBy)
	}
}

// The AI-readiness paragraph is read from the answers: two answer sets
// that differ only in how AI is used with customer data read differently,
// and a foundation below what AI needs is named as a blocker.
func TestAIReadinessFollowsTheAnswers(t *testing.T) {
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	answersWith := func(ai, customerID int) *questionnaire.Answers {
		a := &questionnaire.Answers{}
		for _, qu := range q.Questions() {
			level := 3
			switch qu.ID {
			case q.AI.Use:
				level = ai
			case "data.customer-id":
				level = customerID
			}
			a.Items = append(a.Items, questionnaire.Answer{Question: qu.ID, Status: result.Answered, Level: level})
		}
		return a
	}
	one := score(t, q, answersWith(1, 3)).Overall
	four := score(t, q, answersWith(4, 3)).Overall
	if one.AIReadiness == four.AIReadiness {
		t.Errorf("AI use at 1 and at 4 read the same:\n%s", one.AIReadiness)
	}
	if one.AI.Use == nil || one.AI.Use.Level != 1 || four.AI.Use.Level != 4 {
		t.Errorf("the AI-use answer is not read: %+v / %+v", one.AI.Use, four.AI.Use)
	}
	blocked := score(t, q, answersWith(3, 2)).Overall
	if len(blocked.AI.Blockers) != 1 || blocked.AI.Blockers[0].Question != "data.customer-id" ||
		!strings.Contains(blocked.AIReadiness, blocked.AI.Blockers[0].Text) {
		t.Errorf("a customer ID at 2 is not named as the blocker: %+v\n%s", blocked.AI.Blockers, blocked.AIReadiness)
	}
	if strings.Contains(one.AIReadiness, "What holds AI back") {
		t.Errorf("no foundation is below what AI needs, yet: %s", one.AIReadiness)
	}
}
