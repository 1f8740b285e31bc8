//go:build !windows

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/result"
	"github.com/convergence-model/convergence/internal/survey"
)

// Keys as a terminal sends them.
const (
	keyEnter    = "\r"
	keyDown     = "\x1b[B"
	keyShiftTab = "\x1b[Z"
	keyCtrlC    = "\x03"
)

// waitLimit bounds every wait for the screen: it catches a hang, it is not
// a timing assertion. The screen usually changes within milliseconds.
const waitLimit = 10 * time.Second

// term is the real program running in a pseudo-terminal.
type term struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	scr  *screen
	raw  strings.Builder
	done chan error
}

// dirs are the XDG directories of one test, shared by its runs.
type dirs struct{ home, state, data string }

func newDirs(t *testing.T) dirs {
	d := t.TempDir()
	return dirs{home: d, state: filepath.Join(d, "state"), data: filepath.Join(d, "data")}
}

func (d dirs) draft() string {
	return filepath.Join(d.state, "convergence", "draft-convergence-core.json")
}

// start runs the test binary as the program, in a 100×40 terminal.
func start(t *testing.T, d dirs, args ...string) *term {
	t.Helper()
	return startSized(t, d, 40, 100, args...)
}

// startSized runs the test binary as the program in a terminal of the
// given size.
func startSized(t *testing.T, d dirs, rows, cols int, args ...string) *term {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = d.home
	cmd.Env = []string{
		runMainEnv + "=1",
		"TERM=xterm-256color",
		"HOME=" + d.home,
		"XDG_STATE_HOME=" + d.state,
		"XDG_DATA_HOME=" + d.data,
		"PATH=" + os.Getenv("PATH"),
	}
	if cov := os.Getenv("GOCOVERDIR"); cov != "" {
		cmd.Env = append(cmd.Env, "GOCOVERDIR="+cov)
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(rows), Cols: uint16(cols)})
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, cmd: cmd, pty: f, scr: newScreen(rows, cols), done: make(chan error, 1)}
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			tm.mu.Lock()
			tm.scr.write(buf[:n])
			tm.raw.Write(buf[:n])
			tm.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() {
		err := cmd.Wait()
		// The output is read to its end before the exit is reported, so
		// the last screen is complete.
		select {
		case <-read:
		case <-time.After(waitLimit):
		}
		tm.done <- err
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		f.Close()
	})
	return tm
}

// history is what has scrolled off the top of the screen.
func (tm *term) history() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.scr.history()
}

func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.scr.text()
}

