package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/survey"
)

var assessTime = time.Date(2026, 11, 24, 14, 2, 0, 0, time.UTC)

// stubAsker answers every question it is asked at one level, optionally
// stopping after a number of answers as Ctrl-C would.
type stubAsker struct {
	level     int
	resume    bool
	stopAfter int
	// offered is the number of answers in the draft the welcome screen
	// offered to resume; -1 when there was none.
	offered int
	asked   int
}

func (a *stubAsker) Welcome(_ context.Context, s *survey.Session) (bool, error) {
	a.offered = -1
	if s.Draft != nil {
		a.offered = s.Draft.Answered()
	}
	return a.resume && s.Draft != nil, nil
}

func (a *stubAsker) Ask(_ context.Context, s *survey.Session) error {
	for _, qu := range s.Questionnaire.Questions() {
		if _, ok := s.Draft.Answers[qu.ID]; ok {
			continue
		}
		if a.stopAfter > 0 && a.asked == a.stopAfter {
			return survey.ErrInterrupted
		}
		s.Draft.Answers[qu.ID] = survey.Answer{Status: result.Answered, Level: a.level}
		a.asked++
		s.Save()
	}
	return nil
}

type assessEnv struct {
	f              *factory
	out, errOut    *bytes.Buffer
	state, data    string
	draft, results string
}

// questionCount is how many questions the default questionnaire asks.
func questionCount(t *testing.T) int {
	t.Helper()
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	return len(q.Questions())
}

func newAssessEnv(t *testing.T) *assessEnv {
	t.Helper()
	dir := t.TempDir()
	e := &assessEnv{state: filepath.Join(dir, "state"), data: filepath.Join(dir, "data")}
	ios, _, out, errOut := TestStreams()
	ios.Getenv = func(k string) string {
		return map[string]string{"XDG_STATE_HOME": e.state, "XDG_DATA_HOME": e.data}[k]
	}
	e.f = &factory{io: ios, now: func() time.Time { return assessTime }, signals: context.WithCancel}
	e.out, e.errOut = out, errOut
	e.draft = filepath.Join(e.state, "convergence", "draft-convergence-core.json")
	e.results = filepath.Join(e.data, "convergence", "results")
	return e
}

func jsonOptions() *assessOptions {
	return &assessOptions{respondent: "Ana", role: "marketing", output: outputFlags{format: "json", allowed: report.Formats}}
}

// run runs one assessment and returns its exit code, printing the error
// as Run would.
func (e *assessEnv) run(t *testing.T, opts *assessOptions, a asker) int {
	t.Helper()
	e.out.Reset()
	e.errOut.Reset()
	err := runAssess(context.Background(), e.f, opts, a)
	if err != nil {
		printError(e.errOut, newCmdAssess(e.f), err)
	}
	return exitCode(err)
}

