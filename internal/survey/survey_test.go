package survey

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/questionnaires"
)

var start = time.Date(2026, 11, 24, 14, 2, 0, 0, time.UTC)

// defaultQ is a fixed version of the built-in questionnaire: the tests
// quote its counts and wording.
func defaultQ(t testing.TB) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("convergence-core@1.0")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestDraftRoundTrip(t *testing.T) {
	q := defaultQ(t)
	d := NewDraft(q, start)
	d.Respondent = questionnaire.Respondent{Name: "Ana", Role: "marketing"}
	d.Answers["data.customer-id"] = Answer{Status: result.Answered, Level: 3, Note: "account_id"}
	d.Answers["data.quality"] = Answer{Status: result.Unsure}
	d.Answers["data.product-usage"] = Answer{Status: result.NA}
	data, err := d.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseDraft(data, q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if s := got.Summary(q, start.Add(3*time.Hour)); s != "3 of 18 answered, started 14:02" {
		t.Errorf("summary = %q", s)
	}
	if s := got.Summary(q, start.Add(48*time.Hour)); s != "3 of 18 answered, started 24 Nov 14:02" {
		t.Errorf("summary on another day = %q", s)
	}
	if got.Complete(q) {
		t.Error("a draft with 3 answers is complete")
	}
}

func TestParseDraftRefusesWhatItCannotApply(t *testing.T) {
	q := defaultQ(t)
	good, _ := NewDraft(q, start).Marshal()
	replace := func(old, new string) []byte {
		return []byte(strings.Replace(string(good), old, new, 1))
	}
	cases := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrDamaged, "EOF"},
		{"not json", []byte("\x00\x01garbage"), ErrDamaged, "invalid character"},
		{"truncated", good[:len(good)/2], ErrDamaged, "unexpected EOF"},
		{"other schema", replace(DraftSchema, "convergence.result/v1"), ErrDamaged, "not a convergence.draft/v1 document"},
		{"unknown field", replace(`"answers"`, `"extra": 1, "answers"`), ErrDamaged, "unknown field"},
		{"other questionnaire", replace(`"id": "convergence-core"`, `"id": "other"`), ErrDamaged, `for questionnaire "other"`},
		{"other version", replace(`"version": "1.0"`, `"version": "0.9"`), ErrStale, "started with convergence-core@0.9, and this is convergence-core@1.0"},
		{"other wording", replace(q.Digest, "sha256:00"), ErrStale, "with changed wording"},
		{"unknown question", replace(`"answers": {}`, `"answers": {"data.nope": {"status": "unsure"}}`), ErrDamaged, `unknown question "data.nope"`},
		{"level out of range", replace(`"answers": {}`, `"answers": {"data.quality": {"status": "answered", "level": 9}}`), ErrDamaged, "level 9"},
		{"na not allowed", replace(`"answers": {}`, `"answers": {"data.quality": {"status": "na"}}`), ErrDamaged, "not applicable"},
		{"unknown status", replace(`"answers": {}`, `"answers": {"data.quality": {"status": "maybe"}}`), ErrDamaged, `unknown status "maybe"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := ParseDraft(c.data, q)
			if d != nil || !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("ParseDraft = %v, %v; want %v containing %q", d, err, c.want, c.msg)
			}
		})
	}
}

func TestToAnswersScoresLikeAnAnswersFile(t *testing.T) {
	q := defaultQ(t)
	d := NewDraft(q, start)
	for _, qu := range q.Questions() {
		d.Answers[qu.ID] = Answer{Status: result.Answered, Level: 3}
	}
	d.Answers["data.customer-id"] = Answer{Status: result.Answered, Level: 4, Note: "account_id"}
	if !d.Complete(q) {
		t.Fatal("a draft with every answer is not complete")
	}
	a := d.ToAnswers(q)
	if err := questionnaire.CheckAnswers(q, a).AsError(); err != nil {
		t.Fatal(err)
	}
	if a.Questionnaire != q.Ref() || len(a.Items) != 18 || a.Items[0].Question != "data.customer-id" || a.Items[0].Note != "account_id" {
		t.Errorf("answers = %+v", a)
	}
}

// session is a line-mode session over the given input.
func session(t *testing.T, q *questionnaire.Questionnaire, input string) (*Lines, *Session, *bytes.Buffer, *int) {
	t.Helper()
	out := &bytes.Buffer{}
	saves := new(int)
	s := &Session{Questionnaire: q, Draft: NewDraft(q, start), Now: func() time.Time { return start }, Save: func() { *saves++ }}
	return &Lines{In: strings.NewReader(input), Out: out}, s, out, saves
}

func TestLinesAnswersOneLinePerQuestion(t *testing.T) {
	q := defaultQ(t)
	// An invalid line is asked again; 6 is "Not sure", 7 "Not applicable"
	// where the question allows it (data.product-usage does).
	input := "3\nthree\n9\n\n2\n6\n3\n7\n7\n4\n" + strings.Repeat("5\r\n", 12)
	l, s, out, saves := session(t, q, input)
	if resume, err := l.Welcome(context.Background(), s); resume || err != nil {
		t.Fatalf("Welcome = %v, %v", resume, err)
	}
	if err := l.Ask(context.Background(), s); err != nil {
		t.Fatalf("Ask: %v\n%s", err, out)
	}
	want := map[string]Answer{
		"data.customer-id":   {Status: result.Answered, Level: 3},
		"data.quality":       {Status: result.Answered, Level: 2},
		"data.consent":       {Status: result.Unsure},
		"data.cross-team":    {Status: result.Answered, Level: 3},
		"data.product-usage": {Status: result.NA},
	}
	for id, w := range want {
		if got := s.Draft.Answers[id]; got != w {
			t.Errorf("%s = %+v, want %+v", id, got, w)
		}
	}
	if got := s.Draft.Answers["platforms.stack"]; got != (Answer{Status: result.Answered, Level: 4}) {
		t.Errorf("platforms.stack = %+v (a 7 is not an option there, so it was asked again)", got)
	}
	if !s.Draft.Complete(q) || *saves != 18 {
		t.Errorf("complete = %v, saves = %d", s.Draft.Complete(q), *saves)
	}
	text := out.String()
	for _, w := range []string{
		"Convergence Maturity Diagnostic",
		"About 5 minutes, 18 questions in four areas",
		"Your answers stay on this machine.",
		"Pick the highest option that is fully true today.",
		"Data foundation · 1 of 4",
		"Question 1 of 18. ",
		"  6. Not sure\n",
		"  7. Not applicable\n",
		`"three" is not one of the options. Type a number from 1 to 6, or b to go back.`,
		`"" is not one of the options.`,
		"All 18 questions are answered.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if strings.Count(text, q.Intro) != 1 {
		t.Errorf("the intro is said %d times, want once", strings.Count(text, q.Intro))
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("line mode writes escape sequences")
	}
}

func TestLinesEndOfInputNamesTheLastQuestion(t *testing.T) {
	q := defaultQ(t)
	l, s, _, saves := session(t, q, "3\n3\n3\n3\n3\n3\n3\n3\n3\n")
	err := l.Ask(context.Background(), s)
	var eoi *EndOfInputError
	if !errors.As(err, &eoi) || err.Error() != "input ended after question 9" {
		t.Fatalf("err = %v", err)
	}
	if s.Draft.Answered() != 9 || *saves != 9 {
		t.Errorf("answered %d, saved %d times", s.Draft.Answered(), *saves)
	}

	// The next sitting asks only what is missing, and numbers it as before.
	l2, s2, out, _ := session(t, q, "2\n")
	s2.Draft = s.Draft
	if resume, _ := l2.Welcome(context.Background(), s2); !resume {
		t.Error("a draft with answers is not resumed")
	}
	err = l2.Ask(context.Background(), s2)
	if err == nil || err.Error() != "input ended after question 10" {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(out.String(), "Continuing your unfinished assessment: 9 of 18 answered, started 14:02.") ||
		strings.Contains(out.String(), "Question 9 of 18") || !strings.Contains(out.String(), "KPIs & measurement · 3 of 4\n\nQuestion 10 of 18.") {
		t.Errorf("output:\n%s", out)
	}
	if got := s2.Draft.Answers["kpis.definitions"]; got.Level != 2 {
		t.Errorf("kpis.definitions = %+v", got)
	}

	l3, s3, _, _ := session(t, q, "")
	if err := l3.Ask(context.Background(), s3); err == nil || err.Error() != "input ended before the first question" {
		t.Errorf("err = %v", err)
	}
}

func TestLinesAsksRespondentAndNotes(t *testing.T) {
	q := defaultQ(t)
	// Name, role by number, organisation; then the customer-ID gate at 3
	// with an evidence note, and consent at 3 with the note skipped.
	input := "Ana Ruiz\nnot a role\n2\nAcme\n3\naccount_id in CRM\n1\n3\n\n" + strings.Repeat("1\n", 15)
	l, s, out, _ := session(t, q, input)
	s.AskName, s.AskRole, s.AskOrg, s.Notes = true, true, true, true
	if err := l.Ask(context.Background(), s); err != nil {
		t.Fatalf("Ask: %v\n%s", err, out)
	}
	if want := (questionnaire.Respondent{Name: "Ana Ruiz", Role: "sales", Org: "Acme"}); s.Draft.Respondent != want {
		t.Errorf("respondent = %+v", s.Draft.Respondent)
	}
	if got := s.Draft.Answers["data.customer-id"]; got.Note != "account_id in CRM" {
		t.Errorf("customer-id = %+v", got)
	}
	if got := s.Draft.Answers["data.consent"]; got.Note != "" || got.Level != 3 {
		t.Errorf("consent = %+v", got)
	}
	if n := strings.Count(out.String(), "Evidence for"); n != 2 {
		t.Errorf("%d evidence prompts, want 2 (gate questions at 3 only)", n)
	}

	// Without Notes, the same answers ask no note.
	l2, s2, out2, _ := session(t, q, strings.Repeat("3\n", 18))
	if err := l2.Ask(context.Background(), s2); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out2.String(), "Evidence for") || strings.Contains(out2.String(), "About you") {
		t.Errorf("unasked prompts:\n%s", out2)
	}
}

func TestLinesStopsOnCancel(t *testing.T) {
	q := defaultQ(t)
	r, w := io.Pipe()
	defer w.Close()
	l, s, _, _ := session(t, q, "")
	l.In = r
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- l.Ask(ctx, s) }()
	if _, err := io.WriteString(w, "4\n"); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, ErrInterrupted) {
		t.Errorf("err = %v", err)
	}
}

// FuzzParseDraft checks that no draft file, however damaged, makes
// ParseDraft panic or return a draft it has not checked.
func FuzzParseDraft(f *testing.F) {
	q := defaultQ(f)
	good, _ := NewDraft(q, start).Marshal()
	f.Add(good)
	f.Add([]byte(`{"schema":"convergence.draft/v1","answers":{"data.quality":{"status":"answered","level":7}}}`))
	f.Add([]byte("\x00garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDraft(data, q)
		if (d == nil) == (err == nil) {
			t.Fatalf("ParseDraft = %v, %v", d, err)
		}
		if d != nil && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrStale) {
			for id, a := range d.Answers {
				if checkAnswer(q, id, a) != nil {
					t.Fatalf("accepted a bad answer %s: %+v", id, a)
				}
			}
		}
		if err != nil && !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrStale) {
			t.Fatalf("error wraps neither ErrDamaged nor ErrStale: %v", err)
		}
	})
}

// A draft records the questionnaire's content digest, so a change to the
// file that is not a change of wording (a comment, the layout) does not
// make it stale; a draft written when the digest hashed the file's bytes
// resumes too, through the questionnaire's earlier_digests.
func TestDraftSurvivesACommentOnlyChange(t *testing.T) {
	src, err := questionnaires.FS.ReadFile("convergence-core-1.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	before, err := questionnaire.Parse("q.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDraft(before, start)
	d.Answers["data.customer-id"] = Answer{Status: result.Answered, Level: 2}
	data, err := d.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	after, err := questionnaire.Parse("q.yaml", append([]byte("# Reviewed again in December.\n"), src...))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseDraft(data, after); err != nil {
		t.Errorf("a comment made the draft unusable: %v", err)
	}
	if len(after.EarlierDigests) == 0 {
		t.Fatal("the built-in questionnaire lists no earlier digests")
	}
	d.Questionnaire.Digest = after.EarlierDigests[0]
	old, _ := d.Marshal()
	if _, err := ParseDraft(old, after); err != nil {
		t.Errorf("a draft with the earlier digest did not resume: %v", err)
	}
	reworded, err := questionnaire.Parse("q.yaml", []byte(strings.Replace(string(src), "No regular forum", "No regular meeting", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseDraft(data, reworded); !errors.Is(err, ErrStale) {
		t.Errorf("a reworded option: err = %v, want ErrStale", err)
	}
}

// TestLinesGoesBack answers "b" to go back a question, twice, and changes
// both answers on the way forward again; "b" at the first question says
// there is nothing to go back to.
func TestLinesGoesBack(t *testing.T) {
	q := defaultQ(t)
	input := "b\n3\n2\nb\nback\n5\n4\n" + strings.Repeat("1\n", 16)
	l, s, out, saves := session(t, q, input)
	if err := l.Ask(context.Background(), s); err != nil {
		t.Fatalf("Ask: %v\n%s", err, out)
	}
	if got := s.Draft.Answers["data.customer-id"]; got != (Answer{Status: result.Answered, Level: 5}) {
		t.Errorf("data.customer-id = %+v, want the answer given after going back", got)
	}
	if got := s.Draft.Answers["data.quality"]; got != (Answer{Status: result.Answered, Level: 4}) {
		t.Errorf("data.quality = %+v, want the answer given after going back", got)
	}
	if !s.Draft.Complete(q) || *saves != 20 {
		t.Errorf("complete = %v, saves = %d (18 answers and 2 given again)", s.Draft.Complete(q), *saves)
	}
	text := out.String()
	for _, w := range []string{
		"b goes back to the previous question",
		"There is no earlier question to go back to here.",
		"Your answer was 3. ",
		"Your answer was 2. ",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("output lacks %q:\n%s", w, text)
		}
	}
	if n := strings.Count(text, "Question 1 of 18. "); n != 2 {
		t.Errorf("question 1 asked %d times, want 2", n)
	}
}

// TestLinesCleansAndLimitsText asks again for a name longer than results
// keep, and drops the escape sequences typed or pasted into one.
func TestLinesCleansAndLimitsText(t *testing.T) {
	q := defaultQ(t)
	input := strings.Repeat("x", result.MaxNameLength+1) + "\nAna\x1b[31m Ruiz\n\n\x1b]0;pwned\x07Acme\n" + strings.Repeat("3\n", 18)
	l, s, out, _ := session(t, q, input)
	s.AskName, s.AskRole, s.AskOrg = true, true, true
	if err := l.Ask(context.Background(), s); err != nil {
		t.Fatalf("Ask: %v\n%s", err, out)
	}
	if want := (questionnaire.Respondent{Name: "Ana[31m Ruiz", Org: "]0;pwnedAcme"}); s.Draft.Respondent != want {
		t.Errorf("respondent = %+v, want %+v", s.Draft.Respondent, want)
	}
	if !strings.Contains(out.String(), "That is 201 characters long; the most is 200. Type it again, shorter.") {
		t.Errorf("output:\n%s", out)
	}
}
