package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/survey"
)

// stubFacilitator brings the given respondents one after another, each
// answering every question at their level; stopAfter interrupts the
// respondent of that index after a few answers, as Ctrl-C would.
type stubFacilitator struct {
	people    []survey.Next
	levels    []int
	stopAt    int // index of the respondent to interrupt; -1 for none
	stopAfter int
	turn      int
	handOvers []string
	rounds    []survey.Round
}

func (s *stubFacilitator) NextRespondent(_ context.Context, r survey.Round) (survey.Next, error) {
	s.rounds = append(s.rounds, r)
	if s.turn >= len(s.people) {
		return survey.Next{Done: true}, nil
	}
	return s.people[s.turn], nil
}

func (s *stubFacilitator) Welcome(_ context.Context, ss *survey.Session) (bool, error) {
	return ss.Draft.Answered() > 0, nil
}

func (s *stubFacilitator) Ask(ctx context.Context, ss *survey.Session) error {
	a := &stubAsker{level: s.levels[s.turn]}
	if s.turn == s.stopAt {
		a.stopAfter = s.stopAfter
		s.stopAt = -1 // only once: the next run finishes
	}
	if err := a.Ask(ctx, ss); err != nil {
		return err
	}
	s.turn++
	return nil
}

func (s *stubFacilitator) HandOver(name string) { s.handOvers = append(s.handOvers, name) }

func TestWorkshopKeepsEachResultAndContinues(t *testing.T) {
	e := newAssessEnv(t)
	dir := filepath.Join(t.TempDir(), "ws")
	opts := &workshopOptions{dir: dir, org: "Acme", output: outputFlags{format: "json", allowed: report.Formats}}
	fac := &stubFacilitator{
		people: []survey.Next{{Name: "Ana Ruiz", Role: "marketing"}, {Name: "Bo", Role: "sales"}},
		levels: []int{4, 2}, stopAt: 1, stopAfter: 5,
	}

	// The second respondent is interrupted: the first result is saved, the
	// second respondent's answers are kept as a draft in the directory.
	err := runWorkshop(context.Background(), e.f, opts, fac)
	if code := exitCode(err); code != exitCancelled {
		t.Fatalf("exit %d (%v), want 130", code, err)
	}
	if !strings.Contains(err.Error(), "1 result is saved in "+dir+", and Bo's 5 answers are kept") {
		t.Errorf("message = %q", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ana-ruiz-marketing.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".draft-convergence-core.json")); err != nil {
		t.Fatal("the interrupted respondent's draft is gone:", err)
	}
	if len(fac.handOvers) != 1 || fac.handOvers[0] != "Ana Ruiz" {
		t.Errorf("hand-overs = %q", fac.handOvers)
	}

	// Run again: Bo's answers are offered back and finished, then the
	// facilitator ends the round and gets the group report.
	e.out.Reset()
	if err := runWorkshop(context.Background(), e.f, opts, fac); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bo-sales.json")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".draft-convergence-core.json")); !os.IsNotExist(err) {
		t.Error("the draft is still there after the result was saved")
	}
	last := fac.rounds[len(fac.rounds)-1]
	if strings.Join(last.Done, "; ") != "Ana Ruiz (Marketing); Bo (Sales)" {
		t.Errorf("the facilitator saw %q", last.Done)
	}
	out := e.out.String()
	if !strings.Contains(out, `"schema": "convergence.workshop/v1"`) || !strings.Contains(out, `"name": "Ana Ruiz"`) {
		t.Errorf("the group report is not the workshop document:\n%.400s", out)
	}
}

func TestWorkshopRefusesADirectoryOfAnotherQuestionnaire(t *testing.T) {
	e := newAssessEnv(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.json"), []byte(`{"schema": "convergence.result/v1", "questionnaire": {"id": "other"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := &workshopOptions{dir: dir, output: outputFlags{format: "json", allowed: report.Formats}}
	err := runWorkshop(context.Background(), e.f, opts, &stubFacilitator{})
	if code := exitCode(err); code != exitInput {
		t.Fatalf("exit %d (%v), want 2 before anyone answers", code, err)
	}
}

func TestFileSlug(t *testing.T) {
	for in, want := range map[string]string{"Ana Ruiz": "ana-ruiz", "  ": "respondent", "Zoë/../x": "zo-x", strings.Repeat("a", 60): strings.Repeat("a", 40)} {
		if got := fileSlug(in); got != want {
			t.Errorf("fileSlug(%q) = %q, want %q", in, got, want)
		}
	}
}
