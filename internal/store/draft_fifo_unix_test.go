//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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

// TestWriteDraftOnlyToAFile: a draft holds someone's answers, so it is
// never written through a named pipe (whoever reads it would get them) or
// a device; what is there is left as it is. A symbolic link to a file is
// followed as WriteFile follows it.
func TestWriteDraftOnlyToAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := DraftFile(dir, "q")
	mkfifo(t, fifo)
	// A reader waits on the FIFO: writing through it would succeed.
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		data, _ := io.ReadAll(f)
		got <- data
	}()
	time.Sleep(50 * time.Millisecond)
	err := WriteDraft(fifo, []byte(`{"answers": "private"}`))
	want := "cannot write " + fifo + ": is a named pipe (FIFO), not a file"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	isFIFO(t, fifo)
	// Let the reader go: it must have read nothing.
	if fd, err := syscall.Open(fifo, syscall.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		syscall.Close(fd)
	}
	select {
	case data := <-got:
		if len(data) > 0 {
			t.Errorf("the reader of the FIFO got %q", data)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the reader is still waiting")
	}

	if err := WriteDraft("/dev/null", []byte("x")); err == nil || err.Error() != "cannot write /dev/null: is a device, not a file" {
		t.Errorf("/dev/null: err = %v", err)
	}

	target := filepath.Join(dir, "real.json")
	link := DraftFile(dir, "linked")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteDraft(link, []byte("{}")); err != nil {
		t.Fatalf("through a link: %v", err)
	}
	if data, err := os.ReadFile(target); err != nil || string(data) != "{}" {
		t.Errorf("target = %q, %v", data, err)
	}
}

func TestRemoveDraftLeavesAFIFO(t *testing.T) {
	fifo := DraftFile(t.TempDir(), "q")
	mkfifo(t, fifo)
	if err := RemoveDraft(fifo); err != nil {
		t.Fatal(err)
	}
	isFIFO(t, fifo)
}