// waitFor waits until the screen shows every one of the texts.
func (tm *term) waitFor(texts ...string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := tm.screen()
		missing := ""
		for _, text := range texts {
			if !strings.Contains(s, text) {
				missing = text
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			tm.mu.Lock()
			raw := tm.raw.String()
			tm.mu.Unlock()
			if os.Getenv("CONVERGENCE_TEST_RAW") != "" {
				tm.t.Logf("raw output:\n%q", raw)
			}
			tm.t.Fatalf("the screen does not show %q after %v:\n%s", missing, waitLimit, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := tm.pty.WriteString(k); err != nil {
			tm.t.Fatal(err)
		}
	}
}

// exit waits for the program to end and returns its exit code.
func (tm *term) exit() int {
	tm.t.Helper()
	select {
	case err := <-tm.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			tm.t.Fatal(err)
		}
		return 0
	case <-time.After(waitLimit):
		tm.t.Fatalf("the program did not end within %v; screen:\n%s", waitLimit, tm.screen())
	}
	return -1
}

// focused is how the form marks the question that has the focus: a bar
// at the left of it. A prompt's first words are enough to find it.
func focused(qu *questionnaire.Question) string {
	p := qu.Prompt
	if len(p) > 40 {
		p = p[:40]
	}
	return "┃ " + p
}

// answer picks option n (1 is the first) of the focused question, once
// the screen shows the focus on it. Keys for a question are sent only then,
// because huh moves the focus asynchronously after Enter.
func (tm *term) answer(qu *questionnaire.Question, n int) {
	tm.t.Helper()
	tm.waitFor(focused(qu))
	for range n - 1 {
		tm.send(keyDown)
	}
	tm.send(keyEnter)
}

func loadQ(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	q, _, err := questionnaire.Resolve("")
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func loadResult(t *testing.T, path string) *result.Result {
	t.Helper()
	r, err := result.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTerminalAssessment completes an assessment with arrow keys and
// Enter, goes back a page and changes an answer, and writes an evidence
// note for the shared-customer-ID gate.
func TestTerminalAssessment(t *testing.T) {
	t.Parallel()
	q := loadQ(t)
	d := newDirs(t)
	tm := start(t, d, "assess", "--respondent", "Ana", "--role", "marketing", "--save", "r.json")
	tm.waitFor(q.Title, fmt.Sprintf("About 5 minutes, %d questions in four areas", len(q.Questions())), "Your answers stay on this machine.", q.Intro[:40], "Start")
	tm.send(keyEnter)

	data := q.Dimensions[0].Questions
	tm.waitFor("Data foundation · 1 of 4")
	tm.answer(&data[0], 3) // the customer-ID gate at 3 asks for evidence
	for i := 1; i < len(data); i++ {
		tm.answer(&data[i], 2)
	}
	// The evidence page says which answer it is for.
	tm.waitFor("Data foundation · 1 of 4 · evidence", focused(&data[0]), "You answered “"+data[0].Option(3)[:20])
	tm.send("account_id", keyEnter)

	// Back from the next page: first the evidence page, then the data
	// page, on its last question, which is changed from 2 to 4.
	platforms := q.Dimensions[1].Questions
	tm.waitFor("Platforms & integration · 2 of 4", focused(&platforms[0]))
	tm.send(keyShiftTab)
	tm.waitFor("Data foundation · 1 of 4 · evidence", "account_id")
	tm.send(keyShiftTab)
	tm.waitFor("Data foundation · 1 of 4\n", focused(&data[4]))
	tm.send(keyDown, keyDown, keyEnter)
	tm.waitFor("Data foundation · 1 of 4 · evidence")
	tm.send(keyEnter)

	for i, dim := range q.Dimensions[1:] {
		tm.waitFor(dim.Name + " · " + string(rune('2'+i)) + " of 4")
		for j := range dim.Questions {
			tm.answer(&dim.Questions[j], 1)
		}
	}
	tm.waitFor(fmt.Sprintf("That was the last of the %d questions", len(q.Questions())), "See my result")
	tm.send(keyEnter)
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, tm.screen())
	}
	if s := tm.screen(); !strings.Contains(s, "Saved in r.json") || !strings.Contains(s, "Measure & Scale") {
		t.Errorf("the report is not on the screen:\n%s", s)
	}

	r := loadResult(t, filepath.Join(d.home, "r.json"))
	want := map[string]result.Answer{
		"data.customer-id":   {Level: 3, Note: "account_id"},
		"data.quality":       {Level: 2},
		"data.product-usage": {Level: 4},
		"platforms.stack":    {Level: 1},
		"alignment.handoffs": {Level: 1},
	}
	for _, a := range r.Answers {
		if w, ok := want[a.Question]; ok && (a.Level != w.Level || a.Note != w.Note || a.Status != "answered") {
			t.Errorf("%s = level %d note %q (%s), want level %d note %q", a.Question, a.Level, a.Note, a.Status, w.Level, w.Note)
		}
	}
	if r.Respondent.Name != "Ana" || r.Respondent.Role != "marketing" {
		t.Errorf("respondent = %+v", r.Respondent)
	}
	if _, err := os.Stat(d.draft()); !os.IsNotExist(err) {
		t.Errorf("the draft is left behind: %v", err)
	}
}

// TestTerminalInterruptAndResume starts bare convergence, answers who is
// answering and two pages, stops with Ctrl-C half-way through the third,
// and finishes in a second run that resumes the draft where it stopped:
// on the second question of the third page.
func TestTerminalInterruptAndResume(t *testing.T) {
	t.Parallel()
	q := loadQ(t)
	d := newDirs(t)
	tm := start(t, d)
	tm.waitFor(q.Title, "Start")
	tm.send(keyEnter)
	tm.waitFor("About you", "┃ Your name")
	tm.send("Ana Ruiz", keyEnter)
	tm.waitFor("┃ Your role")
	tm.send(keyDown, keyEnter) // Marketing, below "Prefer not to say"
	tm.waitFor("┃ Your organisation")
	tm.send("Acme", keyEnter)
	for _, dim := range q.Dimensions[:2] {
		for j := range dim.Questions {
			tm.answer(&dim.Questions[j], 1)
		}
	}
	kpis := q.Dimensions[2].Questions
	tm.answer(&kpis[0], 5)
	tm.waitFor(focused(&kpis[1]))
	tm.send(keyCtrlC)
	if code := tm.exit(); code != 130 {
		t.Fatalf("exit %d, want 130; screen:\n%s", code, tm.screen())
	}
	tm.waitFor("Stopped. Your 10 answers are kept: run 'convergence assess' to continue.")
	// The pages are wiped when the form ends: none is left in the
	// terminal's history either, the padded "About you" page included.
	if h := tm.history(); strings.Contains(h, "About you") || strings.Contains(h, "Your name") || strings.Contains(h, "┃") {
		t.Errorf("the form is left in the scrollback:\n%s", h)
	}
	draft := readDraft(t, d)
	if len(draft.Answers) != 10 || draft.Respondent != (questionnaire.Respondent{Name: "Ana Ruiz", Role: "marketing", Org: "Acme"}) {
		t.Fatalf("draft = %+v", draft)
	}
	if a := draft.Answers[kpis[0].ID]; a.Level != 5 {
		t.Errorf("%s = %+v, want level 5", kpis[0].ID, a)
	}

	tm = start(t, d, "assess", "--save", "r.json")
	tm.waitFor(fmt.Sprintf("You have an unfinished assessment: 10 of %d answered, started ", len(q.Questions())), "> Continue where I left off")
	tm.send(keyEnter)
	tm.waitFor("KPIs & measurement · 3 of 4", focused(&kpis[1]))
	for _, dim := range q.Dimensions[2:] {
		for j := range dim.Questions {
			if dim.ID == "kpis" && j == 0 {
				continue
			}
			tm.answer(&dim.Questions[j], 5)
		}
		if dim.ID == "kpis" {
			tm.waitFor("KPIs & measurement · 3 of 4 · evidence")
			tm.send(keyEnter)
		}
	}
	tm.waitFor("See my result")
	tm.send(keyEnter)
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, tm.screen())
	}
	r := loadResult(t, filepath.Join(d.home, "r.json"))
	for i, a := range r.Answers {
		want := 1
		if i >= 9 {
			want = 5
		}
		if a.Level != want {
			t.Errorf("%s = %d, want %d: the answers of both runs", a.Question, a.Level, want)
		}
	}
	if r.Respondent.Name != "Ana Ruiz" || r.Respondent.Org != "Acme" {
		t.Errorf("respondent = %+v", r.Respondent)
	}
}

