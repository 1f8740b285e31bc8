package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// answers10 is an answers file for questionnaire 1.0 with every question at
// one level.
func answers10(level, at string) string {
	ids := []string{"data.customer-id", "data.quality", "data.consent", "data.cross-team", "data.product-usage",
		"platforms.stack", "platforms.integration", "platforms.ai", "platforms.signals",
		"kpis.definitions", "kpis.reporting", "kpis.attribution", "kpis.collaboration",
		"alignment.council", "alignment.insight", "alignment.content", "alignment.pilots", "alignment.handoffs"}
	var b strings.Builder
	b.WriteString("questionnaire: convergence-core@1.0\nassessed_at: " + at + "\nanswers:\n")
	for _, id := range ids {
		b.WriteString("  " + id + ": " + level + "\n")
	}
	return b.String()
}

func TestCompareReadsStandardInput(t *testing.T) {
	dir := t.TempDir()
	old := scoreTo(t, dir, "old", allAnswers("2", "2026-01-10T09:00:00Z"))
	newer := scoreTo(t, dir, "new", allAnswers("3", "2026-04-10T09:00:00Z"))
	data, err := os.ReadFile(newer)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runEnv(t, nil, string(data), "compare", old, "-", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var c struct {
		Change struct{ Overall struct{ Levels int } }
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil || c.Change.Overall.Levels != 1 {
		t.Errorf("levels %d, err %v:\n%s", c.Change.Overall.Levels, err, out)
	}
	// The same document from the file: the JSON does not depend on where
	// a result was read from.
	_, fromFile, _ := run(t, "compare", old, newer, "--format", "json")
	if fromFile != out {
		t.Error("the comparison differs between a file and standard input")
	}
	// A bad document on standard input is named as such.
	code, _, errOut = runEnv(t, nil, "{", "compare", old, "-")
	if code != exitInput || !strings.Contains(errOut, "<stdin>:1:") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestCompareSameResultTwice(t *testing.T) {
	dir := t.TempDir()
	a := scoreTo(t, dir, "a", allAnswers("2", "2026-01-10T09:00:00Z"))
	b := scoreTo(t, dir, "b", allAnswers("3", "2026-04-10T09:00:00Z"))
	copyOfA := filepath.Join(dir, "copy.json")
	data, _ := os.ReadFile(a)
	if err := os.WriteFile(copyOfA, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"one name twice", []string{a, a}, exitInput, "compare needs two different results, but " + a + " was given twice."},
		{"a copy", []string{a, copyOfA}, exitInput, "compare needs two different results, but " + a + " and " + copyOfA + " are the same result."},
		{"a copy among others", []string{a, copyOfA, b}, 0, "Note: " + a + " and " + copyOfA + " are the same result; it is compared once."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := run(t, append([]string{"compare"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errOut, c.code, c.want)
			}
			if strings.Contains(errOut, "got 1") {
				t.Errorf("stderr counts files: %s", errOut)
			}
		})
	}
}

func TestCompareListsTenBadFiles(t *testing.T) {
	dir := t.TempDir()
	scoreTo(t, dir, "good", allAnswers("2", "2026-01-10T09:00:00Z"))
	for i := range 25 {
		writeFile(t, dir, fmt.Sprintf("junk-%02d.json", i), "not json")
	}
	code, _, errOut := run(t, "compare", dir)
	if code != exitInput {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 11 || lines[10] != "… and 15 more damaged result files." {
		t.Errorf("%d lines:\n%s", len(lines), errOut)
	}
}

// Results of different questionnaire versions are compared like with like:
// a level that went down across the change is no regression, the gate
// passes, and stderr and every format say why.
func TestCompareLikeWithLike(t *testing.T) {
	dir := t.TempDir()
	old := scoreTo(t, dir, "old", answers10("3", "2026-01-10T09:00:00Z"))
	newer := scoreTo(t, dir, "new", allAnswers("2", "2026-04-10T09:00:00Z"))
	code, out, errOut := run(t, "compare", old, newer, "--fail-on-regression", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d across a change of questionnaire: %s", code, errOut)
	}
	note := "the questionnaire changed between the results of 10 Jan 2026 and 10 Apr 2026 (1.0 → 1.1)"
	// The note is wrapped to 80 columns; read it as one line.
	if flat := strings.Join(strings.Fields(errOut), " "); !strings.Contains(flat, "Note: T"+note[1:]) || !strings.Contains(flat, "`convergence rescore OLD.json`") {
		t.Errorf("stderr:\n%s", errOut)
	}
	var c struct {
		Steps       []struct{ Comparable bool }
		Regressions []any
		Notes       []string
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Steps) != 1 || c.Steps[0].Comparable || len(c.Regressions) != 0 || len(c.Notes) == 0 || !strings.Contains(c.Notes[0], "T"+note[1:]) {
		t.Errorf("steps %+v, regressions %v, notes %q", c.Steps, c.Regressions, c.Notes)
	}
	for _, format := range []string{"text", "markdown", "html", "csv", "openmetrics", "junit"} {
		_, out, _ := run(t, "compare", old, newer, "--format", format)
		switch format {
		case "openmetrics":
			if !strings.Contains(out, "convergence_comparable{") || !strings.Contains(out, "} 0\n") {
				t.Errorf("%s does not say the step is not comparable:\n%s", format, out)
			}
		case "csv":
			// The rows are the results themselves; nothing is compared.
		case "junit":
			if !strings.Contains(out, "<skipped message=\"Not compared: the questionnaire changed since 10 Jan 2026 (1.0 → 1.1).\"") {
				t.Errorf("%s does not skip the gates:\n%s", format, out)
			}
		default:
			if !strings.Contains(strings.Join(strings.Fields(strings.ToLower(out)), " "), strings.ToLower(note)) {
				t.Errorf("%s has no note %q:\n%s", format, note, out)
			}
		}
	}
}

func TestOutputNamedLikeAFormat(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	a := writeFile(t, dir, "a.yaml", allAnswers("2", "2026-01-10T09:00:00Z"))
	code, _, errOut := run(t, "score", "--answers", a, "-o", "json")
	if code != 0 || !strings.Contains(errOut, `Warning: writing the report to a file named "json"; did you mean --format json?`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if data, err := os.ReadFile("json"); err != nil || !strings.Contains(string(data), "Level 2") {
		t.Errorf("the report was not written to json: %v", err)
	}
	// Once the file exists, writing it again is what was meant.
	if _, _, errOut := run(t, "score", "--answers", a, "-o", "json"); errOut != "" {
		t.Errorf("warned about an existing file: %q", errOut)
	}
	if _, _, errOut := run(t, "score", "--answers", a, "-o", "report.txt"); errOut != "" {
		t.Errorf("warned about report.txt: %q", errOut)
	}
}

func TestColorProfileOnATerminal(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want colorprofile.Profile
	}{
		{map[string]string{"TERM": "xterm-256color"}, colorprofile.ANSI256},
		{map[string]string{"TERM": "xterm-256color", "CLICOLOR": "0"}, colorprofile.NoTTY},
		{map[string]string{"TERM": "xterm-256color", "CLICOLOR": "0", "CLICOLOR_FORCE": "1"}, colorprofile.ANSI256},
		{map[string]string{"TERM": "xterm-256color", "CLICOLOR": "1"}, colorprofile.ANSI256},
		{map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, colorprofile.NoTTY},
	}
	for _, c := range cases {
		ios, _, _, _ := TestStreams()
		ios.SetStdoutTTY(true, 80)
		ios.Getenv = func(k string) string { return c.env[k] }
		for k, v := range c.env {
			ios.Environ = append(ios.Environ, k+"="+v)
		}
		if got := ios.ColorProfile(); got != c.want {
			t.Errorf("%v: profile %v, want %v", c.env, got, c.want)
		}
	}
}
