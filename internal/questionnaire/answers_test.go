package questionnaire_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convergence-model/convergence/internal/diag"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
)

// allAnswers returns an answers file body answering every question of q
// with value, one line each.
func allAnswers(q *questionnaire.Questionnaire, value string) string {
	var b strings.Builder
	b.WriteString("answers:\n")
	for _, qu := range q.Questions() {
		fmt.Fprintf(&b, "  %s: %s\n", qu.ID, value)
	}
	return b.String()
}

func TestParseAnswersForms(t *testing.T) {
	in := `questionnaire: convergence-core@1.0
respondent: {name: Ana, role: IT, org: Acme}
assessed_at: 2026-11-23T10:00:00+01:00
answers:
  data.customer-id: 3
  data.quality: unsure
  data.product-usage: na
  kpis.attribution: {level: 2, note: "last-click only"}
  kpis.reporting: {level: unsure, note: "ask finance"}
  kpis.definitions: Not Sure
`
	a, err := questionnaire.ParseAnswers("a.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if a.Respondent != (questionnaire.Respondent{Name: "Ana", Role: "it", Org: "Acme"}) {
		t.Errorf("respondent = %+v", a.Respondent)
	}
	if want := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC); !a.AssessedAt.Equal(want) {
		t.Errorf("assessed_at = %v, want %v", a.AssessedAt, want)
	}
	type item struct {
		Q      string
		Status result.Status
		Level  int
		Note   string
	}
	var got []item
	for _, it := range a.Items {
		got = append(got, item{it.Question, it.Status, it.Level, it.Note})
	}
	want := []item{
		{"data.customer-id", result.Answered, 3, ""},
		{"data.quality", result.Unsure, 0, ""},
		{"data.product-usage", result.NA, 0, ""},
		{"kpis.attribution", result.Answered, 2, "last-click only"},
		{"kpis.reporting", result.Unsure, 0, "ask finance"},
		{"kpis.definitions", result.Unsure, 0, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestAnswersJSONWithTabs(t *testing.T) {
	q := load(t, "convergence-core@1.0") // a fixed version: the messages quote its questions
	var b strings.Builder
	b.WriteString("{\n\t\"respondent\": {\"name\": \"Bo\", \"role\": \"sales\"},\n\t\"answers\": {\n")
	for i, qu := range q.Questions() {
		sep := ","
		if i == len(q.Questions())-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "\t\t%q: 4%s\n", qu.ID, sep)
	}
	b.WriteString("\t}\n}\n")
	a, err := questionnaire.ParseAnswers("a.json", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if probs := questionnaire.CheckAnswers(q, a); len(probs) > 0 {
		t.Fatal(probs)
	}
}

// Bad answers files list every problem with its position.
func TestAnswersProblems(t *testing.T) {
	q := load(t, "convergence-core@1.0") // a fixed version: the messages quote its questions
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "levels out of range and not a level",
			in:   strings.Replace(strings.Replace(strings.Replace(allAnswers(q, "3"), "data.customer-id: 3", "data.customer-id: 0", 1), "data.quality: 3", "data.quality: 6", 1), "data.consent: 3", "data.consent: high", 1),
			want: []string{
				`a.yaml:2:21: the answer to "data.customer-id" is level 0, outside 1 to 5`,
				`a.yaml:3:17: the answer to "data.quality" is level 6, outside 1 to 5`,
				`a.yaml:4:17: the answer to "data.consent" must be a level 1 to 5, "unsure" or "na"; found "high"`,
			},
		},
		{
			name: "unknown id, na not allowed, missing answer",
			in:   strings.Replace(strings.Replace(allAnswers(q, "3"), "data.quality: 3", "data.qualty: 3", 1), "kpis.reporting: 3", "kpis.reporting: na", 1),
			want: []string{
				`a.yaml:2:3: missing answer for "data.quality" (How are duplicate and incomplete customer records…)`,
				`a.yaml:3:3: unknown question "data.qualty" (did you mean "data.quality"?)`,
				`a.yaml:12:3: question "kpis.reporting" cannot be answered "na"; answer a level or "unsure"`,
			},
		},
		{
			name: "other questionnaire",
			in:   "questionnaire: other@2\n" + allAnswers(q, "2"),
			want: []string{`a.yaml:1:16: these answers are for questionnaire "other@2", not "convergence-core"; pick it with --questionnaire`},
		},
		{
			name: "other version",
			in:   "questionnaire: convergence-core@0.9\n" + allAnswers(q, "2"),
			want: []string{`a.yaml:1:16: these answers are pinned to convergence-core@0.9, but the questionnaire is convergence-core@1.0`},
		},
		{
			name: "answered twice and unknown role",
			in:   "respondent: {role: chef}\n" + allAnswers(q, "2") + "  data.quality: 3\n",
			want: []string{
				`a.yaml:1:20: unknown role "chef" (allowed: marketing, sales, service, product, it, data, leadership, other)`,
				`a.yaml:21:3: question "data.quality" is answered twice (first at line 4)`,
			},
		},
		{
			name: "many missing",
			in:   "answers:\n  data.customer-id: 2\n",
			want: []string{`a.yaml:2:3: missing answers for 17 questions: data.quality, data.consent, data.cross-team, data.product-usage, platforms.stack, platforms.integration, platforms.ai, platforms.signals, kpis.definitions, kpis.reporting, kpis.attribution, kpis.collaboration, alignment.council, alignment.insight, alignment.content, alignment.pilots, alignment.handoffs`},
		},
		{
			name: "no answers key",
			in:   "respondent: {name: X}\n",
			want: []string{`a.yaml:1:1: the answers file is missing "answers"`},
		},
		{
			name: "bad date",
			in:   "assessed_at: yesterday\n" + allAnswers(q, "2"),
			want: []string{`a.yaml:1:14: assessed_at must be a date and time like 2026-11-23T10:00:00Z, found "yesterday"`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := questionnaire.ParseAnswers("a.yaml", []byte(c.in))
			var probs diag.Problems
			if err != nil && !errors.As(err, &probs) {
				t.Fatalf("error %T: %v", err, err)
			}
			if a != nil {
				probs = append(probs, questionnaire.CheckAnswers(q, a)...)
			}
			var got []string
			for _, p := range probs.Sorted() {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseAnswersSaysWhatToFix covers the mistakes whose first message did
// not say what to do: a level in quotes, and free text too long to show.
func TestParseAnswersSaysWhatToFix(t *testing.T) {
	long := strings.Repeat("x", result.MaxNameLength+1)
	cases := []struct{ name, in, want string }{
		{"quoted level", "answers:\n  data.quality: \"3\"\n",
			`a.yaml:2:17: the answer to "data.quality" is the text "3"; write the level without quotes: 3`},
		{"single-quoted level", "answers:\n  data.quality: '2'\n",
			`a.yaml:2:17: the answer to "data.quality" is the text "2"; write the level without quotes: 2`},
		{"long name", "respondent: {name: " + long + "}\nanswers: {}\n",
			"a.yaml:1:20: respondent name is 201 characters long; the most is 200"},
		{"long org", "respondent:\n  org: " + long + "\nanswers: {}\n",
			"a.yaml:2:8: respondent org is 201 characters long; the most is 200"},
		{"long note", "answers:\n  data.quality: {level: 2, note: " + strings.Repeat("y", result.MaxNoteLength+1) + "}\n",
			"a.yaml:2:34: note is 501 characters long; the most is 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := questionnaire.ParseAnswers("a.yaml", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n got %v\nwant %s", err, c.want)
			}
		})
	}
	// At the limits, all is well.
	ok := "respondent: {name: " + strings.Repeat("n", result.MaxNameLength) + "}\nanswers:\n  data.quality: {level: 2, note: " + strings.Repeat("y", result.MaxNoteLength) + "}\n"
	if _, err := questionnaire.ParseAnswers("a.yaml", []byte(ok)); err != nil {
		t.Errorf("text at the limits is refused: %v", err)
	}
}

// TestAnswersCheckTime refuses answers dated more than a day after now,
// at the position of assessed_at, and accepts a day's difference.
func TestAnswersCheckTime(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct{ at, want string }{
		{"9999-12-31", "a.yaml:1:14: assessed_at is 9999-12-31, in the future; give the date the answers were given (today is 2026-11-29)"},
		{"2026-12-01T00:00:00Z", "a.yaml:1:14: assessed_at is 2026-12-01, in the future"},
		{"2026-11-30T11:00:00Z", ""},
		{"2020-01-01", ""},
	} {
		a, err := questionnaire.ParseAnswers("a.yaml", []byte("assessed_at: "+c.at+"\nanswers: {}\n"))
		if a == nil {
			t.Fatal(err)
		}
		got := a.CheckTime(now)
		switch {
		case c.want == "" && got != nil:
			t.Errorf("%s: %v", c.at, got)
		case c.want != "" && (got == nil || !strings.HasPrefix(got.Error(), c.want)):
			t.Errorf("%s:\n got %v\nwant %s", c.at, got, c.want)
		}
	}
	if (&questionnaire.Answers{}).CheckTime(now) != nil {
		t.Error("answers without a date are refused")
	}
}