// readDraft reads the draft of the default questionnaire.
func readDraft(t *testing.T, d dirs) survey.Draft {
	t.Helper()
	var draft survey.Draft
	data, err := os.ReadFile(d.draft())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &draft); err != nil {
		t.Fatal(err)
	}
	return draft
}

// TestTerminalCtrlCKeepsTheAnswersOfAPage answers two questions of the
// first page, stops with Ctrl-C, and finds both in the draft, with a
// message that says so. The next run opens on the third question.
func TestTerminalCtrlCKeepsTheAnswersOfAPage(t *testing.T) {
	t.Parallel()
	q := loadQ(t)
	d := newDirs(t)
	tm := start(t, d, "assess", "--respondent", "Ana", "--role", "sales")
	tm.waitFor(q.Title, "Start")
	tm.send(keyEnter)
	data := q.Dimensions[0].Questions
	tm.answer(&data[0], 2)
	tm.answer(&data[1], 4)
	tm.waitFor(focused(&data[2]))
	tm.send(keyDown) // moved to, not chosen: not an answer
	tm.send(keyCtrlC)
	if code := tm.exit(); code != 130 {
		t.Fatalf("exit %d, want 130; screen:\n%s", code, tm.screen())
	}
	tm.waitFor("Stopped. Your 2 answers are kept: run 'convergence assess' to continue.")
	draft := readDraft(t, d)
	want := map[string]survey.Answer{
		data[0].ID: {Status: result.Answered, Level: 2},
		data[1].ID: {Status: result.Answered, Level: 4},
	}
	if len(draft.Answers) != 2 || draft.Answers[data[0].ID] != want[data[0].ID] || draft.Answers[data[1].ID] != want[data[1].ID] {
		t.Fatalf("draft answers = %+v, want %+v", draft.Answers, want)
	}

	tm = start(t, d, "assess")
	tm.waitFor("You have an unfinished assessment: 2 of", "> Continue where I left off")
	tm.send(keyEnter)
	tm.waitFor("Data foundation · 1 of 4", focused(&data[2]))
	// Ctrl-C straight after Enter, before the form has moved on: the
	// answer chosen with Enter is kept all the same.
	tm.send(keyDown, keyDown, keyEnter, keyCtrlC)
	if code := tm.exit(); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	tm.waitFor("Stopped. Your 3 answers are kept")
	if a := readDraft(t, d).Answers[data[2].ID]; a != (survey.Answer{Status: result.Answered, Level: 3}) {
		t.Errorf("%s = %+v, want level 3", data[2].ID, a)
	}
}

