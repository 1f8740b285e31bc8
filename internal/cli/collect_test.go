package cli

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/collect"
	"github.com/convergence-model/convergence/internal/collect/collecttest"
	"github.com/convergence-model/convergence/internal/questionnaire"
	"github.com/convergence-model/convergence/internal/report"
	"github.com/convergence-model/convergence/internal/result"
)

// collectRunning is a collect command running in the background.
type collectRunning struct {
	join, dash string
	cancel     context.CancelFunc
	done       chan error
}

func startCollect(t *testing.T, e *assessEnv, opts *collectOptions) *collectRunning {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	links := make(chan [2]string, 1)
	opts.ready = func(join, dash string) { links <- [2]string{join, dash} }
	if opts.timeouts == (collect.Timeouts{}) {
		opts.timeouts = collect.DefaultTimeouts
	}
	opts.output.allowed = report.Formats
	r := &collectRunning{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- runCollect(ctx, e.f, opts) }()
	select {
	case l := <-links:
		r.join, r.dash = l[0], l[1]
	case err := <-r.done:
		cancel()
		t.Fatalf("collect stopped at once: %v\n%s", err, e.errOut)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("collect did not start within 10 s")
	}
	t.Cleanup(cancel)
	return r
}

// wait waits for the command to end, as Run reports it.
func (r *collectRunning) wait(t *testing.T, e *assessEnv) int {
	t.Helper()
	select {
	case err := <-r.done:
		if err != nil {
			printError(e.errOut, newCmdCollect(e.f), err)
		}
		return exitCode(err)
	case <-time.After(30 * time.Second):
		t.Fatal("collect did not stop within 30 s")
		return -1
	}
}

func splitLink(t *testing.T, link string) (base, path string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Scheme + "://" + u.Host, u.Path
}

func TestCollectThenCtrlCPrintsTheReport(t *testing.T) {
	e := newAssessEnv(t)
	dir := filepath.Join(t.TempDir(), "acme")
	q, _, err := questionnaire.Resolve("convergence-core")
	if err != nil {
		t.Fatal(err)
	}
	run := startCollect(t, e, &collectOptions{dir: dir, org: "Acme", listen: "127.0.0.1:0", output: outputFlags{format: "json"}})
	base, join := splitLink(t, run.join)

	// Three finish at once; a fourth stops half-way.
	people := []struct{ name, role string }{{"Ana Ruiz", "marketing"}, {"Ben Okafor", "sales"}, {"Chloé Martin", "service"}}
	var wg sync.WaitGroup
	for i, p := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := collecttest.New(base, net.IPv4(127, 0, 0, byte(10+i)))
			defer c.Close()
			if err := c.Complete(q, join, p.name, p.role, collecttest.Level(i+2)); err != nil {
				t.Errorf("%s: %v", p.name, err)
			}
		}()
	}
	half := collecttest.New(base, net.IPv4(127, 0, 0, 20))
	if err := half.Start(join, "Dee", "product"); err != nil {
		t.Fatal(err)
	}
	if err := half.AnswerPages(q, 2, collecttest.Level(3)); err != nil {
		t.Fatal(err)
	}
	resume := half.ResumeLink()
	wg.Wait()

	run.cancel() // Ctrl-C
	if code := run.wait(t, e); code != exitOK {
		t.Fatalf("exit %d after Ctrl-C with results, want 0\n%s", code, e.errOut)
	}
	var ws result.Workshop
	if err := json.Unmarshal(e.out.Bytes(), &ws); err != nil {
		t.Fatalf("the workshop report: %v\n%s", err, e.out)
	}
	if len(ws.Respondents) != 3 {
		t.Errorf("the report has %d respondents, want 3", len(ws.Respondents))
	}
	errText := e.errOut.String()
	for _, want := range []string{"Only this computer can open it", "3 results are in", "1 unfinished answer set is kept"} {
		if !strings.Contains(strings.Join(strings.Fields(errText), " "), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errText)
		}
	}
	// Blind: nobody's answers or names on the facilitator's terminal.
	for _, p := range people {
		if strings.Contains(errText, p.name) {
			t.Errorf("the terminal shows %s", p.name)
		}
	}
	for _, line := range strings.Split(errText, "\n") {
		if len([]rune(line)) > 80 {
			t.Errorf("a line of %d columns: %q", len([]rune(line)), line)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 3 {
		t.Errorf("results in the directory: %v", files)
	}

	// A second run: same links; the one who stopped carries on and the
	// collection closes by itself at four results.
	e.out.Reset()
	e.errOut.Reset()
	half.Close() // its idle connection was to the server that stopped
	again := startCollect(t, e, &collectOptions{dir: dir, closeAfter: 4, closeGrace: time.Second, output: outputFlags{format: "json"}})
	base2, join2 := splitLink(t, again.join)
	if join2 != join {
		t.Errorf("the second run's link is %s, the first's %s", join2, join)
	}
	half.Base = base2
	if err := half.Get(resume); err != nil || !strings.HasSuffix(half.Path, "/3") {
		t.Fatalf("resume: %v at %s", err, half.Path)
	}
	if err := half.Finish(q, collecttest.Level(3)); err != nil {
		t.Fatal(err)
	}
	if code := again.wait(t, e); code != exitOK {
		t.Fatalf("exit %d after --close-after, want 0\n%s", code, e.errOut)
	}
	if err := json.Unmarshal(e.out.Bytes(), &ws); err != nil || len(ws.Respondents) != 4 {
		t.Errorf("the second report: %v, %d respondents", err, len(ws.Respondents))
	}
	if drafts, _ := filepath.Glob(filepath.Join(dir, collect.StateDir, "*.json")); len(drafts) != 1 {
		t.Errorf("state files left: %v (want only workshop.json)", drafts)
	}
}

func TestCollectStoppedBeforeAnyoneFinished(t *testing.T) {
	e := newAssessEnv(t)
	run := startCollect(t, e, &collectOptions{dir: filepath.Join(t.TempDir(), "w"), listen: "127.0.0.1:0", output: outputFlags{format: "text"}})
	run.cancel()
	if code := run.wait(t, e); code != exitCancelled {
		t.Errorf("exit %d, want %d", code, exitCancelled)
	}
	if !strings.Contains(e.errOut.String(), "Nobody has finished yet") || e.out.Len() != 0 {
		t.Errorf("stderr:\n%s\nstdout:\n%s", e.errOut, e.out)
	}
}

func TestCollectPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	e := newAssessEnv(t)
	opts := &collectOptions{dir: filepath.Join(t.TempDir(), "w"), listen: ln.Addr().String(), output: outputFlags{format: "text", allowed: report.Formats}}
	err = runCollect(context.Background(), e.f, opts)
	if code := exitCode(err); code != exitFailure || !strings.Contains(err.Error(), "cannot listen on") {
		t.Errorf("exit %d: %v", code, err)
	}
}

func TestCollectUntilPassedIsAUsageError(t *testing.T) {
	e := newAssessEnv(t)
	past := assessTime.Add(-time.Hour).Format("15:04")
	opts := &collectOptions{dir: t.TempDir(), until: past, output: outputFlags{format: "text", allowed: report.Formats}}
	err := runCollect(context.Background(), e.f, opts)
	if code := exitCode(err); code != exitInput {
		t.Errorf("--until %s: exit %d (%v)", past, code, err)
	}
	if _, err := os.Stat(filepath.Join(opts.dir, collect.StateDir)); err == nil {
		t.Error("a refused command created the state directory")
	}
}
