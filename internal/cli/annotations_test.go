package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEnv runs one command line with the given environment.
func runEnv(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, in, out, errOut := TestStreams()
	in.WriteString(stdin)
	ios.Getenv = func(k string) string { return env[k] }
	code = Run(args, ios)
	return code, out.String(), errOut.String()
}

// writeFile writes a test file and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// scoreTo scores answers into a result file and returns its path.
func scoreTo(t *testing.T, dir, name, answers string) string {
	t.Helper()
	a := writeFile(t, dir, name+".yaml", answers)
	out := filepath.Join(dir, name+".json")
	if code, _, errOut := run(t, "score", "--answers", a, "--format", "json", "-o", out); code != 0 {
		t.Fatalf("score %s: exit %d: %s", name, code, errOut)
	}
	return out
}

// allAnswers is an answers file with every question of the default
// questionnaire at one level, assessed at the given time.
func allAnswers(level, at string, overrides ...string) string {
	ids := []string{"data.customer-id", "data.quality", "data.consent", "data.cross-team", "data.product-usage",
		"platforms.tool-use", "platforms.integration", "platforms.ai", "platforms.signals",
		"kpis.definitions", "kpis.reporting", "kpis.attribution", "kpis.collaboration",
		"alignment.council", "alignment.insight", "alignment.content", "alignment.pilots", "alignment.handoffs", "alignment.customer-view"}
	set := map[string]string{}
	for i := 0; i+1 < len(overrides); i += 2 {
		set[overrides[i]] = overrides[i+1]
	}
	var b strings.Builder
	b.WriteString("assessed_at: " + at + "\nanswers:\n")
	for _, id := range ids {
		v := level
		if o, ok := set[id]; ok {
			v = o
		}
		b.WriteString("  " + id + ": " + v + "\n")
	}
	return b.String()
}

var github = map[string]string{"GITHUB_ACTIONS": "true"}

func TestAnnotationsForInputProblems(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "a,b:c.yaml", "answers:\n  data.customer-id: 9\n  nope.nope: 3\n")

	code, _, errOut := runEnv(t, github, "", "score", "--answers", bad)
	if code != exitInput {
		t.Fatalf("exit %d, want %d", code, exitInput)
	}
	// The file's "," and ":" are escaped as properties; each problem is
	// annotated at its line and column, after the sentences for people.
	file := strings.NewReplacer(",", "%2C", ":", "%3A").Replace(bad)
	want := "::error file=" + file + ",line=2,col=21,title=Invalid input::"
	if !strings.Contains(errOut, want) {
		t.Errorf("no %q in:\n%s", want, errOut)
	}
	if !strings.Contains(errOut, bad+":2:21: ") {
		t.Errorf("the problem for people is gone:\n%s", errOut)
	}
	if strings.Index(errOut, "::error") < strings.Index(errOut, bad+":2:21: ") {
		t.Errorf("the annotations come before the errors for people:\n%s", errOut)
	}

	// Outside GitHub Actions, no workflow commands.
	if _, _, errOut := runEnv(t, map[string]string{"GITHUB_ACTIONS": "false"}, "", "score", "--answers", bad); strings.Contains(errOut, "::error") {
		t.Errorf("annotations outside GitHub Actions:\n%s", errOut)
	}
}

func TestAnnotationForRegressionGate(t *testing.T) {
	dir := t.TempDir()
	old := scoreTo(t, dir, "old", allAnswers("3", "2026-01-10T09:00:00Z"))
	newer := scoreTo(t, dir, "new", allAnswers("3", "2026-04-10T09:00:00Z", "alignment.council", "2", "alignment.insight", "2", "alignment.content", "2"))

	code, _, errOut := runEnv(t, github, "", "compare", old, newer, "--fail-on-regression")
	if code != exitGate {
		t.Fatalf("exit %d, want %d: %s", code, exitGate, errOut)
	}
	want := "::error file=" + strings.ReplaceAll(newer, ":", "%3A") + ",title=Gate failed::regression: People & alignment from Level 3 to 2."
	if !strings.Contains(errOut, want+"\n") {
		t.Errorf("no %q in:\n%s", want, errOut)
	}
}

// score's gates point at the answers they scored, and a message of
// several lines keeps them.
func TestAnnotationForScoreGates(t *testing.T) {
	dir := t.TempDir()
	answers := writeFile(t, dir, "answers.yaml", allAnswers("2", "2026-04-10T09:00:00Z"))
	code, _, errOut := runEnv(t, github, "", "score", "--answers", answers, "--min-level", "3")
	if code != exitGate {
		t.Fatalf("exit %d, want %d: %s", code, exitGate, errOut)
	}
	want := "::error file=" + strings.ReplaceAll(answers, ":", "%3A") + ",title=Gate failed::Level 2 (Connected) is below --min-level 3."
	if !strings.Contains(errOut, want+"\n") {
		t.Errorf("no %q in:\n%s", want, errOut)
	}
	if got := workflowCommand("error", "", 0, 0, "", "two levels went down:\n  - a\n  - b\x1b[2J"); got != "::error::two levels went down:%0A  - a%0A  - b[2J." {
		t.Errorf("a message of several lines: %q", got)
	}
}

func TestWorkflowCommandEscaping(t *testing.T) {
	cases := []struct{ got, want string }{
		{workflowCommand("error", "a%b,c:d.yaml", 3, 7, "T: x, y", "100% sure"), "::error file=a%25b%2Cc%3Ad.yaml,line=3,col=7,title=T%3A x%2C y::100%25 sure."},
		{workflowCommand("warning", "<stdin>", 3, 1, "", "odd"), "::warning::odd."},
		{workflowCommand("error", "f.json", 0, 4, "", "no line"), "::error file=f.json::no line."},
		{escapeData("a%\r\nb"), "a%25%0D%0Ab"},
		{escapeProperty("a%\r\n:,b"), "a%25%0D%0A%3A%2Cb"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// A message's "%" must come back as itself once the runner unescapes it.
	if got := workflowCommand("error", "", 0, 0, "", "50%"); got != "::error::50%25." {
		t.Errorf("got %q", got)
	}
}