// TestTerminalWorkshopShiftTabFromAnEmptyName goes back from the empty
// "Respondent's name" with Shift+Tab: the focus returns to "What next?",
// and Finish ends the workshop. (A name check that also held going back
// left no field focused, and only Ctrl-C got out.)
func TestTerminalWorkshopShiftTabFromAnEmptyName(t *testing.T) {
	t.Parallel()
	d := newDirs(t)
	tm := start(t, d, "workshop", "--dir", "ws")
	tm.waitFor("What next?", "> Next respondent")
	tm.send(keyEnter)
	tm.waitFor("┃ Respondent's name")
	tm.send(keyShiftTab)
	tm.waitFor("┃ What next?")
	tm.send(keyDown, keyEnter)
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit %d, want 0; screen:\n%s", code, tm.screen())
	}
	tm.waitFor("No results in ws yet, so there is no report.")
}

// TestTerminalSecondAssessmentWhileOneRuns starts a second assessment
// while a first one, with two answers in its draft, is still running. The
// second says another is running and exits with status 1 (a runtime
// failure: nothing is wrong with what was typed) without touching the
// draft; the first goes on.
func TestTerminalSecondAssessmentWhileOneRuns(t *testing.T) {
	t.Parallel()
	q := loadQ(t)
	d := newDirs(t)
	tm := start(t, d, "assess", "--respondent", "Ana", "--role", "sales")
	tm.waitFor(q.Title, "Start")
	tm.send(keyEnter)
	data := q.Dimensions[0].Questions
	tm.answer(&data[0], 2)
	tm.answer(&data[1], 3)
	tm.waitFor(focused(&data[2]))
	before, err := os.ReadFile(d.draft())
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(d.draft())
	if err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"assess"}, {"assess", "--fresh", "--respondent", "Bo", "--role", "it"}} {
		second := start(t, d, args...)
		if code := second.exit(); code != 1 {
			t.Fatalf("%q: exit %d, want 1; screen:\n%s", args, code, second.screen())
		}
		second.waitFor("another assessment is running (process ", "); if it is not, remove ", "draft-convergence-core.json.lock")
		if s := second.screen(); strings.Contains(s, q.Title) {
			t.Errorf("%q: the second assessment drew its form:\n%s", args, s)
		}
		after, err := os.ReadFile(d.draft())
		if err != nil {
			t.Fatal(err)
		}
		ainfo, err := os.Stat(d.draft())
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) || !ainfo.ModTime().Equal(info.ModTime()) || !os.SameFile(info, ainfo) {
			t.Fatalf("%q: the draft changed:\n%s\nwas:\n%s", args, after, before)
		}
	}

	// The first is unharmed: its next answer is saved, and Ctrl-C keeps
	// all three.
	tm.answer(&data[2], 1)
	tm.waitFor(focused(&data[3]))
	tm.send(keyCtrlC)
	if code := tm.exit(); code != 130 {
		t.Fatalf("exit %d, want 130", code)
	}
	tm.waitFor("Stopped. Your 3 answers are kept")
	if draft := readDraft(t, d); len(draft.Answers) != 3 {
		t.Errorf("draft answers = %+v", draft.Answers)
	}
}

