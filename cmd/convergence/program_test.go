package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runLimit bounds every run: it catches a hang, it is not a timing
// assertion.
const runLimit = 30 * time.Second

// program runs the real program (this test binary, as TestMain makes it)
// in a directory with its own XDG directories, as a user would from a shell.
type program struct {
	t   *testing.T
	dir string
	env []string
}

func newProgram(t *testing.T) *program {
	t.Helper()
	dir := t.TempDir()
	return &program{t: t, dir: dir, env: []string{
		runMainEnv + "=1",
		"NO_COLOR=1",
		"HOME=" + dir,
		"XDG_STATE_HOME=" + filepath.Join(dir, ".state"),
		"XDG_DATA_HOME=" + filepath.Join(dir, ".data"),
		"PATH=" + os.Getenv("PATH"),
	}}
}

// path is a path in the program's directory.
func (p *program) path(elem ...string) string {
	return filepath.Join(append([]string{p.dir}, elem...)...)
}

// write writes a file in the program's directory.
func (p *program) write(name, content string) string {
	p.t.Helper()
	path := p.path(name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
	return path
}

// outcome is what one run of the program did.
type outcome struct {
	args           []string
	stdout, stderr []byte
	code           int
}

// run runs the program with stdin as its standard input (none when empty)
// and returns what it wrote and its exit status. A run that does not end
// within runLimit fails the test: nothing here may hang.
func (p *program) run(stdin string, args ...string) outcome {
	p.t.Helper()
	return p.runUmask("", stdin, args...)
}

// runUmask is run with the given umask ("077"), set by a shell as a user
// would; "" leaves the test's own.
func (p *program) runUmask(umask, stdin string, args ...string) outcome {
	p.t.Helper()
	exe, err := os.Executable()
	if err != nil {
		p.t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	if umask != "" {
		cmd = exec.Command("/bin/sh", append([]string{"-c", `umask ` + umask + ` && exec "$0" "$@"`, exe}, args...)...)
	}
	cmd.Dir = p.dir
	cmd.Env = p.env
	if cov := os.Getenv("GOCOVERDIR"); cov != "" {
		cmd.Env = append(cmd.Env, "GOCOVERDIR="+cov)
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(runLimit):
		_ = cmd.Process.Kill()
		p.t.Fatalf("convergence %q did not end within %v", args, runLimit)
	}
	o := outcome{args: args, stdout: out.Bytes(), stderr: errOut.Bytes()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		o.code = ee.ExitCode()
	case err != nil:
		p.t.Fatal(err)
	}
	if bytes.Contains(o.stderr, []byte("goroutine ")) {
		p.t.Fatalf("convergence %q panicked:\n%s", args, o.stderr)
	}
	return o
}
