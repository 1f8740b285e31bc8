package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convergence-model/convergence/internal/diag"
)

func TestExitCodeTable(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errors.New("disk full"), 1},
		{usageErrorf("bad flag"), 2},
		{diag.Problems{{File: "a.yaml", Msg: "x"}}, 2},
		{fmt.Errorf("wrapped: %w", diag.Problems{{Msg: "x"}}), 2},
		{&inputError{err: errors.New("bad")}, 2},
		{&gateError{msg: "below"}, 3},
		{&cancelError{msg: "kept"}, 130},
		{context.Canceled, 130},
	}
	for _, c := range cases {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

// run executes a command line in-process with buffer streams.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, _, out, errOut := TestStreams()
	code = Run(args, ios)
	return code, out.String(), errOut.String()
}

func TestRunExitCodes(t *testing.T) {
	repo := filepath.Join("..", "..")
	example := filepath.Join(repo, "testdata", "answers", "example.yaml")
	level5 := filepath.Join(repo, "testdata", "answers", "level5.yaml")
	dir := t.TempDir()
	readOnly := filepath.Join(dir, "ro")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want int
	}{
		{"success", []string{"score", "--answers", example}, 0},
		{"bad flag", []string{"score", "--nope"}, 2},
		{"invalid answers", []string{"score", "--answers", filepath.Join(repo, "README.md")}, 2},
		{"missing file", []string{"score", "--answers", filepath.Join(dir, "none.yaml")}, 2},
		{"below min level", []string{"score", "--answers", example, "--min-level", "3"}, 3},
		{"at min level", []string{"score", "--answers", level5, "--min-level", "5"}, 0},
		{"cannot write", []string{"score", "--answers", example, "-o", filepath.Join(readOnly, "r.txt")}, 1},
		{"no command without a terminal", nil, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "cannot write" && os.Geteuid() == 0 {
				// root writes into read-only directories; use a path under a file instead.
				c.args[len(c.args)-1] = filepath.Join(example, "r.txt")
			}
			code, _, stderr := run(t, c.args...)
			if code != c.want {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.want, stderr)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr holds a panic:\n%s", stderr)
			}
		})
	}
}