func readDraft(t *testing.T, path string) *survey.Draft {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d survey.Draft
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

func TestAssessSavesTheResultAndRemovesTheDraft(t *testing.T) {
	e := newAssessEnv(t)
	if code := e.run(t, jsonOptions(), &stubAsker{level: 3}); code != 0 {
		t.Fatalf("exit %d: %s", code, e.errOut)
	}
	saved := filepath.Join(e.results, "2026-11-24T14-02-00Z-convergence-core.json")
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, e.out.Bytes()) {
		t.Error("the saved result differs from the JSON printed")
	}
	r, err := result.Parse(saved, data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Respondent.Name != "Ana" || r.Respondent.Role != "marketing" || len(r.Answers) != questionCount(t) || r.Answers[0].Level != 3 {
		t.Errorf("result = %+v", r.Respondent)
	}
	if _, err := os.Stat(e.draft); !os.IsNotExist(err) {
		t.Errorf("the draft is still there: %v", err)
	}
	if !strings.Contains(e.errOut.String(), "Saved in "+saved) {
		t.Errorf("stderr = %q", e.errOut)
	}
}

func TestAssessInterruptedKeepsTheDraftAndResumes(t *testing.T) {
	e := newAssessEnv(t)
	code := e.run(t, jsonOptions(), &stubAsker{level: 2, stopAfter: 9})
	if code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	if want := "Stopped. Your 9 answers are kept: run 'convergence assess' to continue.\n"; e.errOut.String() != want {
		t.Errorf("stderr = %q, want %q", e.errOut, want)
	}
	if e.out.Len() != 0 {
		t.Errorf("stdout = %q", e.out)
	}
	if d := readDraft(t, e.draft); len(d.Answers) != 9 || d.Respondent.Name != "Ana" {
		t.Fatalf("draft = %+v", d)
	}

	a := &stubAsker{level: 4, resume: true}
	if code := e.run(t, jsonOptions(), a); code != 0 {
		t.Fatalf("exit %d: %s", code, e.errOut)
	}
	if a.offered != 9 || a.asked != questionCount(t)-9 {
		t.Errorf("offered %v, asked %d", a.offered, a.asked)
	}
	var r result.Result
	if err := json.Unmarshal(e.out.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	for i, ans := range r.Answers {
		want := 2
		if i >= 9 {
			want = 4
		}
		if ans.Level != want {
			t.Errorf("answer %d (%s) = %d, want %d: the union of both sittings", i+1, ans.Question, ans.Level, want)
		}
	}
}

func TestAssessFreshIgnoresTheDraft(t *testing.T) {
	e := newAssessEnv(t)
	e.run(t, jsonOptions(), &stubAsker{level: 2, stopAfter: 3})
	opts := jsonOptions()
	opts.fresh = true
	a := &stubAsker{level: 5, resume: true}
	if code := e.run(t, opts, a); code != 0 {
		t.Fatalf("exit %d: %s", code, e.errOut)
	}
	if a.offered != -1 || a.asked != questionCount(t) {
		t.Errorf("offered %v, asked %d", a.offered, a.asked)
	}
	if !strings.Contains(e.errOut.String(), fmt.Sprintf("Starting again: the unfinished assessment (3 of %d answered, started 14:02) will be replaced.", questionCount(t))) {
		t.Errorf("stderr = %q", e.errOut)
	}
}

func TestAssessSetsADamagedDraftAside(t *testing.T) {
	for _, content := range []string{"{\"schema\": \"convergence.draft/v1\",", "\x00\xff not json", `{"schema":"convergence.draft/v1","questionnaire":{"id":"convergence-core","version":"0.1","digest":"x"},"started_at":"2026-11-24T14:02:00Z","answers":{}}`} {
		e := newAssessEnv(t)
		if err := os.MkdirAll(filepath.Dir(e.draft), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(e.draft, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		a := &stubAsker{level: 3, resume: true}
		if code := e.run(t, jsonOptions(), a); code != 0 {
			t.Fatalf("exit %d: %s", code, e.errOut)
		}
		if a.offered != -1 {
			t.Error("a draft that cannot be used was offered")
		}
		reason, why := "damaged", "(damaged draft: "
		if strings.Contains(content, `"0.1"`) {
			reason, why = "stale", "(another questionnaire version: it was started with convergence-core@0.1, and this is convergence-core@1.1)"
		}
		aside := e.draft + "." + reason + "-20261124T140200Z"
		if want := "The unfinished assessment cannot be continued " + why; !strings.Contains(e.errOut.String(), want) || !strings.Contains(e.errOut.String(), "it is set aside as "+aside+". Starting a new assessment.") {
			t.Errorf("stderr = %q", e.errOut)
		}
		if got, _ := os.ReadFile(aside); string(got) != content {
			t.Errorf("the set-aside draft holds %q", got)
		}
	}
}

func TestAssessUnwritableHistoryKeepsTheDraft(t *testing.T) {
	e := newAssessEnv(t)
	// The data directory is a file: nothing can be created below it, even
	// by root.
	if err := os.WriteFile(e.data, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	opts := jsonOptions()
	opts.output.format = "text"
	code := e.run(t, opts, &stubAsker{level: 3})
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(e.out.String(), "Level ") {
		t.Errorf("the report was not printed: %q", e.out)
	}
	if !strings.Contains(e.errOut.String(), "the result was not saved in the history: cannot save the result in "+e.results) ||
		!strings.Contains(e.errOut.String(), "your answers are kept, so run 'convergence assess' again to save it.") {
		t.Errorf("stderr = %q", e.errOut)
	}
	if d := readDraft(t, e.draft); len(d.Answers) != questionCount(t) {
		t.Errorf("draft has %d answers", len(d.Answers))
	}
}

// With neither the history nor a draft writable, the message must not
// promise that the answers are kept.
func TestAssessNothingWritableSaysNothingIsKept(t *testing.T) {
	e := newAssessEnv(t)
	for _, dir := range []string{e.data, e.state} {
		if err := os.WriteFile(dir, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	opts := jsonOptions()
	opts.output.format = "text"
	if code := e.run(t, opts, &stubAsker{level: 3}); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	got := e.errOut.String()
	if strings.Contains(got, "your answers are kept") || strings.Contains(got, "too many files") ||
		!strings.Contains(got, "nor could your answers be kept as a draft, so the report above is all there is") {
		t.Errorf("stderr = %q", got)
	}
}

func TestAssessSave(t *testing.T) {
	e := newAssessEnv(t)
	path := filepath.Join(t.TempDir(), "r.json")
	opts := jsonOptions()
	opts.save = path
	if code := e.run(t, opts, &stubAsker{level: 3}); code != 0 {
		t.Fatalf("exit %d: %s", code, e.errOut)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, e.out.Bytes()) {
		t.Error("--save holds something else than the result")
	}

	// An existing file is refused before any question is asked, unless
	// --force is given.
	err := startAssess(context.Background(), e.f, opts)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "the file exists; choose another name, or add --force to replace it") {
		t.Errorf("err = %v", err)
	}
	opts.force = true
	opts.accessible = true
	e.f.io.In = strings.NewReader(strings.Repeat("1\n", questionCount(t)))
	if err := startAssess(context.Background(), e.f, opts); err != nil {
		t.Fatal(err)
	}
	var r result.Result
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &r); err != nil || r.Answers[0].Level != 1 {
		t.Errorf("--force did not replace the file: %v", err)
	}
}

func TestAssessFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"assess", "--role", "cmo"}, `--role "cmo" is not a role; use one of marketing, sales, service, product, it, data, leadership, other.`},
		{[]string{"assess", "--force"}, "--force only applies to --save FILE."},
		{[]string{"assess", "--format", "pdf"}, `unknown format "pdf"`},
	}
	for _, c := range cases {
		code, stdout, stderr := run(t, c.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
}

func TestAccessibleWanted(t *testing.T) {
	ios, _, _, _ := TestStreams()
	if !accessibleWanted(ios) {
		t.Error("no terminal, yet a full-screen form")
	}
	ios.inTTY, ios.errTTY = true, true
	if accessibleWanted(ios) {
		t.Error("a terminal, yet line mode")
	}
	for _, env := range []map[string]string{{"ACCESSIBLE": "1"}, {"ACCESSIBLE": "true"}, {"TERM": "dumb"}} {
		ios.Getenv = func(k string) string { return env[k] }
		if !accessibleWanted(ios) {
			t.Errorf("%v: full-screen form", env)
		}
	}
	ios.Getenv = func(k string) string { return map[string]string{"ACCESSIBLE": "0"}[k] }
	if accessibleWanted(ios) {
		t.Error("ACCESSIBLE=0 asks line by line")
	}
}

func TestAssessInputEndingEarlyIsAnInputError(t *testing.T) {
	e := newAssessEnv(t)
	e.f.io.In = strings.NewReader("3\n3\n")
	opts := jsonOptions()
	opts.accessible = true
	err := startAssess(context.Background(), e.f, opts)
	if exitCode(err) != 2 || err.Error() != "input ended after question 2. Your 2 answers are kept: run 'convergence assess' to continue." {
		t.Errorf("exit %d: %v", exitCode(err), err)
	}
	if d := readDraft(t, e.draft); len(d.Answers) != 2 {
		t.Errorf("draft has %d answers", len(d.Answers))
	}
}

// The scripted example in assess's help pipes one line per question of
// the default questionnaire: a wrong count makes it end early (exit 2).
func TestAssessHelpExampleAnswersEveryQuestion(t *testing.T) {
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	_, help, _ := run(t, "assess", "--help")
	n := len(q.Questions())
	for _, want := range []string{fmt.Sprintf("all %d at the third option", n), fmt.Sprintf("$(seq %d) |", n)} {
		if !strings.Contains(help, want) {
			t.Errorf("assess --help lacks %q for a questionnaire of %d questions", want, n)
		}
	}
}
