package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCtrlCWhileTheReportWaits sends -o to a named pipe whose reader never
// reads, with the pipe's buffer made small, so that writing the report
// waits. Ctrl-C (SIGINT) must end the program then too: once the answers
// are in, the assessment no longer holds Ctrl-C back, and the answers are
// in the draft already.
func TestCtrlCWhileTheReportWaits(t *testing.T) {
	t.Parallel()
	p := newProgram(t)
	fifo := p.path("out.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	// A reader that never reads, with a pipe buffer of one page.
	fd, err := syscall.Open(fifo, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	const fSetPipeSize = 1031 // F_SETPIPE_SZ
	if _, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), fSetPipeSize, 4096); errno != 0 {
		t.Skipf("cannot shrink the pipe's buffer: %v", errno)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"assess", "--respondent", "Ana", "--role", "it", "--format", "html", "-o", fifo},
		{"workshop", "--dir", "ws", "--format", "html", "-o", fifo},
	} {
		cmd := exec.Command(exe, args...)
		cmd.Dir, cmd.Env = p.dir, p.env
		threes := strings.Repeat("3\n", len(loadQ(t).Questions()))
		if args[0] == "workshop" {
			threes = "Ana\n1\n" + threes + "\n"
		}
		cmd.Stdin = strings.NewReader(threes)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Until the answers are in and the report is being written.
		deadline := time.Now().Add(runLimit)
		for !saved(t, p, args[0]) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond)
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: succeeded, with nothing read from the pipe", args[0])
			}
		case <-time.After(runLimit):
			_ = cmd.Process.Kill()
			t.Fatalf("%s: Ctrl-C did not end the wait on the pipe\n%s", args[0], errOut.String())
		}
	}
}

// saved reports whether the command's result is on disk.
func saved(t *testing.T, p *program, command string) bool {
	t.Helper()
	pattern := p.path(".data", "convergence", "results", "*.json")
	if command == "workshop" {
		pattern = p.path("ws", "*.json")
	}
	m, _ := filepath.Glob(pattern)
	return len(m) > 0
}
