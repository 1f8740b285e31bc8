package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// savedResult scores the example answers into a result file, as a user
// would with "score --format json -o".
func savedResult(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.json")
	example := filepath.Join("..", "..", "testdata", "answers", "example.yaml")
	if code, _, stderr := run(t, "score", "--answers", example, "--format", "json", "-o", path); code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	return path
}

// TestReportOnATerminal checks the decisions the command line makes for
// the text report: styled and as wide as the terminal (up to 100 columns)
// on a colour terminal, plain without one or with NO_COLOR, and plain at
// 80 columns in a file.
func TestReportOnATerminal(t *testing.T) {
	path := savedResult(t)
	cases := []struct {
		name      string
		tty       bool
		width     int
		env       map[string]string
		out       string
		wantColor bool
		wantWidth int
	}{
		{"colour terminal", true, 120, map[string]string{"TERM": "xterm-256color"}, "", true, 100},
		{"narrow terminal", true, 70, map[string]string{"TERM": "xterm"}, "", true, 70},
		{"NO_COLOR", true, 120, map[string]string{"TERM": "xterm-256color", "NO_COLOR": "yes"}, "", false, 100},
		{"dumb terminal", true, 90, map[string]string{"TERM": "dumb"}, "", false, 90},
		{"pipe", false, 0, map[string]string{"TERM": "xterm-256color"}, "", false, 80},
		{"pipe with CLICOLOR_FORCE", false, 0, map[string]string{"TERM": "xterm", "CLICOLOR_FORCE": "1"}, "", true, 80},
		{"file from a terminal", true, 120, map[string]string{"TERM": "xterm-256color"}, "report.txt", false, 80},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ios, _, stdout, stderr := TestStreams()
			ios.SetStdoutTTY(c.tty, c.width)
			ios.Getenv = func(k string) string { return c.env[k] }
			for k, v := range c.env {
				ios.Environ = append(ios.Environ, k+"="+v)
			}
			args := []string{"report", path}
			outFile := ""
			if c.out != "" {
				outFile = filepath.Join(t.TempDir(), c.out)
				args = append(args, "-o", outFile)
			}
			if code := Run(args, ios); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			out := stdout.String()
			if outFile != "" {
				data, err := os.ReadFile(outFile)
				if err != nil {
					t.Fatal(err)
				}
				out = string(data)
			}
			if got := strings.ContainsRune(out, '\x1b'); got != c.wantColor {
				t.Errorf("coloured = %v, want %v", got, c.wantColor)
			}
			widest := 0
			for _, l := range strings.Split(out, "\n") {
				widest = max(widest, ansi.StringWidth(l))
			}
			if widest > c.wantWidth || widest < c.wantWidth-10 {
				t.Errorf("widest line is %d columns, want up to %d", widest, c.wantWidth)
			}
		})
	}
}

func TestReportExitCodes(t *testing.T) {
	path := savedResult(t)
	path2 := savedResult(t)
	dir := t.TempDir()
	empty := t.TempDir()
	other := filepath.Join(dir, "workshop.json")
	if err := os.WriteFile(other, []byte(`{"schema":"convergence.workshop/v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want int
		msg  string
	}{
		{"text", []string{"report", path}, 0, ""},
		{"markdown", []string{"report", path, "--format", "markdown"}, 0, ""},
		{"html", []string{"report", path, "--format", "html"}, 0, ""},
		{"json", []string{"report", path, "--format", "json"}, 0, ""},
		{"no file", []string{"report"}, 2, "name the result file to report on"},
		{"the same file twice", []string{"report", path, path}, 0, ""},
		{"a workshop", []string{"report", path, path2}, 0, ""},
		{"stdin in a workshop", []string{"report", path, "-"}, 2, "it cannot be part of a workshop"},
		{"empty directory", []string{"report", empty}, 2, "holds no result files"},
		{"pattern without matches", []string{"report", filepath.Join(dir, "*.none")}, 2, "matches no files"},
		{"bad format", []string{"report", path, "--format", "pdf"}, 2, `unknown format "pdf"`},
		{"missing file", []string{"report", filepath.Join(dir, "none.json")}, 2, "no such file"},
		{"other schema", []string{"report", other}, 2, "not a single result"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, c.args...)
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.want, stderr)
			}
			if !strings.Contains(stderr, c.msg) {
				t.Errorf("stderr lacks %q:\n%s", c.msg, stderr)
			}
		})
	}
}