// TestTerminalScoreFromStandardInput: "score --answers -" on a terminal
// says what it waits for instead of seeming to hang, and scores what is
// typed once Ctrl-D ends it. In a pipe it says nothing (see score-text.txtar).
func TestTerminalScoreFromStandardInput(t *testing.T) {
	t.Parallel()
	d := newDirs(t)
	example, err := os.ReadFile(filepath.Join("..", "..", "testdata", "answers", "example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tm := start(t, d, "score", "--answers", "-", "--format", "json", "-o", "r.json")
	tm.waitFor("Reading the answers file from standard input: paste it or type it, then press Ctrl-D.")
	tm.send(strings.ReplaceAll(string(example), "\n", "\r"), "\x04")
	if code := tm.exit(); code != 0 {
		t.Fatalf("exit %d; screen:\n%s", code, tm.screen())
	}
	if r := loadResult(t, filepath.Join(d.home, "r.json")); r.Respondent.Name != "Ana Ruiz" {
		t.Errorf("respondent = %+v", r.Respondent)
	}
}

// TestTerminalCtrlCWhileReadingAQuestionnaire gives assess and workshop a
// questionnaire that is a named pipe nobody writes to (but someone holds
// open): reading it waits, and Ctrl-C must end the wait. It ended nothing
// when the program had already taken Ctrl-C over for the assessment.
func TestTerminalCtrlCWhileReadingAQuestionnaire(t *testing.T) {
	t.Parallel()
	d := newDirs(t)
	fifo := filepath.Join(d.home, "q.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Open(fifo, syscall.O_RDWR|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	for _, args := range [][]string{{"assess", "--questionnaire", "q.yaml"}, {"workshop", "--dir", "ws", "--questionnaire", "q.yaml"}} {
		tm := start(t, d, args...)
		waitOpen(t, tm.cmd.Process.Pid, fifo)
		tm.send(keyCtrlC)
		select {
		case err := <-tm.done:
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Success() {
				t.Errorf("%q: ended with %v after Ctrl-C, want a failure", args, err)
			}
		case <-time.After(waitLimit):
			t.Fatalf("%q: Ctrl-C did not end it; screen:\n%s", args, tm.screen())
		}
	}
}

// waitOpen waits until process pid has name open, where /proc says (Linux);
// elsewhere it waits a moment.
func waitOpen(t *testing.T, pid int, name string) {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	if _, err := os.Stat(dir); err != nil {
		time.Sleep(500 * time.Millisecond)
		return
	}
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		fds, _ := os.ReadDir(dir)
		for _, fd := range fds {
			if target, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && target == name {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("process %d never opened %s", pid, name)
}

// TestTerminalCollectDrawsTheCode: on a terminal the join link's QR code
// is drawn in the terminal's colours and the count of participants is
// redrawn in place, not printed as escape sequences made visible.
func TestTerminalCollectDrawsTheCode(t *testing.T) {
	t.Parallel()
	d := newDirs(t)
	tm := start(t, d, "collect", "--dir", "ws", "--listen", "127.0.0.1:0")
	tm.waitFor("scan the code", "0 people joined, 0 finished, 0 answering")
	if s := tm.screen(); strings.Contains(s, "[30;107m") || strings.Contains(s, "[2K") || !strings.Contains(s, "█") {
		t.Errorf("the code or the count is not drawn:\n%s", s)
	}
	tm.send("\x03")
	tm.waitFor("Stopped. 0 results are in ws.")
	if code := tm.exit(); code != 130 {
		t.Errorf("exit %d after Ctrl-C with no one finished, want 130", code)
	}
}
