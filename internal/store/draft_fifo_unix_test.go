//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package store

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/convergence-model/convergence/internal/diag"
)

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestReadDraftDoesNotWaitOnAFIFO(t *testing.T) {
	fifo := DraftFile(t.TempDir(), "q")
	mkfifo(t, fifo)
	done := make(chan error, 1)
	go func() {
		_, err := ReadDraft(fifo)
		done <- err
	}()
	select {
	case err := <-done:
		want := "cannot read the draft " + fifo + ": is a named pipe (FIFO), not a file"
		if err == nil || err.Error() != want || !errors.Is(err, diag.ErrNotRegular) {
			t.Errorf("err = %v, want %q", err, want)
		}
	case <-time.After(5 * time.Second):
		// Let the stuck open go: a writer arriving ends its wait.
		if fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			syscall.Close(fd)
		}
		t.Fatal("ReadDraft is waiting for a writer to the FIFO")
	}
	isFIFO(t, fifo)
}

func isFIFO(t *testing.T, name string) {
	t.Helper()
	info, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a FIFO but %v", name, info.Mode())
	}
}
